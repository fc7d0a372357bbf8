"""The plans of the third blind set (tests/fixtures/layouts/held_out_3/README.md) fixed after it
and moved to the tuned fixtures, each read as the clerk read it: every task in order and no
other, its lead and partners, its schedule, the plan's number, level, period and notices. The
period is read from the document (not given).

Refs are compared without their dots («1.a» for the clerk's «1a»); the bullets of a unit, read
in order («1.1», «1.2»), are compared by their heading's number."""

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

STEMS = ["bnv_qd1383_2025", "cantho_kh153_2025", "hatinh_kh624_2025", "nghean_kh1026_2025"]
_cache: dict[str, tuple[ParsedPlan, dict[str, Any]]] = {}
_LETTERS = "abcdđefghijklmnopqrstuvwxyz"


def _read(stem: str) -> tuple[ParsedPlan, dict[str, Any]]:
    if stem not in _cache:
        expected = json.loads(fixture_path("layouts", f"{stem}.expected.json").read_text("utf-8"))
        document = read_document(fixture_path("layouts", f"{stem}.txt"))
        _cache[stem] = (parse_plan(document), expected)
    return _cache[stem]


def _same_ref(ref: str, clerk: str) -> bool:
    """«1.a» is the clerk's «1a»; a bullet or lone paragraph numbered in order («1.2», «4.1»)
    sits under the clerk's heading («1b», «4»)."""
    head, _, tail = ref.partition(".")
    if tail.isdigit():
        return clerk.rstrip(_LETTERS) == head
    return ref.replace(".", "") == clerk


@pytest.mark.parametrize("stem", STEMS)
def test_every_task_is_found_in_order_and_no_other(stem: str) -> None:
    parsed, expected = _read(stem)
    assert len(parsed.tasks) == expected["task_count"]
    for task, clerk in zip(parsed.tasks, expected["tasks"], strict=True):
        assert _same_ref(task.ref, clerk["ref"]), (task.ref, clerk["ref"])
        assert no_space(task.row.task).startswith(no_space(clerk["task_text_start"])[:60]), task.ref
        if clerk["expect"]["strict"]:  # a cadence picked out of a sentence is a judgement call
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
    if expected["period"] is not None:
        assert meta.period == expected_period(expected)
    assert sorted({notice.code for notice in parsed.warnings}) == expected["notices"]
