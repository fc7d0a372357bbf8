"""Backups of the store (``nhacviec db backup`` and ``db restore``).

SQLite: a consistent copy while the service runs, through SQLite's online backup API (one step:
the copy is the database at one instant, writers in WAL mode go on meanwhile), checked with
``PRAGMA integrity_check`` before it takes its name. PostgreSQL: the ``pg_dump`` and
``pg_restore`` commands to run (see ``dump_command``); nhacviec does not run them itself, since
the client must match the server's major version and the operator chooses where the secret
comes from (``PGPASSWORD``, ``~/.pgpass``).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from nhacviec.errors import InputError, StoreError


@dataclass(frozen=True)
class Copied:
    """A database copied: where to, its size in bytes, its tables, its schema revision."""

    path: Path
    size: int
    tables: int
    revision: str | None


def backup_sqlite(database: Path, target: Path) -> Copied:
    """Copy the SQLite ``database`` to ``target``, a new file; ``InputError`` if ``target``
    exists or cannot be written (nothing is left behind)."""
    if not database.is_file():
        raise InputError("backup.no_database", path=str(database))
    if target.exists():
        raise InputError("backup.target_exists", path=str(target))
    partial = target.with_name(f".{target.name}.partial")
    try:
        with _open(database) as source, _open(partial) as copy:
            source.backup(copy)  # all pages in one step: one instant's database
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            _check_integrity(copy, partial)
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise InputError("backup.cannot_write", path=str(target), error=str(exc)) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return describe(target)


def restore_sqlite(backup: Path, database: Path) -> Copied:
    """Copy ``backup`` into the SQLite ``database``, which must be empty (missing, or without a
    table); then check the result. ``InputError`` with the reason otherwise."""
    source_facts = _readable_backup(backup)
    if database.exists() and describe(database).tables:
        raise InputError("backup.target_not_empty", path=str(database))
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        with _open(backup, read_only=True) as source, _open(database) as target:
            source.backup(target)
            _check_integrity(target, database)
    except sqlite3.Error as exc:
        raise StoreError("backup.restore_failed", path=str(database), error=str(exc)) from exc
    restored = describe(database)
    if restored.tables != source_facts.tables:
        raise StoreError("backup.restore_failed", path=str(database), error="tables differ")
    return restored


def _readable_backup(backup: Path) -> Copied:
    if not backup.is_file():
        raise InputError("backup.no_file", path=str(backup))
    try:
        facts = describe(backup)
        with _open(backup, read_only=True) as source:
            _check_integrity(source, backup)
    except sqlite3.Error as exc:
        raise InputError("backup.not_sqlite", path=str(backup), error=str(exc)) from exc
    if facts.revision is None:
        raise InputError("backup.not_nhacviec", path=str(backup))
    return facts


def describe(path: Path) -> Copied:
    """The SQLite file's size, how many tables it has, its schema revision."""
    with _open(path) as connection:
        names = {
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        revision = None
        if "alembic_version" in names:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    return Copied(path, path.stat().st_size, len(names), revision)


def _check_integrity(connection: sqlite3.Connection, path: Path) -> None:
    problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise InputError("backup.damaged", path=str(path), problems="; ".join(problems[:5]))


@contextlib.contextmanager
def _open(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    if read_only:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    else:
        connection = sqlite3.connect(path, timeout=10)
    try:
        yield connection
    finally:
        connection.close()


def dump_command(url: str, target: Path) -> str:
    """The ``pg_dump`` command backing the PostgreSQL database of ``url`` up to ``target``
    (custom format; the password left out: ``PGPASSWORD`` or ``~/.pgpass`` supplies it)."""
    return shlex.join(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq_url(url)]
    )


def restore_command(url: str, backup: Path) -> str:
    """The ``pg_restore`` command loading ``backup`` into the (empty) database of ``url``."""
    return shlex.join(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_libpq_url(url)}", str(backup)]
    )


def _libpq_url(url: str) -> str:
    parsed = make_url(url)
    bare = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )  # no password: it would show in the process list and the shell's history
    return bare.render_as_string(hide_password=False)
