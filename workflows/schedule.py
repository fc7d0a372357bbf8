"""The schedule a deadline cell is read into (by ``workflows.deadlines``), part of the plan
model (``workflows.plan``). Pure values, no behaviour beyond helpers; imports nothing of ours."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class ScheduleKind(StrEnum):
    DEADLINE = "deadline"  # one hard date
    WINDOW = "window"  # work inside a period, due at its end
    RECURRING = "recurring"  # one occurrence per period inside the plan period
    EVENT = "event"  # due some days after an event that has not happened yet
    UNSCHEDULED = "unscheduled"  # no computable date until the office sets one


class Recurrence(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


@dataclass(frozen=True)
class Occurrence:
    """One period of work with its own due date.

    ``due`` is the last on-time day: "trước ngày 31/7/2025" gives 2025-07-30, while
    "đến ngày 31/7/2025" gives 2025-07-31. ``start`` is None for a plain deadline.
    """

    label: str  # "Quý III/2025", "Báo cáo năm", "Tháng 7/2025"
    start: date | None
    due: date
    in_period: bool = True
    qualifier: str | None = None  # "đối với báo cáo UBND cấp xã" when the cell qualifies parts
    due_words: str = ""  # the due date in the plan's own words: "trước ngày 31/07/2025"
    check_in: bool = False  # a check-in of continuous work ("Thường xuyên"): never overdue


@dataclass(frozen=True)
class EventTrigger:
    """An event a deadline waits on ("sau khi Bộ, ngành trung ương công bố")."""

    text: str
    offset_days: int | None  # None: "sau khi ..." with no number of days
    working_days: bool | None  # None when the offset is not given


@dataclass(frozen=True)
class Reason:
    """Why a reading needs review: a catalogue key (``deadline.reason.<code>``) with params."""

    code: str
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Schedule:
    kind: ScheduleKind
    text: str  # the cell as printed (whitespace normalised)
    occurrences: tuple[Occurrence, ...] = ()
    recurrence: Recurrence | None = None
    event: EventTrigger | None = None
    notes: tuple[str, ...] = ()
    reasons: tuple[Reason, ...] = ()

    @property
    def needs_review(self) -> bool:
        return bool(self.reasons)
