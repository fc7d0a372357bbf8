"""Reading faults found by the sixth blind set (tests/fixtures/layouts/held_out_6): five
gazette (Công báo) PDFs whose task tables have a time column. Each test reads the real PDF
that showed the fault, once per module."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pdfplumber

from tests.unit.readers.excerpts import blind_plan, blind_task
from workflows.plan import ParsedPlan, Task
from workflows.readers import read_document
from workflows.readers.pdf.tables import TABLE_SETTINGS, drawn
from workflows.units.splitter import split_units

SET = Path(__file__).resolve().parents[2] / "fixtures" / "layouts" / "held_out_6"


def _plan(name: str) -> ParsedPlan:
    return blind_plan("held_out_6", name)


def _task(name: str, ref: str) -> Task:
    return blind_task("held_out_6", name, ref)


def test_white_boxes_behind_each_line_of_a_cell_are_no_ruling() -> None:
    """844/QĐ-TTg lays a white box behind every printed line: taken as ruling, each row of the
    table fell apart into one row per line (90 rows and more for 29 tasks)."""
    with pdfplumber.open(SET / "ttg_qd844_2026.pdf") as pdf:
        page = pdf.pages[6]
        everything = page.find_tables(TABLE_SETTINGS)[0].extract()
        ruled = page.filter(drawn).find_tables(TABLE_SETTINGS)[0].extract()
    assert len(ruled) < len(everything) / 2
    parsed = _plan("ttg_qd844_2026.pdf")
    assert [task.ref for task in parsed.tasks] == [str(number) for number in range(1, 30)]
    assert _task("ttg_qd844_2026.pdf", "1").row.task.startswith(
        "Tăng cường lãnh đạo, chỉ đạo xây dựng và tổ chức thực hiện hiệu quả"
    )


def test_a_row_cut_by_a_page_break_under_the_gazettes_running_head_is_joined() -> None:
    """982/QĐ-TTg: «CÔNG BÁO/Số 333/Ngày 16-06-2026 92» above every page kept the table's parts
    apart, so «Bộ Khoa học và» / «Công nghệ» became a lead and a phantom row."""
    lead = _task("ttg_qd982_2026.pdf", "1.4").lead
    assert lead == ("Bộ Khoa học và Công nghệ",)
    texts = [task.row.task for task in _plan("ttg_qd982_2026.pdf").tasks]
    assert not any(text.startswith("sở, tiêu chuẩn quốc gia") for text in texts)
    paragraphs = read_document(SET / "ttg_qd982_2026.pdf").paragraphs
    assert not any(p.text.startswith("CÔNG BÁO/Số") for p in paragraphs)


def test_spaces_printed_under_a_capital_do_not_cut_the_word() -> None:
    """105/NQ-CP: runs of spaces under «T» and «Q» read «T rước ngày 01/3/2027», «Q uý III/2026»
    (a flagged date and a lost quarter)."""
    assert _task("cp_nq105_2026.pdf", "II.2").row.time_text == "Trước ngày 01/3/2027"
    quarter = _task("cp_nq105_2026.pdf", "III.2.3")
    assert quarter.row.time_text == "Quý III/2026"
    assert quarter.schedule.kind.value == "window"


def test_a_table_repeated_under_a_footnote_goes_on_on_the_next_page() -> None:
    """97/NQ-CP: a footnote under the table ends page 6, so the table on page 7 (its header
    repeated) was a new table; the rest of task 15 and the sub-rows of 16 became phantom rows."""
    refs = [task.ref for task in _plan("cp_nq97_2026.pdf").tasks]
    assert not any(ref.startswith("#") for ref in refs)
    assert {"16a", "16b"} <= set(refs)
    assert _task("cp_nq97_2026.pdf", "16b").row.time_text == "Tháng 11/2026"


def test_a_real_table_keeps_its_cells_where_they_are() -> None:
    """97/NQ-CP 12: the rest of the row after a page break (the second lead and the end of the
    result) was «realigned» as if pasted from a web page, and its result read as a time."""
    task = _task("cp_nq97_2026.pdf", "12")
    assert [lead.split(" (")[0] for lead in task.lead] == ["Bộ Tư pháp", "Bộ Tài chính"]
    assert task.row.time_text == "Tháng 5/2026"


def test_progress_column_of_times_is_the_time_column() -> None:
    """893/QĐ-TTg: «Tiến độ thực hiện» holds «Hằng năm», «2026 - 2027»: the plan was refused
    for having no time column."""
    parsed = _plan("ttg_qd893_2026.pdf")
    assert len(parsed.tasks) == 7
    assert [task.row.time_text for task in parsed.tasks[:3]] == ["Hằng năm", "2026", "2026 - 2027"]


def test_a_task_spelled_out_in_an_article_is_read_beside_the_table() -> None:
    """97/NQ-CP Điều 2: «1. Tên nhiệm vụ: … 2. Cơ quan chủ trì: Bộ Tư pháp. … 5. Thời gian hoàn
    thành: Quý IV/2026.» was neither read nor named."""
    task = _task("cp_nq97_2026.pdf", "Điều 2")
    assert task.row.task.startswith("Xây dựng Đề án hình thành, phát triển mạng lưới chuyên gia")
    assert (task.lead, task.partners) == (("Bộ Tư pháp",), ("Các bộ, ngành",))
    assert [(o.start, o.due) for o in task.schedule.occurrences] == [
        (date(2026, 10, 1), date(2026, 12, 31))
    ]
    assert task.row.time_text == "Quý IV/2026"
    assert task.schedule.kind.value == "window"


def test_a_scope_after_the_last_body_does_not_bind_the_bodies_before_it() -> None:
    """844/QĐ-TTg 11: «Bộ Y tế, Sở Y tế đối với địa phương» was kept as one name; a qualifier
    «với các tiêu chuẩn …» still applies to every body before it (the corpus reading)."""
    assert split_units("Bộ Y tế, Sở Y tế đối với địa phương") == [
        "Bộ Y tế",
        "Sở Y tế đối với địa phương",
    ]
    qualified = "Bộ Công an, Bộ Khoa học và Công nghệ với các tiêu chuẩn kỹ thuật"
    assert split_units(qualified) == [qualified]
