"""The SQLite database on a full disk (a small tmpfs, filled to the last block): a command says
which folder is full and what to do (exit 3), nothing stored is damaged (``PRAGMA
integrity_check``), and once space is freed the same command works. Needs root to mount the
tmpfs; skipped with the reason elsewhere."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import CliRunner


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> Path:
    """Fill the file system of ``folder`` to its last byte."""
    filler = folder / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 512, 1):
            with contextlib.suppress(OSError):
                while os.write(handle, b"\0" * size):
                    pass
    finally:
        os.close(handle)
    return filler


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
