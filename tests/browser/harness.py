"""The browser tests' world: Debian's Chromium (never a downloaded one), a real uvicorn server
on loopback over a SQLite store of the test's own, and a journey that saves a screenshot of
every step and collects what the page complained of (console errors, script errors, CSP
violations)."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import ConsoleMessage, Error, Page

from config.settings import Settings
from nhacviec.app import App
from nhacviec.i18n import Language
from nhacviec.services import accounts
from nhacviec.services.accounts import AccountRole, NewAccount
from nhacviec.web.server import create_api
from workflows.standing import LOCAL_TZ

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ENV = "NHACVIEC_CHROMIUM"  # another browser binary than Debian's
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
ARTIFACTS_ENV = "NHACVIEC_ARTIFACTS"  # where screenshots go; tests/artifacts by default
UNITS_DIRECTORIES = tuple(sorted((REPO / "config" / "units").glob("*.yaml")))
PASSWORD = "mật-khẩu-thử-1"
# The browser asks for it unbidden; the pages name no icon yet, so its 404 is no page's fault.
START_S = 30
POLL_S = 0.01
# Recorded in every page before its own scripts run (an init script is outside the CSP).
CSP_PROBE = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def find_chromium(environ: Mapping[str, str]) -> Path | None:
    """``$NHACVIEC_CHROMIUM``, else Debian's ``chromium`` package."""
    named = environ.get(CHROMIUM_ENV)
    candidates = (named,) if named else CHROMIUM_PATHS
    return next((Path(path) for path in candidates if path and os.access(path, os.X_OK)), None)


def require_chromium(environ: Mapping[str, str]) -> Path:
    """The browser; without one the test skips with the reason, but under ``CI=true`` it fails
    (CI installs the ``chromium`` package: .ci/run)."""
    found = find_chromium(environ)
    if found is not None:
        return found
    where = environ.get(CHROMIUM_ENV) or " or ".join(CHROMIUM_PATHS)
    reason = f"no Chromium at {where} (apt-get install chromium, or set {CHROMIUM_ENV})"
    if environ.get("CI") == "true":
        pytest.fail(f"a browser is required under CI=true: {reason}")
    pytest.skip(reason)


def artifacts_root(environ: Mapping[str, str]) -> Path:
    return Path(environ.get(ARTIFACTS_ENV) or REPO / "tests" / "artifacts")


class LiveServer:
    """``nhacviec web`` as it serves: the same application on a real uvicorn server, in a
    thread, on a loopback port the OS chose. Its clock is ``now`` (the real time unless set)."""

    def __init__(self, database_url: str, language: Language = Language.VI) -> None:
        self.now: datetime | None = None
        settings = Settings(database_url=database_url, units_directories=UNITS_DIRECTORIES)
        self.app = App(settings, clock=self.clock)
        api = create_api(self.app, clock=self.clock, language=language, max_upload_mb=20)
        self.server = uvicorn.Server(uvicorn.Config(api, log_level="warning"))
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )
        self.thread.start()
        deadline = time.monotonic() + START_S
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                pytest.fail(f"the web server did not start within {START_S} s")
            time.sleep(POLL_S)

    def clock(self) -> datetime:
        return self.now or datetime.now(LOCAL_TZ)

    def add_user(
        self, login: str, role: AccountRole, unit: str | None = None, password: str = PASSWORD
    ) -> None:
        """An account, made through the services as ``nhacviec user add`` makes it."""
        with self.app.transaction() as session:
            accounts.add_user(session, NewAccount(login, role, password, unit), self.clock())

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=START_S)
        self.socket.close()
        self.app.close()


class Journey:
    """One test's walk through the pages: ``step`` saves a numbered screenshot; ``problems``
    lists what the browser reported (console errors, uncaught errors, CSP violations)."""

    def __init__(self, page: Page, folder: Path) -> None:
        self.page, self.folder = page, folder
        self.steps = 0
        self.reported: list[str] = []
        page.add_init_script(CSP_PROBE)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.reported.append(f"uncaught: {error}"))

    def _console(self, message: ConsoleMessage) -> None:
        where = message.location.get("url", "")
        if message.type == "error":
            self.reported.append(f"console: {message.text} ({where})")

    def step(self, name: str) -> Path:
        """A full-page screenshot named after the step (``03-signed-in.png``)."""
        self.steps += 1
        path = self.folder / f"{self.steps:02d}-{slug(name)}.png"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def problems(self) -> list[str]:
        """Everything reported so far, with the current page's CSP violations."""
        try:
            violations: list[str] = self.page.evaluate("window.__cspViolations || []")
        except Error as exc:  # a page closed or navigating: what was reported stands
            violations = [f"(violations unreadable: {exc.message})"]
        return [*self.reported, *(f"CSP: {found}" for found in violations)]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "step"
