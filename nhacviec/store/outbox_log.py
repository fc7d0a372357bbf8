"""The outbox as the office reads it (a page of rows, filtered) and the one change it makes by
hand: a dead letter put back in the queue («Gửi lại»)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from nhacviec.store.models import Occurrence, Reminder, Task, Unit
from scheduler.store.base import DEAD, PENDING


@dataclass(frozen=True)
class OutboxLine:
    """A reminder with the names a person reads: its unit, its task's ref and id."""

    reminder: Reminder
    unit_name: str
    task_id: int | None
    task_ref: str


def outbox_page(
    session: Session,
    *,
    status: str | None = None,
    channel: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[OutboxLine], int]:
    """The rows (newest first) and how many match in all."""
    conditions = []
    if status:
        conditions.append(col(Reminder.status) == status)
    if channel:
        conditions.append(col(Reminder.channel) == channel)
    total = session.exec(select(func.count()).select_from(Reminder).where(*conditions)).one()
    query = (
        select(Reminder, Unit.name, Task.id, Task.ref)
        .outerjoin(Unit, col(Unit.id) == col(Reminder.recipient_unit_id))
        .outerjoin(Occurrence, col(Occurrence.id) == col(Reminder.occurrence_id))
        .outerjoin(Task, col(Task.id) == col(Occurrence.task_id))
        .where(*conditions)
        .order_by(col(Reminder.id).desc())
        .offset(offset)
        .limit(limit)
    )
    lines = [
        OutboxLine(reminder, unit or "", task_id, ref or "")
        for reminder, unit, task_id, ref in session.exec(query).all()
    ]
    return lines, int(total)


def channels_in_outbox(session: Session) -> list[str]:
    query = select(Reminder.channel).distinct().order_by(col(Reminder.channel))
    return list(session.exec(query).all())


def get_reminder(session: Session, reminder_id: int) -> Reminder | None:
    return session.get(Reminder, reminder_id)


def requeue_dead(session: Session, reminder: Reminder, now: datetime) -> None:
    """A dead letter back in the queue, due now, its attempts counted afresh; its last error
    kept until the next attempt, and the office told again if it dies again."""
    assert reminder.status == DEAD
    reminder.status = PENDING
    reminder.attempts = 0
    reminder.next_attempt_at = now
    reminder.lease_owner = None
    reminder.lease_until = None
    reminder.failure_told_at = None
    session.add(reminder)
    session.flush()
