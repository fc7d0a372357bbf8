"""``nhacviec demo --channels email,telegram``: the demo's reminders delivered for real, through
an SMTP server and a Bot API server on loopback named in the environment."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import CliRunner
from tests.smtp_server import SmtpServer
from tests.telegram_api import BotApiServer, serve_in_thread

UNTIL = "05/08/2025"  # five weeks: new plans, first digests, the 31/7 due day and its overdue
DEMO_TIMEOUT_S = 600  # five weeks replayed through two servers on a loaded two-core machine


@pytest.fixture
def telegram() -> Iterator[BotApiServer]:
    with serve_in_thread(BotApiServer(any_chat=True)) as server:
        yield server


@pytest.fixture
def servers_in_env(
    smtp: SmtpServer, telegram: BotApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in smtp.environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("NHACVIEC_TELEGRAM_TOKEN", telegram.token)
    monkeypatch.setenv("NHACVIEC_TELEGRAM_BASE_URL", telegram.base_url)


def _log(database: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT channel, address, outcome FROM delivery").fetchall()
    return [(str(c), str(a), str(o)) for c, a, o in rows]


@pytest.mark.timeout(DEMO_TIMEOUT_S)
@pytest.mark.usefixtures("servers_in_env")
def test_every_reminder_goes_out_by_email_and_telegram_as_well_as_on_screen(
    cli: CliRunner, smtp: SmtpServer, telegram: BotApiServer, tmp_path: Path
) -> None:
    database = tmp_path / "demo.db"
    run = cli("demo", "--database", database, "--channels", "email,telegram", "--until", UNTIL)
    assert run.code == 0, run.err
    log = _log(database)
    by_channel = {channel: [row for row in log if row[0] == channel] for channel in
                  ("console", "email", "telegram")}  # fmt: skip
    assert all(outcome == "accepted" for _, _, outcome in log)
    # Every message the log says the mail server took is in its mailbox, once.
    mails = smtp.messages()
    assert len(mails) == len(by_channel["email"]) > 0
    assert len({mail["Message-ID"] for mail in mails}) == len(mails)
    assert sorted(mail["To"].addresses[0].addr_spec for mail in mails) == sorted(
        address for _, address, _ in by_channel["email"]
    )
    # Every unit with a chat heard on Telegram; long digests arrive in several parts.
    chats = {int(address) for _, address, _ in by_channel["telegram"]}
    assert -1001000000001 in chats  # Văn phòng Sở's group (the example directory)
    assert len(telegram.sent()) >= len(by_channel["telegram"]) > 0
    assert {call.chat_id for call in telegram.sent()} == chats
    # The console still shows every unit's messages; the totals close the replay.
    assert len(by_channel["console"]) > 0
    assert f"Email: {len(mails)} thư đã được máy chủ {smtp.host}:{smtp.port} nhận" in run.out
    assert f"Telegram: {len(by_channel['telegram'])} tin nhắn đã gửi" in run.out
    assert "Tình hình thực hiện lúc 05/08/2025 17:00" in run.out


def test_a_channel_without_its_server_is_named_before_anything_runs(
    cli: CliRunner, tmp_path: Path
) -> None:
    run = cli("demo", "--database", tmp_path / "demo.db", "--channels", "email", "--until", UNTIL)
    assert run.code == 2
    assert "NHACVIEC_SMTP_HOST" in run.err
    assert "Đã nhập" not in run.out  # refused before the plans are read


def test_an_unknown_channel_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("demo", "--database", tmp_path / "demo.db", "--channels", "fax")
    assert run.code == 2
    assert "Không có kênh «fax»: hãy chọn trong các kênh console, email, telegram, zalo." in run.err


_DAY = re.compile(r"\d\d/\d\d/\d{4}")
_ACTION = "việc cần làm ngay"


def _routine_emails(smtp: SmtpServer) -> Counter[tuple[str, str]]:
    """(address, day) of each routine email: its subject names the day; an action item's
    subject says it is one."""
    found: Counter[tuple[str, str]] = Counter()
    for mail in smtp.messages():
        subject = str(mail["Subject"])
        if not subject.removeprefix("[Nhắc việc] ").lower().startswith(_ACTION):
            found[(mail["To"].addresses[0].addr_spec, _last_day_in(subject))] += 1
    return found


def _routine_chats(telegram: BotApiServer) -> Counter[tuple[str, str]]:
    """(chat, day) of each routine Telegram message: its first part opens with its title and
    day (a long message's other parts do not)."""
    found: Counter[tuple[str, str]] = Counter()
    for call in telegram.sent():
        title = re.match(r"<b>([^<]+) — [^<]*?(\d\d/\d\d/\d{4})</b>\n", call.text or "")
        if title and not title[1].lower().startswith(_ACTION):
            found[(str(call.chat_id), title[2])] += 1
    return found


def _routine_console_lines(out: str) -> Counter[tuple[str, str]]:
    """(unit, day) of each routine message the console shows: its line's counts are not only
    action items."""
    found: Counter[tuple[str, str]] = Counter()
    day = ""
    for line in out.splitlines():
        if _DAY.fullmatch(line.strip()):
            day = line.strip()
        elif (shown := re.match(r"\s+→ (.+?): (.+)$", line)) and not all(
            _ACTION in part for part in shown.group(2).split(", ")
        ):
            found[(shown.group(1), day)] += 1
    return found


def _last_day_in(text: str) -> str:
    days: list[str] = _DAY.findall(text)
    return days[-1]


@pytest.mark.slow
@pytest.mark.timeout(1200)
@pytest.mark.usefixtures("servers_in_env")
def test_no_address_gets_two_routine_messages_on_one_day_over_the_half_year(
    cli: CliRunner, smtp: SmtpServer, telegram: BotApiServer, tmp_path: Path
) -> None:
    run = cli("demo", "--database", tmp_path / "demo.db", "--channels", "email,telegram")
    assert run.code == 0, run.err
    for routine in (
        _routine_emails(smtp),
        _routine_chats(telegram),
        _routine_console_lines(run.out),
    ):
        assert len(routine) > 500  # address-days over the half-year, each …
        assert max(routine.values()) == 1  # … with one routine message
    # Action items went on their own, and say so.
    assert any(
        str(m["Subject"]).startswith("[Nhắc việc] Việc cần làm ngay:") for m in smtp.messages()
    )
