"""The office's corrections to a plan's reading before it is imported: units chosen from the
directory, a due date typed in, or "no deadline". Pure: a reading in, a corrected reading out.

A correction names a task by its position in the reading (the same bytes always read the same
tasks in the same order). A task whose deadline the office settles is no longer flagged: the
office has looked at it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from workflows.deadlines.periods import day_words
from workflows.plan import ParsedPlan, Period, Task
from workflows.schedule import Occurrence, Schedule, ScheduleKind
from workflows.units.directory import UnitDirectory
from workflows.units.splitter import resolve_units


@dataclass(frozen=True)
class TaskCorrection:
    """What the office set on one task; None (or False) leaves the reading as it is."""

    lead: tuple[str, ...] | None = None
    partners: tuple[str, ...] | None = None
    due: date | None = None
    no_deadline: bool = False

    @property
    def is_empty(self) -> bool:
        return self == TaskCorrection()

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        if self.lead is not None:
            found["lead"] = list(self.lead)
        if self.partners is not None:
            found["partners"] = list(self.partners)
        if self.due is not None:
            found["due"] = self.due.isoformat()
        if self.no_deadline:
            found["no_deadline"] = True
        return found

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> TaskCorrection:
        lead, partners, due = value.get("lead"), value.get("partners"), value.get("due")
        return cls(
            lead=tuple(lead) if lead is not None else None,
            partners=tuple(partners) if partners is not None else None,
            due=date.fromisoformat(due) if due else None,
            no_deadline=bool(value.get("no_deadline")),
        )


@dataclass(frozen=True)
class Corrections:
    """Corrections by task position (0-based, in the reading's order)."""

    by_position: Mapping[int, TaskCorrection] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.by_position

    def get(self, position: int) -> TaskCorrection:
        return self.by_position.get(position, TaskCorrection())

    def with_task(self, position: int, correction: TaskCorrection) -> Corrections:
        """These corrections with ``position``'s replaced (dropped when empty)."""
        kept = {p: c for p, c in self.by_position.items() if p != position}
        if not correction.is_empty:
            kept[position] = correction
        return Corrections(dict(sorted(kept.items())))

    def to_json(self) -> dict[str, Any]:
        return {str(position): c.to_json() for position, c in self.by_position.items()}

    @classmethod
    def from_json(cls, value: Mapping[str, Any] | None) -> Corrections:
        found = {int(key): TaskCorrection.from_json(item) for key, item in (value or {}).items()}
        return cls(dict(sorted(found.items())))


def apply_corrections(
    parsed: ParsedPlan, corrections: Corrections, directory: UnitDirectory | None
) -> ParsedPlan:
    """The reading with each task's correction applied (positions past the end are ignored)."""
    if corrections.is_empty:
        return parsed
    period = parsed.metadata.period
    tasks = tuple(
        correct_task(task, corrections.get(position), directory, period)
        for position, task in enumerate(parsed.tasks)
    )
    return replace(parsed, tasks=tasks)


def correct_task(
    task: Task, correction: TaskCorrection, directory: UnitDirectory | None, period: Period
) -> Task:
    if correction.is_empty:
        return task
    lead = correction.lead if correction.lead is not None else task.lead
    partners = correction.partners if correction.partners is not None else task.partners
    unknown = resolve_units((*lead, *partners), directory).unknown if directory else ()
    schedule = corrected_schedule(task.schedule, correction, period)
    return replace(
        task,
        lead=lead,
        partners=partners,
        unknown_units=tuple(dict.fromkeys(unknown)),
        schedule=schedule,
    )


def corrected_schedule(schedule: Schedule, correction: TaskCorrection, period: Period) -> Schedule:
    """A typed date: one deadline on that day; "no deadline": unscheduled until the office
    sets a date. Either way the row is no longer flagged."""
    if correction.no_deadline:
        return Schedule(ScheduleKind.UNSCHEDULED, schedule.text, notes=schedule.notes)
    if correction.due is None:
        return schedule
    due = correction.due
    words = day_words(due)
    occurrence = Occurrence(
        label=words,
        start=None,
        due=due,
        in_period=period.start <= due <= period.end,
        due_words=words,
    )
    return Schedule(ScheduleKind.DEADLINE, schedule.text, (occurrence,), notes=schedule.notes)
