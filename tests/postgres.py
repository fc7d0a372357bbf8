"""PostgreSQL databases for tests: one migrated template, cloned for each test.

Migrating a database takes a second or more; ``CREATE DATABASE … TEMPLATE`` copies a migrated
one in a few milliseconds. The template is named after a hash of the migration files, so a
changed migration makes a new template, and it is built once by whichever test process gets
there first: the others wait on an advisory lock. It is built under a temporary name and renamed
only when complete, so no test ever clones a half-built template.

Each test gets a database of its own (``nhacviec_test_<random>``) and drops it afterwards, so
tests running side by side (pytest-xdist workers) never see each other's rows or locks.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from nhacviec.store.database import make_engine, upgrade
from nhacviec.store.leader import lock_key

POSTGRES_URL = os.environ.get(
    "NHACVIEC_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
# Any fixed number: the advisory lock the test processes take turns on to build the template.
_TEMPLATE_LOCK_ID = 0x6E687474


def admin_engine() -> Engine:
    """An autocommit engine on the server's maintenance database; skips the test (fails it
    under ``CI=true``) when no server answers."""
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


@cache
def migrations_hash() -> str:
    """A short hash of every migration file: the template's name changes with them."""
    root = Path(str(resources.files("nhacviec.store").joinpath("migrations")))
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".mako"}:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def template_name() -> str:
    return f"nhacviec_template_{migrations_hash()}"


def url_of(admin: Engine, database: str) -> str:
    return admin.url.set(database=database).render_as_string(hide_password=False)


def _exists(connection: Connection, database: str) -> bool:
    found = connection.execute(
        text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": database}
    )
    return found.first() is not None


@contextmanager
def _template_lock(connection: Connection) -> Iterator[None]:
    connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": _TEMPLATE_LOCK_ID})
    try:
        yield
    finally:
        connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": _TEMPLATE_LOCK_ID})


def ensure_template(admin: Engine) -> str:
    """The migrated template's name, built first if no process has built it yet."""
    name = template_name()
    with admin.connect() as connection:
        if _exists(connection, name):
            return name
        with _template_lock(connection):
            if _exists(connection, name):  # another process built it while this one waited
                return name
            building = f"{name}_building"
            connection.execute(text(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{building}"'))
            engine = make_engine(url_of(admin, building))
            try:
                upgrade(engine)
            finally:
                engine.dispose()
            connection.execute(text(f'ALTER DATABASE "{building}" RENAME TO "{name}"'))
    return name


@contextmanager
def database(*, migrated: bool = True, copy_of: str | None = None) -> Iterator[str]:
    """The URL of a new database of its own: a copy of the database at ``copy_of`` (a URL;
    nobody may be connected to it), else migrated (cloned from the template) or empty;
    dropped when the block ends."""
    admin = admin_engine()
    name = f"nhacviec_test_{uuid.uuid4().hex[:12]}"
    try:
        source = make_url(copy_of).database if copy_of else None
        if source is None and migrated:
            source = ensure_template(admin)
        template = f' TEMPLATE "{source}"' if source else ""
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{template}'))
        yield url_of(admin, name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


OWN_DATABASE = "database = (SELECT oid FROM pg_database WHERE datname = current_database())"
"""A ``pg_locks`` condition: locks in the database the query runs in, not the whole server's."""


def advisory_lock_holders(url: str, name: str) -> list[str]:
    """Who holds the advisory lock ``nhacviec.store.leader.lock_key(name)`` in the database of
    ``url``, as PostgreSQL sees it (``pg_locks`` joined with the holders' ``application_name``).
    Only that database's locks count: another database on the same server (another test
    running beside this one) may hold a lock with the same key."""
    key = lock_key(name)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
                    " WHERE l.locktype = 'advisory' AND l.granted"
                    f" AND l.{OWN_DATABASE} AND l.classid = :high AND l.objid = :low"
                    " ORDER BY a.application_name"
                ),
                {"high": (key >> 32) & 0xFFFFFFFF, "low": key & 0xFFFFFFFF},
            )
            return [row[0] for row in rows]
    finally:
        engine.dispose()
