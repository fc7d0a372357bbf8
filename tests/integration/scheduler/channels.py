"""A scheduler on email and one messenger through the real notifiers, against loopback servers:
what ``test_real_channels`` (Telegram) and ``test_zalo_channel`` (Zalo) drive."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import datetime

from sqlmodel import select

from nhacviec.app import App
from nhacviec.store import outbox
from nhacviec.store.models import Reminder
from notifiers.base import Notifier
from notifiers.pacer import ManualClock
from scheduler.config import SchedulerConfig
from scheduler.policy import ReminderPolicy
from tests.integration.workflow.conftest import import_seed, make_app
from tests.smtp_server import SmtpServer
from workflows.calendar import WorkingCalendar
from workflows.standing import LOCAL_TZ


def at(month: int, day: int, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=LOCAL_TZ)


class ChannelSetup:
    """The Sở plan imported on 01/07/2025, a scheduler on email and ``channel``; a subclass
    gives the messenger's notifier (``_messenger``) and may prepare the store first
    (``_prepare``)."""

    def __init__(self, url: str, smtp: SmtpServer, channel: str) -> None:
        self.app: App = make_app(url)
        import_seed(self.app)
        self.smtp, self.channel = smtp, channel
        self._prepare()
        config = SchedulerConfig(
            policy=ReminderPolicy(),
            calendar=WorkingCalendar(),
            channels=("email", channel),
            owner="t",
        )
        # The pacer's clock follows the ticks' instants: a hold the messenger asked for runs out.
        self.pace, self.last_tick = ManualClock(), at(7, 1, 0)
        notifiers: dict[str, Notifier] = {
            "email": smtp.notifier(),
            channel: self._messenger(self.pace),
        }
        self.service = self.app.scheduler_service(notifiers, config, rng=random.Random(3))
        self.loop = asyncio.new_event_loop()  # one loop, as in the service: connections live on

    def _prepare(self) -> None:
        """Anything the store needs before the scheduler is built (nothing, here)."""

    def _messenger(self, clock: ManualClock) -> Notifier:
        raise NotImplementedError

    def tick(self, now: datetime) -> None:
        self.pace.advance((now - self.last_tick).total_seconds())
        self.last_tick = now
        self.loop.run_until_complete(self.service.tick(now))

    def close(self) -> None:
        self.loop.run_until_complete(self.service.aclose())
        self.loop.close()
        self.app.close()

    def rows(self, channel: str | None = None) -> list[Reminder]:
        """The outbox rows of ``channel`` (by default the messenger's)."""
        with self.app.reading() as session:
            query = select(Reminder).where(Reminder.channel == (channel or self.channel))
            return list(session.exec(query).all())

    def log(self, channel: str | None = None) -> Counter[str]:
        """The delivery log's outcomes on ``channel`` (by default the messenger's)."""
        with self.app.reading() as session:
            rows = outbox.deliveries(session, limit=100_000)
        return Counter(row.outcome for row in rows if row.channel == (channel or self.channel))

    def carried(self, channel: str | None = None) -> int:
        """How many reminders the accepted messages of ``channel`` carried, all told."""
        wanted = channel or self.channel
        with self.app.reading() as session:
            rows = outbox.deliveries(session, limit=100_000)
        return sum(r.reminders for r in rows if r.channel == wanted and r.outcome == "accepted")
