"""Bad input gets one clear message, exit code 2, and leaves the database as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func
from sqlmodel import Session, select

from nhacviec.store import models
from tests.e2e import malformed
from tests.e2e.conftest import CliRunner
from tests.shared_paths import require_shared


def _seed_pdf(folder: Path) -> Path:
    return malformed.encrypted_pdf(
        folder, require_shared("fixtures", "plans", "xa-ba-long-2025h2.pdf")
    )


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty file": (malformed.empty_file, "rỗng"),
    "wrong type": (malformed.picture_named_docx, "Không nhận dạng được định dạng tệp"),
    "docx without a task table": (
        malformed.docx_without_task_table,
        "Không tìm thấy bảng nhiệm vụ",
    ),
    "table without a time column": (malformed.docx_without_time_column, "không có cột thời gian"),
    "encrypted pdf": (_seed_pdf, "mật khẩu"),
    "image-only pdf": (malformed.image_only_pdf, "bản scan"),
    "broken xlsx": (malformed.broken_xlsx, "XLSX"),
}


def _counts(url: str) -> tuple[int, int]:
    engine = create_engine(url)
    with Session(engine) as session:
        plans = session.exec(select(func.count()).select_from(models.Plan)).one()
        tasks = session.exec(select(func.count()).select_from(models.Task)).one()
    engine.dispose()
    return int(plans), int(tasks)


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_refused_clearly(
    case: str, cli: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    build, words = CASES[case]
    good = require_shared("fixtures", "plans", "so-cong-thuong-2025h2.xlsx")
    assert cli("plan", "import", good).code == 0
    before = _counts(sqlite_url)
    bad = build(tmp_path)
    run = cli("plan", "import", bad)
    assert run.code == 2
    assert bad.name in run.err
    assert words in run.err
    assert len(run.err.strip().splitlines()) <= 3  # one message, not a traceback
    assert "Traceback" not in run.err
    assert _counts(sqlite_url) == before


def test_the_message_names_the_table_and_its_columns(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("plan", "import", malformed.docx_without_time_column(tmp_path), "--dry-run")
    assert "bảng 1" in run.err
    assert "«Chủ trì»" in run.err


def test_one_bad_file_among_several_writes_nothing(
    cli: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    good = require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx")
    run = cli("plan", "import", good, malformed.broken_xlsx(tmp_path))
    assert run.code == 2
    assert cli("plan", "list", "--json").json() == []


def test_errors_in_english(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("--lang", "en", "plan", "import", malformed.empty_file(tmp_path))
    assert run.code == 2
    assert "The file is empty" in run.err


def test_bad_period_option(cli: CliRunner) -> None:
    plan = require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx")
    run = cli("plan", "import", plan, "--period", "31/12/2025..01/07/2025", "--dry-run")
    assert run.code == 2
    assert "BẮT_ĐẦU..KẾT_THÚC" in run.err


def test_missing_file(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("plan", "import", tmp_path / "khong-co.docx", "--dry-run")
    assert run.code == 2
    assert "Không tìm thấy tệp" in run.err
