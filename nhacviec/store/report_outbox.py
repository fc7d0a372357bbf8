"""The outbox of reports on a schedule: one row per (plan, schedule, period), sent once.

Beside ``models`` (which re-exports the table); created by migration 0016. It works as the
reminder outbox does (``nhacviec.store.outbox``): a row's ``key`` is unique, so planning the
same report twice (another pass, another instance, after a restart) stores it once; a
dispatcher leases the due rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), and marks a row sent
only once every address took the report. ``done`` lists the addresses that already took it
(``channel:address`` per line), so a retry after a partial failure sends only to the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Index, Table, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Field, Session, SQLModel, col, or_, select

from nhacviec.store.types import UTCDateTime, required_instant
from scheduler.report_plan import PlannedReport

PENDING, SENT, DEAD = "pending", "sent", "dead"


class ScheduledReport(SQLModel, table=True):
    """One report of one plan for one period (``scheduler.report_plan.PlannedReport``)."""

    __table_args__ = (Index("ix_scheduledreport_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=200)
    plan_id: int = Field(foreign_key="plan.id")
    schedule: str = Field(max_length=50)
    cadence: str = Field(max_length=20)
    period: str = Field(max_length=20)
    format: str = Field(max_length=10)
    language: str = Field(max_length=5)
    due_at: datetime = required_instant()
    status: str = Field(default=PENDING, max_length=20)  # pending | sent | dead
    attempts: int = 0
    next_attempt_at: datetime = required_instant()
    lease_owner: str | None = Field(default=None, max_length=100)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    done: str = ""  # the addresses that took it, "channel:address" a line
    last_error: str = ""
    created_at: datetime = required_instant()


@dataclass(frozen=True)
class DueReport:
    """A leased row, as plain values."""

    id: int
    key: str
    plan_id: int
    schedule: str
    cadence: str
    period: str
    format: str
    language: str
    due_at: datetime
    attempts: int
    done: tuple[str, ...]


def add_planned(session: Session, planned: Sequence[PlannedReport], now: datetime) -> int:
    """Store the reports whose key is new; how many were added."""
    if not planned:
        return 0
    table = _table()
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(table).on_conflict_do_nothing(index_elements=["key"]).returning(table.c.id)
    values = [
        {
            "key": report.key,
            "plan_id": report.plan_id,
            "schedule": report.schedule,
            "cadence": report.cadence.value,
            "period": report.period,
            "format": report.format,
            "language": report.language,
            "due_at": report.due_at,
            "status": PENDING,
            "attempts": 0,
            "next_attempt_at": report.due_at,
            "done": "",
            "last_error": "",
            "created_at": now,
        }
        for report in planned
    ]
    return sum(len(session.execute(statement, [value]).all()) for value in values)


def claim_due(
    session: Session, now: datetime, owner: str, lease: timedelta, limit: int = 20
) -> list[DueReport]:
    """Lease to ``owner`` the reports due at ``now`` that nobody holds."""
    due = (
        select(col(ScheduledReport.id))
        .where(
            col(ScheduledReport.status) == PENDING,
            col(ScheduledReport.next_attempt_at) <= now,
            or_(
                col(ScheduledReport.lease_until).is_(None),
                col(ScheduledReport.lease_until) < now,
            ),
        )
        .order_by(col(ScheduledReport.next_attempt_at), col(ScheduledReport.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    table = _table()
    returned = session.execute(
        update(table)
        .where(table.c.id.in_(due.scalar_subquery()))
        .values(lease_owner=owner, lease_until=now + lease)
        .returning(*(table.c[name] for name in _FIELDS))
    )
    found = [_due(dict(zip(_FIELDS, row, strict=True))) for row in returned]
    return sorted(found, key=lambda row: (row.due_at, row.id))


def settle(
    session: Session,
    row_id: int,
    owner: str,
    *,
    status: str,
    done: Sequence[str],
    attempts: int,
    now: datetime,
    retry_at: datetime | None = None,
    error: str = "",
) -> int:
    """Record the outcome of one dispatch of a report ``owner`` holds (sent, retried, dead)."""
    values: dict[str, Any] = {
        "status": status,
        "done": "\n".join(done),
        "attempts": attempts,
        "lease_owner": None,
        "lease_until": None,
        "last_error": error[:2000],
    }
    if status == SENT:
        values["sent_at"] = now
    if retry_at is not None:
        values["next_attempt_at"] = retry_at
    table = _table()
    result = session.execute(
        update(table)
        .where(table.c.id == row_id, table.c.lease_owner == owner, table.c.status == PENDING)
        .values(**values)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def reports(session: Session) -> list[ScheduledReport]:
    """Every scheduled report, the earliest first (for tests and ``status``-like views)."""
    query = select(ScheduledReport).order_by(col(ScheduledReport.due_at), col(ScheduledReport.id))
    return list(session.exec(query).all())


_FIELDS = (
    "id",
    "key",
    "plan_id",
    "schedule",
    "cadence",
    "period",
    "format",
    "language",
    "due_at",
    "attempts",
    "done",
)


def _due(values: dict[str, Any]) -> DueReport:
    done = tuple(line for line in str(values.pop("done") or "").split("\n") if line)
    return DueReport(**values, done=done)


def _table() -> Table:
    table = getattr(ScheduledReport, "__table__")  # noqa: B009 - SQLModel does not declare it
    assert isinstance(table, Table)
    return table
