"""The SQLite database on a full disk (a small tmpfs, filled to the last block): a command says
which folder is full and what to do (exit 3), nothing stored is damaged (``PRAGMA
integrity_check``), and once space is freed the same command works. Needs root to mount the
tmpfs; skipped with the reason elsewhere."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.disk import fill, mount_tmpfs, unmount
from tests.e2e.conftest import CliRunner


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    refused = mount_tmpfs(mount, size_mb=4)
    if refused:
        pytest.skip(refused)
    try:
        yield mount
    finally:
        unmount(mount)


def integrity(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


def test_a_full_disk_is_a_sentence_and_the_database_stays_whole(
    cli: CliRunner, small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = small_disk / "nhacviec.db"
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("NHACVIEC_NOTIFY_CHANNELS", "console")
    assert cli("db", "upgrade").code == 0
    filler = fill(small_disk)

    full = cli("--now", "2025-09-08T08:00+07:00", "tick")

    assert full.code == 3, full.err
    assert str(small_disk) in full.err
    assert "đầy" in full.err  # "full", in the default Vietnamese
    assert "Traceback" not in full.err
    filler.unlink()
    assert integrity(database) == "ok"
    assert cli("--now", "2025-09-08T08:00+07:00", "tick").code == 0
    assert integrity(database) == "ok"
