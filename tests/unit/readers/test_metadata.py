"""Plan metadata read from synthetic documents: issuer block, level, title and period rules."""

from __future__ import annotations

from datetime import date

import pytest

from nhacviec.errors import DocumentError
from nhacviec.i18n.errors import render_error
from workflows.plan import IssuerLevel, Period
from workflows.readers.document import DocumentFormat, Paragraph, SourceDocument
from workflows.readers.metadata import MetadataOverrides, read_metadata
from workflows.readers.metadata.level import issuer_level
from workflows.readers.metadata.period import period_in_text


def document(
    *texts: str | Paragraph,
    header: tuple[str, ...] = (),
    right: tuple[str, ...] = (),
    fmt: DocumentFormat = DocumentFormat.DOCX,
) -> SourceDocument:
    paragraphs = tuple(text if isinstance(text, Paragraph) else Paragraph(text) for text in texts)
    return SourceDocument(
        path="plan.docx",
        format=fmt,
        paragraphs=paragraphs,
        header_lines=header,
        header_right_lines=right,
    )


def bold(text: str) -> Paragraph:
    return Paragraph(text, bold=True)


H2_2025 = Period(date(2025, 7, 1), date(2025, 12, 31))
H1_2026 = Period(date(2026, 1, 1), date(2026, 6, 30))


def year(first: int, last: int | None = None) -> Period:
    return Period(date(first, 1, 1), date(last or first, 12, 31))


SO_HEADER = ("UBND TỈNH QUẢNG TRỊ", "SỞ CÔNG THƯƠNG", "-------", "Số: 12/KH-SCT")
SIGNED = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Quảng Trị, ngày 21 tháng 7 năm 2025")


# --- period phrases -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Cải cách hành chính 06 tháng cuối năm 2025",
            H2_2025,
        ),
        ("CCHC 6 tháng đầu năm 2026", H1_2026),
        ("SÁU THÁNG ĐẦU NĂM 2026", H1_2026),
        ("Kế hoạch quý III năm 2025", Period(date(2025, 7, 1), date(2025, 9, 30))),
        ("kiểm tra quý 4/2025", Period(date(2025, 10, 1), date(2025, 12, 31))),
        ("CÔNG TÁC GIỮA ỦY BAN DÂN TỘC VÀ BỘ TƯ PHÁP NĂM 2015", year(2015)),
        ("phổ biến pháp luật năm 2025", year(2025)),
        ("chuyển đổi số giai đoạn 2026-2030", year(2026, 2030)),
        ("Chương trình 2026 - 2030", year(2026, 2030)),
        ("từ năm 2021 đến năm 2025", year(2021, 2025)),
        ("giai đoạn 2021-2025, định hướng đến năm 2030", year(2021, 2025)),
        ("năm 2025 và định hướng đến năm 2030", year(2025)),
        ("hạ tầng số đến năm 2030", year(2025, 2030)),
        ("hạ tầng số đến hết năm 2026", year(2025, 2026)),
    ],
)
def test_period_phrases(text: str, expected: Period) -> None:
    assert period_in_text(text, start_year=2025) == expected


@pytest.mark.parametrize(
    "text",
    [
        "THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW NGÀY 22 THÁNG 12 NĂM 2024",  # a date, not a period
        "Nghị quyết số 214/NQ-CP ngày 23/7/2025 của Chính phủ",
        "Nghị định số 200/2025/NĐ-CP",
        "phát triển Chính phủ số",
    ],
)
def test_dates_and_numbers_are_not_periods(text: str) -> None:
    assert period_in_text(text, start_year=2025) is None


def test_until_needs_a_start_year() -> None:
    assert period_in_text("đến năm 2030") is None


# --- where the period comes from ------------------------------------------------------------

TITLED = document(
    bold("KẾ HOẠCH"),
    bold("Cải cách hành chính nhà nước 06 tháng cuối năm 2025 của Sở Công Thương"),
    "Thực hiện Nghị quyết số 76/NQ-CP của Chính phủ giai đoạn 2021-2030; Sở Công Thương xây "
    "dựng Kế hoạch như sau:",
    header=SO_HEADER,
    right=SIGNED,
)


def test_title_period_wins_over_quoted_documents() -> None:
    metadata, notices = read_metadata(TITLED, time_texts=["Quý IV/2026"])

    assert metadata.period == H2_2025
    assert metadata.period_source == "title"
    assert notices == []


def test_override_wins_over_everything() -> None:
    chosen = Period(date(2025, 1, 1), date(2025, 12, 31))

    metadata, _ = read_metadata(TITLED, overrides=MetadataOverrides(period=chosen))

    assert (metadata.period, metadata.period_source) == (chosen, "option")


def test_body_sentence_that_introduces_the_plan() -> None:
    plan = document(
        bold("KẾ HOẠCH"),
        bold("Cải cách hành chính nhà nước"),
        "Căn cứ Chương trình số 1249a/CTPH ngày 13/11/2014 về phối hợp giai đoạn 2014 - 2020;",
        "Thực hiện Kế hoạch số 494/KH-UBND của UBND tỉnh 6 tháng cuối năm 2025. UBND xã Ba Lòng "
        "ban hành Kế hoạch cải cách hành chính 06 tháng đầu năm 2026 với các nội dung sau:",
        bold("I. MỤC ĐÍCH, YÊU CẦU"),
        header=("ỦY BAN NHÂN DÂN", "XÃ BA LÒNG"),
    )

    metadata, _ = read_metadata(plan)

    assert metadata.period == H1_2026
    assert metadata.period_source == "body"


def test_objectives_heading_gives_the_horizon_from_the_signing_year() -> None:
    decision = document(
        bold("QUYẾT ĐỊNH"),
        bold("VỀ VIỆC PHÊ DUYỆT CHƯƠNG TRÌNH PHÁT TRIỂN CHÍNH PHỦ SỐ"),
        bold("THỦ TƯỚNG CHÍNH PHỦ"),
        "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;",
        bold("I. QUAN ĐIỂM"),
        bold("II. MỤC TIÊU ĐẾN NĂM 2030"),
        "- Kế hoạch chuyển đổi số giai đoạn 2026-2035 của bộ, ngành.",
        header=("THỦ TƯỚNG CHÍNH PHỦ", "Số: 2629/QĐ-TTg"),
        right=("Hà Nội, ngày 01 tháng 12 năm 2025",),
    )

    metadata, _ = read_metadata(decision, time_texts=["Tháng 6/2026"])

    assert (metadata.period, metadata.period_source) == (year(2025, 2030), "body")


def test_quoted_periods_in_the_body_are_not_this_plans() -> None:
    plan = document(
        bold("KẾ HOẠCH"),
        bold("Thực hiện Nghị quyết số 214/NQ-CP ngày 23/7/2025 của Chính phủ"),
        "Căn cứ Chương trình phối hợp giai đoạn 2014 - 2020;",
        "Thực hiện Chiến lược dữ liệu quốc gia đến năm 2030; UBND thành phố ban hành Kế hoạch "
        "“Triển khai Nghị quyết số 214/NQ-CP ngày 23/7/2025”, cụ thể như sau:",
        header=("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"),
        right=("Hà Nội, ngày 17 tháng 11 năm 2025",),
    )

    metadata, notices = read_metadata(plan, time_texts=["Hoàn thành trong năm 2025.", ""])

    assert (metadata.period, metadata.period_source) == (year(2025), "deadlines")
    assert [notice.code for notice in notices] == ["metadata.period_from_deadlines"]
    assert notices[0].params["first"] == 2025


def test_deadlines_over_several_years_run_to_the_end_of_their_five_year_cycle() -> None:
    plan = document(
        bold("NGHỊ QUYẾT"),
        bold("BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ"),
        header=("CHÍNH PHỦ", "Số: 03/NQ-CP"),
    )
    time_texts = ["01/2025", "6/2025", "Quý II/2025", "2028", "Theo Nghị định số 200/2031/NĐ-CP"]

    metadata, notices = read_metadata(plan, time_texts=time_texts)

    assert (metadata.period, metadata.period_source) == (year(2025, 2030), "deadlines")
    assert dict(notices[0].params) == {
        "start": "01/01/2025",
        "end": "31/12/2030",
        "first": 2025,
        "last": 2028,
    }


def test_signing_year_is_the_last_resort_even_with_a_blank_day() -> None:
    plan = document(
        bold("KẾ HOẠCH"),
        bold("Cải cách hành chính nhà nước"),
        header=SO_HEADER,
        right=("Quảng Trị, ngày tháng 7 năm 2025",),
    )

    metadata, notices = read_metadata(plan, time_texts=["Thường xuyên"])

    assert (metadata.period, metadata.period_source) == (year(2025), "signing_year")
    assert metadata.signed_on is None
    assert [notice.code for notice in notices] == ["metadata.period_from_signing_year"]


def test_no_period_anywhere_is_refused_with_a_hint() -> None:
    plan = document(bold("KẾ HOẠCH"), bold("Cải cách hành chính nhà nước"), header=SO_HEADER)

    with pytest.raises(DocumentError) as raised:
        read_metadata(plan, time_texts=["Thường xuyên"])

    assert raised.value.key == "metadata.period_missing"
    assert "--period" in render_error(raised.value, "vi")


# --- issuer, number, date -------------------------------------------------------------------


def test_header_block_with_a_parent_body() -> None:
    metadata, _ = read_metadata(TITLED)

    assert metadata.issuer == "SỞ CÔNG THƯƠNG"
    assert metadata.issuer_level is IssuerLevel.SO
    assert metadata.number == "12/KH-SCT"
    assert metadata.signed_on == date(2025, 7, 21)


def test_issuer_lines_are_joined_and_a_blank_number_is_kept() -> None:
    plan = document(
        bold("KẾ HOẠCH"),
        bold("Cải cách hành chính năm 2025"),
        header=("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI", "-------", "Số: /KH-UBND"),
    )

    metadata, _ = read_metadata(plan)

    assert metadata.issuer == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    assert metadata.issuer_level is IssuerLevel.TINH
    assert metadata.number == "/KH-UBND"


def test_issuer_block_given_as_paragraphs_in_text_files() -> None:
    plan = document(
        "ỦY BAN NHÂN DÂN",
        "XÃ BA LÒNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "KẾ HOẠCH",
        "cải cách hành chính nhà nước trên địa bàn xã Ba Lòng 06 tháng cuối",
        "năm 2025",
        "(Ban hành kèm theo Quyết định số /QĐ-UBND ngày tháng 7 năm 2025",
        "của UBND xã Ba Lòng)",
        "Thực hiện Quyết định số 494/QĐ-UBND ngày 15/7/2025 của UBND tỉnh.",
        fmt=DocumentFormat.TEXT,
    )

    metadata, notices = read_metadata(plan)

    assert metadata.issuer == "ỦY BAN NHÂN DÂN XÃ BA LÒNG"
    assert metadata.issuer_level is IssuerLevel.XA
    assert metadata.number == ""
    assert metadata.title == (
        "Kế hoạch cải cách hành chính nhà nước trên địa bàn xã Ba Lòng 06 tháng cuối năm 2025"
    )
    assert metadata.period == H2_2025
    assert notices == []


def test_appendix_alone_names_its_issuer_in_its_note() -> None:
    appendix = document(
        "PHỤ LỤC",
        "CHI TIẾT CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH 6 THÁNG CUỐI NĂM 2025 CỦA XÃ BA LÒNG",
        "(Ban hành kèm theo Kế hoạch số 15/KH-UBND ngày tháng 7 năm 2025 của UBND xã Ba Lòng)",
        fmt=DocumentFormat.XLSX,
    )

    metadata, notices = read_metadata(appendix)

    assert metadata.issuer == "ỦY BAN NHÂN DÂN XÃ BA LÒNG"
    assert metadata.issuer_level is IssuerLevel.XA
    assert metadata.number == "15/KH-UBND"
    assert metadata.title.startswith("Chi tiết các nhiệm vụ cải cách hành chính 6 tháng cuối")
    assert metadata.period == H2_2025
    assert [notice.code for notice in notices] == ["metadata.title_from_caption"]


def test_appendix_caption_names_its_owner() -> None:
    appendix = document(
        "PHỤ LỤC",
        "CHI TIẾT CÁC NHIỆM VỤ NĂM 2025 CỦA SỞ CÔNG THƯƠNG",
        fmt=DocumentFormat.XLSX,
    )

    metadata, _ = read_metadata(appendix)

    assert (metadata.issuer, metadata.issuer_level) == ("SỞ CÔNG THƯƠNG", IssuerLevel.SO)


def test_missing_issuer_is_reported() -> None:
    plan = document(bold("KẾ HOẠCH"), bold("Cải cách hành chính năm 2025"))

    metadata, notices = read_metadata(plan)

    assert metadata.issuer == ""
    assert {notice.code for notice in notices} == {
        "metadata.issuer_missing",
        "metadata.issuer_level_unknown",
    }


def test_overrides_replace_what_the_document_says() -> None:
    overrides = MetadataOverrides(
        title="Kế hoạch CCHC", issuer="ỦY BAN NHÂN DÂN XÃ A LƯỚI", number="7/KH-UBND"
    )

    metadata, _ = read_metadata(TITLED, overrides=overrides)

    assert (metadata.title, metadata.issuer, metadata.number) == (
        "Kế hoạch CCHC",
        "ỦY BAN NHÂN DÂN XÃ A LƯỚI",
        "7/KH-UBND",
    )
    assert metadata.issuer_level is IssuerLevel.XA
    level_only = MetadataOverrides(issuer_level=IssuerLevel.TINH)
    assert read_metadata(TITLED, overrides=level_only)[0].issuer_level is IssuerLevel.TINH


# --- issuer level rules ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("issuer", "parent", "expected"),
    [
        ("CHÍNH PHỦ", "", IssuerLevel.QUOC_GIA),
        ("THỦ TƯỚNG CHÍNH PHỦ", "", IssuerLevel.QUOC_GIA),
        ("BỘ TƯ PHÁP", "", IssuerLevel.BO),
        ("CỤC KIỂM TRA VĂN BẢN QUY PHẠM PHÁP LUẬT", "BỘ TƯ PHÁP", IssuerLevel.BO),
        ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "", IssuerLevel.TINH),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "", IssuerLevel.TINH),
        ("UBND THÀNH PHỐ HUẾ", "", IssuerLevel.TINH),
        ("TỈNH ỦY QUẢNG TRỊ", "", IssuerLevel.TINH),
        ("SỞ CÔNG THƯƠNG", "", IssuerLevel.SO),
        ("SỞ CÔNG THƯƠNG", "UBND TỈNH QUẢNG TRỊ", IssuerLevel.SO),
        ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "", IssuerLevel.SO),
        ("BỘ CHỈ HUY QUÂN SỰ TỈNH", "", IssuerLevel.SO),
        ("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", IssuerLevel.SO),
        ("ỦY BAN NHÂN DÂN XÃ BA LÒNG", "", IssuerLevel.XA),
        ("UBND PHƯỜNG ĐÔNG HÀ", "", IssuerLevel.XA),
        ("ỦY BAN NHÂN DÂN THỊ TRẤN KHE SANH", "", IssuerLevel.XA),
        ("CÔNG AN XÃ BA LÒNG", "", IssuerLevel.XA),
        ("PHÒNG VĂN HÓA - XÃ HỘI", "ỦY BAN NHÂN DÂN XÃ BA LÒNG", IssuerLevel.XA),
    ],
)
def test_issuer_level_rules(issuer: str, parent: str, expected: IssuerLevel) -> None:
    reading = issuer_level(issuer, parent=parent)

    assert (reading.level, reading.guessed) == (expected, False)


@pytest.mark.parametrize(
    ("issuer", "number", "expected"),
    [
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÔNG HÀ", "", IssuerLevel.XA),  # a city inside a province
        ("", "/KH-SCT", IssuerLevel.SO),
        ("", "173/QĐ-BTP", IssuerLevel.BO),
        ("", "2629/QĐ-TTg", IssuerLevel.QUOC_GIA),
    ],
)
def test_guessed_levels_are_marked(issuer: str, number: str, expected: IssuerLevel) -> None:
    reading = issuer_level(issuer, number=number)

    assert (reading.level, reading.guessed) == (expected, True)


def test_a_peoples_committee_number_alone_gives_no_level() -> None:
    assert issuer_level("", number="12/KH-UBND").level is None


# --- title ----------------------------------------------------------------------------------


def test_decision_attaching_a_plan_is_known_by_the_plan_title() -> None:
    decision = document(
        bold("QUYẾT ĐỊNH"),
        bold("BAN HÀNH KẾ HOẠCH TRIỂN KHAI CHƯƠNG TRÌNH PHỐI HỢP NĂM 2015"),
        bold("BỘ TRƯỞNG BỘ TƯ PHÁP"),
        "Căn cứ Chương trình số 1249a/CTPH-UBDT-BTP về phối hợp giai đoạn 2014 - 2020,",
        bold("QUYẾT ĐỊNH:"),
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai Chương trình phối hợp.",
        bold("KẾ HOẠCH"),
        bold("TRIỂN KHAI CHƯƠNG TRÌNH PHỐI HỢP VỚI ỦY BAN DÂN TỘC NĂM 2015"),
        "(Ban hành kèm theo Quyết định số 173/QĐ-BTP ngày 29 tháng 01 năm 2015)",
        "Các đơn vị phối hợp với Ủy ban Dân tộc theo Chương trình phối hợp đã ký.",
        header=("BỘ TƯ PHÁP", "Số: 173/QĐ-BTP"),
        right=("Hà Nội, ngày 29 tháng 01 năm 2015",),
    )

    metadata, _ = read_metadata(decision)

    assert metadata.title == (
        "Kế hoạch triển khai Chương trình phối hợp với Ủy ban Dân tộc năm 2015"
    )
    assert (metadata.period, metadata.period_source) == (year(2015), "title")
    assert (metadata.issuer_level, metadata.signed_on) == (IssuerLevel.BO, date(2015, 1, 29))


def test_a_capitalised_title_takes_the_bodys_casing_and_stops_at_the_authority() -> None:
    resolution = document(
        bold("NGHỊ QUYẾT"),
        bold("BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ"),
        bold("THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW"),
        bold("CHÍNH PHỦ"),
        "Căn cứ Nghị quyết số 57-NQ/TW của Bộ Chính trị;",
        "Điều 1. Ban hành kèm theo Nghị quyết này Chương trình hành động của Chính phủ.",
        header=("CHÍNH PHỦ", "Số: 03/NQ-CP"),
        right=("Hà Nội, ngày 09 tháng 01 năm 2025",),
    )

    metadata, _ = read_metadata(resolution, time_texts=["2025"])

    assert metadata.title == (
        "Nghị quyết ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW"
    )


def test_a_quoted_date_near_the_top_is_not_the_signing_date() -> None:
    plan = document(
        "Số: /KH-SCT Quảng Trị, ngày tháng 7 năm 2025",
        "KẾ HOẠCH",
        "Cải cách hành chính nhà nước",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        fmt=DocumentFormat.TEXT,
    )

    metadata, _ = read_metadata(plan, time_texts=["Thường xuyên"])

    assert metadata.signed_on is None
    assert (metadata.period, metadata.period_source) == (year(2025), "signing_year")
    assert metadata.number == "/KH-SCT"


# --- a portal's block, a campaign's months, a term of office ---------------------------------


def test_a_portal_block_pasted_above_a_dispatch_gives_its_number_date_and_issuer() -> None:
    plan = document(
        "Số hiệu: 6225/BVHTTDL-VP",
        "Loại văn bản: Công văn",
        "Nơi ban hành: Bộ Văn hoá, Thể thao và du lịch",
        "Người ký: Nguyễn Văn Hùng",
        "Ngày ban hành: 18/11/2025",
        "Kính gửi: Các cơ quan tham mưu quản lý nhà nước thuộc Bộ",
        "PHỤ LỤC",
        "DANH MỤC CÁC NHIỆM VỤ TRỌNG TÂM TRONG NHỮNG THÁNG CUỐI NĂM 2025",
        fmt=DocumentFormat.TEXT,
    )

    metadata, notices = read_metadata(plan)

    assert (metadata.number, metadata.signed_on) == ("6225/BVHTTDL-VP", date(2025, 11, 18))
    assert metadata.issuer == "BỘ VĂN HOÁ, THỂ THAO VÀ DU LỊCH"
    assert metadata.period == Period(date(2025, 11, 18), date(2025, 12, 31))
    assert "metadata.period_late_months" not in [notice.code for notice in notices]


def test_the_printed_header_wins_over_the_portal_block_above_it() -> None:
    plan = document(
        "Số hiệu: 99/KH-UBND",
        "Ngày ban hành: 01/12/2025",
        "ỦY BAN NHÂN DÂN",
        "TỈNH ĐẮK LẮK",
        "Số: 0130/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Đắk Lắk, ngày 21 tháng 11 năm 2025",
        "KẾ HOẠCH",
        "Khắc phục môi trường sau lụt bão năm 2025",
        fmt=DocumentFormat.TEXT,
    )

    metadata, _ = read_metadata(plan)

    assert metadata.issuer == "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK"
    assert (metadata.number, metadata.signed_on) == ("0130/KH-UBND", date(2025, 11, 21))


def test_a_term_of_office_is_not_the_period_and_the_campaign_months_are() -> None:
    plan = document(
        bold("KẾ HOẠCH"),
        bold(
            "Phát động phong trào thi đua thực hiện thành công cuộc bầu cử đại biểu Quốc hội "
            "khóa XVI và đại biểu HĐND các cấp nhiệm kỳ 2026 - 2031"
        ),
        "UBND tỉnh ban hành Kế hoạch phát động phong trào thi đua … nhiệm kỳ 2026 - 2031.",
        "II. NỘI DUNG",
        "3. Thời gian tổ chức phong trào thi đua: Phong trào thi đua cao điểm được triển khai "
        "thực hiện từ tháng 10 năm 2025 đến hết tháng 3 năm 2026. Tổng kết vào tháng 4 năm 2026.",
        header=("ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK", "Số: 0125/KH-UBND"),
        right=("Đắk Lắk, ngày 18 tháng 11 năm 2025",),
    )

    metadata, notices = read_metadata(plan)

    assert (metadata.period, metadata.period_source) == (
        Period(date(2025, 10, 1), date(2026, 3, 31)),
        "body",
    )
    assert notices == []
    assert period_in_text("nhiệm kỳ 2026 - 2031") is None
