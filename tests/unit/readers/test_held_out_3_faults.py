"""Reading faults found by the third blind set (tests/fixtures/layouts/held_out_3), each on a
short excerpt of the real plan that showed it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from workflows.importing import parse_plan
from workflows.plan import ParsedPlan
from workflows.readers import read_document
from workflows.readers.columns import Field, classify_header, is_column_numbering
from workflows.readers.document import Cell, Row
from workflows.schedule import ScheduleKind


def _parse(tmp_path: Path, lines: list[str]) -> ParsedPlan:
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return parse_plan(read_document(path))


# -- Bộ Nội vụ, 1383/QĐ-BNV, 26/11/2025: a statistics publication calendar pasted from the portal --

CALENDAR = [
    "BỘ NỘI VỤ",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 1383/QĐ-BNV",
    "Hà Nội, ngày 26 tháng 11 năm 2025",
    "QUYẾT ĐỊNH",
    "BAN HÀNH LỊCH PHỔ BIẾN THÔNG TIN THỐNG KÊ NĂM 2026 CỦA BỘ NỘI VỤ",
    "LỊCH PHỔ BIẾN THÔNG TIN THỐNG KÊ NĂM 2026 CỦA BỘ NỘI VỤ",
    "(Ban hành kèm theo Quyết định số: 1383/QĐ-BNV ngày 26 tháng 11 năm 2025 của Bộ trưởng Bộ Nội"
    " vụ)",
    "STT\tTên thông tin thống kê\tMức độ hoàn chỉnh của thông tin\tThời gian phổ biến\tHình thức"
    " phổ biến\tĐơn vị chịu trách nhiệm phổ biến",
    "A\tB\t1\t2\t3\t4",
    "4\tSố lượng hội, tổ chức phi chính phủ\tChính thức\tTháng 5/2025\tCổng thông tin điện tử Bộ"
    " Nội vụ\tVụ Tổ chức phi chính phủ",
    "5\tSố lượng các quỹ xã hội, quỹ từ thiện\tChính thức",
    "11\tSố người lao động được hỗ trợ tạo việc làm\tChính thức\tTháng 3/2026\tCổng thông tin"
    " điện tử Bộ Nội vụ\tCục Việc làm",
    "13\tSố vụ tai nạn lao động\tChính thức\tTháng 3/2026",
]


def test_a_unit_responsible_column_is_the_lead() -> None:
    assert classify_header("Đơn vị chịu trách nhiệm phổ biến") is Field.LEAD
    assert classify_header("Cơ quan chịu trách nhiệm") is Field.LEAD
    assert classify_header("Hình thức phổ biến") is None


def test_a_column_numbering_row_of_letters_then_numbers_is_no_task() -> None:
    def row(*texts: str) -> Row:
        return Row(tuple(Cell((text,)) for text in texts), 1)

    assert is_column_numbering(row("A", "B", "1", "2", "3", "4"))
    assert is_column_numbering(row("(1)", "(2)", "(3)"))
    assert not is_column_numbering(row("A", "C", "1", "2"))
    assert not is_column_numbering(row("A", "Bộ Nội vụ", "1"))


def test_a_calendar_whose_merged_cells_were_lost_in_the_paste(tmp_path: Path) -> None:
    plan = _parse(tmp_path, CALENDAR)
    got = [
        (task.ref, task.lead, [(o.start, o.due) for o in task.schedule.occurrences])
        for task in plan.tasks
    ]
    may_2025 = [(date(2025, 5, 1), date(2025, 5, 31))]
    march_2026 = [(date(2026, 3, 1), date(2026, 3, 31))]
    assert got == [
        ("4", ("Vụ Tổ chức phi chính phủ",), may_2025),
        # 5 prints neither time nor unit: both merged with row 4's.
        ("5", ("Vụ Tổ chức phi chính phủ",), may_2025),
        ("11", ("Cục Việc làm",), march_2026),
        # 13 prints its time, not the form nor the unit.
        ("13", ("Cục Việc làm",), march_2026),
    ]
    assert all(task.schedule.kind is ScheduleKind.WINDOW for task in plan.tasks)
    # May 2025 is before the 2026 calendar: kept and flagged, never moved silently.
    assert [task.schedule.needs_review for task in plan.tasks] == [True, True, False, False]
