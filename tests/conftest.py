"""Fixtures shared by every test: isolated settings, one store fixture for every backend, the
loopback servers in their plain form (a test wanting another form defines its own)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from nhacviec.store.database import ensure_schema, make_engine
from tests.postgres import database
from tests.smtp_server import SmtpServer
from tests.zalo_api import ZaloBotServer, serve_in_thread


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """``python -m pytest`` (or any run of whole folders) runs on every core with pytest-xdist,
    each test file in one worker (``--dist loadfile``: a file's module-level caches and fixtures
    are built once). A run of named files or tests stays in this process, where starting
    workers would cost more than it saves. A ``-n`` given on the command line wins: ``-n 0``
    runs everything in this one process."""
    if not config.pluginmanager.hasplugin("xdist") or hasattr(config, "workerinput"):
        return
    option = config.option
    if option.numprocesses is not None or option.collectonly or option.usepdb:
        return
    if any(Path(arg.split("::")[0]).is_file() for arg in config.args):
        return
    cores = len(os.sched_getaffinity(0))
    if cores < 2:
        return
    option.numprocesses = cores
    if option.dist == "no":
        option.dist = "loadfile"


MAY_SKIP = ("postgres", "browser")  # their helpers fail instead under CI=true


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Only a ``postgres`` test (no server) or a ``browser`` test (no Chromium) may skip, and
    only outside CI: any other skip is a test that silently stopped testing (a fixture gone
    missing, a module renamed), so it fails."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    if any(item.get_closest_marker(name) is not None for name in MAY_SKIP):
        return
    report.outcome = "failed"
    report.longrepr = (
        f"{item.nodeid} skipped ({report.longrepr}); only PostgreSQL and browser tests may "
        "skip. A missing fixture belongs in tests/fixtures (see its README)."
    )


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's own settings, database or language."""
    for name in list(os.environ):
        if name.startswith("NHACVIEC_") and name != "NHACVIEC_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("NHACVIEC_HOME", str(tmp_path / "home"))


def _marked_postgres(request: pytest.FixtureRequest) -> None:
    """Only ``postgres`` tests may need the server: they are the ones that skip without it."""
    if request.node.get_closest_marker("postgres") is None:
        pytest.fail(f"{request.node.nodeid} uses PostgreSQL: mark it @pytest.mark.postgres")


@pytest.fixture
def postgres_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A PostgreSQL database of this test's own, migrated (a clone of the template)."""
    _marked_postgres(request)
    with database(migrated=True) as url:
        yield url


@pytest.fixture
def empty_postgres_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A brand-new, empty PostgreSQL database of this test's own (migrations start from
    nothing)."""
    _marked_postgres(request)
    with database(migrated=False) as url:
        yield url


@pytest.fixture(scope="session")
def _migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated once per test process; each test gets a copy of it."""
    path = tmp_path_factory.mktemp("sqlite-template") / "store.db"
    engine = make_engine(f"sqlite:///{path}")
    ensure_schema(engine)
    with engine.connect() as connection:  # everything in the main file, no WAL left over
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on SQLite and on PostgreSQL, each a migrated store of the test's own."""
    return migrated_store(request, request.param, tmp_path)


def migrated_store(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> str:
    """The URL of a migrated store of the test's own on ``backend`` (sqlite or postgres)."""
    if backend == "sqlite":
        path = tmp_path / "store.db"
        shutil.copyfile(request.getfixturevalue("_migrated_sqlite_file"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on SQLite (a new file) and on PostgreSQL (a new, empty database): for
    the tests of migrating and of a store's first use."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'new.db'}"
    url: str = request.getfixturevalue("empty_postgres_url")
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated store on every backend."""
    engine = make_engine(database_url)
    ensure_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A loopback SMTP server (plain, no login)."""
    with SmtpServer() as server:
        yield server


@pytest.fixture
def zalo() -> Iterator[ZaloBotServer]:
    """A loopback Zalo Bot API server that knows only the chats a test adds."""
    with serve_in_thread(ZaloBotServer()) as server:
        yield server
