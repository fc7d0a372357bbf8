"""The reading of a kept plan file as its page shows it: each task beside its source words,
its units as matched to the directory, its deadline in the CLI preview's words, its flags.
Pure: a reading and the corrections in, rows of words out."""

from __future__ import annotations

from dataclasses import dataclass

from nhacviec.i18n import Language, translate
from nhacviec.i18n.amendments import describe, notice_lines, summarize
from nhacviec.i18n.schedules import day, reasons_text, schedule_summary
from workflows.amendments import ChangeKind, PlanDiff
from workflows.corrections import Corrections, TaskCorrection
from workflows.plan import ParsedPlan, Task
from workflows.units.directory import UnitDirectory


@dataclass(frozen=True)
class Name:
    text: str
    known: bool | None  # None: no directory to match against


@dataclass(frozen=True)
class RowView:
    position: int
    ref: str
    section: str
    text: str  # the task's own words (activity, else task, else objective)
    source_lead: str  # the cells as printed
    source_partners: str
    source_time: str
    where: str  # "bảng 1, dòng 12" / "table 1, row 12"
    lead: tuple[Name, ...]
    partners: tuple[Name, ...]
    deadline: str  # as read (after the office's correction)
    occurrences: tuple[str, ...]  # each period and its due date, when there are several
    reasons: tuple[str, ...]  # why the reading was flagged (as first read)
    correction: TaskCorrection

    @property
    def flagged(self) -> bool:
        return bool(self.reasons) or self.unknown

    @property
    def unknown(self) -> bool:
        return any(name.known is False for name in (*self.lead, *self.partners))

    @property
    def corrected(self) -> bool:
        return not self.correction.is_empty


def rows(
    original: ParsedPlan,
    reading: ParsedPlan,
    corrections: Corrections,
    directory: UnitDirectory | None,
    lang: Language,
) -> list[RowView]:
    """One row per task, in the plan's order."""
    return [
        _row(position, first, task, corrections.get(position), directory, lang)
        for position, (first, task) in enumerate(zip(original.tasks, reading.tasks, strict=True))
    ]


def directory_names(directory: UnitDirectory | None) -> list[str]:
    """The names the office may choose from: the directory's units, then its groups."""
    if directory is None:
        return []
    return [unit.name for unit in directory.units] + [group.name for group in directory.groups]


def diff_lines(diff: PlanDiff, lang: Language) -> tuple[str, list[str]]:
    """The amendment's summary and one line per change (``plan import --amends --dry-run``)."""
    lines = [
        describe(change, lang)
        for change in diff.changes
        if change.kind is not ChangeKind.UNCHANGED or change.ref_changed
    ]
    return summarize(diff, lang), lines + notice_lines(diff, lang)


def _row(
    position: int,
    first: Task,
    task: Task,
    correction: TaskCorrection,
    directory: UnitDirectory | None,
    lang: Language,
) -> RowView:
    source = task.row.source
    where = ", ".join(
        part
        for part in (
            _where("table", source.table, lang),
            _where("row", source.row, lang),
            _where("page", source.page, lang),
        )
        if part
    )
    return RowView(
        position=position,
        ref=task.ref,
        section=task.row.section_title,
        text=task.row.activity or task.row.task or task.row.objective,
        source_lead=task.row.lead,
        source_partners=task.row.partners,
        source_time=task.row.time_text,
        where=where,
        lead=tuple(_name(name, directory) for name in task.lead),
        partners=tuple(_name(name, directory) for name in task.partners),
        deadline=schedule_summary(task.schedule, lang),
        occurrences=_occurrences(task),
        reasons=tuple(reasons_text(first.schedule, lang)),
        correction=correction,
    )


def _occurrences(task: Task) -> tuple[str, ...]:
    found = task.schedule.occurrences
    if len(found) < 2:
        return ()
    return tuple(f"{o.label}: {day(o.start) + ' – ' if o.start else ''}{day(o.due)}" for o in found)


def _name(text: str, directory: UnitDirectory | None) -> Name:
    return Name(text, None if directory is None else directory.resolve(text) is not None)


def _where(part: str, number: int | None, lang: Language) -> str:
    return "" if number is None else translate(f"console.plans.where.{part}", lang, number=number)
