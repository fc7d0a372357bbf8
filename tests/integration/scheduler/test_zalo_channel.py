"""The scheduler through the real Zalo notifier, against the loopback Zalo Bot API server: a unit
whose chat was linked with its invite code gets each reminder once, in parts of at most 2,000
characters, one routine message a day; a 429 and server errors are ridden out; a blocked bot is
a dead letter. SQLite (the store's behaviour on PostgreSQL is the Telegram tests' own)."""

from __future__ import annotations

import asyncio
import random
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from nhacviec.app import App
from nhacviec.services import links
from nhacviec.store import outbox
from nhacviec.store import units as stored_units
from nhacviec.store.models import Reminder
from notifiers.base import Notifier
from notifiers.pacer import ManualClock
from notifiers.zalo import ZaloNotifier
from notifiers.zalo.split import MESSAGE_LIMIT, text_length
from scheduler.config import SchedulerConfig
from scheduler.policy import ReminderPolicy
from tests.conftest import migrated_store
from tests.integration.workflow.conftest import import_seed, make_app
from tests.smtp_server import SmtpServer
from tests.zalo_api import ApiError, Chat, ZaloBotServer, serve_in_thread
from workflows.calendar import WorkingCalendar
from workflows.standing import LOCAL_TZ

TRADE = "Phòng Quản lý Thương mại"
TRADE_MAIL = "qltm.sct@example.org"
_TITLE = re.compile(r"([^\n-][^\n]*) — [^\n]*?(\d\d/\d\d/\d{4})\n")


def at(month: int, day: int, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=LOCAL_TZ)


class Setup:
    """The Sở plan, its trade unit's Zalo chat linked by invite code, a scheduler on email and
    Zalo."""

    def __init__(self, url: str, smtp: SmtpServer, zalo: ZaloBotServer) -> None:
        self.app: App = make_app(url)
        import_seed(self.app)
        self.smtp, self.zalo = smtp, zalo
        self.chat: Chat = zalo.add_chat("Phòng QLTM")
        self._link(TRADE, self.chat)
        config = SchedulerConfig(
            policy=ReminderPolicy(),
            calendar=WorkingCalendar(),
            channels=("email", "zalo"),
            owner="t",
        )
        self.pace, self.last_tick = ManualClock(), at(7, 1, 0)
        channel = ZaloNotifier(zalo.token, base_url=zalo.base_url, clock=self.pace)
        notifiers: dict[str, Notifier] = {"email": smtp.notifier(), "zalo": channel}
        self.service = self.app.scheduler_service(notifiers, config, rng=random.Random(3))
        self.loop = asyncio.new_event_loop()

    def _link(self, unit: str, chat: Chat) -> None:
        now = datetime(2025, 6, 30, tzinfo=UTC)
        with self.app.transaction() as session:
            found = stored_units.find_units(session, unit)[0]
            code = links.invite(session, found, office=False, now=now, by="test").code
            info = links.ChatInfo(chat.id, "private", channel="zalo")
            links.redeem(session, code, info, by="test", now=now)

    def tick(self, now: datetime) -> None:
        self.pace.advance((now - self.last_tick).total_seconds())
        self.last_tick = now
        self.loop.run_until_complete(self.service.tick(now))

    def close(self) -> None:
        self.loop.run_until_complete(self.service.aclose())
        self.loop.close()
        self.app.close()

    def rows(self) -> list[Reminder]:
        with self.app.reading() as session:
            return list(session.exec(select(Reminder).where(Reminder.channel == "zalo")).all())

    def log(self) -> Counter[str]:
        with self.app.reading() as session:
            rows = outbox.deliveries(session, limit=100_000)
        return Counter(row.outcome for row in rows if row.channel == "zalo")

    def carried(self) -> int:
        with self.app.reading() as session:
            rows = outbox.deliveries(session, limit=100_000)
        return sum(r.reminders for r in rows if r.channel == "zalo" and r.outcome == "accepted")


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


@pytest.fixture
def zalo() -> Iterator[ZaloBotServer]:
    with serve_in_thread(ZaloBotServer()) as server:
        yield server


@pytest.fixture
def setup(
    request: pytest.FixtureRequest, tmp_path: Path, smtp: SmtpServer, zalo: ZaloBotServer
) -> Iterator[Setup]:
    built = Setup(migrated_store(request, "sqlite", tmp_path), smtp, zalo)
    yield built
    built.close()


def test_each_reminder_is_delivered_once_in_parts_zalo_accepts(setup: Setup) -> None:
    setup.tick(at(7, 1))
    sent = setup.zalo.sent(setup.chat.id)
    assert sent
    assert all(0 < text_length(call.text or "") <= MESSAGE_LIMIT for call in sent)
    assert "Phòng Quản lý Thương mại" in (sent[0].text or "")
    assert "<b>" not in "".join(call.text or "" for call in sent)  # plain text
    delivered = [r for r in setup.rows() if r.status == "sent"]
    assert {r.address for r in setup.rows()} == {setup.chat.id}
    assert setup.carried() == len(delivered) > 0
    assert all(r.status == "sent" for r in setup.rows() if r.due_at <= at(7, 1))
    assert setup.smtp.messages()  # the unit's email is served beside its Zalo chat
    setup.tick(at(7, 1, 16))
    assert len(setup.zalo.sent(setup.chat.id)) == len(sent)  # nothing twice


def test_one_routine_message_a_day_to_the_chat_over_a_month(setup: Setup) -> None:
    day = at(7, 1)
    while day <= at(7, 31):
        setup.tick(day)
        day += timedelta(days=1)
    routine: Counter[str] = Counter()
    for call in setup.zalo.sent(setup.chat.id):
        title = _TITLE.match(call.text or "")
        if title and not title[1].lower().startswith("việc cần làm ngay"):
            routine[title[2]] += 1
    assert len(routine) >= 3, routine  # 01/07 (the first digest), 25/07, 31/07 (the due day)
    assert max(routine.values()) == 1
    emails = Counter(
        str(mail["Subject"])
        for mail in setup.smtp.messages()
        if mail["To"].addresses[0].addr_spec == TRADE_MAIL
    )
    assert emails  # the unit's mailbox hears too: one routine message per address per day
    assert max(emails.values()) == 1


def test_a_429_is_waited_out_and_the_message_goes_once(setup: Setup) -> None:
    setup.zalo.fail(ApiError.too_many_requests(retry_after=40), chat_id=setup.chat.id)
    setup.tick(at(7, 1))
    assert setup.zalo.sent(setup.chat.id) == []
    held = [r for r in setup.rows() if r.attempts == 1]
    assert held
    assert all(r.next_attempt_at >= at(7, 1) + timedelta(seconds=40) for r in held)
    setup.tick(at(7, 1, 8, 30))
    sent = setup.zalo.sent(setup.chat.id)
    assert len(sent) == len({call.text for call in sent}) > 0
    refused = [c for c in setup.zalo.calls("sendMessage", chat_id=setup.chat.id) if not c.ok]
    assert len(refused) == 1
    assert all(r.status == "sent" for r in setup.rows() if r.due_at <= at(7, 1))


def test_server_errors_are_retried_until_the_message_goes_once(setup: Setup) -> None:
    setup.zalo.fail(ApiError.server_error(502), chat_id=setup.chat.id, times=None)
    setup.tick(at(7, 1))
    setup.tick(at(7, 1, 8, 20))
    assert setup.zalo.sent(setup.chat.id) == []
    assert setup.log()["temporary"] >= 2
    waiting = [r for r in setup.rows() if r.status == "pending"]
    assert waiting
    assert all(r.next_attempt_at > at(7, 1, 8, 20) for r in waiting)  # backed off
    setup.zalo.clear_failures()  # Zalo is back
    for minutes in (60, 120, 240, 480):
        setup.tick(at(7, 1, 8) + timedelta(minutes=minutes))
    sent = setup.zalo.sent(setup.chat.id)
    assert len(sent) == len({call.text for call in sent}) > 0
    assert all(r.status == "sent" for r in setup.rows() if r.due_at <= at(7, 1))
    assert setup.carried() == len([r for r in setup.rows() if r.status == "sent"])


def test_a_blocked_bot_is_a_dead_letter_never_retried(setup: Setup) -> None:
    setup.zalo.block(setup.chat.id)
    setup.tick(at(7, 1))
    dead = [r for r in setup.rows() if r.status == "dead"]
    assert dead
    assert all(r.attempts == 1 for r in dead)
    assert setup.log()["permanent"] >= 1
    setup.tick(at(7, 2))
    assert all(r.attempts == 1 for r in setup.rows() if r.status == "dead")
    assert any(mail["To"].addresses[0].addr_spec == TRADE_MAIL for mail in setup.smtp.messages())
