"""The scheduler service: passes driven by APScheduler, or one full pass (``tick``).

APScheduler only drives the periodic passes; reminders themselves live in the outbox (the
store), so a crash or a downtime loses none (see ``scheduler.passes``, ``scheduler.dispatch``).
The service reads the clock it is given (the composition root's) once per planning pass and once
per dispatch step (a batch); ``tick`` runs at one given instant.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import signal
import socket
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from nhacviec.logs import in_pass, new_pass_id
from notifiers.base import Notifier
from scheduler.config import SchedulerConfig
from scheduler.dispatch import dispatch_pass
from scheduler.passes import PassStats, plan_pass
from scheduler.store.base import Transactions

log = logging.getLogger("nhacviec.scheduler")
Clock = Callable[[], datetime]


class SidePass(Protocol):
    """Work the service does on every pass beside the reminders (reports on a schedule)."""

    async def tick(self, now: datetime) -> object: ...


def default_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class SchedulerService:
    """Built by the composition root from its parts: the store's transactions, the channels,
    the configuration and the one clock."""

    def __init__(
        self,
        transactions: Transactions,
        notifiers: Mapping[str, Notifier],
        config: SchedulerConfig,
        *,
        clock: Clock,
        rng: random.Random | None = None,
        side_passes: Sequence[SidePass] = (),
    ) -> None:
        self.transactions, self.notifiers, self.config = transactions, notifiers, config
        self.side_passes = tuple(side_passes)
        self.clock = clock
        self.rng = rng or random.Random()
        # Set by ``run`` on SIGTERM: a pass stops between steps (no batch is left half-sent).
        self._stop: asyncio.Event | None = None
        self._passing = asyncio.Lock()
        self._on_pass: Callable[[bool, float], None] | None = None

    async def tick(self, now: datetime) -> PassStats:
        """One full pass at ``now``: plan from every new event, then send all that is due."""
        with in_pass(new_pass_id()):
            stats = self.plan(now)
            stats.add(await self.dispatch(now))
            for side in self.side_passes:
                await side.tick(now)
        return stats

    def plan(self, now: datetime) -> PassStats:
        stats = PassStats()
        while True:
            with self.transactions() as store:
                step = plan_pass(store, self.config, now)
            stats.add(step)
            if step.events < self.config.batch or self._stopping():
                return stats

    async def dispatch(self, now: datetime | None = None) -> PassStats:
        """Send all that is due at ``now``; without it, each step reads the clock, so a long
        catch-up never claims rows with a lease that has already run out (another service
        would take them again while they are being sent).

        Steps go on until a claim finds nothing: a claim of fewer rows than the batch does not
        mean nothing is left (the next address may not have fitted), and every claimed row
        leaves the due rows of its instant (sent, retried later, dead, superseded, deferred, or
        held by another dispatcher), so a backlog drains in one pass."""
        stats = PassStats()
        while True:
            at = now or self.clock()
            clock = self.clock if now is None else None
            step = await dispatch_pass(
                self.transactions, self.notifiers, self.config, at, self.rng, clock=clock
            )
            stats.add(step)
            if not step.claimed or self._stopping():
                return stats

    async def aclose(self) -> None:
        """Close the notifiers' connections (an SMTP session ends with QUIT)."""
        for notifier in self.notifiers.values():
            await notifier.aclose()

    def _stopping(self) -> bool:
        return self._stop is not None and self._stop.is_set()

    async def run(
        self,
        *,
        every: timedelta = timedelta(seconds=30),
        stop: asyncio.Event | None = None,
        on_pass: Callable[[bool, float], None] | None = None,
    ) -> None:
        """Serve until SIGTERM or SIGINT (or ``stop``): catch up at once, then pass regularly.
        ``on_pass`` hears of each pass's end: whether it succeeded (the service's record) and
        how many seconds it took (the service's metrics)."""
        stop = self._stop = stop or asyncio.Event()
        self._on_pass = on_pass
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        log.info("scheduler starting", extra={"owner": self.config.owner})
        await self._pass()  # catch-up after downtime: what is still relevant goes out once
        scheduler = AsyncIOScheduler(timezone="Asia/Ho_Chi_Minh")
        scheduler.add_job(
            self._pass,
            "interval",
            seconds=every.total_seconds(),
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
        )
        scheduler.start()
        try:
            await stop.wait()
        finally:
            # A pass under way stops after its current step (``_stopping``); only then is the
            # scheduler shut down, since its asyncio executor cancels the jobs still running.
            async with self._passing:
                scheduler.shutdown(wait=False)
            await self.aclose()
            log.info("scheduler stopped", extra={"owner": self.config.owner})

    async def _pass(self) -> None:
        if self._stopping():
            return
        async with self._passing:
            with in_pass(new_pass_id()):
                started = time.perf_counter()
                now = self.clock()
                try:
                    stats = self.plan(now)
                    stats.add(await self.dispatch())
                    for side in self.side_passes:
                        await side.tick(now)
                except Exception:  # a failed pass is logged; the next one retries
                    log.exception("scheduler pass failed")
                    self._passed(False, time.perf_counter() - started)
                    return
                self._passed(True, time.perf_counter() - started)
                if stats.events or stats.claimed:
                    log.info("scheduler pass", extra={"at": now.isoformat(), **vars(stats)})

    def _passed(self, ok: bool, seconds: float) -> None:
        if self._on_pass is not None:
            self._on_pass(ok, seconds)
