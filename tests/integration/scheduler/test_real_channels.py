"""The scheduler through the real email and Telegram notifiers, against an SMTP server and a Bot
API server on loopback: an outage ridden out, a 429 waited out, a blocked chat told to the
office. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from notifiers.base import Notifier
from notifiers.pacer import ManualClock
from notifiers.telegram import TelegramNotifier
from tests.integration.scheduler.channels import ChannelSetup, at
from tests.smtp_server import SmtpServer
from tests.telegram_api import ApiError, BotApiServer, serve_in_thread

OFFICE_MAIL = "vanphong.sct@example.org"  # Văn phòng Sở, in config/units/so-cong-thuong.yaml
TRADE_MAIL, TRADE_CHAT = "qltm.sct@example.org", -1001000000006  # Phòng Quản lý Thương mại


class Setup(ChannelSetup):
    """The Sở plan imported on 01/07/2025, a scheduler on email and Telegram."""

    def __init__(self, url: str, smtp: SmtpServer, telegram: BotApiServer) -> None:
        self.telegram = telegram
        super().__init__(url, smtp, "telegram")

    def _messenger(self, clock: ManualClock) -> Notifier:
        return TelegramNotifier(self.telegram.token, base_url=self.telegram.base_url, clock=clock)

    def mails_to(self, address: str) -> list[str]:
        return [
            str(mail["Subject"])
            for mail in self.smtp.messages()
            if mail["To"].addresses[0].addr_spec == address
        ]


@pytest.fixture
def telegram() -> Iterator[BotApiServer]:
    with serve_in_thread(BotApiServer(any_chat=True)) as server:
        yield server


@pytest.fixture
def setup(database_url: str, smtp: SmtpServer, telegram: BotApiServer) -> Iterator[Setup]:
    built = Setup(database_url, smtp, telegram)
    yield built
    built.close()


def test_mail_server_down_then_up_every_reminder_arrives_once(setup: Setup) -> None:
    setup.smtp.stop()
    setup.tick(at(7, 1))  # the first morning: new-plan notices and digests for every unit
    assert setup.smtp.messages() == []
    assert setup.log("email") == {"temporary": setup.log("email")["temporary"]}
    assert setup.log("telegram")["accepted"] > 0  # the other channel is not held up
    waiting = [r for r in setup.rows("email") if r.attempts == 1 and r.status == "pending"]
    assert waiting
    assert all(r.next_attempt_at > at(7, 1) for r in waiting)  # backed off, not hammered

    setup.tick(at(7, 1, 8, 20))  # still down: retried, backed off further
    setup.smtp.start()
    for minutes in (30, 60, 120, 240):  # back up; the retries come due
        setup.tick(at(7, 1, 8) + timedelta(minutes=minutes))

    mails = setup.smtp.messages()
    ids = [mail["Message-ID"] for mail in mails]
    assert len(ids) == len(set(ids)) == setup.log("email")["accepted"] > 0
    assert setup.mails_to(TRADE_MAIL)
    # Each reminder went out in exactly one accepted message (retried ones folded together).
    sent = [r for r in setup.rows("email") if r.status == "sent"]
    assert setup.carried("email") == len(sent) > 0
    assert all(r.status == "sent" for r in setup.rows("email") if r.due_at <= at(7, 1))
    setup.tick(at(7, 1, 16))  # and nothing more is sent afterwards
    assert len(setup.smtp.messages()) == len(mails)


def test_a_429_is_waited_out_and_the_message_goes_once(setup: Setup) -> None:
    setup.telegram.fail(ApiError.too_many_requests(40), chat_id=TRADE_CHAT, times=1)
    setup.tick(at(7, 1))
    assert setup.telegram.sent(TRADE_CHAT) == []
    held = [r for r in setup.rows("telegram") if r.attempts == 1]
    assert held
    assert all(r.next_attempt_at >= at(7, 1) + timedelta(seconds=40) for r in held)
    setup.tick(at(7, 1, 8, 0) + timedelta(seconds=20))  # too early: Telegram said 40 s
    assert setup.telegram.sent(TRADE_CHAT) == []
    setup.tick(at(7, 1, 8, 30))
    sent = setup.telegram.sent(TRADE_CHAT)
    assert len(sent) == len({call.text for call in sent}) > 0
    refused = [c for c in setup.telegram.calls("sendMessage", chat_id=TRADE_CHAT) if not c.ok]
    assert len(refused) == 1  # the one 429, never provoked again
    assert all(r.status == "sent" for r in setup.rows("telegram") if r.due_at <= at(7, 1))


def test_a_blocked_chat_is_a_dead_letter_the_office_hears_of_on_monday(setup: Setup) -> None:
    setup.telegram.block(TRADE_CHAT)
    setup.tick(at(7, 1))
    assert setup.log("telegram")["permanent"] >= 1
    dead = [r for r in setup.rows("telegram") if r.status == "dead"]
    assert {r.address for r in dead} == {str(TRADE_CHAT)}
    assert dead
    assert all(r.attempts == 1 for r in dead)  # never retried: a blocked bot stays blocked
    assert setup.mails_to(TRADE_MAIL)  # the unit's email still works
    setup.tick(at(7, 7))  # Monday: the office's weekly list names the undelivered reminders
    weekly = [s for s in setup.mails_to(OFFICE_MAIL) if "nhắc việc không gửi được" in s]
    assert weekly, setup.mails_to(OFFICE_MAIL)
    office_mail = next(
        mail
        for mail in setup.smtp.messages()
        if mail["To"].addresses[0].addr_spec == OFFICE_MAIL
        and "nhắc việc không gửi được" in str(mail["Subject"])
    )
    text = office_mail.get_body(("plain",))
    assert text is not None
    body = text.get_content()
    assert "Phòng Quản lý Thương mại" in body
    assert "bot was blocked by the user" in body  # Telegram's own words …
    assert "người nhận đã chặn bot" in body  # … inside a sentence the office can act on
    told = {r.id for r in setup.rows("telegram") if r.failure_told_at is not None}
    assert told == {r.id for r in dead}
