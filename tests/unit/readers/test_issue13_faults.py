"""Reading faults of issue 13 found on real plans kept out of the tuning, each on a minimal
excerpt of the plan that showed it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from workflows.importing import parse_plan
from workflows.plan import ParsedPlan, Period
from workflows.readers import read_document
from workflows.readers.list_fields import FieldKind, field_line
from workflows.readers.metadata import MetadataOverrides
from workflows.readers.prose import names_leads
from workflows.schedule import ScheduleKind
from workflows.units.splitter import split_units

# UBND tỉnh Lai Châu, 7360/KH-UBND, 19/11/2025 (tests/fixtures/layouts/held_out).
HEADER = [
    "UỶ BAN NHÂN DÂN TỈNH LAI CHÂU",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 7360/KH-UBND",
    "Lai Châu, ngày 19 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "TRIỂN KHAI THI HÀNH LUẬT SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT TIÊU CHUẨN VÀ QUY CHUẨN KỸ"
    " THUẬT TRÊN ĐỊA BÀN TỈNH LAI CHÂU",
    "II. NỘI DUNG KẾ HOẠCH",
]


def _parse(tmp_path: Path, lines: list[str]) -> ParsedPlan:
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(HEADER + lines) + "\n", encoding="utf-8")
    return parse_plan(read_document(path))


def test_a_body_named_after_a_group_and_va_is_a_unit_of_its_own() -> None:
    # «các sở, ngành liên quan và Ủy ban nhân dân các xã, phường»: «và» before a capitalised
    # body starts another unit, even after a collective phrase.
    assert split_units("các sở, ngành liên quan và Ủy ban nhân dân các xã, phường") == [
        "các sở, ngành liên quan",
        "Ủy ban nhân dân các xã, phường",
    ]
    # ... but a collective phrase still goes on listing kinds, and fixed pairs stay whole.
    assert split_units("Các phòng và đơn vị thuộc Sở") == ["Các phòng và đơn vị thuộc Sở"]
    assert split_units("VP HĐND và UBND xã") == ["VP HĐND và UBND xã"]


def test_a_unit_field_of_two_sentences_names_every_lead(tmp_path: Path) -> None:
    plan = _parse(
        tmp_path,
        [
            "2. Rà soát văn bản quy phạm pháp luật",
            "- Nội dung: Rà soát các văn bản quy phạm pháp luật có liên quan đến Luật thuộc thẩm"
            " quyền quản lý nhà nước được phân công.",
            "- Cơ quan thực hiện: Sở Khoa học và Công nghệ tiến hành rà soát các văn bản quy"
            " phạm pháp luật có liên quan đến Luật thuộc thẩm quyền quản lý nhà nước của mình;"
            " các sở, ngành liên quan và Ủy ban nhân dân các xã, phường rà soát văn bản quy"
            " phạm pháp luật thuộc thẩm quyền quản lý nhà nước được phân công.",
        ],
    )
    [task] = plan.tasks
    assert list(task.lead) == [
        "Sở Khoa học và Công nghệ",
        "các sở, ngành liên quan",
        "Ủy ban nhân dân các xã, phường",
    ]


def test_a_time_label_printed_without_its_colon_is_still_the_time() -> None:
    line = "Thời gian thực hiện sau khi Chiến lược tiêu chuẩn quốc gia được ban hành."
    assert field_line(line) == (
        (FieldKind.TIME, "sau khi Chiến lược tiêu chuẩn quốc gia được ban hành."),
    )
    # A sentence that merely starts with the words is not a field line.
    assert field_line("Thời gian thực hiện Kế hoạch được tính từ ngày ký.") is None
    assert field_line("Thời gian thực hiện Chương trình là 5 năm.") is None


def test_a_heading_with_only_a_time_sentence_is_a_task_flagged_for_its_missing_lead(
    tmp_path: Path,
) -> None:
    plan = _parse(
        tmp_path,
        [
            "6. Tổ chức triển khai thực hiện Chiến lược tiêu chuẩn quốc gia",
            "Thời gian thực hiện sau khi Chiến lược tiêu chuẩn quốc gia được ban hành.",
            "III. KINH PHÍ BẢO ĐẢM",
        ],
    )
    [task] = plan.tasks
    assert task.ref == "6"
    assert task.row.task.startswith("6. Tổ chức triển khai thực hiện Chiến lược")
    assert task.lead == ()
    assert task.schedule.kind is ScheduleKind.EVENT
    assert task.schedule.needs_review
    assert not any(n.code == "import.item_not_read" for n in plan.warnings)


# Thủ tướng Chính phủ, 2530/QĐ-TTg, 19/11/2025, Phụ lục I, pasted from the portal: the header
# printed again on the next page lost its empty «STT» cell in the copy, so its cells shifted left.
PASTED_2530 = [
    "CHÍNH PHỦ",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 2530/QĐ-TTg",
    "Hà Nội, ngày 19 tháng 11 năm 2025",
    "QUYẾT ĐỊNH",
    "Ban hành Kế hoạch hành động quốc gia về khắc phục ô nhiễm và quản lý chất lượng môi trường"
    " không khí giai đoạn 2026 - 2030, tầm nhìn đến năm 2045",
    "PHỤ LỤC I",
    "STT\tCơ quan chủ trì\tCơ quan phối hợp\tThuộc nhóm nhiệm vụ, hành động\tNội dung nhiệm vụ"
    "\tChỉ tiêu đạt được\tThời hạn hoàn thành",
    "A.\tBỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
    "3\tBộ Nông nghiệp và Môi trường\t- Các bộ, ngành liên quan và UBND các tỉnh/ thành phố"
    "\tKiểm soát nguồn thải công nghiệp và xây dựng cơ sở dữ liệu quốc gia"
    "\t- Giám sát công tác vận hành hệ thống quan trắc tự động liên tục tại các nguồn thải lớn."
    "\t- Hệ thống giám sát trực tuyến hoạt động ổn định, chính xác\tThường xuyên",
    "{repeat}",
    "4\tBộ Nông nghiệp và Môi trường\t- Các bộ, ngành liên quan\tTruyền thông, nâng cao nhận thức"
    "\t- Xây dựng và vận hành hệ thống cảnh báo chất lượng không khí cho người dân."
    "\t- Hệ thống cảnh báo được vận hành\tNăm 2026",
]


def _pasted(tmp_path: Path, repeat: str) -> ParsedPlan:
    path = tmp_path / "plan.txt"
    text = "\n".join(PASTED_2530).replace("{repeat}", repeat)
    path.write_text(text + "\n", encoding="utf-8")
    return parse_plan(read_document(path))


def test_a_repeated_header_row_is_skipped_even_when_its_cells_shifted(tmp_path: Path) -> None:
    header = PASTED_2530[7]
    for repeat in (header, header.split("\t", 1)[1]):  # as printed, and without its «STT»
        plan = _pasted(tmp_path, repeat)
        assert [task.ref for task in plan.tasks] == ["3", "4"], repeat
        assert [task.lead for task in plan.tasks] == [("Bộ Nông nghiệp và Môi trường",)] * 2
        assert plan.tasks[1].row.time_text == "Năm 2026"


def test_a_row_that_merely_names_some_header_words_is_still_a_task(tmp_path: Path) -> None:
    # Two cells that happen to equal header cells are not a repeated header (three are needed).
    plan = _pasted(tmp_path, "5\tCơ quan chủ trì\tCơ quan phối hợp")
    assert [task.ref for task in plan.tasks] == ["3", "5", "4"]


# UBND TP Hồ Chí Minh, 2820/QĐ-UBND, 19/11/2025, Phụ lục, pasted from the portal: the result and
# funding cells are merged and missing from most rows; a sub-row prints only its task and units.
PASTED_2820 = [
    "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 2820/QĐ-UBND",
    "Thành phố Hồ Chí Minh, ngày 19 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 02 THÁNG 01 NĂM 2025 CỦA THỦ TƯỚNG CHÍNH PHỦ",
    "PHỤ LỤC",
    "NHIỆM VỤ CỦA CÁC SỞ, BAN, NGÀNH, PHƯỜNG, XÃ, ĐẶC KHU",
    "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian dự kiến hoàn thành"
    "\tKết quả dự kiến\tNguồn kinh phí",
    "IV\tQuản lý, vận hành, khai thác, chia sẻ cơ sở dữ liệu quốc gia về quy hoạch",
    "1\tXây dựng và thực hiện các biện pháp bảo đảm an toàn thông tin mạng, an ninh mạng đối với"
    " các hệ thống.\tCông an Thành phố\tSở Khoa học và Công nghệ, các sở, ngành, UBND xã, phường,"
    " đặc khu\tQuý IV/2026\tĐảm bảo an toàn, an ninh\tĐầu tư công hoặc nguồn vốn hợp pháp khác"
    " (nếu có)",
    "2\tQuản lý, vận hành Hệ thống thông tin và cơ sở dữ liệu quốc gia về quy hoạch đảm bảo hoạt"
    " động ổn định.\tSở Tài chính\tCác sở, ngành, UBND xã, phường, đặc khu\tQuý IV/2026",
    "Thực hiện sao lưu dữ liệu và đảm bảo có khả năng phục hồi hệ thống sau sự cố.\tSở Khoa học và"
    " Công nghệ\tSở Tài chính",
    "VI\tCác nhiệm vụ khác",
    "1\tTuyên truyền, nâng cao nhận thức về xây dựng và quản lý Hệ thống thông tin.\tSở Khoa học và"
    " Công nghệ, Viện Nghiên cứu phát triển Thành phố\tCác sở, ngành, UBND xã, phường, đặc khu"
    "\tHằng năm.",
]


def test_a_sub_row_of_task_and_units_is_a_task_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(PASTED_2820) + "\n", encoding="utf-8")
    plan = parse_plan(read_document(path))
    by_ref = {task.ref: task for task in plan.tasks}
    assert list(by_ref) == ["IV.1", "IV.2a", "IV.2b", "VI.1"]
    sub = by_ref["IV.2b"]
    assert sub.row.task.startswith("Thực hiện sao lưu dữ liệu")
    assert sub.lead == ("Sở Khoa học và Công nghệ",)
    assert sub.partners == ("Sở Tài chính",)
    assert sub.row.time_text == "Quý IV/2026"  # the merged time cell of the row above
    assert by_ref["IV.2a"].lead == ("Sở Tài chính",)


def test_recurring_rows_over_a_guessed_period_are_flagged(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(PASTED_2820) + "\n", encoding="utf-8")
    plan = parse_plan(read_document(path))
    assert any(n.code.startswith("metadata.period_") for n in plan.warnings)
    yearly = next(task for task in plan.tasks if task.ref == "VI.1")
    assert yearly.schedule.kind is ScheduleKind.RECURRING
    assert "period_guessed" in [r.code for r in yearly.schedule.reasons]
    window = next(task for task in plan.tasks if task.ref == "IV.1")
    assert window.schedule.reasons == ()  # a dated window does not depend on the period

    given = parse_plan(
        read_document(path),
        overrides=MetadataOverrides(period=Period(date(2025, 1, 1), date(2030, 12, 31))),
    )
    yearly = next(task for task in given.tasks if task.ref == "VI.1")
    assert "period_guessed" not in [r.code for r in yearly.schedule.reasons]


# UBND tỉnh Đồng Tháp, 556/KH-UBND, 19/11/2025: duties grouped under the body that leads them.
DUTIES_556 = [
    "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 556/KH-UBND",
    "Đồng Tháp, ngày 19 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "THỰC HIỆN NGHỊ QUYẾT SỐ 48/NQ-CP NGÀY 03/4/2023 CỦA CHÍNH PHỦ PHÊ DUYỆT CHIẾN LƯỢC KHAI"
    " THÁC, SỬ DỤNG BỀN VỮNG TÀI NGUYÊN, BẢO VỆ MÔI TRƯỜNG BIỂN VÀ HẢI ĐẢO ĐẾN NĂM 2030, TẦM"
    " NHÌN ĐẾN NĂM 2050",
    "IV. NHIỆM VỤ CỤ THỂ",
    "2. Sở Văn hóa, Thể thao và Du lịch",
    "- Chủ trì, phối hợp với các sở, ngành, địa phương có liên quan tham mưu đề xuất Ủy ban nhân"
    " dân tỉnh phát triển và nhân rộng các mô hình du lịch bền vững.",
    "6. Sở Tài chính",
    "- Chủ trì, phối hợp với các sở, ngành, địa phương có liên quan tham mưu Ủy ban nhân dân tỉnh"
    " trình Hội đồng nhân dân tỉnh xây dựng phương án phân bổ kế hoạch đầu tư công trung hạn,"
    " hằng năm từ nguồn vốn ngân sách nhà nước.",
    "- Căn cứ khả năng cân đối ngân sách địa phương, phối hợp với Sở Nông nghiệp và Môi trường"
    " trình cấp có thẩm quyền bố trí kinh phí để thực hiện Kế hoạch.",
    "12. Ủy ban nhân dân các xã: Gia Thuận, Tân Điền, Gò Công Đông, Tân Phú Đông",
    "- Phối hợp với các đơn vị liên quan tổ chức tuyên truyền nâng cao nhận thức cho các tầng lớp"
    " Nhân dân.",
    "13. Các sở, ngành có liên quan; Ủy ban nhân dân các xã, phường",
    "Căn cứ vào chức năng, nhiệm vụ của đơn vị, đề xuất, triển khai thực hiện các nhiệm vụ và giải"
    " pháp tại Phần III Kế hoạch này.",
]


def _duties(tmp_path: Path) -> ParsedPlan:
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(DUTIES_556) + "\n", encoding="utf-8")
    return parse_plan(read_document(path))


def test_a_heading_naming_bodies_leads_the_duties_below_it(tmp_path: Path) -> None:
    plan = _duties(tmp_path)
    leads = [task.lead for task in plan.tasks]
    assert leads == [
        ("Sở Văn hóa, Thể thao và Du lịch",),
        ("Sở Tài chính",),
        ("Sở Tài chính",),
        (
            "Ủy ban nhân dân xã Gia Thuận",
            "Ủy ban nhân dân xã Tân Điền",
            "Ủy ban nhân dân xã Gò Công Đông",
            "Ủy ban nhân dân xã Tân Phú Đông",
        ),
        ("Các sở, ngành có liên quan", "Ủy ban nhân dân các xã, phường"),
    ]
    assert not any(n.code == "import.item_not_read" for n in plan.warnings)


def test_a_duty_with_no_subject_names_its_partners_after_phoi_hop(tmp_path: Path) -> None:
    plan = _duties(tmp_path)
    assert [task.partners for task in plan.tasks] == [
        ("các sở, ngành, địa phương có liên quan",),
        ("các sở, ngành, địa phương có liên quan",),
        ("Sở Nông nghiệp và Môi trường",),
        ("các đơn vị liên quan",),
        (),
    ]


def test_a_cadence_picked_out_of_a_sentence_is_flagged(tmp_path: Path) -> None:
    # «kế hoạch đầu tư công trung hạn, hằng năm» qualifies the investment plan, not the duty.
    plan = _duties(tmp_path)
    budget = plan.tasks[1]
    assert budget.row.time_text == "hằng năm"
    assert "time_in_sentence" in [r.code for r in budget.schedule.reasons]


def test_a_vision_is_not_the_plan_period(tmp_path: Path) -> None:
    # «… ĐẾN NĂM 2030, TẦM NHÌN ĐẾN NĂM 2050», signed in 2025: 2025-2030, not 2025-2050.
    plan = _duties(tmp_path)
    assert plan.metadata.period == Period(date(2025, 1, 1), date(2030, 12, 31))


def test_only_a_heading_of_names_leads_the_bullets_below_it() -> None:
    assert names_leads("Sở Văn hóa, Thể thao và Du lịch")
    assert names_leads("Các sở, ngành có liên quan; Ủy ban nhân dân các xã, phường")
    assert not names_leads("Các nhiệm vụ trọng tâm")  # a collective phrase of no bodies
    assert not names_leads("Công tác quán triệt, tuyên truyền")
    assert not names_leads("Sở Tài chính chủ trì, phối hợp với các sở, ngành")  # a sentence


# Bộ Văn hóa, Thể thao và Du lịch, 4385/QĐ-BVHTTDL, 18/11/2025: a ministry plan whose duties are
# grouped under the bodies in «IV. TỔ CHỨC THỰC HIỆN».
DUTIES_4385 = [
    "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 4385/QĐ-BVHTTDL",
    "Hà Nội, ngày 18 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "THỰC HIỆN QUY HOẠCH MẠNG LƯỚI CƠ SỞ VĂN HÓA VÀ THỂ THAO THỜI KỲ 2021-2030, TẦM NHÌN ĐẾN NĂM"
    " 2045",
    "II. NỘI DUNG CHỦ YẾU",
    "2. Các chương trình, dự án triển khai thực hiện quy hoạch",
    "- Các dự án về thể thao ưu tiên tập trung vào các lĩnh vực:",
    "IV. TỔ CHỨC THỰC HIỆN",
    "2. Các cơ quan trực thuộc Bộ Văn hóa, Thể thao và Du lịch",
    "Chủ trì, phối hợp với các Bộ, ngành liên quan, Ủy ban nhân dân các tỉnh, thành phố trực thuộc"
    " Trung ương theo chức năng, nhiệm vụ, quyền hạn được giao trong việc ưu tiên bố trí nguồn"
    " lực.",
    "3. Sở Văn hóa, Thể thao và Du lịch/Sở Văn hóa và Thể thao tỉnh, thành phố trực thuộc Trung"
    " ương",
    "Chủ trì, phối hợp với các cơ quan có liên quan tham mưu cho Ủy ban nhân dân các tỉnh, thành"
    " phố trực thuộc Trung ương:",
    "a) Tổ chức thực hiện quản lý nhà nước về văn hóa, thể thao tại địa phương.",
    "b) Chủ động cân đối, bố trí đủ nguồn vốn đối ứng từ ngân sách địa phương theo quy định.",
    "4. Các tổ chức, cá nhân liên quan",
    "Phối hợp với các cơ quan có thẩm quyền trong việc triển khai thực hiện nội dung quy hoạch.",
]


def test_ministry_duties_grouped_by_body(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(DUTIES_4385) + "\n", encoding="utf-8")
    plan = parse_plan(read_document(path))
    so = (
        "Sở Văn hóa, Thể thao và Du lịch/Sở Văn hóa và Thể thao tỉnh, thành phố trực thuộc"
        " Trung ương"
    )
    # «Các chương trình …» and «Các dự án về thể thao …» name no body («trình» of «chương
    # trình» is no verb); a group owned by a body leads; a lead-in ending in «:» is no task,
    # its partners are the items'; «theo chức năng», «trong việc» end a partner list.
    assert [(task.lead, task.partners) for task in plan.tasks] == [
        (
            ("Các cơ quan trực thuộc Bộ Văn hóa, Thể thao và Du lịch",),
            (
                "các Bộ, ngành liên quan",
                "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
            ),
        ),
        ((so,), ("các cơ quan có liên quan",)),
        ((so,), ("các cơ quan có liên quan",)),
        (("Các tổ chức, cá nhân liên quan",), ("các cơ quan có thẩm quyền",)),
    ]
