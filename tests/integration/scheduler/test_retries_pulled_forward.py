"""After an SMTP outage, the first retry that goes through brings the others forward: the mail
channel's messages waiting their backoff (spread over many minutes by then) are due at once and
go in the same tick, each once — instead of each sitting out its own backoff. A real SMTP
server on loopback (stopped, then started again) and the clock moved by time-machine; SQLite
and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
import time_machine

from nhacviec.store import outbox
from tests.integration.scheduler.channels import at
from tests.integration.scheduler.test_real_channels import Setup
from tests.smtp_server import SmtpServer
from tests.telegram_api import BotApiServer, serve_in_thread


@pytest.fixture
def telegram() -> Iterator[BotApiServer]:
    with serve_in_thread(BotApiServer(any_chat=True)) as server:
        yield server


@pytest.fixture
def setup(database_url: str, smtp: SmtpServer, telegram: BotApiServer) -> Iterator[Setup]:
    built = Setup(database_url, smtp, telegram)
    yield built
    built.close()


def _tick(setup: Setup, instant: datetime) -> None:
    with time_machine.travel(instant, tick=False):  # leases and the log on the same clock
        setup.tick(instant)


def _waiting(setup: Setup) -> list[datetime]:
    return sorted(
        row.next_attempt_at
        for row in setup.rows("email")
        if row.status == "pending" and row.attempts > 0
    )


def test_the_first_retry_through_brings_the_others_forward(setup: Setup) -> None:
    setup.smtp.stop()
    for minutes in (0, 3, 8, 20, 45):  # an outage of an hour: every try fails, backs off
        _tick(setup, at(7, 1) + timedelta(minutes=minutes))
    assert setup.smtp.messages() == []
    waiting = _waiting(setup)
    assert len(waiting) > 5
    first, last = waiting[0], waiting[-1]
    assert last - first >= timedelta(minutes=5)  # left alone, the last would wait that long
    tried = {row.id: row.attempts for row in setup.rows("email")}

    setup.smtp.start()
    _tick(setup, first)  # the earliest retry comes due and goes through

    rows = setup.rows("email")
    late = [(r.id, r.kind, r.attempts, r.next_attempt_at) for r in rows if r.status != "sent"]
    assert all(r.status == "sent" for r in rows if r.due_at <= at(7, 1)), late
    assert all(r.attempts == tried[r.id] for r in rows if r.id in tried)  # no extra failure
    with setup.app.reading() as session:
        log = [row for row in outbox.deliveries(session, limit=100_000) if row.channel == "email"]
    accepted = [row for row in log if row.outcome == "accepted"]
    assert {row.at for row in accepted} == {first}  # all of them in that one tick
    mails = setup.smtp.messages()
    ids = [mail["Message-ID"] for mail in mails]
    assert len(ids) == len(set(ids)) == len(accepted)  # each message once
    assert setup.carried("email") == sum(r.status == "sent" for r in rows)

    _tick(setup, last + timedelta(minutes=1))  # their old backoff: nothing left to send
    assert len(setup.smtp.messages()) == len(mails)
