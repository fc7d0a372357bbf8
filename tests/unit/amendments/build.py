"""Small builders for amendment tests: amended tasks read like an import reads them, and the
stored side as the store would hand it over."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from itertools import count

from workflows.amendments import StoredOccurrence, StoredTask
from workflows.deadlines.reader import read_deadline
from workflows.plan import IssuerLevel, Period, PlanContext, SourceRef, Task, TaskRow

CONTEXT = PlanContext(Period(date(2025, 7, 1), date(2025, 12, 31)), IssuerLevel.SO)
ASSIGNED = "assigned"


def task(ref: str, text: str, time_text: str, activity: str = "") -> Task:
    """An amended plan's task; its deadline is read by the real deadline reader."""
    section, _, number = ref.partition(".")
    row = TaskRow(
        section=section,
        section_title="",
        number=number,
        objective="",
        task=text,
        activity=activity,
        product="",
        lead="Văn phòng Sở",
        partners="",
        time_text=time_text,
        budget="",
        notes="",
        source=SourceRef(table=1, row=None),
        ref_hint=ref,
    )
    schedule = read_deadline(time_text, CONTEXT)
    return Task(ref, row, ("Văn phòng Sở",), (), (), schedule)


def stored(
    tasks: Iterable[Task],
    *,
    states: Mapping[str, tuple[str, ...]] | None = None,
    first_id: int = 1,
) -> list[StoredTask]:
    """``tasks`` as the store holds them after an import, ids from ``first_id`` (tasks) and
    ``first_id * 100`` (occurrences); ``states`` names each occurrence's state by task ref."""
    task_ids, occurrence_ids = count(first_id), count(first_id * 100)
    return [
        stored_task(item, next(task_ids), occurrence_ids, (states or {}).get(item.ref, ()))
        for item in tasks
    ]


def stored_task(
    item: Task, task_id: int, occurrence_ids: Iterable[int], states: tuple[str, ...] = ()
) -> StoredTask:
    ids = iter(occurrence_ids)
    occurrences = tuple(
        StoredOccurrence(
            id=next(ids),
            seq=seq,
            label=occurrence.label,
            start=occurrence.start,
            due=occurrence.due,
            state=states[seq - 1] if states else ASSIGNED,
        )
        for seq, occurrence in enumerate(item.schedule.occurrences, start=1)
    )
    cancelled = bool(occurrences) and all(o.state == "cancelled" for o in occurrences)
    return StoredTask(
        id=task_id,
        ref=item.ref,
        task_text=item.row.task,
        activity=item.row.activity,
        time_text=item.row.time_text,
        schedule_kind=item.schedule.kind.value,
        occurrences=occurrences,
        cancelled=cancelled,
    )


def with_occurrence(item: StoredTask, label: str, due: date, state: str = ASSIGNED) -> StoredTask:
    """``item`` with one more occurrence, as the office's ``task set-date`` would add it."""
    seq = len(item.occurrences) + 1
    extra = StoredOccurrence(item.id * 1000 + seq, seq, label, None, due, state)
    return replace(item, occurrences=(*item.occurrences, extra))
