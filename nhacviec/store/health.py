"""What ``nhacviec status`` and ``/metrics`` read of the store: the outbox by status and channel,
the delivery log's outcomes and last successes, and which session holds the bot's poller lock."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session, col, func, select

from nhacviec.store.models import ChatLink, Delivery, PlanSource, Reminder
from scheduler.store.base import PENDING

ACCEPTED = "accepted"


def backlog(session: Session) -> dict[tuple[str, str], int]:
    """How many outbox rows there are, by (status, channel)."""
    query = select(Reminder.status, Reminder.channel, func.count()).group_by(
        col(Reminder.status), col(Reminder.channel)
    )
    return {(status, channel): count for status, channel, count in session.exec(query).all()}


def oldest_due_at(session: Session, now: datetime) -> datetime | None:
    """When the oldest pending row that is due at ``now`` fell due (``None``: nothing waits)."""
    return session.exec(
        select(func.min(Reminder.next_attempt_at)).where(
            col(Reminder.status) == PENDING, col(Reminder.next_attempt_at) <= now
        )
    ).one()


def last_accepted(session: Session) -> dict[str, datetime]:
    """The last message each channel accepted."""
    query = (
        select(Delivery.channel, func.max(Delivery.at))
        .where(col(Delivery.outcome) == ACCEPTED)
        .group_by(col(Delivery.channel))
    )
    return {channel: at for channel, at in session.exec(query).all() if at is not None}


def attempts(session: Session) -> dict[tuple[str, str], int]:
    """The delivery log's attempts by (channel, outcome): only ever grows."""
    query = select(Delivery.channel, Delivery.outcome, func.count()).group_by(
        col(Delivery.channel), col(Delivery.outcome)
    )
    return {(channel, outcome): count for channel, outcome, count in session.exec(query).all()}


def imports(session: Session) -> dict[str, int]:
    """Plan files stored, by result: ``imported`` (a plan's first file), ``amended`` (a later
    version of a plan). Only ever grows; a file refused is never stored."""
    first = col(PlanSource.version) == 1
    query = select(first, func.count()).group_by(first)
    found = {"imported": 0, "amended": 0}
    for is_first, count in session.exec(query).all():
        found["imported" if is_first else "amended"] += count
    return found


def advisory_lock_holders(session: Session) -> set[str]:
    """The ``application_name`` of the PostgreSQL sessions holding a session-level advisory
    lock (the bot's poller names itself so, see ``nhacviec.store.leader``); none on SQLite."""
    if session.get_bind().dialect.name != "postgresql":
        return set()
    rows = session.execute(
        text(
            "SELECT DISTINCT a.application_name FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
        )
    ).all()
    return {name for (name,) in rows if name}


def linked_chats(session: Session, channel: str) -> int:
    """The chats on ``channel`` linked to a unit now (links not revoked)."""
    query = (
        select(func.count())
        .select_from(ChatLink)
        .where(ChatLink.channel == channel, col(ChatLink.revoked_at).is_(None))
    )
    return int(session.exec(query).one())
