"""``nhacviec check-channels``: a test message to a unit's contacts through a real SMTP server and
a real Bot API server on loopback, and an exact account of what failed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import CliRunner
from tests.shared_paths import require_shared
from tests.smtp_server import SmtpServer
from tests.telegram_api import BotApiServer, serve_in_thread

REPO = Path(__file__).resolve().parents[2]
SCT_UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"
OFFICE = "Văn phòng Sở"  # emails: vanphong.sct@…; chat -1001000000001; head: mail and chat
OFFICE_CHAT, HEAD_CHAT = -1001000000001, 700000001
NOW = "2026-11-23T09:00+07:00"


@pytest.fixture
def telegram() -> Iterator[BotApiServer]:
    with serve_in_thread(BotApiServer(any_chat=True)) as server:
        yield server


@pytest.fixture
def channels_env(
    smtp: SmtpServer, telegram: BotApiServer, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in smtp.environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("NHACVIEC_TELEGRAM_TOKEN", telegram.token)
    monkeypatch.setenv("NHACVIEC_TELEGRAM_BASE_URL", telegram.base_url)


@pytest.fixture
def imported(cli: CliRunner, channels_env: None) -> None:
    plan = require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx")
    run = cli("--now", NOW, "plan", "import", plan, "--units", SCT_UNITS)
    assert run.code == 0, run.err


@pytest.mark.usefixtures("imported")
def test_every_contact_of_the_unit_and_its_head_gets_the_test_message(
    cli: CliRunner, smtp: SmtpServer, telegram: BotApiServer
) -> None:
    run = cli("--now", NOW, "check-channels", "--unit", "VP Sở", "--json")
    assert run.code == 0, run.err
    rows = run.json()
    assert [(row["channel"], row["address"], row["for"], row["outcome"]) for row in rows] == [
        ("email", "vanphong.sct@example.org", "unit", "accepted"),
        ("telegram", str(OFFICE_CHAT), "unit", "accepted"),
        ("email", "nguyen.van.an.sct@example.org", "head", "accepted"),
        ("telegram", str(HEAD_CHAT), "head", "accepted"),
    ]
    mails = smtp.messages()
    assert [mail["To"].addresses[0].addr_spec for mail in mails] == [
        "vanphong.sct@example.org",
        "nguyen.van.an.sct@example.org",
    ]
    assert str(mails[0]["Subject"]) == (
        "[Nhắc việc] Tin nhắn thử: kiểm tra kênh nhận nhắc việc — 23/11/2026"
    )
    plain = mails[0].get_body(("plain",))
    assert plain is not None
    assert "Kính gửi: Văn phòng Sở" in plain.get_content()
    group_text = telegram.sent(OFFICE_CHAT)[0].text or ""
    assert "KIỂM TRA KÊNH NHẬN NHẮC VIỆC" in group_text
    assert len(telegram.sent(HEAD_CHAT)) == 1
    log = cli("deliveries", "--json").json()
    assert len(log) == 4
    assert {row["outcome"] for row in log} == {"accepted"}
    assert {row["reminders"] for row in log} == {0}


@pytest.mark.usefixtures("imported")
def test_a_blocked_chat_and_a_refused_mailbox_are_named_with_their_reasons(
    cli: CliRunner, smtp: SmtpServer, telegram: BotApiServer
) -> None:
    telegram.block(HEAD_CHAT)
    smtp.answer(550, at="rcpt", times=1)
    run = cli("--now", NOW, "check-channels", "--unit", OFFICE)
    assert run.code == 1
    assert "vanphong.sct@example.org" in run.out
    assert "550" in run.out  # the server's own reply is shown
    assert "Forbidden:" in run.out  # Telegram's own words (the table wraps the sentence)
    assert "2/4 địa chỉ không nhận được tin nhắn thử" in run.err
    failed = cli("deliveries", "--failed", "--json").json()
    assert {row["channel"] for row in failed} == {"email", "telegram"}
    [blocked] = [row["detail"] for row in failed if row["channel"] == "telegram"]
    assert "người nhận đã chặn bot" in blocked
    assert '(Telegram: "Forbidden: bot was blocked by the user")' in blocked


@pytest.mark.usefixtures("imported")
def test_only_the_chosen_channel_is_checked(
    cli: CliRunner, smtp: SmtpServer, telegram: BotApiServer
) -> None:
    run = cli("--now", NOW, "check-channels", "--unit", OFFICE, "--channel", "telegram")
    assert run.code == 0, run.err
    assert smtp.messages() == []
    assert len(telegram.sent()) == 2


@pytest.mark.usefixtures("imported")
def test_an_unconfigured_channel_is_reported_while_the_other_is_checked(
    cli: CliRunner, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NHACVIEC_TELEGRAM_TOKEN")
    run = cli("--now", NOW, "check-channels", "--unit", OFFICE, "--json")
    assert run.code == 1
    outcomes = {(row["channel"], row["outcome"]) for row in run.json()}
    assert outcomes == {("email", "accepted"), ("telegram", "permanent")}
    telegram_row = next(row for row in run.json() if row["channel"] == "telegram")
    assert "NHACVIEC_TELEGRAM_TOKEN" in telegram_row["detail"]
    assert len(smtp.messages()) == 2


@pytest.mark.usefixtures("channels_env")
def test_an_address_outside_any_unit_can_be_checked_before_any_plan(
    cli: CliRunner, smtp: SmtpServer, telegram: BotApiServer
) -> None:
    run = cli("--now", NOW, "check-channels", "--to", "email:it@stc.gov.vn", "--to", "telegram:555")
    assert run.code == 0, run.err
    assert smtp.messages()[0]["To"].addresses[0].addr_spec == "it@stc.gov.vn"
    assert len(telegram.sent(555)) == 1


@pytest.mark.usefixtures("channels_env")
def test_a_wrong_bot_token_is_said_plainly(
    cli: CliRunner, telegram: BotApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NHACVIEC_TELEGRAM_TOKEN", "123:wrong")
    run = cli("--now", NOW, "--lang", "en", "check-channels", "--to", "telegram:555", "--json")
    assert run.code == 1
    (row,) = run.json()
    assert row["outcome"] == "temporary"  # reminders wait for the token to be fixed
    assert "NHACVIEC_TELEGRAM_TOKEN" in row["detail"]
    assert "wrong" not in row["detail"]  # never the token itself


@pytest.mark.usefixtures("channels_env")
def test_the_mail_server_down_is_a_temporary_failure_that_names_the_server(
    cli: CliRunner, smtp: SmtpServer
) -> None:
    smtp.stop()
    run = cli("--now", NOW, "--lang", "en", "check-channels", "--to", "email:it@stc.gov.vn")
    assert run.code == 1
    assert f"{smtp.host}:{smtp.port}" in run.out
    assert "temporary failure" in run.out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--unit", "Phòng Không Có"), "Không tìm thấy đơn vị «Phòng Không Có»"),
        (("--to", "fax:123"), "không phải một địa chỉ nhận"),
        (("--to", "email:a@b.vn", "--channel", "sms"), "Không có kênh «sms»: hãy chọn trong"),
        ((), "Hãy chọn đơn vị cần kiểm tra (--unit) hoặc địa chỉ nhận (--to)."),
    ],
)
@pytest.mark.usefixtures("imported")
def test_bad_requests_say_what_to_do(
    cli: CliRunner, smtp: SmtpServer, args: tuple[str, ...], words: str
) -> None:
    run = cli("--now", NOW, "check-channels", *args)
    assert run.code == 2
    assert words in run.err
    assert smtp.messages() == []
