"""The web inside ``nhacviec run`` (``web.enabled``): a real service process answers the REST
API on its port beside the scheduler, and SIGTERM or Ctrl+C stops both with exit 0; a taken
port is a sentence before anything starts; ``web.enabled: false`` leaves the port alone."""

from __future__ import annotations

import signal
import socket
from datetime import UTC, datetime
from pathlib import Path

import httpx2
import pytest

from config.settings import Settings
from nhacviec.app import App
from nhacviec.services import accounts
from nhacviec.services.accounts import AccountRole, NewAccount
from tests.e2e.conftest import CliRunner
from tests.e2e.services import Service, Services, run_environment, wait_for

START_S = 60  # a busy machine starts a service slowly
STOP_S = 30


def free_port() -> int:
    """A port the OS has just handed out and nobody holds (bound and released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def token_of_a_leader(url: str) -> str:
    """An account made through the services, as ``nhacviec user add`` makes it."""
    now = datetime.now(UTC)
    app = App(Settings(database_url=url))
    try:
        with app.transaction() as session:
            accounts.add_user(session, NewAccount("leader", AccountRole.LEADER, "mật-khẩu-1"), now)
            return accounts.issue_token(session, "leader", now)
    finally:
        app.close()


def answer(port: int, token: str | None = None) -> httpx2.Response | None:
    """The task list, or None while nothing answers on the port yet."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        return httpx2.get(f"http://127.0.0.1:{port}/api/v1/tasks", headers=headers, timeout=10)
    except httpx2.TransportError:
        return None


def start_with_web(services: Services, tmp_path: Path, port: int, **web: str) -> Service:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    env = run_environment(tmp_path / "home", url, tmp_path / "reminders.txt")
    env |= {"NHACVIEC_WEB_ENABLED": "true", "NHACVIEC_WEB_PORT": str(port)} | web
    return services.start("service", env)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl+C"])
def test_the_service_answers_on_the_web_port_and_stops_with_it(
    services: Services, tmp_path: Path, stop: signal.Signals
) -> None:
    port = free_port()
    token = token_of_a_leader(f"sqlite:///{tmp_path / 'store.db'}")
    service = start_with_web(services, tmp_path, port)
    wait_for(service.started, within=START_S, what="the scheduler to start")
    refused = wait_for(lambda: answer(port), within=START_S, what=f"an answer on port {port}")
    listed = answer(port, token)

    started = datetime.now(UTC)
    service.process.send_signal(stop)
    code = service.process.wait(STOP_S)
    assert code == 0, service.log()
    assert (datetime.now(UTC) - started).total_seconds() < STOP_S
    assert refused is not None
    assert refused.status_code == 401
    assert refused.headers["X-Frame-Options"] == "DENY"
    assert listed is not None
    assert (listed.status_code, listed.json()) == (200, [])
    log = service.log()
    assert f'"url": "http://127.0.0.1:{port}/"' in log
    assert log.index('"web serving"') < log.index('"web stopped"')
    assert '"scheduler stopped"' in log
    assert answer(port) is None  # nothing listens once stopped


def test_a_taken_web_port_is_said_before_the_service_starts(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", f"sqlite:///{tmp_path / 'store.db'}")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        monkeypatch.setenv("NHACVIEC_WEB_PORT", str(port))
        run = cli("--lang", "en", "run")
    assert run.code == 2
    assert run.err.startswith(f"Cannot listen on 127.0.0.1 port {port} for the web: ")
    assert "web.port setting (or NHACVIEC_WEB_PORT)" in run.err
    assert "scheduler starting" not in run.err


def test_with_the_web_off_the_service_leaves_the_port_alone(
    services: Services, tmp_path: Path
) -> None:
    port = free_port()
    service = start_with_web(services, tmp_path, port, NHACVIEC_WEB_ENABLED="false")
    wait_for(service.started, within=START_S, what="the scheduler to start")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))  # would fail with EADDRINUSE were the web serving
    code, _ = service.terminate(STOP_S)
    assert code == 0, service.log()
    assert '"web serving"' not in service.log()
