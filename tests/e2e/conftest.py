"""Run the ``nhacviec`` command in-process, as a user would type it."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from nhacviec.cli import main
from tests.e2e.services import NHACVIEC, Services


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


CliRunner = Callable[..., Run]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str | Path) -> Run:
        capsys.readouterr()
        code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'nhacviec.db'}"
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", url)
    return url


@pytest.fixture
def migrated_store_url(tmp_path: Path, _migrated_sqlite_file: Path) -> str:
    """A SQLite store of its own, migrated (a copy of the session's migrated file)."""
    database = tmp_path / "store.db"
    shutil.copyfile(_migrated_sqlite_file, database)
    return f"sqlite:///{database}"


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    """Real ``nhacviec`` processes, killed if still running when the test ends."""
    if not NHACVIEC.exists():
        pytest.fail(f"the nhacviec console script is not installed next to {sys.executable}")
    started = Services(tmp_path)
    try:
        yield started
    finally:
        started.stop_all()
