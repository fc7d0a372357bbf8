"""``nhacviec run`` with a Telegram token: real service processes answer the bot's commands
through the loopback Bot API server; with several services on PostgreSQL only the leader polls,
and another takes over when it dies. Every wait is on the server (a poll, a request), never a
fixed sleep."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nhacviec.bot.commands import published
from nhacviec.i18n import Language
from tests.e2e.conftest import CliRunner
from tests.e2e.services import Service, Services, nhacviec, run_environment
from tests.postgres import advisory_lock_holders
from tests.shared_paths import require_shared
from tests.telegram_api import BotApiServer, serve_in_thread

REPO = Path(__file__).resolve().parents[2]
SCT_UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"
DEFAULT_SCOPE = '{"type": "default"}'
START_S = 60.0  # a service process starting on a busy machine


@pytest.fixture
def telegram() -> Iterator[BotApiServer]:
    with serve_in_thread(BotApiServer()) as server:
        yield server


def bot_environment(
    tmp_path: Path, database_url: str, telegram: BotApiServer, **more: str
) -> dict[str, str]:
    """A service on ``database_url`` whose bot talks to the loopback server: short long polls
    and leadership attempts, so a test sees a takeover within seconds."""
    env = run_environment(tmp_path / "home", database_url, tmp_path / "reminders.txt")
    return env | {
        "NHACVIEC_TELEGRAM_TOKEN": telegram.token,
        "NHACVIEC_TELEGRAM_BASE_URL": telegram.base_url,
        "NHACVIEC_TELEGRAM_POLL_TIMEOUT_S": "1",
        "NHACVIEC_TELEGRAM_LEADER_RETRY_S": "0.1",
        **more,
    }


def holder(service: Service) -> str:
    """How a service names itself as the lock's holder (``scheduler.service.default_owner``)."""
    return f"{socket.gethostname()}:{service.pid}"[:63]


def lock_holders(url: str, telegram: BotApiServer) -> list[str]:
    """Who holds the bot's polling lock in the test's own database, as PostgreSQL sees it."""
    return advisory_lock_holders(url, f"nhacviec.telegram.poller:{telegram.bot.id}")


def replies_to(telegram: BotApiServer, chat_id: int, count: int) -> list[str]:
    calls = telegram.wait_for_calls(
        "sendMessage", count=count, timeout=30, where=lambda call: call.chat_id == chat_id
    )
    return [call.text or "" for call in calls]


def test_the_service_links_a_chat_and_answers_trogiup(
    telegram: BotApiServer, services: Services, tmp_path: Path
) -> None:
    env = bot_environment(tmp_path, f"sqlite:///{tmp_path / 'store.db'}", telegram)
    plan = require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx")
    nhacviec(env, "plan", "import", plan, "--units", SCT_UNITS)
    code = json.loads(nhacviec(env, "unit", "invite", "Phòng QLTM", "--json"))["code"]
    head = telegram.add_user("Võ Thị Hà")
    group = telegram.add_group("Phòng QLTM - công việc", supergroup=True)

    service = services.start("service", env)
    telegram.wait_until_polling(START_S)
    telegram.push_message(group, head, f"/start {code}")
    telegram.push_message(group, head, "/trogiup@nhacviec_loopback_bot")
    linked, help_text = replies_to(telegram, group.id, 2)
    exit_code, _ = service.terminate(timeout=30)

    assert exit_code == 0, service.log()
    assert "Phòng Quản lý Thương mại" in linked
    assert "/viec" in help_text
    assert "/baocao" in help_text
    assert "/xacnhan" not in help_text  # the office's commands are not listed to a unit
    vietnamese = [{"command": c, "description": d} for c, d in published(Language.VI)]
    english = [{"command": c, "description": d} for c, d in published(Language.EN)]
    assert telegram.commands == {(DEFAULT_SCOPE, ""): vietnamese, (DEFAULT_SCOPE, "en"): english}
    assert telegram.calls()[-1].method == "getUpdates"  # the handled updates are confirmed
    assert telegram.pending_updates == []
    assert '"bot polling"' in service.log()
    assert '"bot stopped"' in service.log()


def test_a_webhook_without_its_secret_is_refused_before_the_service_starts(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", f"sqlite:///{tmp_path / 'store.db'}")
    monkeypatch.setenv("NHACVIEC_TELEGRAM_TOKEN", "7000000001:AAHloopbackTokenForTests")
    monkeypatch.setenv("NHACVIEC_TELEGRAM_MODE", "webhook")
    monkeypatch.setenv("NHACVIEC_TELEGRAM_WEBHOOK_URL", "https://nhacviec.example.gov.vn/tg")
    run = cli("run")
    assert run.code == 2
    assert "NHACVIEC_TELEGRAM_WEBHOOK_SECRET" in run.err
    assert not (tmp_path / "store.db.run.lock").exists()  # refused before taking the lock


@pytest.mark.postgres
@pytest.mark.timeout(240)
def test_on_postgresql_only_the_leader_polls_and_another_takes_over_when_it_dies(
    telegram: BotApiServer, services: Services, postgres_url: str, tmp_path: Path
) -> None:
    env = bot_environment(tmp_path, postgres_url, telegram)
    user = telegram.add_user("Nguyễn Văn An")
    chat = telegram.add_private_chat(user)

    first = services.start("first", env)
    telegram.wait_until_polling(START_S)
    second = services.start("second", env)
    telegram.wait_for_calls("setMyCommands", count=4, timeout=START_S)  # the second is up
    polls = len(telegram.calls("getUpdates"))
    # three more long polls of one second: the second tried to lead about thirty times
    telegram.wait_for_calls("getUpdates", count=polls + 3, timeout=30)
    assert lock_holders(postgres_url, telegram) == [holder(first)]
    assert [call.status for call in telegram.calls() if call.status == 409] == []
    telegram.push_message(chat, user, "/trogiup")
    [refusal] = replies_to(telegram, chat.id, 1)  # a chat not linked: a polite refusal

    # The server stamps each call when it arrives; the stamp is taken before the kill, since
    # on a busy machine the second may take over before this process sees the first reaped.
    killing_at = time.monotonic()
    first.kill()
    telegram.push_message(chat, user, "/trogiup")
    answered = replies_to(telegram, chat.id, 2)
    assert answered == [refusal, refusal]
    assert lock_holders(postgres_url, telegram) == [holder(second)]
    telegram.wait_for_calls(  # the second polls, and its polls are answered
        "getUpdates", timeout=30, where=lambda call: call.at > killing_at and call.ok
    )
    conflicts = [call for call in telegram.calls("getUpdates") if call.status == 409]
    assert len(conflicts) <= 1  # only the dead leader's abandoned poll may get a 409
    code, _ = second.terminate(timeout=30)
    assert code == 0, second.log()
    assert '"bot following: another instance polls"' in second.log()
    assert '"bot polling"' in second.log()
    assert '"bot polling"' in first.log()
