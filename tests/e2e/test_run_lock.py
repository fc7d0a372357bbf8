"""One ``run`` (or ``tick``) per SQLite file, however its path is spelled: the lock is keyed by
the file's real path and inode (issue 9: a symlink to the same file started a second service)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from scheduler.lock import RunLock
from tests.e2e.conftest import CliRunner

Spelling = Callable[[Path], str]


def _symlink(database: Path) -> str:
    link = database.parent / "elsewhere" / "link.db"
    link.parent.mkdir()
    link.symlink_to(database)
    return str(link)


def _dotted(database: Path) -> str:
    (database.parent / "x").mkdir()
    return f"./x/../{database.name}"  # relative to the working folder, the database's own


def _hard_link(database: Path) -> str:
    other = database.parent / "other" / "same.db"
    other.parent.mkdir()
    os.link(database, other)
    return str(other)


SPELLINGS: dict[str, Spelling] = {"symlink": _symlink, "dotted": _dotted, "hard link": _hard_link}


@pytest.fixture
def database(cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "store.db"
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", f"sqlite:///{path}")
    assert cli("db", "upgrade").code == 0
    monkeypatch.chdir(tmp_path)
    return path


@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_another_spelling_of_a_held_database_is_refused(
    cli: CliRunner, database: Path, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    other = SPELLINGS[spelling](database)
    assert other != str(database)
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", f"sqlite:///{other}")
    with RunLock.for_database(database):  # the service already running on the real path
        run = cli("--now", "2025-09-01T08:00+07:00", "tick")
    assert run.code == 2, run.err
    assert f"PID {os.getpid()}" in run.err
    after = cli("--now", "2025-09-01T08:00+07:00", "tick")  # the service stopped: free again
    assert after.code == 0, after.err


def test_a_process_holding_the_real_path_refuses_one_started_through_a_symlink(
    database: Path,
) -> None:
    link = _symlink(database)
    env = {**os.environ, "NHACVIEC_DATABASE_URL": f"sqlite:///{link}"}
    with RunLock.for_database(database):
        done = subprocess.run(
            [sys.executable, "-m", "nhacviec", "--now", "2025-09-01T08:00+07:00", "tick"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2, done.stderr
    assert f"PID {os.getpid()}" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_lock_files_name_the_real_file(database: Path) -> None:
    link = Path(_symlink(database))
    paths = RunLock.for_database(link).paths
    assert paths[0] == database.resolve().with_name("store.db.run.lock")
    found = database.stat()
    assert paths[1].name == f"{found.st_dev}-{found.st_ino}.lock"
    assert RunLock.for_database(database).paths == paths
