"""The reminder outbox and its delivery log: their queries (the scheduler reaches them through
``nhacviec.store.scheduling``, the SQL adapter of its store port)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, and_, bindparam, or_, text, tuple_, update
from sqlalchemy import select as core_select  # more columns than sqlmodel's select types
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, func, select

from nhacviec.store.models import Delivery, Reminder
from scheduler.store.base import CANCELLED, DEAD, PENDING, SENT, OutboxEntry
from scheduler.store.base import SUPERSEDED as SUPERSEDED
from scheduler.store.base import OutboxRow as OutboxRow  # the port's row, stored here

# The PostgreSQL advisory lock that serialises claims (any fixed 64-bit number of our own).
CLAIM_LOCK_KEY = 0x6E68_6163_7669_6563 >> 1  # "nhacviec"
_CHUNK = 500


# -- writing planned reminders ---------------------------------------------------------------


def add_rows(session: Session, rows: Sequence[OutboxRow], now: datetime) -> int:
    """Insert rows whose key is new; existing keys (sent or not) are left as they are.

    One cached statement, executed many times (SQLAlchemy sends the rows in multi-row batches);
    what was added is counted from the ids it returns, since a driver's row count for an
    executemany is not to be trusted (psycopg reports -1).
    """
    if not rows:
        return 0
    statement = _insert_new(session.get_bind().dialect.name)
    added = 0
    for chunk in _chunks(rows, _CHUNK):
        values = [_values(row, now) for row in chunk]
        added += len(session.execute(statement, values).all())
    return added


@functools.cache
def _insert_new(dialect: str) -> Any:
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    table = _table()
    return insert(table).on_conflict_do_nothing(index_elements=["key"]).returning(table.c.id)


def _table() -> Table:
    return _table_of(Reminder)


def _table_of(model: type[Any]) -> Table:
    table = getattr(model, "__table__")  # noqa: B009 - SQLModel does not declare it
    assert isinstance(table, Table)
    return table


def _values(row: OutboxRow, now: datetime) -> dict[str, Any]:
    values = dict(vars(row))
    values |= {"status": PENDING, "attempts": 0, "next_attempt_at": row.due_at, "created_at": now}
    values["last_error"] = ""
    return values


def cancel_pending_except(
    session: Session,
    occurrence_ids: Iterable[int],
    keep: set[str],
    *,
    kinds: Iterable[str],
    status: str = CANCELLED,
) -> int:
    """Pending reminders of these kinds and occurrences that planning no longer wants.

    Only the planned kinds are touched: action items (a return, a new plan) are not planned
    from the occurrence's dates, so planning again never withdraws them.
    """
    cancelled = 0
    ids = list(occurrence_ids)
    wanted_kinds = list(kinds)
    for start in range(0, len(ids), _CHUNK):
        rows = session.exec(
            select(Reminder.id, Reminder.key).where(
                col(Reminder.occurrence_id).in_(ids[start : start + _CHUNK]),
                col(Reminder.status) == PENDING,
                col(Reminder.kind).in_(wanted_kinds),
            )
        ).all()
        stale = [row_id for row_id, key in rows if key not in keep and row_id is not None]
        cancelled += _set_status(session, stale, status)
    return cancelled


# -- dispatching ------------------------------------------------------------------------------


def claim_due(
    session: Session, now: datetime, owner: str, lease: timedelta, limit: int
) -> list[OutboxEntry]:
    """Lease to ``owner`` the due rows of whole addresses, ``limit`` rows at most: addresses by
    their earliest due row until the next would pass ``limit``. An address's routine reminders
    make one message, so its due rows travel together: the first address goes whole even beyond
    ``limit`` (cut, the rest would wait a working day behind the day's message).

    One statement (the running sum of the addresses' due counts by a window function). On
    PostgreSQL claims are serialised by a transaction-level advisory lock and rows locked with
    ``FOR UPDATE SKIP LOCKED``: two dispatchers never split an address. SQLite runs one
    dispatcher (see the service lock)."""
    _serialise_claims(session)
    address = tuple_(col(Reminder.channel), col(Reminder.address))
    within = address.in_(_addresses_within(now, limit))
    rows = select(col(Reminder.id)).where(_due(now), within).with_for_update(skip_locked=True)
    claimed = _lease(session, rows, owner, now + lease)
    return sorted(claimed, key=lambda row: (row.recipient_unit_id, row.next_attempt_at))


def _addresses_within(now: datetime, limit: int) -> Any:
    """The due (channel, address) pairs that fit in ``limit`` rows, earliest first (always the
    first); a tie goes to the address with the oldest row, as planned (copies after originals)."""
    table = _table()
    due = (
        core_select(
            table.c.channel,
            table.c.address,
            func.count().label("rows"),
            func.min(table.c.next_attempt_at).label("first_due"),
            func.min(table.c.id).label("first_id"),
        )
        .where(_due(now))
        .group_by(table.c.channel, table.c.address)
        .subquery("due")
    )
    order = (due.c.first_due, due.c.first_id)
    ranked = select(
        due.c.channel,
        due.c.address,
        func.sum(due.c.rows).over(order_by=order, rows=(None, 0)).label("running"),
        func.row_number().over(order_by=order).label("place"),
    ).subquery("ranked")
    return select(ranked.c.channel, ranked.c.address).where(
        or_(ranked.c.running <= limit, ranked.c.place == 1)
    )


def _serialise_claims(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CLAIM_LOCK_KEY})


def heard_since(
    session: Session,
    addresses: Iterable[tuple[str, str]],
    since: datetime,
    now: datetime,
    *,
    kinds: Iterable[str],
    owner: str,
) -> set[tuple[str, str]]:
    """The addresses among ``addresses`` that got a reminder of ``kinds`` since ``since``, or
    have one on its way now (leased by another dispatcher)."""
    heard: set[tuple[str, str]] = set()
    wanted = list(kinds)
    for chunk in _chunks(sorted(set(addresses)), 300):
        sent = and_(col(Reminder.status) == SENT, col(Reminder.sent_at) >= since)
        in_flight = and_(
            col(Reminder.status) == PENDING,
            col(Reminder.lease_until) > now,
            col(Reminder.lease_owner) != owner,
        )
        query = (
            select(col(Reminder.channel), col(Reminder.address))
            .where(
                tuple_(col(Reminder.channel), col(Reminder.address)).in_(chunk),
                col(Reminder.kind).in_(wanted),
                or_(sent, in_flight),
            )
            .distinct()
        )
        heard |= {(channel, address) for channel, address in session.exec(query).all()}
    return heard


def defer(session: Session, ids: Sequence[int], until: datetime, *, owner: str) -> int:
    """Put the rows ``owner`` holds back in the queue, untried, to be sent at ``until``."""
    return _update(
        session, ids, owner=owner, next_attempt_at=until, lease_owner=None, lease_until=None
    )


def _lease(session: Session, ids: Any, owner: str, until: datetime) -> list[OutboxEntry]:
    """Lease the rows; what the dispatcher needs of them, as plain values (no ORM objects:
    a catch-up claims thousands)."""
    table = _table()
    returned = session.execute(
        update(table)
        .where(table.c.id.in_(ids.scalar_subquery()))
        .values(lease_owner=owner, lease_until=until)
        .returning(*(table.c[name] for name in _ENTRY_FIELDS))
    )
    return [OutboxEntry(*row) for row in returned]


_ENTRY_FIELDS = tuple(field.name for field in fields(OutboxEntry))


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _due(now: datetime) -> Any:
    return and_(
        col(Reminder.status) == PENDING,
        col(Reminder.next_attempt_at) <= now,
        or_(col(Reminder.lease_until).is_(None), col(Reminder.lease_until) < now),
    )


def next_due_at(session: Session) -> datetime | None:
    """When the earliest pending reminder is due (for logs and ``reminders status``)."""
    return session.exec(
        select(func.min(Reminder.next_attempt_at)).where(col(Reminder.status) == PENDING)
    ).one()


def renew_lease(session: Session, ids: Sequence[int], owner: str, until: datetime) -> int:
    """Extend ``owner``'s lease on the rows it still holds (pending, leased to it); how many."""
    return _update(session, ids, owner=owner, lease_until=until)


def release(session: Session, ids: Sequence[int], owner: str) -> int:
    """Give back the rows ``owner`` still holds, untried (a lease lost on part of a message)."""
    return _update(session, ids, owner=owner, lease_owner=None, lease_until=None)


def mark_sent(
    session: Session, ids: Sequence[int], now: datetime, *, owner: str | None = None
) -> int:
    return _update(
        session, ids, owner=owner, status=SENT, sent_at=now, lease_owner=None, lease_until=None
    )


def mark_retry(
    session: Session,
    ids: Sequence[int],
    attempts: int,
    next_at: datetime,
    error: str,
    *,
    owner: str | None = None,
) -> int:
    return _update(
        session,
        ids,
        owner=owner,
        attempts=attempts,
        next_attempt_at=next_at,
        last_error=error[:2000],
        lease_owner=None,
        lease_until=None,
    )


def mark_dead(
    session: Session,
    ids: Sequence[int],
    attempts: int,
    error: str,
    *,
    owner: str | None = None,
) -> int:
    return _update(
        session,
        ids,
        owner=owner,
        status=DEAD,
        attempts=attempts,
        last_error=error[:2000],
        lease_owner=None,
        lease_until=None,
    )


def set_status(session: Session, ids: Sequence[int], status: str) -> int:
    return _set_status(session, ids, status)


def _set_status(session: Session, ids: Sequence[int], status: str) -> int:
    return _update(session, ids, status=status, lease_owner=None, lease_until=None)


def _update(
    session: Session, ids: Sequence[int], *, owner: str | None = None, **values: Any
) -> int:
    """Set ``values`` on the rows; with ``owner``, only on pending rows leased to it (a
    dispatcher whose lease ran out and was taken over changes nothing).

    A plain (not ORM) UPDATE, built once per set of columns: objects already loaded in the
    session keep their values (read the rows again to see the change).
    """
    statement = _update_statement(tuple(sorted(values)), fenced=owner is not None)
    params = {f"new_{name}": value for name, value in values.items()}
    if owner is not None:
        params |= {"owner": owner, "pending": PENDING}
    changed = 0
    for chunk in _chunks(ids, _CHUNK):
        result = session.execute(statement, params | {"ids": list(chunk)})
        changed += result.rowcount or 0  # type: ignore[attr-defined]
    return changed


@functools.cache
def _update_statement(names: tuple[str, ...], *, fenced: bool) -> Any:
    table = _table()
    statement = update(table).where(table.c.id.in_(bindparam("ids", expanding=True)))
    if fenced:
        # coalesce() (status is never NULL) keeps SQLite from looking the rows up through
        # ix_reminder_due (every pending row) instead of by primary key for two ids or more.
        statement = statement.where(
            table.c.lease_owner == bindparam("owner"),
            func.coalesce(table.c.status, "") == bindparam("pending"),
        )
    return statement.values({name: bindparam(f"new_{name}") for name in names})


def pull_retries(session: Session, channel: str, now: datetime, limit: int) -> int:
    """Make due at ``now`` the channel's earliest ``limit`` rows waiting for a retry (pending,
    attempts made, due later, not leased): it works again. How many."""
    table = _table()
    waiting = (
        select(col(Reminder.id))
        .where(
            col(Reminder.status) == PENDING,
            col(Reminder.next_attempt_at) > now,
            col(Reminder.channel) == channel,
            col(Reminder.attempts) > 0,
            or_(col(Reminder.lease_until).is_(None), col(Reminder.lease_until) < now),
        )
        .order_by(col(Reminder.next_attempt_at), col(Reminder.id))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        waiting = waiting.with_for_update(skip_locked=True)
    result = session.execute(
        update(table).where(table.c.id.in_(waiting.scalar_subquery())).values(next_attempt_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def untold_failures(session: Session, plan_ids: Iterable[int]) -> Sequence[Reminder]:
    """Dead reminders of these plans the office has not been told about yet."""
    return session.exec(
        select(Reminder)
        .where(
            col(Reminder.plan_id).in_(list(plan_ids)),
            col(Reminder.status) == DEAD,
            col(Reminder.failure_told_at).is_(None),
        )
        .order_by(col(Reminder.id))
    ).all()


def mark_told(session: Session, ids: Sequence[int], now: datetime) -> int:
    return _update(session, ids, failure_told_at=now)


def record_delivery(session: Session, delivery: Delivery) -> None:
    """Append to the delivery log (a plain INSERT: one row per message sent)."""
    table = _table_of(Delivery)
    values = {column.name: getattr(delivery, column.name) for column in table.columns}
    values.pop("id")
    session.execute(_insert_delivery(), values)


@functools.cache
def _insert_delivery() -> Any:
    return _table_of(Delivery).insert()


# -- reading ----------------------------------------------------------------------------------


def pending_between(
    session: Session, start: datetime, end: datetime, unit_id: int | None = None
) -> Sequence[Reminder]:
    query = select(Reminder).where(
        col(Reminder.status) == PENDING,
        col(Reminder.next_attempt_at) >= start,
        col(Reminder.next_attempt_at) <= end,
    )
    if unit_id is not None:
        query = query.where(col(Reminder.recipient_unit_id) == unit_id)
    return session.exec(query.order_by(col(Reminder.next_attempt_at), col(Reminder.id))).all()


def count_by_status(session: Session) -> dict[str, int]:
    rows = session.exec(select(Reminder.status, func.count()).group_by(col(Reminder.status))).all()
    return dict(rows)


def delivery_counts(session: Session) -> dict[tuple[str, str], int]:
    """How many attempts the delivery log holds, by channel and outcome."""
    query = select(Delivery.channel, Delivery.outcome, func.count()).group_by(
        col(Delivery.channel), col(Delivery.outcome)
    )
    return {(channel, outcome): count for channel, outcome, count in session.exec(query).all()}


def deliveries(
    session: Session, *, failed_only: bool = False, limit: int = 200
) -> Sequence[Delivery]:
    query = select(Delivery)
    if failed_only:
        query = query.where(col(Delivery.outcome) != "accepted")
    return session.exec(query.order_by(col(Delivery.id).desc()).limit(limit)).all()
