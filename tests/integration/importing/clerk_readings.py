"""The checks every layout plan's test makes against a clerk's reading
(``tests/fixtures/layouts/*.expected.json``): the plan read once per test run, then its leads and
partners, its schedules and its context compared with the clerk's. Each test module keeps only
what differs between the sets: which plans, and how the import's refs name the clerk's."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from tests.integration.importing.ground_truth import expected_period, same_units
from tests.integration.importing.test_corpus_plans import _schedule_problem
from tests.shared_paths import fixture_path
from workflows.importing import parse_plan
from workflows.plan import ParsedPlan
from workflows.readers import read_document


@cache
def read_layout(stem: str) -> tuple[ParsedPlan, dict[str, Any]]:
    """The import's reading of ``stem`` (the period read from the document) and the clerk's."""
    expected = json.loads(fixture_path("layouts", f"{stem}.expected.json").read_text("utf-8"))
    document = read_document(fixture_path("layouts", f"{stem}.txt"))
    return parse_plan(document), expected


def unit_problems(parsed: ParsedPlan, expected: dict[str, Any]) -> dict[str, Any]:
    """Tasks whose lead or partners are not the clerk's (or an accepted alternative)."""
    problems: dict[str, Any] = {}
    for task, clerk in zip(parsed.tasks, expected["tasks"], strict=True):
        alt = clerk.get("units_alt", {})
        if not same_units(task.lead, clerk["lead"], alt.get("lead")):
            problems[task.ref] = ("lead", task.lead, clerk["lead"])
        elif not same_units(task.partners, clerk["partners"], alt.get("partners")):
            problems[task.ref] = ("partners", task.partners, clerk["partners"])
    return problems


def schedule_problems(parsed: ParsedPlan, expected: dict[str, Any]) -> dict[str, str]:
    """Tasks whose schedule is not the clerk's, nor flagged where the clerk judges."""
    return {
        task.ref: problem
        for task, clerk in zip(parsed.tasks, expected["tasks"], strict=True)
        if (problem := _schedule_problem(task, clerk["expect"])) is not None
    }


def context_problems(parsed: ParsedPlan, expected: dict[str, Any]) -> dict[str, Any]:
    """The plan's level, number, period (where the clerk reads one) and notice codes that are
    not the clerk's."""
    meta = parsed.metadata
    found: dict[str, object] = {
        "issuer_level": meta.issuer_level.value,
        "number": meta.number,
        "notices": sorted({notice.code for notice in parsed.warnings}),
    }
    if expected["period"] is not None:
        found["period"] = meta.period
    wanted: dict[str, object] = {
        name: expected[name] for name in ("issuer_level", "number", "notices")
    }
    if expected["period"] is not None:
        wanted["period"] = expected_period(expected)
    return {name: (found[name], wanted[name]) for name in found if found[name] != wanted[name]}
