"""Fixtures shared by every test: isolated settings, one store fixture for every backend."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from nhacviec.store.database import ensure_schema, make_engine

POSTGRES_URL = os.environ.get(
    "NHACVIEC_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's own settings, database or language."""
    for name in list(os.environ):
        if name.startswith("NHACVIEC_") and name != "NHACVIEC_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("NHACVIEC_HOME", str(tmp_path / "home"))


def _postgres_admin() -> Engine:
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        engine.dispose()
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required under CI=true but {POSTGRES_URL} failed: {exc}")
        pytest.skip(f"no PostgreSQL server at {POSTGRES_URL} (set NHACVIEC_TEST_POSTGRES_URL)")
    return engine


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A brand-new, empty PostgreSQL database for one test, dropped afterwards."""
    admin = _postgres_admin()
    name = f"nhacviec_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on SQLite (a file) and on PostgreSQL (a fresh database)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated store on every backend."""
    engine = make_engine(database_url)
    ensure_schema(engine)
    yield engine
    engine.dispose()
