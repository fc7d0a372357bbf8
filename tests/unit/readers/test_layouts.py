"""Issue 13's layouts, one pattern per test, on lines taken from real plans (see
tests/fixtures/layouts/README.md for the plans they come from)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from tests.unit.readers.rows import unit_row
from workflows.importing import parse_plan
from workflows.plan import IssuerLevel, Period
from workflows.readers.assignments import read_assignment, tidy_row
from workflows.readers.coverage import unread_items
from workflows.readers.document import Cell, DocumentFormat, Paragraph, Row, SourceDocument, Table
from workflows.readers.listing import read_list_tasks
from workflows.readers.metadata import MetadataOverrides
from workflows.readers.metadata.level import issuer_level
from workflows.readers.metadata.period import guessed_in_title, period_in_text
from workflows.readers.table import read_table_rows
from workflows.units.splitter import split_units

YEAR_2025 = Period(date(2025, 1, 1), date(2025, 12, 31))


def _list(*texts: str) -> SourceDocument:
    paragraphs = tuple(Paragraph(text) for text in texts)
    return SourceDocument(path="ke-hoach.txt", format=DocumentFormat.TEXT, paragraphs=paragraphs)


def _table(*rows: Sequence[str]) -> SourceDocument:
    width = max(len(row) for row in rows)
    grid = tuple(
        Row(tuple(Cell((text,) if text else ()) for text in [*row, *[""] * (width - len(row))]), n)
        for n, row in enumerate(rows, start=1)
    )
    return SourceDocument(path="ke-hoach.txt", format=DocumentFormat.TEXT, tables=(Table(grid, 1),))


# -- 1. prose assignments ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "lead", "partners"),
    [
        (
            "Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành, đoàn thể Thành phố, Ủy ban nhân "
            "dân phường, xã, đặc khu và các đơn vị có liên quan.",
            "Sở Nội vụ",
            "các sở, ban, ngành, đoàn thể Thành phố, Ủy ban nhân dân phường, xã, đặc khu và các "
            "đơn vị có liên quan",
        ),
        (
            "Giao Sở Nội vụ chủ trì tham mưu Ủy ban nhân dân Thành phố ban hành Kế hoạch",
            "Sở Nội vụ",
            "",
        ),
        ("Văn phòng UBND tỉnh đôn đốc, hướng dẫn các cơ quan, đơn vị", "Văn phòng UBND tỉnh", ""),
        (
            "Giao Sở Nông nghiệp và Môi trường là cơ quan đầu mối, chủ trì, hướng dẫn thực hiện",
            "Sở Nông nghiệp và Môi trường",
            "",
        ),
    ],
)
def test_a_sentence_names_its_lead_and_partners(sentence: str, lead: str, partners: str) -> None:
    assignment = read_assignment(sentence)
    assert assignment is not None
    assert (assignment.lead, assignment.partners) == (lead, partners)


def test_a_sentence_without_a_body_names_no_lead() -> None:
    assert read_assignment("Điều phối chung, đôn đốc, hướng dẫn việc triển khai Kế hoạch") is None


def test_a_lead_field_of_sentences_gives_each_lead() -> None:
    row = tidy_row(
        unit_row(
            "+ Sở Văn hóa và Thể thao chủ trì, phối hợp với các sở, ban, ngành, đoàn thể Thành "
            "phố và các đơn vị có liên quan. + Sở Xây dựng đăng tải thông điệp truyền thông "
            "Tháng hành động trên bảng quang báo thông tin giao thông của Thành phố."
        )
    )
    assert row.lead.split("\n") == ["Sở Văn hóa và Thể thao", "Sở Xây dựng"]
    assert row.partners == "các sở, ban, ngành, đoàn thể Thành phố và các đơn vị có liên quan"


def test_a_deadline_inside_a_unit_field_moves_to_the_time() -> None:
    row = tidy_row(unit_row("Sở Tư pháp - Thời gian thực hiện: Quý IV năm 2025"))
    assert (row.lead, row.time_text) == ("Sở Tư pháp", "Quý IV năm 2025")


def test_field_label_variants_and_a_wrapped_field() -> None:
    rows = read_list_tasks(
        _list(
            "III. NHIỆM VỤ, GIẢI PHÁP",
            "9. Tổ chức nghiên cứu, học tập kinh nghiệm công tác xây dựng chính sách, pháp luật",
            "- Đơn vị chủ trì tham mưu thực hiện: Sở Tư pháp.",
            "- Cơ quan, đơn vị phối hợp: Văn phòng UBND tỉnh; các cơ quan, đơn vị, địa phương",
            "liên quan.",
            "- Thời gian thực hiện: Hằng năm.",
        )
    )
    (row,) = rows
    assert row.lead == "Sở Tư pháp."
    assert row.partners.endswith("địa phương liên quan.")
    assert row.time_text == "Hằng năm."


def test_a_trach_nhiem_label_with_a_sentence() -> None:
    document = _list(
        "II. NHIỆM VỤ",
        "1. Rà soát văn bản quy phạm pháp luật",
        "- Trách nhiệm thực hiện: Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ.",
        "- Thời gian thực hiện: Quý IV năm 2025.",
    )
    (task,) = parse_plan(document, overrides=MetadataOverrides(period=YEAR_2025)).tasks
    assert (task.lead, task.partners) == (("Sở Tư pháp",), ("Sở Nội vụ",))


def test_a_plan_of_sentences_is_read() -> None:
    document = _list(
        "II. NHIỆM VỤ CỤ THỂ",
        "1. Công an tỉnh chủ trì, phối hợp với các cơ quan, đơn vị liên quan tăng cường các "
        "biện pháp bảo đảm an ninh trật tự.",
        "2. Sở Tài chính:",
        "- Bố trí kinh phí cho các hoạt động, thực hiện trong tháng 12/2025.",
        "3. Tổ chức tuyên truyền trên các phương tiện thông tin đại chúng.",
    )
    parsed = parse_plan(document, overrides=MetadataOverrides(period=YEAR_2025))
    assert [(t.ref, t.lead) for t in parsed.tasks] == [
        ("1", ("Công an tỉnh",)),
        ("2.1", ("Sở Tài chính",)),
    ]
    assert parsed.tasks[1].row.time_text == "trong tháng 12/2025"
    assert [n.params["item"] for n in parsed.warnings if n.code == "import.item_not_read"] == ["3"]


# -- 2. distributive names --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        (
            "Các Cục: Di sản văn hóa, Bản quyền tác giả",
            ["Cục Di sản văn hóa", "Cục Bản quyền tác giả"],
        ),
        ("Sở: Tư pháp, Nội vụ", ["Sở Tư pháp", "Sở Nội vụ"]),
        (
            "Các Sở: Văn hóa, Thể thao và Du lịch, Tài chính; Công an tỉnh",
            ["Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính", "Công an tỉnh"],
        ),
        ("UBND các xã, phường", ["UBND các xã, phường"]),
    ],
)
def test_distributive_names(cell: str, names: list[str]) -> None:
    assert split_units(cell) == names


# -- 3. and 4. tables grouped by unit, pasted from a web page ---------------------------------

HEADER = ["STT", "Cơ quan chủ trì", "Cơ quan phối hợp", "Nội dung nhiệm vụ", "Thời hạn hoàn thành"]


def test_a_row_naming_a_body_leads_the_rows_below() -> None:
    rows = read_table_rows(
        _table(
            HEADER,
            ["Sở Tư pháp"],
            ["1", "", "Sở Nội vụ", "Rà soát văn bản", "Quý IV năm 2025"],
            ["2", "", "", "Tập huấn nghiệp vụ", "Năm 2026"],
        )
    )
    assert [(row.ref_hint, row.lead) for row in rows] == [("1", "Sở Tư pháp"), ("2", "Sở Tư pháp")]


def test_pasted_rows_are_put_back_under_their_headers() -> None:
    rows = read_table_rows(
        _table(
            HEADER,
            ["A.", "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"],
            [
                "1",
                "Bộ Nông nghiệp và Môi trường",
                "- Bộ Xây dựng;",
                "- Hoàn thiện Nghị định",
                "Ban hành trong quý I năm 2026",
            ],
            ["- Rà soát hướng dẫn kỹ thuật", "Giai đoạn 2026 - 2027"],
            ["B.", "BỘ KHOA HỌC VÀ CÔNG NGHỆ"],
            [
                "Bộ Khoa học và Công nghệ",
                "- Bộ Công Thương;",
                "Nghiên cứu công nghệ",
                "Giai đoạn 2026 - 2030",
            ],
            ["Các bộ, ngành liên quan", "Xây dựng chương trình đào tạo", "Giai đoạn 2026 - 2030"],
        )
    )
    got = [(r.ref_hint, r.lead, r.partners, r.task, r.time_text) for r in rows]
    assert got == [
        (
            "1a",
            "Bộ Nông nghiệp và Môi trường",
            "- Bộ Xây dựng;",
            "- Hoàn thiện Nghị định",
            "Ban hành trong quý I năm 2026",
        ),
        (
            "1b",
            "Bộ Nông nghiệp và Môi trường",
            "- Bộ Xây dựng;",
            "- Rà soát hướng dẫn kỹ thuật",
            "Giai đoạn 2026 - 2027",
        ),
        (
            "B.a",
            "Bộ Khoa học và Công nghệ",
            "- Bộ Công Thương;",
            "Nghiên cứu công nghệ",
            "Giai đoạn 2026 - 2030",
        ),
        (
            "B.b",
            "Bộ Khoa học và Công nghệ",
            "Các bộ, ngành liên quan",
            "Xây dựng chương trình đào tạo",
            "Giai đoạn 2026 - 2030",
        ),
    ]


def test_a_section_row_about_continuous_work_stays_a_section() -> None:
    rows = read_table_rows(
        _table(
            HEADER,
            ["VIII", "DUY TRÌ HOẠT ĐỘNG PHÒNG THỦ DÂN SỰ THƯỜNG XUYÊN"],
            ["1", "Sở Y tế", "", "Diễn tập", "Năm 2025"],
        )
    )
    assert [(row.ref_hint, row.section) for row in rows] == [("1", "VIII")]


# -- 5. nothing disappears silently -----------------------------------------------------------


def test_a_task_without_a_lead_is_flagged_and_on_demand_is_not_an_event() -> None:
    document = _list(
        "II. NỘI DUNG",
        "1. Tổ chức kiểm tra",
        "- Thời gian thực hiện: Khi có phát sinh.",
    )
    (task,) = parse_plan(document, overrides=MetadataOverrides(period=YEAR_2025)).tasks
    assert task.schedule.kind.value == "unscheduled"
    assert {r.code for r in task.schedule.reasons} == {"on_demand", "no_lead"}


def test_items_of_purpose_sections_are_not_named() -> None:
    document = _list(
        "I. MỤC ĐÍCH, YÊU CẦU",
        "a) Triển khai kịp thời.",
        "II. NHIỆM VỤ",
        "1. Rà soát văn bản",
        "- Cơ quan chủ trì: Sở Tư pháp.",
        "2. Tập huấn nghiệp vụ",
    )
    rows = read_list_tasks(document)
    assert [n.params["item"] for n in unread_items(document, rows)] == ["2"]


def test_bullets_with_their_own_fields_under_one_heading_are_lettered() -> None:
    rows = read_list_tasks(
        _list(
            "III. NHIỆM VỤ",
            "4. Nâng cao phẩm chất, năng lực",
            "- Tăng cường công tác giáo dục chính trị.",
            "Đơn vị thực hiện: Các Sở, ngành.",
            "- Tổ chức tập huấn, bồi dưỡng kiến thức.",
            "Đơn vị chủ trì tham mưu thực hiện: Sở Tư pháp.",
        )
    )
    assert [row.ref_hint for row in rows] == ["4a", "4b"]


# -- 7. plan context --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "issuer", ["UBND TP. Hồ Chí Minh", "Ủy ban nhân dân thành phố Huế", "UBND TP Đà Nẵng"]
)
def test_centrally_run_cities_are_provinces(issuer: str) -> None:
    assert issuer_level(issuer).level is IssuerLevel.TINH


def test_title_periods() -> None:
    late = "Kế hoạch triển khai nhiệm vụ trọng tâm những tháng cuối năm 2025"
    assert guessed_in_title(late) == "late_months"
    assert period_in_text("Kế hoạch thực hiện năm 2026 và các năm tiếp theo") == Period(
        date(2026, 1, 1), date(2030, 12, 31)
    )


def test_late_months_start_at_the_signing_and_continuous_work_too() -> None:
    document = _list(
        "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 12/KH-UBND",
        "Nghệ An, ngày 18 tháng 11 năm 2025",
        "KẾ HOẠCH",
        "TRIỂN KHAI CÁC NHIỆM VỤ TRỌNG TÂM NHỮNG THÁNG CUỐI NĂM 2025",
        "II. NHIỆM VỤ",
        "1. Tuyên truyền",
        "- Cơ quan chủ trì: Sở Văn hóa, Thể thao và Du lịch.",
        "- Thời gian thực hiện: Thường xuyên.",
    )
    parsed = parse_plan(document)
    assert parsed.metadata.period == Period(date(2025, 11, 18), date(2025, 12, 31))
    (task,) = parsed.tasks
    assert next((o.start, o.due) for o in task.schedule.occurrences) == (
        date(2025, 11, 18),
        date(2025, 11, 30),
    )


def test_an_open_ended_title_is_flagged() -> None:
    document = _list(
        "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 7/KH-UBND",
        "Lai Châu, ngày 19 tháng 11 năm 2025",
        "KẾ HOẠCH",
        "THỰC HIỆN ĐỀ ÁN NĂM 2026 VÀ CÁC NĂM TIẾP THEO",
        "II. NHIỆM VỤ",
        "1. Kiểm tra",
        "- Cơ quan chủ trì: Sở Khoa học và Công nghệ.",
        "- Thời gian thực hiện: Quý I năm 2026.",
    )
    parsed = parse_plan(document)
    assert "metadata.period_open_ended" in {n.code for n in parsed.warnings}
