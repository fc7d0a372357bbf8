"""What a matched piece of a cell means, before the plan's context is applied."""

from __future__ import annotations

from dataclasses import dataclass

from workflows.deadlines.periods import Mark
from workflows.schedule import EventTrigger, Recurrence


@dataclass(frozen=True)
class DueBy:
    """A hard date: "trước ngày 31/7/2025" (strict), "đến ngày 31/7/2025", "trước quý IV"."""

    mark: Mark
    strict: bool  # "trước": the last on-time day is the day before
    words: str  # the preposition as written, lower case: "trước ngày", "" for a bare date
    serial: bool = False  # read from a spreadsheet day number ("45869")


@dataclass(frozen=True)
class Within:
    """Work inside a span, due at its end; ``first`` to ``last`` for a range."""

    first: Mark
    last: Mark


@dataclass(frozen=True)
class Repeats:
    """A repeating duty. ``recurrence`` None is continuous work ("thường xuyên")."""

    recurrence: Recurrence | None
    assumed: bool = False  # "định kỳ": no cadence written, quarterly assumed
    day: int | None = None  # the due day each period: "trước ngày 20 hằng tháng"
    month: int | None = None  # yearly only: "trước ngày 15/12 hằng năm"
    strict: bool = False  # "trước": the last on-time day is the day before
    words: str = ""  # the preposition as written


@dataclass(frozen=True)
class StartsFrom:
    """Work that starts on a day and has no end ("Từ 01/7/2025"; "… và những năm tiếp theo")."""

    mark: Mark
    open_ended_yearly: bool = False


@dataclass(frozen=True)
class OpenEnded:
    """Open-ended: "… và những năm tiếp theo"; the span before it repeats every year."""


@dataclass(frozen=True)
class OnDemand:
    """On demand ("đột xuất"): no schedule of its own."""


@dataclass(frozen=True)
class AfterEvent:
    trigger: EventTrigger
    unit_written: bool = True  # False: "trong vòng 05 sau khi …" (days or working days?)


@dataclass(frozen=True)
class NoDate:
    """No date here ("Theo Kế hoạch phê duyệt"): the date lives in another document."""


@dataclass(frozen=True)
class Reference:
    """A document reference ("Thông báo số …/TB-… ngày 17/12/2025"), not a due date."""


@dataclass(frozen=True)
class Unsupported:
    """A cadence the schedule model has no name for ("hằng tuần")."""


Meaning = (
    DueBy
    | Within
    | Repeats
    | StartsFrom
    | OpenEnded
    | OnDemand
    | AfterEvent
    | NoDate
    | Reference
    | Unsupported
)
DATED = (DueBy, Within)
