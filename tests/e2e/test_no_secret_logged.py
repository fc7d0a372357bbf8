"""Issue 15, item 7: no secret is ever logged. A full ``nhacviec run`` sends by email (STARTTLS
with a login) and Telegram and polls the bot, all on loopback; its whole output is then searched
for the bot token (and its secret half) and the SMTP password."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from nhacviec.store import outbox
from nhacviec.store.database import make_engine
from nhacviec.store.models import Plan, Unit
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


@pytest.fixture
def store_url(tmp_path: Path, _migrated_sqlite_file: Path) -> str:
    database = tmp_path / "store.db"
    shutil.copyfile(_migrated_sqlite_file, database)
    return f"sqlite:///{database}"


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    started = Services(tmp_path)
    try:
        yield started
    finally:
        started.stop_all()


def _due_reminders(url: str) -> None:
    """One reminder due by email and one by Telegram (a new plan's notice: sent at once)."""
    engine = make_engine(url)
    with Session(engine) as session:
        session.add_all([Unit(key="thu/van-phong", name="Văn phòng", created_at=ops_seed.NOW)])
        session.add(ops_seed.new_plan())
        session.commit()
        unit_id = session.exec(select(Unit.id)).one()
        plan_id = session.exec(select(Plan.id)).one()
        assert unit_id is not None
        assert plan_id is not None
        rows = [
            outbox.OutboxRow(
                key=f"secret-test:{channel}",
                plan_id=plan_id,
                occurrence_id=None,
                kind="new_plan",
                stage=0,
                recipient_unit_id=unit_id,
                role="lead",
                channel=channel,
                address=address,
                due_at=ops_seed.NOW - timedelta(minutes=1),
            )
            for channel, address in (("email", "vanphong@example.gov.vn"), ("telegram", "4242"))
        ]
        outbox.add_rows(session, rows, ops_seed.NOW)
        session.commit()
    engine.dispose()


def test_a_full_run_logs_neither_the_bot_token_nor_the_smtp_password(
    tmp_path: Path,
    store_url: str,
    smtp: SmtpServer,
    telegram: BotApiServer,
    services: Services,
) -> None:
    _due_reminders(store_url)
    env = run_environment(tmp_path / "home", store_url, tmp_path / "unused.txt", every_s=1)
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
