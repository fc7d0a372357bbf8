"""The shared "table → task rows" step on synthetic tables: every layout the readers meet."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from nhacviec.errors import DocumentError
from nhacviec.i18n.errors import render_error
from workflows.readers.columns import Field, classify_header
from workflows.readers.document import Cell, DocumentFormat, Row, SourceDocument, Table
from workflows.readers.table import read_table_rows

MERGED_UP = Cell(continues_above=True)
COVERED = Cell(covered=True)
Spec = str | Cell


def _cell(value: Spec) -> Cell:
    if isinstance(value, Cell):
        return value
    return Cell(lines=tuple(line for line in value.split("\n") if line))


def _table(*rows: Sequence[Spec], number: int = 1, breaks: tuple[int, ...] = ()) -> Table:
    return Table(
        rows=tuple(
            Row(tuple(_cell(v) for v in row), index, after_page_break=index in breaks)
            for index, row in enumerate(rows, start=1)
        ),
        number=number,
    )


def _document(*tables: Table) -> SourceDocument:
    return SourceDocument(path="ke-hoach.docx", format=DocumentFormat.DOCX, tables=tables)


HEADER = ["TT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian"]


def _section(text: str) -> list[Spec]:
    return [text, COVERED, COVERED, COVERED, COVERED]


def test_header_words_are_found_with_synonyms_any_case_and_broken_lines() -> None:
    assert classify_header("STT") is Field.NUMBER
    assert classify_header("Tên nhiệm vụ") is Field.TASK
    assert classify_header("NỘI DUNG/NHIỆM VỤ") is Field.TASK
    assert classify_header("Cơ quan\nchủ trì") is Field.LEAD
    assert classify_header("Đơn vị thực hiện") is Field.LEAD
    assert classify_header("Cơ quan phối hợp") is Field.PARTNERS
    assert classify_header("Thời gian\nhoàn thành") is Field.TIME
    assert classify_header("Thời hạn") is Field.TIME
    assert classify_header("Thời gian thực hiện") is Field.TIME
    assert classify_header("Kết quả dự kiến") is Field.PRODUCT
    assert classify_header("Sản phẩm") is Field.PRODUCT
    assert classify_header("Nguồn kinh phí") is Field.BUDGET
    assert classify_header("Mục tiêu") is Field.OBJECTIVE
    assert classify_header("Hoạt động") is Field.ACTIVITY
    assert classify_header("Nội dung thực hiện") is Field.TASK


@pytest.mark.parametrize("status", ["Tiến độ", "Tình trạng", "Kết quả thực hiện", "Ghi chú"])
def test_status_columns_are_notes_never_deadlines_or_products(status: str) -> None:
    assert classify_header(status) is Field.NOTES
    rows = read_table_rows(
        _document(_table([*HEADER, status], ["1", "Việc A", "Sở A", "", "Quý III", "Đang làm"]))
    )
    assert rows[0].notes == "Đang làm"
    assert rows[0].time_text == "Quý III"
    assert rows[0].product == ""


def test_sections_numbering_restarts_and_activity_rows() -> None:
    rows = read_table_rows(
        _document(
            _table(
                HEADER,
                _section("I. CÔNG TÁC CHỈ ĐẠO"),
                ["1", "Việc A", "Văn phòng", "", "Quý III"],
                _section("II CẢI CÁCH THỂ CHẾ"),
                ["1", "Việc B", "Phòng X", "", "Quý IV"],
                [MERGED_UP, MERGED_UP, "Phòng Y", "", "Tháng 12/2025"],
            )
        )
    )
    assert [(r.ref_hint, r.section, r.number) for r in rows] == [
        ("I.1", "I", "1"),
        ("II.1a", "II", "1"),
        ("II.1b", "II", "1"),
    ]
    assert rows[2].task == "Việc B"  # an activity row shares its task's text
    assert rows[1].section_title == "II CẢI CÁCH THỂ CHẾ"


def test_unique_numbering_needs_no_section_prefix() -> None:
    rows = read_table_rows(
        _document(
            _table(
                HEADER,
                ["I.", "Nâng cao nhận thức", COVERED, COVERED, COVERED],
                ["1.", "Việc A", "Bộ A", "", "6/2025"],
                ["VI.", "Thúc đẩy", COVERED, COVERED, COVERED],
                ["117.", "Việc B", "Bộ B", "", "2025"],
            )
        )
    )
    assert [(r.ref_hint, r.section) for r in rows] == [("1", "I"), ("117", "VI")]


def test_sub_sections_keep_the_top_numeral_and_name_the_deepest() -> None:
    rows = read_table_rows(
        _document(
            _table(
                HEADER,
                ["III", "Nền tảng số", COVERED, COVERED, COVERED],
                ["III.1", "Nền tảng dùng chung", COVERED, COVERED, COVERED],
                ["III.1.1", "Nhóm nền tảng A", COVERED, COVERED, COVERED],
                ["1", "Việc A", "Bộ Công an", "", "Năm 2025-2026"],
                ["A NGUỒN LỰC", COVERED, COVERED, COVERED, COVERED],
                ["1", "Việc B", "Bộ Tài chính", "", "2025"],
            )
        )
    )
    assert [(r.ref_hint, r.section, r.section_title) for r in rows] == [
        ("III.1", "III", "III.1.1 Nhóm nền tảng A"),
        ("A.1", "A", "A NGUỒN LỰC"),
    ]


def test_a_header_repeated_on_every_page_is_skipped_and_a_cut_row_joined() -> None:
    rows = read_table_rows(
        _document(
            _table(
                HEADER,
                ["1", "Kiểm soát nội dung, số lượng TTHC tại 03 cấp (tỉnh, huyện,", "Các phòng,",
                 "Sở A", "Thường xuyên"],
                HEADER,
                ["", "xã) theo quy định.", "đơn vị thuộc Sở", "", ""],
                ["2", "Việc B", "Phòng Y", "", "Quý IV"],
            )
        )
    )  # fmt: skip
    assert [r.ref_hint for r in rows] == ["1", "2"]
    assert rows[0].task.endswith("(tỉnh, huyện, xã) theo quy định.")
    assert rows[0].lead == "Các phòng, đơn vị thuộc Sở"


def test_a_new_activity_after_a_page_break_is_not_a_continuation() -> None:
    rows = read_table_rows(
        _document(
            _table(
                HEADER,
                ["1", "Việc A", "Phòng X", "", "Quý III"],
                HEADER,
                ["", "Hoạt động thứ hai", "Phòng Y", "", "Quý IV"],
            )
        )
    )
    assert [(r.ref_hint, r.lead, r.time_text) for r in rows] == [
        ("1a", "Phòng X", "Quý III"),
        ("1b", "Phòng Y", "Quý IV"),
    ]


def test_a_table_split_into_several_word_tables_is_one_table() -> None:
    first = _table(HEADER, ["1", "Việc A", "Phòng X", "", "Quý III"], number=2)
    continued = _table(["2", "Việc B", "Phòng Y", "", "Quý IV"], number=3)
    with_header = _table(HEADER, ["3", "Việc C", "Phòng Z", "", "Quý IV"], number=4)
    rows = read_table_rows(_document(first, continued, with_header))
    assert [(r.ref_hint, r.source.table) for r in rows] == [("1", 2), ("2", 3), ("3", 4)]


def test_a_two_row_header_and_a_column_numbering_row() -> None:
    rows = read_table_rows(
        _document(
            _table(
                ["STT", "Nội dung công việc", "Đơn vị thực hiện", COVERED, "Thời hạn"],
                [MERGED_UP, MERGED_UP, "Chủ trì", "Phối hợp", MERGED_UP],
                ["(1)", "(2)", "(3)", "(4)", "(5)"],
                ["1", "Việc A", "Sở A", "Sở B", "Trước ngày 31/7/2025"],
            )
        )
    )
    assert [(r.lead, r.partners, r.time_text) for r in rows] == [
        ("Sở A", "Sở B", "Trước ngày 31/7/2025")
    ]


def test_fewer_and_extra_columns() -> None:
    rows = read_table_rows(
        _document(
            _table(
                ["TT", "Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành", "Căn cứ"],
                ["1", "Việc A", "Sở A", "2025", "Nghị quyết 57"],
            )
        )
    )
    assert (rows[0].partners, rows[0].time_text) == ("", "2025")
    assert rows[0].notes == "Căn cứ: Nghị quyết 57"  # an unknown column is kept, with its header


def test_line_breaks_in_unit_cells_are_kept_as_separators() -> None:
    rows = read_table_rows(
        _document(_table(HEADER, ["1", "Việc A", "Phòng X\nPhòng Y", "Sở A\nSở B", "Quý IV"]))
    )
    assert rows[0].lead == "Phòng X\nPhòng Y"


def test_a_numbered_row_without_units_or_deadline_is_a_heading_for_the_rows_below() -> None:
    rows = read_table_rows(
        _document(
            _table(
                HEADER,
                ["1", "Nhóm nhiệm vụ về dữ liệu", "", "", ""],
                ["2", "Việc A", "Sở A", "", "Quý III"],
                ["3", "Việc B", "Sở B", "", "Quý IV"],
            )
        )
    )
    assert [r.number for r in rows] == ["2", "3"]
    assert rows[0].section_title == "1. Nhóm nhiệm vụ về dữ liệu"


def test_a_task_whose_activities_are_lettered_sub_rows() -> None:
    rows = read_table_rows(
        _document(
            _table(
                HEADER,
                ["1", "Hoàn thiện thể chế", "", "", ""],
                ["a", "Luật A", "Bộ A", "", "Tháng 12/2025"],
                ["b", "Luật B", "Bộ B", "", "Tháng 6/2026"],
            )
        )
    )
    assert [(r.ref_hint, r.task) for r in rows] == [("1a", "Luật A"), ("1b", "Luật B")]


def test_a_task_table_without_a_time_column_names_the_table_and_its_columns() -> None:
    document = _document(
        _table(["TT", "Nội dung", "Chủ trì", "Phối hợp"], ["1", "Việc A", "Sở A", "Sở B"])
    )
    with pytest.raises(DocumentError) as caught:
        read_table_rows(document)
    assert caught.value.key == "import.no_time_column"
    assert caught.value.location is not None
    assert caught.value.location.table == 1
    assert "«Chủ trì»" in render_error(caught.value)


def test_tables_that_are_not_task_tables_are_ignored() -> None:
    issuer_block = _table(["SỞ CÔNG THƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    assert read_table_rows(_document(issuer_block)) == []
