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
