"""A command imports only what it uses: ``--help`` and ``plan list`` start without SQLAlchemy,
Alembic, the bot or the channels (issue 9: every command paid ~2.4 s of imports)."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlmodel import Session

from config.settings import load_settings
from nhacviec.app import App
from nhacviec.cli import COMMANDS
from nhacviec.store import plans
from nhacviec.store.database import alembic_config, make_engine, upgrade
from nhacviec.store.listing import line_of, read_plan_lines
from nhacviec.store.revisions import head_revision
from tests.e2e.conftest import CliRunner

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "telegram", "aiosmtplib", "apscheduler", "psycopg")
_IMPORTED = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", re.MULTILINE)


def _imported_modules(*args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "nhacviec", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    return set(_IMPORTED.findall(done.stderr)), done


def _heavy(modules: set[str]) -> list[str]:
    return sorted(name for name in modules if name.split(".")[0] in HEAVY)


def _seed(name: str) -> Path:
    return Path(str(resources.files("nhacviec.data.plans").joinpath(name)))


def test_help_imports_no_database_bot_or_channel() -> None:
    modules, done = _imported_modules("--help")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "nhacviec.cli" in modules  # the parse found the import lines
    assert _heavy(modules) == []
    assert all(name in done.stdout for name in COMMANDS)  # every command is listed


def test_plan_list_on_a_current_sqlite_file_imports_no_sqlalchemy(
    cli: CliRunner, sqlite_url: str
) -> None:
    assert cli("plan", "import", _seed("xa-ba-long-2025h2.docx")).code == 0
    modules, done = _imported_modules("plan", "list", "--json")
    assert done.returncode == 0, done.stderr[-2000:]
    assert _heavy(modules) == []
    assert '"tasks": 61' in done.stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_of_the_table_loads(cli: CliRunner, name: str) -> None:
    run = cli(name, "--help")
    assert run.code == 0, run.err
    assert "Cách dùng: nhacviec " + name in run.out


def test_the_light_plan_list_equals_the_full_one(cli: CliRunner, sqlite_url: str) -> None:
    for seed in ("so-cong-thuong-2025h2.docx", "xa-ba-long-2025h2.docx"):
        assert cli("plan", "import", _seed(seed)).code == 0
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    light = read_plan_lines(path)
    engine = make_engine(sqlite_url)
    with Session(engine) as session:
        full = [line_of(summary) for summary in plans.list_plans(session)]
    engine.dispose()
    assert light is not None
    assert len(light) == 2
    assert light == full


def test_the_light_path_is_refused_for_a_schema_to_migrate(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    assert read_plan_lines(path) is None  # no file yet
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0001")
    engine.dispose()
    assert read_plan_lines(path) is None
    settings = load_settings(None).model_copy(update={"database_url": f"sqlite:///{path}"})
    app = App(settings)
    assert app.plan_lines() == []  # the full path migrates, then lists
    app.close()
    assert read_plan_lines(path) == []


def test_the_head_read_from_the_files_is_alembics() -> None:
    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()
