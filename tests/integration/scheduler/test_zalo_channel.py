"""The scheduler through the real Zalo notifier, against the loopback Zalo Bot API server: a unit
whose chat was linked with its invite code gets each reminder once, in parts of at most 2,000
characters, one routine message a day; a 429 and server errors are ridden out; a blocked bot is
a dead letter. SQLite (the store's behaviour on PostgreSQL is the Telegram tests' own)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from nhacviec.services import links
from nhacviec.store import units as stored_units
from notifiers.base import Notifier
from notifiers.pacer import ManualClock
from notifiers.zalo import ZaloNotifier
from notifiers.zalo.split import MESSAGE_LIMIT, text_length
from tests.conftest import migrated_store
from tests.integration.scheduler.channels import ChannelSetup, at
from tests.smtp_server import SmtpServer
from tests.zalo_api import ApiError, Chat, ZaloBotServer

TRADE = "Phòng Quản lý Thương mại"
TRADE_MAIL = "qltm.sct@example.org"
_TITLE = re.compile(r"([^\n-][^\n]*) — [^\n]*?(\d\d/\d\d/\d{4})\n")


class Setup(ChannelSetup):
    """The Sở plan, its trade unit's Zalo chat linked by invite code, a scheduler on email and
    Zalo."""

    def __init__(self, url: str, smtp: SmtpServer, zalo: ZaloBotServer) -> None:
        self.zalo = zalo
        self.chat: Chat = zalo.add_chat("Phòng QLTM")
        super().__init__(url, smtp, "zalo")

    def _prepare(self) -> None:
        self._link(TRADE, self.chat)

    def _messenger(self, clock: ManualClock) -> Notifier:
        return ZaloNotifier(self.zalo.token, base_url=self.zalo.base_url, clock=clock)

    def _link(self, unit: str, chat: Chat) -> None:
        now = datetime(2025, 6, 30, tzinfo=UTC)
        with self.app.transaction() as session:
            found = stored_units.find_units(session, unit)[0]
            code = links.invite(session, found, office=False, now=now, by="test").code
            info = links.ChatInfo(chat.id, "private", channel="zalo")
            links.redeem(session, code, info, by="test", now=now)


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
