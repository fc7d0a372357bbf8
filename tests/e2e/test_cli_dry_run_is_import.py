"""A dry run is the import (issue 13, item 6): what the preview shows is what is stored, even
when the plan numbers two tasks alike; no database constraint reaches a person as a raw error."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from nhacviec.store.database import ensure_schema, make_engine
from tests.e2e.conftest import CliRunner

REPEATED_NUMBERING = """ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ
Số: 99/KH-UBND
Quảng Trị, ngày 15 tháng 01 năm 2026
KẾ HOẠCH
Cải cách hành chính năm 2026
I. NHIỆM VỤ
1. Rà soát quy trình nội bộ
- Đơn vị chủ trì: Sở Tư pháp
- Thời gian thực hiện: Quý IV/2026
2. Tổng hợp báo cáo
- Đơn vị chủ trì: Sở Nội vụ
- Thời gian thực hiện: Tháng 12/2026
2. Tổng hợp báo cáo năm
- Đơn vị chủ trì: Văn phòng UBND tỉnh
- Thời gian thực hiện: Tháng 11/2026
"""


def _plan(folder: Path) -> Path:
    path = folder / "ke-hoach.txt"
    path.write_text(REPEATED_NUMBERING, encoding="utf-8")
    return path


def _shown(task: dict[str, object]) -> tuple[object, ...]:
    return (task["ref"], task["task"], tuple(task["lead"]), task["time_text"])  # type: ignore[arg-type]


def test_a_plan_numbering_two_tasks_alike_imports_what_the_dry_run_showed(
    cli: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    plan = _plan(tmp_path)
    preview = cli("plan", "import", "--dry-run", "--json", plan)
    assert preview.code == 0, preview.err
    shown = [_shown(task) for task in preview.json()["tasks"]]
    # the list reader letters a repeated number; distinct_refs is the net under every reader
    assert [ref for ref, *_ in shown] == ["1", "2a", "2b"]

    imported = cli("plan", "import", plan)
    assert imported.code == 0, imported.err
    stored = cli("tasks", "--json")
    assert stored.code == 0, stored.err
    assert [_shown(task) for task in stored.json()] == shown


def test_a_constraint_the_store_refuses_is_a_sentence_and_nothing_is_written(
    cli: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    """Another writer's row clashing with ours (here a trigger plays it) is told in words."""
    engine = make_engine(sqlite_url)
    ensure_schema(engine)
    engine.dispose()
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as connection:
        connection.execute(
            "CREATE TRIGGER clash BEFORE INSERT ON task "
            "BEGIN SELECT RAISE(ABORT, 'UNIQUE constraint failed: task.plan_id, task.ref'); END"
        )
    run = cli("plan", "import", _plan(tmp_path))
    assert run.code == 3
    assert "Không lưu được kế hoạch từ tệp ke-hoach.txt" in run.err
    assert "UNIQUE" not in run.err
    assert cli("plan", "list", "--json").json() == []


def test_a_copy_whose_title_came_out_damaged_is_the_plan_already_imported(
    cli: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    """Issue 13, item 10: the same issuer, number, date and tasks are the same plan."""
    assert cli("plan", "import", _plan(tmp_path)).code == 0
    damaged = tmp_path / "ban-sao.txt"
    damaged.write_text(
        REPEATED_NUMBERING.replace("Cải cách hành chính năm 2026", "C?i c?ch h?nh ch?nh n?m"),
        encoding="utf-8",
    )
    again = cli("plan", "import", damaged)
    assert again.code == 0, again.err
    assert "đã được nhập trước đó (kế hoạch số 1, từ tệp ke-hoach.txt)" in again.out
    assert [plan["id"] for plan in cli("plan", "list", "--json").json()] == [1]
