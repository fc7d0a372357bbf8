"""What a plan is once read: its metadata, its period and its task rows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from workflows.schedule import Schedule


class IssuerLevel(StrEnum):
    """Who issued the plan; used to choose between qualified deadlines."""

    QUOC_GIA = "quoc_gia"  # the Government, the Prime Minister
    BO = "bo"  # a ministry
    TINH = "tinh"  # a province or centrally-run city (its People's Committee)
    SO = "so"  # a provincial department (sở, ban, ngành)
    XA = "xa"  # a commune or ward


@dataclass(frozen=True)
class Period:
    """An inclusive span of local calendar days."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def year(self) -> int:
        """The plan year: the year a date written without one belongs to."""
        return self.start.year


@dataclass(frozen=True)
class PlanContext:
    """What the deadline reader needs to know about the plan a cell comes from."""

    period: Period
    issuer_level: IssuerLevel
    # Continuous work starts when the plan is signed, not before (None: from the period start).
    signed_on: date | None = None


@dataclass(frozen=True)
class PlanMetadata:
    title: str
    issuer: str
    issuer_level: IssuerLevel
    number: str  # "173/QĐ-BTP"; "" when not printed
    signed_on: date | None
    period: Period
    period_source: str  # "option" | "title" | "body" | "deadlines" | "signing_year"


@dataclass(frozen=True)
class SourceRef:
    """Where a task row was read from, for error messages and the audit trail."""

    table: int | None  # 1-based table number; None for list layouts
    row: int | None  # 1-based row within the table, or paragraph number for list layouts
    page: int | None = None


@dataclass(frozen=True)
class TaskRow:
    """One activity row of the appendix (or one item of a list-layout plan), as printed.

    Everything is the cell text with whitespace normalised; units are not split yet and the
    deadline is not read yet — that is the job of the shared "rows → tasks" step.
    """

    section: str  # the top-level section numeral, "" when the table has none
    section_title: str  # the deepest section row's full label ("III.1.1 Dữ liệu ...")
    number: str  # the task number as printed ("1", "117"), "" if none
    objective: str
    task: str
    activity: str
    product: str
    lead: str
    partners: str
    time_text: str
    budget: str
    notes: str  # status columns ("Tiến độ", "Tình trạng") and other kept text
    source: SourceRef
    ref_hint: str = ""  # a ref the layout prints itself ("1.a"); wins over computed refs
    time_in_sentence: bool = False  # the time was picked out of the task's sentence, no field


@dataclass(frozen=True)
class Task:
    """A task row read into structured form: units split, deadline read."""

    ref: str
    row: TaskRow
    lead: tuple[str, ...]
    partners: tuple[str, ...]
    unknown_units: tuple[str, ...]
    schedule: Schedule


@dataclass(frozen=True)
class Notice:
    """Something the office should know about a reading: a catalogue key and its values."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class ParsedPlan:
    metadata: PlanMetadata
    tasks: tuple[Task, ...]
    warnings: tuple[Notice, ...] = field(default=())
