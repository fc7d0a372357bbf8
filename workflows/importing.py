"""From a document as read to a plan with tasks: the pure heart of ``plan import``.

Finds the task rows (a task table, else a task list), reads the plan's metadata, then reads
every row's deadline and splits its units. No I/O: the caller reads the file and stores the
result.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, partial

from nhacviec.errors import DocumentError, SourceLocation
from workflows.deadlines.hints import review_hints
from workflows.deadlines.reader import read_deadline
from workflows.deadlines.reasons import ReasonCode, reason
from workflows.plan import Notice, ParsedPlan, Period, PlanContext, Task, TaskRow
from workflows.readers.assignments import tidy_row
from workflows.readers.coverage import unread_items
from workflows.readers.document import SourceDocument
from workflows.readers.field_list import field_list_tasks
from workflows.readers.list_fields import field_line
from workflows.readers.listing import read_list_tasks
from workflows.readers.metadata import MetadataOverrides, read_metadata
from workflows.readers.prose import read_prose_tasks
from workflows.readers.refs import distinct_refs
from workflows.readers.table import read_table_rows, targets_tables
from workflows.schedule import Reason, ScheduleKind
from workflows.units.directory import UnitDirectory
from workflows.units.splitter import resolve_units, split_units


@dataclass(frozen=True)
class Directories:
    """The units directories known to the installation, to pick the one for a plan."""

    directories: Sequence[UnitDirectory] = ()

    def for_issuer(self, issuer: str) -> UnitDirectory | None:
        return next((d for d in self.directories if d.matches_issuer(issuer)), None)


NO_DIRECTORIES = Directories()


def find_task_rows(document: SourceDocument) -> list[TaskRow]:
    """The task table's rows, the task list's items when there is no table, or the plan's
    sentences; their refs distinct (``distinct_refs``), so that what a dry run shows is what
    the import stores."""
    table_rows = read_table_rows(document)
    # A table plan may spell out one more task in an article of its body (document order).
    rows = [*field_list_tasks(document), *table_rows] if table_rows else _list_or_prose(document)
    if not rows:
        raise DocumentError("import.no_tasks", SourceLocation(document.path))
    return distinct_refs([tidy_row(row) for row in rows])


def _list_or_prose(document: SourceDocument) -> list[TaskRow]:
    """The task list's items, or the plan's sentences when they give more tasks and the
    document prints no field lines but one: a list layout prints its fields on their own lines;
    a plan assigning in sentences may have one paragraph that looks like a field («b) Chủ trì,
    phối hợp» over bullets naming the partners: «Chủ trì» is the lead's label), or items whose
    sentence names a doer here and there (an activity list before the duties by unit)."""
    listed = read_list_tasks(document)
    fields = sum(field_line(p.text) is not None for p in document.paragraphs)
    # Field lines that give no task a lead («a. Thời gian thực hiện: Từ tháng 3 đến tháng 11
    # hằng năm» of a sampling programme) leave the duties to the sentences.
    if listed and fields > 1 and any(row.lead for row in listed):
        return listed
    prose = read_prose_tasks(document)
    return prose if len(prose) > len(listed) else listed


def parse_plan(
    document: SourceDocument,
    *,
    overrides: MetadataOverrides | None = None,
    directory: UnitDirectory | None = None,
    directories: Directories = NO_DIRECTORIES,
) -> ParsedPlan:
    """The plan in ``document``: metadata, then one task per activity row.

    ``directory`` names the units directory to use; otherwise the one whose organisation
    issued the plan is chosen from ``directories`` (none: names are split without one).
    """
    rows = find_task_rows(document)
    metadata, warnings = read_metadata(
        document, time_texts=[row.time_text for row in rows], overrides=overrides
    )
    directory = directory or directories.for_issuer(metadata.issuer)
    # A period the user gives is taken as given; one read from the document starts its
    # continuous work no earlier than the signature.
    signed = metadata.signed_on if metadata.period_source != "option" else None
    context = PlanContext(metadata.period, metadata.issuer_level, signed)
    reader = TaskReader(context, directory)
    tasks = tuple(reader.read(row) for row in rows)
    if period_is_guessed(metadata.period_source, [w.code for w in warnings]):
        tasks = tuple(_flag_guessed_period(task, metadata.period) for task in tasks)
    warnings.extend(unread_items(document, rows))
    warnings.extend(targets_tables(document))
    notices = tuple(Notice(w.code, w.params) for w in warnings)
    notices += tuple(Notice(note.code, dict(note.params)) for note in document.notes)
    return ParsedPlan(metadata=metadata, tasks=tasks, warnings=notices)


# Where a period comes from when the document does not name it (workflows.readers.metadata).
_GUESSED_SOURCES = ("deadlines", "signing_year")


def period_is_guessed(source: str, notice_codes: Sequence[str]) -> bool:
    """Whether the plan period was inferred (from the deadlines, the signing year) or read from
    a phrase that names it only in part (a notice ``metadata.period_…`` says so)."""
    return source in _GUESSED_SOURCES or any(
        code.startswith("metadata.period_") for code in notice_codes
    )


def _flag_guessed_period(task: Task, period: Period) -> Task:
    """A recurring task is counted over the plan period: when that period is a guess, so are
    its occurrences («Thường xuyên» once a month, «Hằng năm» once a year), and it is flagged."""
    schedule = task.schedule
    if schedule.kind is not ScheduleKind.RECURRING:
        return task
    given = reason(
        ReasonCode.PERIOD_GUESSED,
        start=period.start.strftime("%d/%m/%Y"),
        end=period.end.strftime("%d/%m/%Y"),
    )
    return replace(task, schedule=replace(schedule, reasons=(*schedule.reasons, given)))


class TaskReader:
    """Reads rows of one plan: deadlines into schedules, unit cells into names.

    Plans repeat the same cells many times ("Quý III, IV", "Các cơ quan, đơn vị có liên
    quan"); within one plan the same words always read the same, so each distinct cell is
    read once.
    """

    def __init__(self, context: PlanContext, directory: UnitDirectory | None) -> None:
        self.context = context
        self.directory = directory
        self.deadline = cache(partial(read_deadline, context=context))
        self.units = cache(partial(split_units, directory=directory))
        self.hints = cache(lambda text: review_hints([text]))

    def read(self, row: TaskRow) -> Task:
        schedule = self.deadline(row.time_text)
        hints: list[Reason] = []
        for text in (row.objective, row.task, row.activity):
            hints.extend(hint for hint in self.hints(text) if hint not in hints)
        if hints:
            schedule = replace(schedule, reasons=schedule.reasons + tuple(hints))
        lead = tuple(self.units(row.lead))
        partners = tuple(self.units(row.partners))
        if not lead:
            schedule = replace(schedule, reasons=(*schedule.reasons, reason(ReasonCode.NO_LEAD)))
        if row.time_in_sentence and (
            not any(char.isdigit() for char in row.time_text) or names_years(row.task)
        ):
            # «thường xuyên», «hằng năm» inside a sentence may qualify something else in it;
            # «… ngay trong năm 2025; đến năm 2030 …»: one time of several was read.
            given = reason(ReasonCode.TIME_IN_SENTENCE, text=row.time_text)
            schedule = replace(schedule, reasons=(*schedule.reasons, given))
        names = (*lead, *partners)
        unknown = resolve_units(names, self.directory).unknown if self.directory else ()
        return Task(
            ref=row.ref_hint,
            row=row,
            lead=lead,
            partners=partners,
            unknown_units=tuple(dict.fromkeys(unknown)),
            schedule=schedule,
        )


# «năm 2025»: a year named as such in a sentence (not the year of a date or a number).
_NAMED_YEAR = re.compile(r"\bnăm\s+(20\d\d)\b", re.IGNORECASE)


def names_years(sentence: str) -> bool:
    """Whether a sentence names more than one year («đạt 20% ngay trong năm 2025; đến năm 2030
    đạt 100%»): the time read from it is one of several, a guess."""
    return len(set(_NAMED_YEAR.findall(sentence))) > 1


def read_task(row: TaskRow, context: PlanContext, directory: UnitDirectory | None) -> Task:
    """One row read: its deadline as a schedule, its lead and partner cells as unit names."""
    return TaskReader(context, directory).read(row)
