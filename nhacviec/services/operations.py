"""The operator's view: which services run, what waits in the outbox, what the channels did
last, and whether the schema is the code's (``nhacviec status``, ``/readyz``, ``/metrics``);
and each service's own record of itself (started, alive, passed, stopped)."""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlmodel import Session

from nhacviec.errors import StoreError
from nhacviec.store import health, instances
from nhacviec.store.instances import ServiceInstance
from scheduler.store.base import DEAD

log = logging.getLogger("nhacviec.service")
Transactions = Callable[[], AbstractContextManager[Session]]


@dataclass(frozen=True)
class Schema:
    """The revision the database is at (``None``: no schema yet) and the code's newest."""

    stored: str | None
    code: str

    @property
    def current(self) -> bool:
        return self.stored == self.code


@dataclass(frozen=True)
class Instance:
    owner: str
    host: str
    pid: int
    bot: str  # off | polling | webhook
    started_at: datetime
    heartbeat_at: datetime
    last_pass_at: datetime | None
    last_pass_ok: bool | None
    alive: bool  # heard from within the staleness window
    polls_bot: bool
    zalo: str = "off"  # off | polling | webhook: the Zalo bot beside it
    zalo_polled_at: datetime | None = None  # when its Zalo bot last asked Zalo for updates
    polls_zalo: bool = False


@dataclass(frozen=True)
class ZaloChannel:
    """The Zalo channel as the settings have it (a token: ``configured``; ``mode`` off when
    the bot is off) and the Zalo chats linked to units."""

    configured: bool
    mode: str  # off | polling | webhook
    linked_chats: int = 0


@dataclass(frozen=True)
class StatusReport:
    """Everything ``nhacviec status`` shows; without a current schema, only ``schema``."""

    schema: Schema
    at: datetime
    instances: list[Instance] = field(default_factory=list)
    backlog: dict[tuple[str, str], int] = field(default_factory=dict)  # (status, channel)
    oldest_due_at: datetime | None = None
    last_accepted: dict[str, datetime] = field(default_factory=dict)
    attempts: dict[tuple[str, str], int] = field(default_factory=dict)  # (channel, outcome)
    imports: dict[str, int] = field(default_factory=dict)  # plan files stored, by result
    zalo: ZaloChannel | None = None  # None: not asked for

    def by_status(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for (status, _), count in sorted(self.backlog.items()):
            totals[status] = totals.get(status, 0) + count
        return totals

    def dead_by_channel(self) -> dict[str, int]:
        return {
            channel: n for (status, channel), n in sorted(self.backlog.items()) if status == DEAD
        }

    @property
    def poller(self) -> Instance | None:
        return next((one for one in self.instances if one.polls_bot), None)

    @property
    def zalo_poller(self) -> Instance | None:
        return next((one for one in self.instances if one.polls_zalo), None)

    @property
    def zalo_receivers(self) -> list[Instance]:
        """The services receiving Zalo's messages: the polling leader, or every live service
        in webhook mode (a load balancer spreads the posts)."""
        return [
            one for one in self.instances if one.polls_zalo or (one.alive and one.zalo == "webhook")
        ]

    @property
    def zalo_polled_at(self) -> datetime | None:
        """The last ``getUpdates`` any service's Zalo bot made."""
        polled = [one.zalo_polled_at for one in self.instances if one.zalo_polled_at]
        return max(polled, default=None)


def status_report(
    session: Session,
    schema: Schema,
    now: datetime,
    stale: timedelta,
    zalo: ZaloChannel | None = None,
) -> StatusReport:
    """Read the report at ``now``; a service silent for ``stale`` is not counted alive;
    ``zalo`` (the settings' view of the channel) gets its linked chats counted."""
    if zalo is not None:
        zalo = replace(zalo, linked_chats=health.linked_chats(session, "zalo"))
    return StatusReport(
        schema=schema,
        at=now,
        instances=service_instances(session, now, stale),
        backlog=health.backlog(session),
        oldest_due_at=health.oldest_due_at(session, now),
        last_accepted=health.last_accepted(session),
        attempts=health.attempts(session),
        imports=health.imports(session),
        zalo=zalo,
    )


def service_instances(session: Session, now: datetime, stale: timedelta) -> list[Instance]:
    """The services not known to have stopped, alive if heard from within ``stale``, and which
    one polls the bot (a small table: cheap enough for a readiness probe)."""
    holders = health.advisory_lock_holders(session)
    postgres = session.get_bind().dialect.name == "postgresql"
    rows = instances.instances(session)
    return [_instance(row, now - row.heartbeat_at <= stale, holders, postgres) for row in rows]


def _instance(row: ServiceInstance, alive: bool, holders: set[str], postgres: bool) -> Instance:
    # On PostgreSQL the poller is the session holding the advisory lock, named after its owner
    # (cut to PostgreSQL's 63 characters); on SQLite the one live service that polls.
    polls = row.owner[:63] in holders if postgres else alive and row.bot == "polling"
    # The Zalo bot's lock session is named ``zalo:<owner>`` (``nhacviec.zalo.runner``).
    zalo_holder = f"zalo:{row.owner}"[:63]
    polls_zalo = zalo_holder in holders if postgres else alive and row.zalo == "polling"
    return Instance(
        owner=row.owner,
        host=row.host,
        pid=row.pid,
        bot=row.bot,
        started_at=row.started_at,
        heartbeat_at=row.heartbeat_at,
        last_pass_at=row.last_pass_at,
        last_pass_ok=row.last_pass_ok,
        alive=alive,
        polls_bot=polls,
        zalo=row.zalo,
        zalo_polled_at=row.zalo_polled_at,
        polls_zalo=polls_zalo and row.zalo == "polling",
    )


class InstanceRecord:
    """A running service's row: written when it starts, beats, passes and stops. A write that
    fails (the database away for a moment) is logged and skipped: the service goes on."""

    def __init__(
        self,
        transactions: Transactions,
        owner: str,
        clock: Callable[[], datetime],
        bot: str,
        zalo: str = "off",
    ) -> None:
        self.transactions, self.owner, self.clock, self.bot = transactions, owner, clock, bot
        self.zalo = zalo
        # When the Zalo bot beside the service last polled (``ZaloPoller.polled_at``): written
        # with each beat.
        self.zalo_polled: Callable[[], datetime | None] = lambda: None

    def started(self) -> None:
        now = self.clock()
        host, _, pid = self.owner.rpartition(":")
        row = ServiceInstance(
            owner=self.owner,
            host=host or socket.gethostname(),
            pid=int(pid) if pid.isdigit() else 0,
            bot=self.bot,
            zalo=self.zalo,
            started_at=now,
            heartbeat_at=now,
        )
        self._write(lambda session: instances.register(session, row))

    def beat(self, *, passed: bool | None = None) -> None:
        now, polled = self.clock(), self.zalo_polled()
        self._write(
            lambda session: instances.beat(
                session, self.owner, now, passed=passed, zalo_polled_at=polled
            )
        )

    def stopped(self) -> None:
        now = self.clock()
        self._write(lambda session: instances.stopped(session, self.owner, now))

    def _write(self, change: Callable[[Session], None]) -> None:
        try:
            with self.transactions() as session:
                change(session)
        except StoreError as exc:
            log.warning("service record not written", extra={"error": str(exc)})
