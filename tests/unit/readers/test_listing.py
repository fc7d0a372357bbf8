"""List layouts read from synthetic documents, one per style the reader must handle."""

from __future__ import annotations

import pytest

from workflows.plan import SourceRef
from workflows.readers.document import DocumentFormat, Paragraph, SourceDocument
from workflows.readers.listing import read_list_tasks


def document(*texts: str | Paragraph) -> SourceDocument:
    paragraphs = tuple(text if isinstance(text, Paragraph) else Paragraph(text) for text in texts)
    return SourceDocument(path="plan.docx", format=DocumentFormat.DOCX, paragraphs=paragraphs)


MINISTRY_STYLE = document(
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "a) Triển khai kịp thời, có hiệu quả Chương trình phối hợp.",
    "II. NỘI DUNG THỰC HIỆN",
    "1. Công tác xây dựng pháp luật",
    "a) Phối hợp rà soát các văn bản quy phạm pháp luật",
    "- Đơn vị chủ trì: Vụ Pháp luật hình sự - hành chính.",
    "- Đơn vị phối hợp: Vụ Pháp luật quốc tế, Cục Kiểm tra văn bản.",
    "- Thời gian thực hiện: Cả năm 2015.",
    "đ) Phối hợp nghiên cứu luật so sánh",
    "- Đơn vị chủ trì: Vụ Pháp luật quốc tế.",
    "- Cơ quan phối hợp: Văn phòng Bộ.",
    "- Thời gian hoàn thành: Quý IV/2015.",
    "III. TỔ CHỨC THỰC HIỆN",
    "1. Vụ Các vấn đề chung về xây dựng pháp luật",
    "a) Tổ chức triển khai thực hiện Kế hoạch.",
    "Cuối năm, báo cáo kết quả hoạt động phối hợp về Vụ để tổng hợp.",
)


def test_ministry_items_are_read_with_their_fields() -> None:
    rows = read_list_tasks(MINISTRY_STYLE)

    assert [row.ref_hint for row in rows] == ["1.a", "1.đ"]
    first, second = rows
    assert first.task == "a) Phối hợp rà soát các văn bản quy phạm pháp luật"
    assert first.number == "a"
    assert first.section == "1"
    assert first.section_title == "1. Công tác xây dựng pháp luật"
    assert first.lead == "Vụ Pháp luật hình sự - hành chính."
    assert first.partners == "Vụ Pháp luật quốc tế, Cục Kiểm tra văn bản."
    assert first.time_text == "Cả năm 2015."
    assert first.source == SourceRef(table=None, row=6, page=None)
    assert (second.partners, second.time_text) == ("Văn phòng Bộ.", "Quý IV/2015.")


def test_purpose_and_closing_items_without_fields_are_not_tasks() -> None:
    tasks = {row.task for row in read_list_tasks(MINISTRY_STYLE)}

    assert not any("Triển khai kịp thời" in task or "Tổ chức triển khai" in task for task in tasks)
    assert not any(task.startswith("Cuối năm") for task in tasks)


CITY_STYLE = document(
    "II. NHIỆM VỤ",
    "1. Về dữ liệu",
    "1.1. Xây dựng các Chiến lược triển khai của thành phố:",
    "a) Nhiệm vụ: Tham mưu rà soát, hoàn thiện Chiến lược dữ liệu thành phố.",
    "b) Cơ quan thực hiện:",
    "- Đơn vị chủ trì: Sở Khoa học và Công nghệ.",
    "- Đơn vị phối hợp: Các Sở, ban, ngành.",
    "c) Thời gian thực hiện: Hoàn thành trong năm 2025.",
    "1.2. Triển khai, phát triển dữ liệu:",
    "a) Nhiệm vụ:",
    "- Triển khai rà soát, chuẩn hóa cơ sở dữ liệu.",
    "- Phối hợp triển khai số hóa.",
    "- Tiếp tục rà soát danh mục dữ liệu.",
    "b) Cơ quan thực hiện:",
    "- Đơn vị chủ trì: Các Sở, ban, ngành.",
    "- Đơn vị phối hợp: Sở Khoa học và Công nghệ, UBND xã, phường.",
    "c) Thời gian thực hiện: Triển khai theo lộ trình.",
    "2. Về các nền tảng số",
    "a) Nhiệm vụ:",
    "- Tổ chức triển khai các nền tảng số quốc gia.",
    "b) Cơ quan thực hiện:",
    "- Đơn vị chủ trì: Các Sở, ban, ngành Thành phố.",
    "c) Thời gian thực hiện: Hoàn thành trong năm 2025.",
    "III. TỔ CHỨC THỰC HIỆN",
    "1. Sở Khoa học và Công nghệ theo dõi, đôn đốc các Sở triển khai thực hiện",
    "- Cơ quan thường trực Tổ công tác cập nhật trước ngày 20 hằng tháng lên phần mềm.",
    "2. Các Sở báo cáo kết quả thực hiện trước ngày 15 hằng tháng.",
)


def test_inline_task_after_nhiem_vu_label() -> None:
    row = read_list_tasks(CITY_STYLE)[0]

    assert row.task == "Tham mưu rà soát, hoàn thiện Chiến lược dữ liệu thành phố."
    assert (row.number, row.ref_hint, row.section) == ("1.1", "1.1", "1")
    assert row.section_title == "1.1. Xây dựng các Chiến lược triển khai của thành phố:"
    assert row.lead == "Sở Khoa học và Công nghệ."
    assert row.partners == "Các Sở, ban, ngành."
    assert row.time_text == "Hoàn thành trong năm 2025."
    assert row.source.row == 4


def test_each_bullet_under_nhiem_vu_is_a_task_sharing_the_field_block() -> None:
    rows = read_list_tasks(CITY_STYLE)[1:4]

    assert [row.ref_hint for row in rows] == ["1.2a", "1.2b", "1.2c"]
    assert [row.task for row in rows] == [
        "- Triển khai rà soát, chuẩn hóa cơ sở dữ liệu.",
        "- Phối hợp triển khai số hóa.",
        "- Tiếp tục rà soát danh mục dữ liệu.",
    ]
    assert [row.source.row for row in rows] == [11, 12, 13]
    assert {(row.number, row.lead, row.partners, row.time_text) for row in rows} == {
        (
            "1.2",
            "Các Sở, ban, ngành.",
            "Sở Khoa học và Công nghệ, UBND xã, phường.",
            "Triển khai theo lộ trình.",
        )
    }


def test_single_bullet_keeps_the_heading_ref_and_headings_without_items_give_nothing() -> None:
    rows = read_list_tasks(CITY_STYLE)

    assert [row.ref_hint for row in rows] == ["1.1", "1.2a", "1.2b", "1.2c", "2"]
    assert rows[-1].partners == ""
    assert rows[-1].section_title == "2. Về các nền tảng số"


@pytest.mark.parametrize(
    ("label", "attribute"),
    [
        ("- Đơn vị chủ trì:", "lead"),
        ("- Cơ quan chủ trì:", "lead"),
        ("- Đơn vị chủ trì thực hiện:", "lead"),
        ("- Đơn vị thực hiện:", "lead"),
        ("- Cơ quan/Đơn vị chủ trì:", "lead"),
        ("Chủ trì:", "lead"),
        ("- ĐƠN VỊ CHỦ TRÌ:", "lead"),
        ("+ Đơn vị phối hợp:", "partners"),
        ("- Cơ quan phối hợp:", "partners"),
        ("- Phối hợp thực hiện:", "partners"),
        ("- Thời gian thực hiện:", "time_text"),
        ("- Thời gian hoàn thành:", "time_text"),
        ("- Thời hạn:", "time_text"),
        ("- Tiến độ thực hiện:", "time_text"),
        ("- THỜI GIAN :", "time_text"),
        ("- Sản phẩm:", "product"),
        ("- Sản phẩm dự kiến:", "product"),
        ("- Kết quả:", "product"),
        ("- Kinh phí:", "budget"),
        ("- Kinh phí thực hiện:", "budget"),
    ],
)
def test_label_variants(label: str, attribute: str) -> None:
    lead_line = "- Đơn vị chủ trì: Sở Nội vụ" if attribute != "lead" else "- Thời hạn: Quý III"
    rows = read_list_tasks(
        document("1. Cải cách thể chế", "a) Rà soát văn bản", lead_line, f"{label} Giá trị in")
    )

    assert len(rows) == 1
    assert getattr(rows[0], attribute) == "Giá trị in"


def test_only_items_followed_by_a_lead_or_a_time_are_tasks() -> None:
    rows = read_list_tasks(
        document(
            "1. Nguồn lực",
            "a) Bố trí kinh phí thực hiện",
            "- Kinh phí: Ngân sách nhà nước.",
            "- Sản phẩm: Dự toán.",
            "b) Xây dựng báo cáo",
            "- Thời gian thực hiện:",
        )
    )

    assert [(row.ref_hint, row.time_text) for row in rows] == [("1.b", "")]


def test_a_field_printed_without_value_takes_the_lines_below() -> None:
    rows = read_list_tasks(
        document(
            "1. Công tác chỉ đạo",
            "a) Ban hành kế hoạch",
            "- Đơn vị chủ trì: Văn phòng",
            "- Đơn vị phối hợp:",
            "+ Phòng Kinh tế;",
            "+ Phòng Văn hóa - Xã hội.",
            "- Thời gian thực hiện: Tháng 8/2025",
            "b) Kiểm tra",
            "- Đơn vị chủ trì: Văn phòng",
        )
    )

    assert rows[0].partners == "+ Phòng Kinh tế; + Phòng Văn hóa - Xã hội."
    assert rows[0].time_text == "Tháng 8/2025"
    assert [row.ref_hint for row in rows] == ["1.a", "1.b"]


def test_several_fields_on_one_line() -> None:
    rows = read_list_tasks(
        document("a) Rà soát thủ tục", "- Chủ trì: Sở Tư pháp; phối hợp: Sở Nội vụ. Thời hạn: 2025")
    )

    assert (rows[0].lead, rows[0].partners, rows[0].time_text) == (
        "Sở Tư pháp",
        "Sở Nội vụ.",
        "2025",
    )
    assert rows[0].ref_hint == "a"


def test_a_numbered_heading_followed_by_fields_is_the_task() -> None:
    rows = read_list_tasks(
        document(
            "II. NỘI DUNG",
            "1. Kiện toàn Ban Chỉ đạo phòng thủ dân sự",
            "- Cơ quan chủ trì: Bộ CHQS tỉnh",
            "- Thời gian hoàn thành: Trước ngày 30/11/2025",
            "2. Diễn tập phòng thủ dân sự",
            "- Cơ quan chủ trì: Công an tỉnh",
            "- Thời gian hoàn thành: Theo kế hoạch",
        )
    )

    assert [(row.number, row.ref_hint, row.section) for row in rows] == [
        ("1", "1", "II"),
        ("2", "2", "II"),
    ]
    assert rows[0].task == "1. Kiện toàn Ban Chỉ đạo phòng thủ dân sự"
    assert rows[0].section_title == "II. NỘI DUNG"


def test_paragraphs_under_an_item_are_joined_into_its_text() -> None:
    rows = read_list_tasks(
        document(
            "1. Cải cách thủ tục hành chính",
            "a) Rà soát thủ tục hành chính",
            "Trọng tâm là các thủ tục liên quan đến doanh nghiệp.",
            "- Đơn vị chủ trì: Sở Tư pháp",
        )
    )

    assert rows[0].task == (
        "a) Rà soát thủ tục hành chính Trọng tâm là các thủ tục liên quan đến doanh nghiệp."
    )


def test_an_item_introducing_a_list_gives_one_task_per_bullet() -> None:
    rows = read_list_tasks(
        document(
            "3. Hiện đại hóa hành chính",
            "b) Triển khai các nội dung sau:",
            "- Số hóa hồ sơ.",
            "- Cập nhật cơ sở dữ liệu.",
            "- Đơn vị chủ trì: Văn phòng",
            "- Thời gian thực hiện: Thường xuyên",
        )
    )

    assert [(row.ref_hint, row.task, row.objective) for row in rows] == [
        ("3.b.1", "- Số hóa hồ sơ.", "b) Triển khai các nội dung sau"),
        ("3.b.2", "- Cập nhật cơ sở dữ liệu.", "b) Triển khai các nội dung sau"),
    ]


def test_pages_are_kept_in_the_source_reference() -> None:
    rows = read_list_tasks(
        document(
            Paragraph("1. Công tác", page=1),
            Paragraph("a) Ban hành kế hoạch", page=1),
            Paragraph("- Đơn vị chủ trì: Văn phòng", page=2),
        )
    )

    assert rows[0].source == SourceRef(table=None, row=2, page=1)


def test_a_plan_without_field_lines_has_no_list_tasks() -> None:
    plain = document(
        "II. NHIỆM VỤ TRỌNG TÂM",
        "1. Công tác chỉ đạo điều hành",
        "- Ban hành kế hoạch CCHC 06 tháng cuối năm 2025.",
        "- Chủ trì, phối hợp với các cơ quan tham mưu nguồn kinh phí.",
        "(Các nhiệm vụ cụ thể tại phụ lục kèm theo).",
    )

    assert read_list_tasks(plain) == []


def test_a_lead_in_paragraph_under_a_heading_introduces_its_bullets() -> None:
    rows = read_list_tasks(
        document(
            "4. Cải cách tài chính công",
            "Thực hiện các nhiệm vụ sau:",
            "- Rà soát định mức chi.",
            "- Công khai ngân sách.",
            "- Đơn vị chủ trì: Bộ phận Kế toán",
            "- Thời hạn: Quý IV/2025",
        )
    )

    assert [(row.ref_hint, row.number, row.task, row.objective) for row in rows] == [
        ("4a", "4", "- Rà soát định mức chi.", "Thực hiện các nhiệm vụ sau"),
        ("4b", "4", "- Công khai ngân sách.", "Thực hiện các nhiệm vụ sau"),
    ]
    assert rows[0].section_title == "4. Cải cách tài chính công"


def test_unnumbered_paragraphs_followed_by_fields_have_no_printed_ref() -> None:
    rows = read_list_tasks(
        document(
            "Tổ chức hội nghị sơ kết công tác cải cách hành chính",
            "- Đơn vị chủ trì: Văn phòng",
        )
    )

    assert [(row.number, row.ref_hint, row.section, row.lead) for row in rows] == [
        ("", "", "", "Văn phòng")
    ]
    assert rows[0].task == "Tổ chức hội nghị sơ kết công tác cải cách hành chính"
