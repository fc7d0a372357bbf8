"""The task list read as plain rows (columns, not ORM entities), and the store's change marker.

``tasks.list_tasks`` (whole objects) stays the reference; a test holds the JSON made from these
rows equal to it. A page of the list is a few hundred rows: built as objects, with identity map
and instrumentation, they cost most of the request; as tuples, a small part of it.

``change_marker`` is what a cache of the list is keyed by: it moves with every write the list
can show — each change to a plan, task or occurrence appends to the plan event log in its own
transaction (``EventCounter``), and a units directory edited in the store moves its
``updated_at`` and may change groups' members (who a unit account sees).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select as core_select  # more columns than sqlmodel's select types
from sqlmodel import Session, col, select

from nhacviec.store.models import Occurrence, Plan, Task, TaskUnit
from nhacviec.store.tasks import Window


@dataclass(frozen=True, slots=True)
class OccurrenceRow:
    id: int
    seq: int
    label: str
    start_date: date | None
    due_date: date | None
    state: str
    reported_at: datetime | None
    check_in: bool
    in_period: bool
    extended: bool  # issue 14: an approved extension moved the due date


@dataclass(frozen=True, slots=True)
class TaskRow:
    id: int
    plan_id: int
    period_start: date
    ref: str
    time_text: str
    task_text: str
    activity: str
    schedule_kind: str
    needs_review: bool
    lead: tuple[str, ...]  # names as written in the plan, in cell order
    partners: tuple[str, ...]
    occurrences: tuple[OccurrenceRow, ...]


_TASK_COLUMNS = (
    col(Task.id),
    col(Task.plan_id),
    col(Plan.period_start),
    col(Task.ref),
    col(Task.time_text),
    col(Task.task_text),
    col(Task.activity),
    col(Task.schedule_kind),
    col(Task.needs_review),
)
_OCCURRENCE_COLUMNS = (
    col(Occurrence.task_id),
    col(Occurrence.id),
    col(Occurrence.seq),
    col(Occurrence.label),
    col(Occurrence.start_date),
    col(Occurrence.due_date),
    col(Occurrence.state),
    col(Occurrence.reported_at),
    col(Occurrence.check_in),
    col(Occurrence.in_period),
    col(Occurrence.extended),
)
_CHUNK = 500  # ids per IN (...): well under every backend's limit of bound parameters


def task_rows(
    session: Session, *, plan_id: int | None = None, window: Window | None = None
) -> list[TaskRow]:
    """Tasks in plan and document order, as ``list_tasks`` orders them; ``window``: a page."""
    query = core_select(*_TASK_COLUMNS).join(Plan, col(Plan.id) == col(Task.plan_id))
    if plan_id is not None:
        query = query.where(col(Task.plan_id) == plan_id)
    query = query.order_by(col(Task.plan_id), col(Task.position), col(Task.id))
    if window is not None:
        query = query.offset(window.offset).limit(window.limit)
    tasks = session.connection().execute(query).all()
    ids = [row[0] for row in tasks if row[0] is not None]
    names = _names_by_task(session, ids)
    occurrences = _occurrences_by_task(session, ids)
    empty: tuple[list[str], list[str]] = ([], [])
    made = []
    for task_id, plan, start, ref, time_text, text, activity, kind, review in tasks:
        assert task_id is not None
        lead, partners = names.get(task_id, empty)
        made.append(
            TaskRow(
                id=task_id,
                plan_id=plan,
                period_start=start,
                ref=ref,
                time_text=time_text,
                task_text=text,
                activity=activity,
                schedule_kind=kind,
                needs_review=bool(review),
                lead=tuple(lead),
                partners=tuple(partners),
                occurrences=tuple(occurrences.get(task_id, ())),
            )
        )
    return made


def _names_by_task(session: Session, ids: Sequence[int]) -> dict[int, tuple[list[str], list[str]]]:
    found: dict[int, tuple[list[str], list[str]]] = {}
    for start in range(0, len(ids), _CHUNK):
        query = (
            select(col(TaskUnit.task_id), col(TaskUnit.role), col(TaskUnit.name))
            .where(col(TaskUnit.task_id).in_(ids[start : start + _CHUNK]))
            .order_by(col(TaskUnit.task_id), col(TaskUnit.role), col(TaskUnit.position))
        )
        for task_id, role, name in session.exec(query).all():
            lead, partners = found.setdefault(task_id, ([], []))
            (lead if role == "lead" else partners).append(name)
    return found


def _occurrences_by_task(session: Session, ids: Sequence[int]) -> dict[int, list[OccurrenceRow]]:
    found: dict[int, list[OccurrenceRow]] = {}
    for start in range(0, len(ids), _CHUNK):
        query = (
            core_select(*_OCCURRENCE_COLUMNS)
            .where(col(Occurrence.task_id).in_(ids[start : start + _CHUNK]))
            .order_by(col(Occurrence.task_id), col(Occurrence.seq))
        )
        for task_id, *values in session.connection().execute(query).all():
            found.setdefault(task_id, []).append(OccurrenceRow(*values))
    return found


Marker = tuple[object, ...]


# One statement, sent as written (no ORM statement to build): it runs on every request.
_MARKER = (
    "SELECT (SELECT last_seq FROM eventcounter WHERE id = 1),"
    " (SELECT max(updated_at) FROM directorytext),"
    " (SELECT count(*) FROM unitgroupmember)"
)


def change_marker(session: Session) -> Marker:
    """A value that differs after any committed write the task list (or who sees what in it)
    can show: the last plan event, the newest directory edit, the groups' memberships."""
    return tuple(session.connection().exec_driver_sql(_MARKER).one())
