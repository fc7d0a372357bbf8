"""Fixtures of the browser tests (marker ``browser``): Debian's Chromium driven by Playwright,
a live server per test, and a ``journey`` whose screenshots are saved under tests/artifacts (or
``$NHACVIEC_ARTIFACTS``) at every step and when the test fails."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ViewportSize, sync_playwright

from tests.browser.harness import (
    Journey,
    LiveServer,
    artifacts_root,
    require_chromium,
    slug,
)
from tests.conftest import migrated_store

_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Keeps each phase's report on the test, so ``journey`` knows whether it failed."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    item.stash.setdefault(_REPORTS, {})[report.when] = report


def _marked_browser(request: pytest.FixtureRequest) -> None:
    """Only ``browser`` tests may need Chromium: they are the ones that skip without it."""
    if request.node.get_closest_marker("browser") is None:
        pytest.fail(f"{request.node.nodeid} drives a browser: mark it @pytest.mark.browser")


@pytest.fixture
def chromium() -> Iterator[Browser]:
    """Headless Chromium from the system, never a downloaded one. One per test: Playwright's
    sync API keeps an event loop running in the thread while it is open, and a later test of
    the same worker calling ``asyncio.run`` (the demo, the scheduler) must not find it."""
    executable = require_chromium(os.environ)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), headless=True)
        yield browser
        browser.close()


@pytest.fixture
def live_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    server = LiveServer(migrated_store(request, "sqlite", tmp_path))
    yield server
    server.close()


@pytest.fixture
def journey(
    request: pytest.FixtureRequest, chromium: Browser, live_server: LiveServer
) -> Iterator[Journey]:
    """A fresh browser context (its own cookies) on the live server, Vietnamese first."""
    _marked_browser(request)
    context = chromium.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        viewport=VIEWPORT,
    )
    context.set_default_timeout(15_000)
    folder = artifacts_root(os.environ) / slug(request.node.nodeid)
    walk = Journey(context.new_page(), folder)
    yield walk
    reports = request.node.stash.get(_REPORTS, {})
    if any(report.failed for report in reports.values()):
        walk.step("failure")
    context.close()
