"""The running services (``nhacviec run``) as the store knows them: one row per process, its
heartbeat and its last scheduler pass, for ``nhacviec status``, ``/metrics`` and ``/readyz``.

Beside ``models`` (which re-exports the table); created by migration 0012. A service writes its
own row (started, each pass, stopped); a row whose heartbeat is older than a few passes belongs
to a process that died without saying so (``kill -9``, a lost host).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlmodel import Field, Session, SQLModel, col, select

from nhacviec.store.types import UTCDateTime

# Rows of services gone this long are forgotten when the next service starts.
FORGET_AFTER = timedelta(days=7)


class ServiceInstance(SQLModel, table=True):
    """One ``nhacviec run`` process: ``owner`` is the scheduler's lease owner (host:pid)."""

    owner: str = Field(primary_key=True, max_length=200)
    host: str = Field(max_length=200)
    pid: int
    bot: str = Field(default="off", max_length=20)  # off | polling | webhook
    started_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    heartbeat_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    last_pass_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_pass_ok: bool | None = None
    stopped_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    zalo: str = Field(  # off | polling | webhook: the Zalo bot beside the service
        default="off", max_length=20, sa_column_kwargs={"server_default": "off"}
    )
    zalo_polled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # last getUpdates


def register(session: Session, instance: ServiceInstance) -> None:
    """Record a starting service (a pid reused on the same host replaces the old row) and
    forget the services gone for a week."""
    gone = instance.started_at - FORGET_AFTER
    session.execute(
        delete(ServiceInstance).where(
            or_(
                col(ServiceInstance.owner) == instance.owner,
                col(ServiceInstance.heartbeat_at) < gone,
            )
        )
    )
    session.add(instance)
    session.flush()


def beat(
    session: Session,
    owner: str,
    now: datetime,
    *,
    passed: bool | None = None,
    zalo_polled_at: datetime | None = None,
) -> None:
    """The service is alive at ``now``; with ``passed``, a scheduler pass just ended (ok or
    failed); with ``zalo_polled_at``, when its Zalo bot last asked Zalo for updates."""
    values: dict[str, object] = {"heartbeat_at": now}
    if passed is not None:
        values |= {"last_pass_at": now, "last_pass_ok": passed}
    if zalo_polled_at is not None:
        values |= {"zalo_polled_at": zalo_polled_at}
    session.execute(
        update(ServiceInstance).where(col(ServiceInstance.owner) == owner).values(values)
    )


def stopped(session: Session, owner: str, now: datetime) -> None:
    session.execute(
        update(ServiceInstance)
        .where(col(ServiceInstance.owner) == owner)
        .values(stopped_at=now, heartbeat_at=now)
    )


def instances(session: Session) -> Sequence[ServiceInstance]:
    """Every service not known to have stopped, the newest first."""
    return session.exec(
        select(ServiceInstance)
        .where(col(ServiceInstance.stopped_at).is_(None))
        .order_by(col(ServiceInstance.started_at).desc())
    ).all()
