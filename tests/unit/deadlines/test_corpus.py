"""The clerk's expected reading of every task of the six corpus plans (shared/corpus/README).

strict: same kind and the same (start, due) pairs, and flagged where the clerk flags.
not strict: either flagged for review, or the same kind and pairs.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.shared_paths import CORPUS, require_dir, require_shared
from workflows.deadlines.reader import read_deadline
from workflows.plan import IssuerLevel, Period, PlanContext
from workflows.schedule import EventTrigger, Schedule


def _documents() -> list[Path]:
    return sorted(require_dir(CORPUS).glob("*.expected.json"))


def _cases() -> list[Any]:
    cases = []
    for path in _documents():
        expected = json.loads(path.read_text(encoding="utf-8"))
        for task in expected["tasks"]:
            case_id = f"{path.name[:2]}-{task['index']}-{task['ref']}"
            cases.append(pytest.param(path.name, task["index"], id=case_id))
    return cases


def _load(name: str, index: int) -> tuple[PlanContext, dict[str, Any]]:
    document = json.loads(require_shared("corpus", name).read_text(encoding="utf-8"))
    period = Period(
        date.fromisoformat(document["period"]["start"]),
        date.fromisoformat(document["period"]["end"]),
    )
    task = document["tasks"][index]
    assert task["index"] == index
    return PlanContext(period, IssuerLevel(document["issuer_level"])), task


def _pairs(schedule: Schedule) -> set[tuple[str | None, str]]:
    return {
        (o.start.isoformat() if o.start else None, o.due.isoformat()) for o in schedule.occurrences
    }


def _same_reading(schedule: Schedule, expect: dict[str, Any]) -> bool:
    expected_pairs = {(o["start"], o["due"]) for o in expect["occurrences"]}
    return schedule.kind.value == expect["kind"] and _pairs(schedule) == expected_pairs


def test_the_corpus_is_there() -> None:
    require_shared("corpus", "README.md")
    assert len(_cases()) == 114


@pytest.mark.parametrize(("name", "index"), _cases())
def test_corpus_task(name: str, index: int) -> None:
    context, task = _load(name, index)
    expect = task["expect"]
    schedule = read_deadline(task["time_text"], context)
    if expect["strict"]:
        assert _same_reading(schedule, expect), (schedule, expect)
        assert schedule.needs_review or not expect["needs_review"], schedule
    else:
        assert schedule.needs_review or _same_reading(schedule, expect), (schedule, expect)
    if "recurrence" in expect and not schedule.needs_review:
        assert schedule.recurrence is not None
        assert schedule.recurrence.value == expect["recurrence"]


@pytest.mark.parametrize(
    ("name", "index"),
    [
        ("13_ubnd_nghean_kh980_2025.expected.json", 7),
        ("13_ubnd_nghean_kh980_2025.expected.json", 8),
    ],
)
def test_corpus_event_is_read_with_its_words(name: str, index: int) -> None:
    context, task = _load(name, index)
    assert task["time_text"] == "Sau khi có Quy chế của TW"
    schedule = read_deadline(task["time_text"], context)
    assert schedule.event == EventTrigger("có Quy chế của TW", None, None)
    assert schedule.event == EventTrigger(**task["expect"]["event"])
