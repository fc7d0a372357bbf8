"""A compact, hand-written expectation of a schedule, and the comparison tests use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workflows.schedule import EventTrigger, Recurrence, Schedule, ScheduleKind

Span = tuple[date | None, date, bool]  # (start, due, in_period)


@dataclass(frozen=True)
class Expected:
    kind: ScheduleKind
    occurrences: tuple[Span, ...] = ()
    recurrence: Recurrence | None = None
    needs_review: bool = False
    event: EventTrigger | None = None
    reasons: tuple[str, ...] = ()  # reason codes, in order
    qualifier: str | None = None  # of every occurrence
    notes: tuple[str, ...] = ()


def assert_schedule(schedule: Schedule, expected: Expected) -> None:
    spans = tuple((o.start, o.due, o.in_period) for o in schedule.occurrences)
    assert schedule.kind is expected.kind, schedule
    assert spans == expected.occurrences, schedule
    assert schedule.recurrence is expected.recurrence, schedule
    assert schedule.event == expected.event, schedule
    assert schedule.needs_review is expected.needs_review, schedule.reasons
    assert tuple(r.code for r in schedule.reasons) == expected.reasons, schedule.reasons
    assert all(o.qualifier == expected.qualifier for o in schedule.occurrences), schedule
    assert schedule.notes == expected.notes, schedule.notes


def d(year: int, month: int, day: int) -> date:
    return date(year, month, day)


Q3_2025: Span = (d(2025, 7, 1), d(2025, 9, 30), True)
Q4_2025: Span = (d(2025, 10, 1), d(2025, 12, 31), True)
# "Thường xuyên" in a plan for the last six months of 2025: one check-in per month.
MONTHS_H2_2025: tuple[Span, ...] = (
    (d(2025, 7, 1), d(2025, 7, 31), True),
    (d(2025, 8, 1), d(2025, 8, 31), True),
    (d(2025, 9, 1), d(2025, 9, 30), True),
    (d(2025, 10, 1), d(2025, 10, 31), True),
    (d(2025, 11, 1), d(2025, 11, 30), True),
    (d(2025, 12, 1), d(2025, 12, 31), True),
)
