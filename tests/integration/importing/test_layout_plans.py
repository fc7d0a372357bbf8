"""Real plans in the layouts of issue 13 (see tests/fixtures/layouts/README.md): list layouts with
field-label variants and prose unit fields, and a table pasted from a web page, each read as the
clerk read it. The period is read from the document (not given), so the plan context is tested
too."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.integration.importing.ground_truth import expected_period, no_space, same_units
from tests.integration.importing.test_corpus_plans import _schedule_problem
from tests.shared_paths import fixture_path
from workflows.importing import parse_plan
from workflows.plan import ParsedPlan
from workflows.readers import read_document

STEMS = ["bacninh_kh141_2025", "hcm_kh174_2025", "ttg_qd2530_2025_pasted"]
_cache: dict[str, tuple[ParsedPlan, dict[str, Any]]] = {}


def _read(stem: str) -> tuple[ParsedPlan, dict[str, Any]]:
    if stem not in _cache:
        expected = json.loads(fixture_path("layouts", f"{stem}.expected.json").read_text("utf-8"))
        document = read_document(fixture_path("layouts", f"{stem}.txt"))
        _cache[stem] = (parse_plan(document), expected)
    return _cache[stem]


@pytest.mark.parametrize("stem", STEMS)
def test_every_task_is_found_in_order(stem: str) -> None:
    parsed, expected = _read(stem)
    assert [task.ref for task in parsed.tasks] == [clerk["ref"] for clerk in expected["tasks"]]
    for task, clerk in zip(parsed.tasks, expected["tasks"], strict=True):
        assert no_space(task.row.task).startswith(no_space(clerk["task_text_start"])[:60]), task.ref
        assert no_space(task.row.time_text) == no_space(clerk["time_text"]), task.ref


@pytest.mark.parametrize("stem", STEMS)
def test_leads_and_partners_are_the_clerks(stem: str) -> None:
    parsed, expected = _read(stem)
    for task, clerk in zip(parsed.tasks, expected["tasks"], strict=True):
        alt = clerk.get("units_alt", {})
        assert same_units(task.lead, clerk["lead"], alt.get("lead")), (task.ref, task.lead)
        assert same_units(task.partners, clerk["partners"], alt.get("partners")), (
            task.ref,
            task.partners,
        )


@pytest.mark.parametrize("stem", STEMS)
def test_every_deadline_is_read_as_the_clerk_read_it(stem: str) -> None:
    parsed, expected = _read(stem)
    problems = {
        task.ref: problem
        for task, clerk in zip(parsed.tasks, expected["tasks"], strict=True)
        if (problem := _schedule_problem(task, clerk["expect"])) is not None
    }
    assert problems == {}


@pytest.mark.parametrize("stem", STEMS)
def test_plan_context_and_notices(stem: str) -> None:
    parsed, expected = _read(stem)
    meta = parsed.metadata
    assert meta.issuer_level.value == expected["issuer_level"]
    assert meta.number == expected["number"]
    assert meta.period == expected_period(expected)
    assert sorted({notice.code for notice in parsed.warnings}) == expected["notices"]
