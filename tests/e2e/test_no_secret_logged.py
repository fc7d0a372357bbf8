"""Issue 15, item 7: no secret is ever logged. A full ``nhacviec run`` sends by email (STARTTLS
with a login) and Telegram and polls the bot, all on loopback; its whole output is then searched
for the bot token (and its secret half) and the SMTP password."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import ops_seed
from tests.e2e.services import Services, run_environment, wait_for
from tests.smtp_server import SmtpServer
from tests.telegram_api import BotApiServer, serve_in_thread

PASSWORD = "smtp-Mật-khẩu-7f3a9c"
WITHIN_S = 60.0


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer(security="starttls", users={"nhacviec": PASSWORD}) as server:
        yield server


@pytest.fixture
def telegram() -> Iterator[BotApiServer]:
    with serve_in_thread(BotApiServer(any_chat=True)) as server:
        yield server


def test_a_full_run_logs_neither_the_bot_token_nor_the_smtp_password(
    tmp_path: Path,
    migrated_store_url: str,
    smtp: SmtpServer,
    telegram: BotApiServer,
    services: Services,
) -> None:
    addresses = [("email", "vanphong@example.gov.vn"), ("telegram", "4242")]
    ops_seed.due_notices(migrated_store_url, addresses, key="secret-test")
    env = run_environment(tmp_path / "home", migrated_store_url, tmp_path / "unused.txt", every_s=1)
    env |= smtp.environment(user="nhacviec", password=PASSWORD) | {
        "NHACVIEC_NOTIFY_CHANNELS": "email,telegram",
        "NHACVIEC_TELEGRAM_TOKEN": telegram.token,
        "NHACVIEC_TELEGRAM_BASE_URL": telegram.base_url,
    }
    service = services.start("run", env)
    wait_for(service.started, within=WITHIN_S, what="the service to start")
    telegram.wait_until_polling(timeout=WITHIN_S)
    wait_for(lambda: smtp.messages(), within=WITHIN_S, what="the email reminder")
    wait_for(lambda: telegram.calls("sendMessage"), within=WITHIN_S, what="the Telegram one")
    assert service.terminate(30)[0] == 0
    output = service.log() + service.stdout.read_text(encoding="utf-8", errors="replace")
    assert '"scheduler pass"' in output  # the log of a run that did send
    secret_half = telegram.token.split(":", 1)[1]
    for secret in (telegram.token, secret_half, PASSWORD):
        assert secret not in output
