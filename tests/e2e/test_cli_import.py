"""``nhacviec plan import``, ``plan list``, ``tasks``, ``units check``, ``db upgrade``, ``demo``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func
from sqlmodel import Session, SQLModel, col, select

from nhacviec.store import models
from nhacviec.store.database import head_revision
from tests.e2e.conftest import CliRunner
from tests.shared_paths import require_shared

REPO = Path(__file__).resolve().parents[2]
SCT_UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"


def _count(url: str, table: type[SQLModel]) -> int:
    engine = create_engine(url)
    with Session(engine) as session:
        count = session.exec(select(func.count()).select_from(table)).one()
    engine.dispose()
    return int(count)


def test_dry_run_json_follows_the_output_contract(cli: CliRunner, tmp_path: Path) -> None:
    plan = require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx")
    run = cli("plan", "import", plan, "--dry-run", "--json")
    assert run.code == 0, run.err
    document = run.json()
    assert set(document["plan"]) >= {"title", "issuer", "issuer_level", "number", "period"}
    assert document["plan"]["period"] == {"start": "2025-07-01", "end": "2025-12-31"}
    first = document["tasks"][0]
    assert set(first) >= {
        "ref", "section", "number", "objective", "task", "activity", "product", "lead",
        "partners", "unknown_units", "time_text", "budget", "schedule",
    }  # fmt: skip
    assert set(first["schedule"]) >= {
        "kind", "recurrence", "event", "notes", "needs_review", "reasons", "occurrences"
    }  # fmt: skip
    assert (first["ref"], first["section"], first["number"]) == ("I.1", "I", "1")
    assert first["schedule"]["occurrences"] == [
        {
            "label": first["schedule"]["occurrences"][0]["label"],
            "start": None,
            "due": "2025-07-30",  # "trước ngày 31/7/2025": the last on-time day
            "in_period": True,
            "qualifier": None,
            "due_words": first["schedule"]["occurrences"][0]["due_words"],
            "check_in": False,
        }
    ]
    flagged = [task for task in document["tasks"] if task["schedule"]["needs_review"]]
    assert flagged
    assert all(task["schedule"]["reasons"] for task in flagged)
    assert document["import"]["status"] == "dry_run"
    assert not (tmp_path / "home").exists()  # a dry run does not even create the database


def test_import_then_list_then_tasks(cli: CliRunner, sqlite_url: str) -> None:
    plan = require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx")
    first = cli("plan", "import", plan, "--units", SCT_UNITS)
    assert first.code == 0, first.err
    assert "I.1" in first.out
    assert "trước ngày 31/7/2025" in first.out
    again = cli("plan", "import", plan, "--units", SCT_UNITS, "--json")
    assert again.json()["import"] == {
        "file": str(plan),
        "status": "already_imported",
        "plan_id": 1,
        "units_linked": 0,
    }
    assert _count(sqlite_url, models.Plan) == 1
    assert _count(sqlite_url, models.Task) == 30

    [listed] = cli("plan", "list", "--json").json()
    assert (listed["id"], listed["tasks"], listed["issuer"]) == (1, 30, "SỞ CÔNG THƯƠNG")
    tasks = cli("tasks", "--plan", "1", "--unit", "Văn phòng Sở", "--json").json()
    assert [task["ref"] for task in tasks][:2] == ["I.1", "I.2"]
    first_occurrence = tasks[0]["occurrences"][0]
    assert first_occurrence == {
        "id": first_occurrence["id"],
        "seq": 1,
        "label": first_occurrence["label"],
        "start": None,
        "due": "2025-07-30",
        "state": "assigned",
        "bucket": first_occurrence["bucket"],
        "reported_at": None,
        "extended": False,
        "evidence": [],  # the files of its reports and answers
        "requests": [],  # the lead's requests to partners
    }
    assert first_occurrence["bucket"] in {"open_on_time", "open_late"}
    table = cli("tasks", "--plan", "1")
    assert table.code == 0
    assert "Văn phòng Sở" in table.out


@pytest.mark.parametrize(
    ("plan", "lang", "level"),
    [
        ("so-cong-thuong-2025h2.docx", "vi", "(cấp sở)"),
        ("xa-ba-long-2025h2.docx", "vi", "(cấp xã)"),
        ("so-cong-thuong-2025h2.docx", "en", "(department level)"),
    ],
)
def test_the_import_summary_names_the_issuers_level_in_words(
    cli: CliRunner, plan: str, lang: str, level: str
) -> None:
    path = require_shared("fixtures", "plans", plan)
    run = cli("--lang", lang, "plan", "import", path, "--dry-run")
    assert run.code == 0, run.err
    summary = " ".join(run.out.split())
    assert level in summary
    assert not re.search(r"\((cấp|level) (so|xa|tinh|bo|quoc_gia)\)", summary)


def test_a_new_database_is_created_on_first_import(
    cli: CliRunner, empty_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", empty_database_url)
    plan = require_shared("fixtures", "plans", "xa-ba-long-2025h2.xlsx")
    run = cli("plan", "import", plan, "--json")
    assert run.code == 0, run.err
    assert run.json()["import"]["status"] == "imported"
    assert len(run.json()["tasks"]) == 61


@pytest.fixture
def _db_env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", database_url)
    return database_url


@pytest.mark.usefixtures("_db_env")
def test_import_works_on_every_backend(cli: CliRunner) -> None:
    plan = require_shared("fixtures", "plans", "xa-ba-long-2025h2.docx")
    assert cli("plan", "import", plan).code == 0
    assert len(cli("tasks", "--json").json()) == 61


def test_db_upgrade_creates_the_schema(cli: CliRunner, sqlite_url: str) -> None:
    run = cli("db", "upgrade")
    assert run.code == 0, run.err
    assert head_revision() in run.out
    assert _count(sqlite_url, models.Plan) == 0


def test_units_check_reports_the_directory_and_unknown_names(cli: CliRunner) -> None:
    plan = require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx")
    ok = cli("units", "check", SCT_UNITS, "--against", plan)
    assert ok.code == 0, ok.err
    assert "Văn phòng Sở" in ok.out
    other = require_shared("fixtures", "plans", "xa-ba-long-2025h2.docx")
    mismatch = cli("units", "check", SCT_UNITS, "--against", other)
    assert mismatch.code == 0
    assert "Phòng VH-XH" in mismatch.out  # Ba Lòng's units are not in the Sở's directory


def test_english_is_available(cli: CliRunner, sqlite_url: str) -> None:
    run = cli("--lang", "en", "plan", "list")
    assert run.code == 0
    assert "No plans yet" in run.out


def _day_block(output: str, day: str) -> str:
    """The lines the demo prints under one day's header."""
    lines = output.splitlines()
    start = lines.index(day) + 1
    end = next((i for i in range(start, len(lines)) if lines[i][:2].isdigit()), len(lines))
    return "\n".join(lines[start:end])


def _plan_size(url: str, plan_id: int) -> tuple[int, int]:
    """How many tasks the plan has, and how many occurrences (lượt/kỳ) they make."""
    engine = create_engine(url)
    with Session(engine) as session:
        tasks = session.exec(select(models.Task.id).where(models.Task.plan_id == plan_id)).all()
        occurrences = session.exec(
            select(models.Occurrence.id).where(col(models.Occurrence.task_id).in_(tasks))
        ).all()
    engine.dispose()
    return len(tasks), len(occurrences)


DEMO_TIMEOUT_S = 600  # a replay of months on a loaded two-core machine (about 15 s alone)


@pytest.mark.timeout(DEMO_TIMEOUT_S)
def test_demo_replays_the_half_year(cli: CliRunner, tmp_path: Path) -> None:
    database = tmp_path / "demo.db"
    # Up to the last day the story below needs: July to mid-November.
    run = cli("demo", "--database", database, "--until", "13/11/2025")
    assert run.code == 0, run.err
    url = f"sqlite:///{database}"
    assert _count(url, models.Plan) == 2
    assert _count(url, models.Task) == 91
    # "Trước ngày 31/8/2025" (III.3 of the Sở plan) is due Saturday 30/8: its leads hear on
    # Friday 29/8; the first overdue notice waits for Wednesday 3/9 (1-2/9 are holidays).
    assert "Phòng Quản lý Thương mại: 7 đến hạn hôm nay" in _day_block(run.out, "29/08/2025")
    assert "30/08/2025" not in run.out.splitlines()
    assert "01/09/2025" not in run.out.splitlines()
    assert "Phòng Quản lý Thương mại: 1 quá hạn" in _day_block(run.out, "03/09/2025")
    # A returned report reaches the unit that sent it, at the next morning's pass.
    returned = _day_block(run.out, "12/11/2025")
    assert "✎ Phòng Văn hóa - Xã hội: trả lại II.3a (KH 2) → «bị trả lại»" in returned
    assert "Trạm Y tế xã: 1 việc cần làm ngay" in _day_block(run.out, "13/11/2025")
    assert "14/11/2025" not in run.out.splitlines()  # the replay stops at --until
    # The standings as of the last day replayed count tasks and their occurrences (lượt/kỳ),
    # and say why they differ.
    tasks, occurrences = _plan_size(url, 1)
    assert (
        f"KH 1 (SỞ CÔNG THƯƠNG): {tasks} nhiệm vụ ({occurrences} lượt/kỳ) — hoàn thành đúng hạn:"
        " 1 nhiệm vụ (1 lượt/kỳ) · hoàn thành quá hạn: 1 nhiệm vụ (1 lượt/kỳ)"
    ) in " ".join(run.out.split())
    assert "Nhiệm vụ định kỳ có nhiều lượt/kỳ" in run.out
    rerun = cli("demo", "--database", database, "--until", "02/07/2025")
    assert rerun.code == 0  # starts afresh, never piles up
    assert _count(url, models.Plan) == 2
    assert "03/07/2025" not in rerun.out.splitlines()


def test_metadata_options_win_over_the_document(cli: CliRunner) -> None:
    plan = require_shared("fixtures", "plans", "so-cong-thuong-2025h2.xlsx")
    run = cli(
        "plan", "import", plan, "--dry-run", "--json",
        "--issuer", "SỞ CÔNG THƯƠNG TỈNH QUẢNG TRỊ", "--number", "123/KH-SCT",
        "--title", "Kế hoạch CCHC 6 tháng cuối năm 2025", "--issuer-level", "so",
        "--period", "01/07/2025..31/12/2025",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert run.json()["plan"] == {
        "title": "Kế hoạch CCHC 6 tháng cuối năm 2025",
        "issuer": "SỞ CÔNG THƯƠNG TỈNH QUẢNG TRỊ",
        "issuer_level": "so",
        "number": "123/KH-SCT",
        "signed_on": None,
        "period": {"start": "2025-07-01", "end": "2025-12-31"},
        "period_source": "option",
    }
