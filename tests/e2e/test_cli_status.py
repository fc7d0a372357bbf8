"""``nhacviec status``: a real ``nhacviec run`` shows up (host, pid, last pass) and leaves when
stopped; the outbox, the dead letters and the last deliveries of a seeded store; the schema's
version beside the code's, never migrated by the report."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nhacviec.store.database import head_revision, make_engine
from tests import ops_seed
from tests.e2e.conftest import CliRunner
from tests.e2e.services import Services, nhacviec, run_environment, wait_for
from tests.telegram_api import BotApiServer, serve_in_thread

SERVICE_START_S = 60.0


def _status(env: dict[str, str]) -> Any:
    return json.loads(nhacviec(env, "status", "--json"))


def test_a_running_service_is_listed_with_its_last_pass_and_gone_once_stopped(
    tmp_path: Path, services: Services
) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    env = run_environment(tmp_path / "home", url, tmp_path / "reminders.txt", every_s=1)
    service = services.start("run", env)
    wait_for(service.started, within=SERVICE_START_S, what="the service to start")

    def passed() -> list[dict[str, object]]:
        found = _status(env)["instances"]
        assert isinstance(found, list)
        return [one for one in found if one["last_pass_at"]]

    (seen,) = wait_for(passed, within=SERVICE_START_S, what="a pass in the status")
    assert (seen["host"], seen["pid"]) == (socket.gethostname(), service.pid)
    assert (seen["alive"], seen["last_pass_ok"], seen["bot"]) == (True, True, "off")
    assert service.terminate(30)[0] == 0
    assert _status(env)["instances"] == []


def test_the_report_in_words_and_in_json(
    cli: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(sqlite_url)
    assert cli("db", "upgrade").code == 0
    ops_seed.seed(engine)
    engine.dispose()
    now = ops_seed.NOW.isoformat()
    report = cli("status", "--json", "--now", now).json()
    assert report["schema"] == {"stored": head_revision(), "code": head_revision(), "current": True}
    assert report["outbox"]["pending"] == {"email": 3, "telegram": 2}
    assert report["dead"] == {"email": 1}
    assert report["oldest_due_at"] == ops_seed.OLDEST_DUE.isoformat()
    assert report["last_delivered"]["telegram"] == ops_seed.LAST_TELEGRAM.isoformat()
    assert (report["instances"], report["bot_poller"]) == ([], None)
    words = cli("--lang", "en", "status", "--now", now)
    assert words.code == 0
    assert "5 pending" in words.out
    assert "Reminders that failed for good: email 1." in words.out
    assert "No service is running" in words.out
    vi = cli("status", "--now", now)
    assert "Nhắc việc không gửi được: email 1." in vi.out
    assert "đang chờ 5" in vi.out


def test_a_new_database_is_reported_as_having_no_schema(cli: CliRunner, sqlite_url: str) -> None:
    first = cli("--lang", "en", "status")
    assert first.code == 0
    assert "has no schema yet" in first.out
    assert cli("status", "--json").json()["schema"]["stored"] is None  # still nothing migrated


@pytest.fixture
def telegram() -> Iterator[BotApiServer]:
    with serve_in_thread(BotApiServer(any_chat=True)) as server:
        yield server


@pytest.mark.postgres
def test_two_services_on_postgresql_one_polls_and_the_other_takes_over(
    tmp_path: Path, services: Services, postgres_url: str, telegram: BotApiServer
) -> None:
    env = run_environment(tmp_path / "home", postgres_url, tmp_path / "reminders.txt", every_s=1)
    env |= {
        "NHACVIEC_TELEGRAM_TOKEN": telegram.token,
        "NHACVIEC_TELEGRAM_BASE_URL": telegram.base_url,
    }
    first, second = services.start("first", env), services.start("second", env)
    for service in (first, second):
        wait_for(service.started, within=SERVICE_START_S, what=f"{service.name} to start")

    def poller() -> str | None:
        report = _status(env)
        running = [one for one in report["instances"] if one["alive"]]
        found: str | None = report["bot_poller"]
        return found if len(running) == 2 else None

    leader = wait_for(poller, within=SERVICE_START_S, what="two services, one polling the bot")
    pids = {f"{socket.gethostname()}:{service.pid}": service for service in (first, second)}
    assert leader in pids
    pids[leader].kill()  # kill -9: its session ends, PostgreSQL releases the lock
    (survivor,) = (owner for owner in pids if owner != leader)
    assert _status(env)["bot_poller"] != leader
    # The survivor tries to lead every 5 s (bot.runner.Polling.retry_s); goal < 60 s.
    wait_for(
        lambda: _status(env)["bot_poller"] == survivor,
        within=60,
        what="the survivor to take over polling",
    )
