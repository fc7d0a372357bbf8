"""``reminders preview`` never answers with a silent empty table: it says when the clock lies
outside every plan's period and which days have reminders (issue 9: the demo's plans are past,
and the issue's command printed an empty table, exit 0)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from nhacviec.cli import main
from tests.e2e.conftest import CliRunner

ISSUE_COMMAND = (
    "reminders", "preview", "--unit", "Văn phòng Sở", "--from", "01/09/2025", "--to", "30/09/2025",
)  # fmt: skip


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's database, replayed over its first day only."""
    folder = tmp_path_factory.mktemp("demo")
    database = folder / "nhacviec-demo.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NHACVIEC_HOME", str(folder / "home"))
        assert main(["demo", "--database", str(database), "--until", "01/07/2025"]) == 0
    return database


@pytest.fixture
def demo_url(demo_database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_database, copy)
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", f"sqlite:///{copy}")


def _lines(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.usefixtures("demo_url")
def test_the_issue_command_says_the_clock_is_past_the_plans(cli: CliRunner) -> None:
    with time_machine.travel(datetime(2026, 12, 7, 5, 0, tzinfo=UTC), tick=False):
        run = cli(*ISSUE_COMMAND)
    err = _lines(run.err)
    assert run.code == 1
    assert "┏" not in run.out  # no empty table
    assert "Không có nhắc việc nào từ 01/09/2025 đến 30/09/2025." in err
    assert "07/12/2026 12:00" in err
    assert "ngoài thời kỳ của mọi kế hoạch (01/07/2025–31/12/2025)" in err
    assert "--now 2025-09-01T08:00+07:00" in err


@pytest.mark.usefixtures("demo_url")
def test_inside_the_period_an_empty_range_names_the_days_that_have_reminders(
    cli: CliRunner,
) -> None:
    run = cli("--now", "2025-09-01T08:00+07:00", *ISSUE_COMMAND[:4], "--from", "01/03/2026")
    err = _lines(run.err)
    assert run.code == 0
    assert "Không có nhắc việc nào từ 01/03/2026 đến 31/03/2026." in err
    assert "Nhắc việc đã lập rơi vào các ngày từ 03/09/2025 đến" in err
    assert "ngoài thời kỳ" not in err


@pytest.mark.usefixtures("demo_url")
def test_with_now_inside_the_period_the_issue_command_lists_reminders(cli: CliRunner) -> None:
    run = cli("--now", "2025-09-01T08:00+07:00", *ISSUE_COMMAND, "--json")
    assert run.code == 0
    rows = run.json()
    assert rows
    assert all(row["recipient"] == "Văn phòng Sở" for row in rows)
    assert all("2025-09-01" <= row["at"][:10] <= "2025-09-30" for row in rows)
    assert run.err == ""
