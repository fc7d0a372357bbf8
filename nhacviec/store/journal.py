"""The plan event log and the audit history: both append-only.

Events get their ``seq`` from the one-row ``EventCounter``, updated in the same transaction
as the change the event describes. The update locks the row until commit, so concurrent
writers append one after another: events become visible in ``seq`` order with no gaps, and
a consumer that remembers the last ``seq`` it handled never misses or repeats one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from nhacviec.store.models import Consumer, EventCounter, HistoryEntry, Occurrence, PlanEvent, Unit
from workflows.event_payloads import DueDateChanged, Payload, StateChanged
from workflows.plan_events import EventKind as EventKind  # the domain's kinds, re-exported
from workflows.workflow_rules import Action


def append_event(
    session: Session,
    kind: EventKind,
    at: datetime,
    *,
    plan_id: int | None,
    task_id: int | None = None,
    occurrence_id: int | None = None,
    payload: Payload,
) -> PlanEvent:
    """Add one event to the log, numbered after every event committed before it."""
    seq = session.execute(
        update(EventCounter)
        .where(col(EventCounter.id) == 1)
        .values(last_seq=col(EventCounter.last_seq) + 1)
        .returning(col(EventCounter.last_seq))
    ).scalar_one()
    event = PlanEvent(
        seq=seq,
        kind=kind.value,
        at=at,
        plan_id=plan_id,
        task_id=task_id,
        occurrence_id=occurrence_id,
        payload=payload.to_json(),
    )
    session.add(event)
    session.flush()
    return event


def events_after(session: Session, position: int, limit: int = 500) -> Sequence[PlanEvent]:
    """Events with ``seq`` greater than ``position``, oldest first."""
    query = (
        select(PlanEvent)
        .where(col(PlanEvent.seq) > position)
        .order_by(col(PlanEvent.seq))
        .limit(limit)
    )
    return session.exec(query).all()


def events_of_task(session: Session, task_id: int) -> Sequence[PlanEvent]:
    query = select(PlanEvent).where(PlanEvent.task_id == task_id).order_by(col(PlanEvent.seq))
    return session.exec(query).all()


def append_history(session: Session, entry: HistoryEntry) -> HistoryEntry:
    session.add(entry)
    session.flush()
    return entry


def record(
    session: Session, entry: HistoryEntry, payload: StateChanged | DueDateChanged
) -> PlanEvent:
    """A change to an occurrence: its audit entry and its plan event, which says the same at
    the same instant about the same plan, task and occurrence."""
    append_history(session, entry)
    return append_event(
        session,
        payload.kind,
        entry.at,
        plan_id=entry.plan_id,
        task_id=entry.task_id,
        occurrence_id=entry.occurrence_id,
        payload=payload,
    )


@dataclass(frozen=True)
class HistoryLine:
    """An audit entry with the occurrence number and the acting unit's name, for display."""

    entry: HistoryEntry
    seq: int | None
    unit_name: str


def history_of_task(session: Session, task_id: int) -> list[HistoryLine]:
    query = (
        select(HistoryEntry, Occurrence.seq, Unit.name)
        .outerjoin(Occurrence, col(Occurrence.id) == col(HistoryEntry.occurrence_id))
        .outerjoin(Unit, col(Unit.id) == col(HistoryEntry.actor_unit_id))
        .where(HistoryEntry.task_id == task_id)
        .order_by(col(HistoryEntry.id))
    )
    return [HistoryLine(entry, seq, name or "") for entry, seq, name in session.exec(query).all()]


def latest_notes(session: Session, occurrence_ids: Sequence[int], *, action: str) -> dict[int, str]:
    """The note of each occurrence's latest history entry of ``action`` (a return's reason)."""
    if not occurrence_ids:
        return {}
    query = (
        select(HistoryEntry)
        .where(col(HistoryEntry.occurrence_id).in_(list(occurrence_ids)))
        .where(col(HistoryEntry.action) == action)
        .order_by(col(HistoryEntry.id))
    )
    return {e.occurrence_id: e.note for e in session.exec(query).all() if e.occurrence_id}


def last_actor(session: Session, occurrence_id: int, action: str) -> int | None:
    """The unit that last took ``action`` on the occurrence (who reported it, say)."""
    query = (
        select(HistoryEntry.actor_unit_id)
        .where(col(HistoryEntry.occurrence_id) == occurrence_id)
        .where(col(HistoryEntry.action) == action)
        .order_by(col(HistoryEntry.id).desc())
        .limit(1)
    )
    return session.exec(query).first()


# -- the log's consumers --------------------------------------------------------------------------


def lock_position(session: Session, name: str, now: datetime) -> int:
    """The consumer's position, locked until the transaction ends (one planner at a time)."""
    row = session.exec(select(Consumer).where(Consumer.name == name).with_for_update()).first()
    if row is None:
        session.add(Consumer(name=name, position=0, updated_at=now))
        session.flush()
        return 0
    return row.position


def set_position(session: Session, name: str, position: int, now: datetime) -> None:
    session.execute(
        update(Consumer).where(col(Consumer.name) == name).values(position=position, updated_at=now)
    )


# -- the past, replayed (``workflows.as_of``) -----------------------------------------------------

_OCCURRENCE_CHANGES = (
    EventKind.OCCURRENCE_STATE_CHANGED.value,
    EventKind.NOTE_ADDED.value,
    EventKind.DUE_DATE_SET.value,
    EventKind.DUE_DATE_CHANGED.value,
)


def logged_after(session: Session, instant: datetime, plan_id: int | None) -> bool:
    """Whether anything was logged after ``instant`` (of plan ``plan_id``, or of any plan):
    the standings at ``instant`` are then the past's, not the stored rows'."""
    query = select(PlanEvent.seq).where(col(PlanEvent.at) > instant)
    if plan_id is not None:
        query = query.where(col(PlanEvent.plan_id) == plan_id)
    return session.exec(query.limit(1)).first() is not None


def changed_after(
    session: Session, instant: datetime, plan_id: int | None
) -> tuple[set[int], set[int]]:
    """The occurrences whose state or date changed after ``instant``, and the tasks whose lead
    was reassigned after it (of plan ``plan_id``, or of every plan)."""
    query = select(PlanEvent.kind, PlanEvent.task_id, PlanEvent.occurrence_id).where(
        col(PlanEvent.at) > instant
    )
    if plan_id is not None:
        query = query.where(col(PlanEvent.plan_id) == plan_id)
    occurrences: set[int] = set()
    tasks: set[int] = set()
    for kind, task_id, occurrence_id in session.exec(query).all():
        if kind in _OCCURRENCE_CHANGES and occurrence_id is not None:
            occurrences.add(occurrence_id)
        elif kind == EventKind.LEAD_REASSIGNED.value and task_id is not None:
            tasks.add(task_id)
    return occurrences, tasks


def logs_of_occurrences(session: Session, ids: Sequence[int]) -> dict[int, list[PlanEvent]]:
    """Every state and date change of these occurrences, in log order."""
    found: dict[int, list[PlanEvent]] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        query = (
            select(PlanEvent)
            .where(col(PlanEvent.occurrence_id).in_(ordered[start : start + 500]))
            .where(col(PlanEvent.kind).in_(_OCCURRENCE_CHANGES))
            .order_by(col(PlanEvent.seq))
        )
        for event in session.exec(query).all():
            assert event.occurrence_id is not None
            found.setdefault(event.occurrence_id, []).append(event)
    return found


def reassignments_of(session: Session, task_ids: Sequence[int]) -> dict[int, list[HistoryEntry]]:
    """Every reassignment of these tasks' lead (its entry names the lead before), oldest first."""
    found: dict[int, list[HistoryEntry]] = {}
    ordered = sorted(task_ids)
    for start in range(0, len(ordered), 500):
        query = (
            select(HistoryEntry)
            .where(col(HistoryEntry.task_id).in_(ordered[start : start + 500]))
            .where(col(HistoryEntry.action) == Action.REASSIGN.value)
            .order_by(col(HistoryEntry.id))
        )
        for entry in session.exec(query).all():
            found.setdefault(entry.task_id, []).append(entry)
    return found
