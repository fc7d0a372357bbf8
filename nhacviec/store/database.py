"""Engines and schema migrations: the database is created and migrated on first use."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from nhacviec.errors import StoreError
from nhacviec.store.revisions import head_revision as head_revision

if TYPE_CHECKING:  # Alembic loads only when a migration runs
    from alembic.config import Config

SQLITE_BUSY_TIMEOUT_MS = 10_000
# Below this much free space, a SQLite failure is read as a full disk (SQLite itself says
# "database or disk is full", or "disk I/O error" when not even its -shm file fits).
DISK_FULL_BYTES = 1_048_576
# Any fixed number shared by every nhacviec instance: the lock that serialises migrations.
_MIGRATION_LOCK_ID = 0x6E686163


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _ensure_sqlite_folder(parsed.database)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _ensure_sqlite_folder(database: str | None) -> None:
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def writing(engine: Engine) -> Engine:
    """The engine for write transactions: on SQLite they take the write lock when they begin.

    A deferred SQLite transaction that reads, then writes after another writer committed,
    fails at once (SQLITE_BUSY_SNAPSHOT) instead of waiting; beginning IMMEDIATE makes
    writers queue on the busy timeout, so a lost race shows up as a version conflict.
    """
    return engine.execution_options(sqlite_begin="IMMEDIATE")


def _sqlite_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy, not the sqlite3 module, decides when transactions begin (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    location = resources.files("nhacviec.store").joinpath("migrations")
    config.set_main_option("script_location", str(location))
    return config


def current_revision(connection: Connection) -> str | None:
    """The revision stored in the database (``None`` for a new one), read with plain SQL."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def stored_revision(engine: Engine) -> str | None:
    """The database's revision (``None``: no schema yet); ``StoreError`` if out of reach."""
    try:
        with engine.connect() as connection:
            return current_revision(connection)
    except SQLAlchemyError as exc:
        full = disk_full_error(engine, exc)
        if full is not None:
            raise full from exc
        raise StoreError("store.unreachable", url=_safe_url(engine), error=str(exc)) from exc


def disk_full_error(engine: Engine, exc: BaseException) -> StoreError | None:
    """``store.disk_full`` (which folder, how to recover) when ``exc`` comes from a SQLite
    database whose file system is full; else None."""
    if not isinstance(exc, OperationalError):  # a constraint, a bug: not the disk
        return None
    database = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    folder = Path(database).expanduser().resolve().parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return None
    if free >= DISK_FULL_BYTES and "disk is full" not in str(exc):
        return None
    return StoreError("store.disk_full", folder=str(folder), free_kb=free // 1024)


def write_error(engine: Engine, exc: BaseException) -> StoreError:
    """What a failed write transaction tells the user: a full disk, or the database's words."""
    full = disk_full_error(engine, exc)
    return full or StoreError("store.write_failed", error=str(getattr(exc, "orig", None) or exc))


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate to ``revision``; instances starting together on PostgreSQL take turns."""
    from alembic import command

    try:
        with engine.begin() as connection, _migration_lock(connection):
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except SQLAlchemyError as exc:
        raise StoreError("store.migration_failed", url=_safe_url(engine), error=str(exc)) from exc


def ensure_schema(engine: Engine) -> None:
    """Create or migrate the schema if it is not at the newest revision (first use)."""
    if stored_revision(engine) != head_revision():
        upgrade(engine)


@contextmanager
def _migration_lock(connection: Connection) -> Iterator[None]:
    if connection.dialect.name != "postgresql":
        yield
        return
    connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
    yield


def _safe_url(engine: Engine) -> str:
    """The URL without its password, for messages and logs."""
    return engine.url.render_as_string(hide_password=True)
