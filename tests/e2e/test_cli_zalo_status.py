"""``nhacviec status`` shows the Zalo channel like the Telegram bot: configured or not, the
bot's mode, who receives its messages, the last poll and delivery, the Zalo chats linked."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nhacviec.i18n import translate
from nhacviec.store.database import make_engine
from tests import ops_seed
from tests.e2e.conftest import CliRunner
from tests.e2e.services import Services, nhacviec, run_environment, wait_for
from tests.zalo_api import ZaloBotServer, serve_in_thread

TOKEN = "1459232241454765289:zaloStatusSecretForTests_0123456789"


def test_without_a_token_zalo_is_reported_not_configured(cli: CliRunner, sqlite_url: str) -> None:
    assert cli("db", "upgrade").code == 0
    now = ops_seed.NOW.isoformat()
    report = cli("status", "--json", "--now", now).json()
    assert report["zalo"] == {
        "configured": False,
        "mode": "off",
        "poller": None,
        "receivers": [],
        "last_poll_at": None,
        "last_sent_at": None,
        "linked_chats": 0,
    }
    words = cli("--lang", "en", "status", "--now", now)
    assert "Zalo: not configured (NHACVIEC_ZALO_TOKEN is not set); 0 Zalo chats linked." in (
        words.out
    )


def test_a_configured_zalo_bot_with_nobody_polling(
    cli: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NHACVIEC_ZALO_TOKEN", TOKEN)
    assert cli("db", "upgrade").code == 0
    engine = make_engine(sqlite_url)
    ops_seed.seed(engine)
    engine.dispose()
    now = ops_seed.NOW.isoformat()
    report = cli("status", "--json", "--now", now).json()
    assert report["zalo"]["configured"] is True
    assert report["zalo"]["mode"] == "polling"
    assert report["zalo"]["poller"] is None
    en = cli("--lang", "en", "status", "--now", now).out
    assert "Zalo: bot polling; the service receiving its messages: none" in en
    assert "last poll: none yet" in en
    vi = cli("status", "--now", now).out
    assert "Zalo: bot hỏi tin định kỳ (polling)" in vi
    assert TOKEN.split(":")[1] not in vi + en


@pytest.fixture
def zalo() -> Iterator[ZaloBotServer]:
    with serve_in_thread(ZaloBotServer()) as server:
        yield server


def test_a_running_service_polling_zalo_shows_in_the_status(
    tmp_path: Path, services: Services, zalo: ZaloBotServer
) -> None:
    """A real ``nhacviec run`` with a Zalo token (SQLite: it polls alone): the status names it
    as the service receiving Zalo's messages and tells its last poll."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    env = run_environment(tmp_path / "home", url, tmp_path / "reminders.txt", every_s=1)
    env |= {
        "NHACVIEC_ZALO_TOKEN": zalo.token,
        "NHACVIEC_ZALO_BASE_URL": zalo.base_url,
        "NHACVIEC_ZALO_POLL_TIMEOUT_S": "1",
    }
    service = services.start("run", env)
    wait_for(service.started, within=60, what="the service to start")

    def polled() -> dict[str, Any] | None:
        found: dict[str, Any] = json.loads(nhacviec(env, "status", "--json"))["zalo"]
        return found if found["last_poll_at"] else None

    seen = wait_for(polled, within=60, what="a Zalo poll in the status")
    assert seen is not None
    owner = f"{socket.gethostname()}:{service.pid}"
    assert (seen["configured"], seen["mode"], seen["poller"]) == (True, "polling", owner)
    assert seen["receivers"] == [owner]
    assert service.terminate(30)[0] == 0
    assert json.loads(nhacviec(env, "status", "--json"))["zalo"]["poller"] is None


@pytest.mark.postgres
def test_two_services_on_postgresql_one_polls_zalo_and_the_other_takes_over_when_killed(
    tmp_path: Path, services: Services, postgres_url: str, zalo: ZaloBotServer
) -> None:
    env = run_environment(tmp_path / "home", postgres_url, tmp_path / "reminders.txt", every_s=1)
    env |= {
        "NHACVIEC_ZALO_TOKEN": zalo.token,
        "NHACVIEC_ZALO_BASE_URL": zalo.base_url,
        "NHACVIEC_ZALO_POLL_TIMEOUT_S": "1",
    }
    first, second = services.start("first", env), services.start("second", env)
    for service in (first, second):
        wait_for(service.started, within=60, what=f"{service.name} to start")

    def poller() -> str | None:
        report = json.loads(nhacviec(env, "status", "--json"))
        running = [one for one in report["instances"] if one["alive"]]
        found: str | None = report["zalo"]["poller"]
        return found if len(running) == 2 else None

    leader = wait_for(poller, within=60, what="two services, one polling Zalo")
    owners = {f"{socket.gethostname()}:{service.pid}": service for service in (first, second)}
    assert leader in owners
    chat = zalo.add_chat("Người lạ")
    zalo.push_text(chat, "/trogiup")
    zalo.wait_for_calls("sendMessage", count=1, timeout=30)
    owners[leader].kill()  # kill -9: its session ends, PostgreSQL frees the Zalo lock
    (survivor,) = (owner for owner in owners if owner != leader)
    wait_for(  # the survivor tries to lead every 5 s
        lambda: json.loads(nhacviec(env, "status", "--json"))["zalo"]["poller"] == survivor,
        within=60,
        what="the survivor to take over polling Zalo",
    )
    zalo.push_text(chat, "/trogiup")
    zalo.wait_for_calls("sendMessage", count=2, timeout=30)
    assert [call.text for call in zalo.sent(chat.id)] == [translate("bot.not_linked", "vi")] * 2
    assert zalo.pending_updates == []
