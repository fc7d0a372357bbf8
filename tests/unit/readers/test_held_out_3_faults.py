"""Reading faults found by the third blind set (tests/fixtures/layouts/held_out_3), each on a
short excerpt of the real plan that showed it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.unit.readers.excerpts import parse_lines
from workflows.plan import ParsedPlan
from workflows.readers.assignments import read_assignment, read_partners
from workflows.readers.columns import Field, classify_header, is_column_numbering
from workflows.readers.document import Cell, Row
from workflows.schedule import ScheduleKind

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
    plan = parse_lines(tmp_path, CALENDAR)
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


# -- duties grouped by unit: UBND thành phố Cần Thơ 153/KH-UBND, UBND tỉnh Nghệ An 1026/KH-UBND,
# UBND tỉnh Hà Tĩnh 624/KH-UBND (November 2025) ----------------------------------------------

CANTHO = [
    "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 153/KH-UBND",
    "Cần Thơ, ngày 17 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "TRIỂN KHAI, THỰC HIỆN CÁC DỰ ÁN, TIỂU DỰ ÁN THUỘC CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA PHÒNG, CHỐNG"
    " MA TÚY ĐẾN NĂM 2030 TRÊN ĐỊA BÀN THÀNH PHỐ",
    "IV. PHÂN CÔNG NHIỆM VỤ",
]


def _leads(plan: ParsedPlan) -> list[tuple[str, tuple[str, ...]]]:
    return [(task.ref, task.lead) for task in plan.tasks]


def test_a_de_nghi_heading_names_the_bodies_who_lead_its_duties(tmp_path: Path) -> None:
    plan = parse_lines(
        tmp_path,
        [
            *CANTHO,
            "13. Đề nghị Ban Tuyên giáo và Dân vận Thành ủy",
            "a) Chỉ đạo, hướng dẫn hệ thống Tuyên giáo và Dân vận trực thuộc tham mưu Đảng ủy chỉ"
            " đạo cấp ủy, chính quyền đưa nội dung, nhiệm vụ công tác phòng, chống ma túy vào"
            " chương trình hoạt động chỉ đạo thường xuyên của cấp ủy, chính quyền về lãnh đạo, chỉ"
            " đạo thực hiện và coi đây là một chỉ tiêu đánh giá mức độ hoàn thành nhiệm vụ.",
            "b) Định hướng công tác tuyên truyền phòng, chống tội phạm và tệ nạn ma túy cho các cơ"
            " quan báo chí trên địa bàn thành phố.",
            "14. Đề nghị Viện kiểm sát nhân dân thành phố, Tòa án nhân dân thành phố",
            "a) Phối hợp chặt chẽ với Công an thành phố nâng cao hiệu quả thực hiện Kết luận liên"
            " ngành tư pháp Trung ương số 23/KL-LNTPTW ngày 21 tháng 11 năm 2024.",
        ],
    )
    court = ("Viện kiểm sát nhân dân thành phố", "Tòa án nhân dân thành phố")
    assert _leads(plan) == [
        ("13.a", ("Ban Tuyên giáo và Dân vận Thành ủy",)),
        ("13.b", ("Ban Tuyên giáo và Dân vận Thành ủy",)),
        ("14.a", court),
    ]
    assert plan.tasks[2].partners == ("Công an thành phố",)  # «nâng cao» is the verb
    # «chỉ đạo thường xuyên của cấp ủy» qualifies the committee's work, not the duty's time.
    assert plan.tasks[0].schedule.kind is ScheduleKind.UNSCHEDULED
    assert not [n for n in plan.warnings if n.code == "import.item_not_read"]


def test_a_heading_that_is_itself_a_request_is_a_task(tmp_path: Path) -> None:
    plan = parse_lines(
        tmp_path,
        [
            *CANTHO,
            "5. Các sở, ban, ngành, đoàn thể cấp tỉnh và UBND các xã, phường",
            "- Thực hiện nghiêm túc quy trình công tác bảo vệ bí mật nhà nước.",
            "6. Đề nghị Văn phòng Tỉnh ủy và các Ban Xây dựng Đảng và Ủy ban Kiểm tra Tỉnh ủy,"
            " Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh, Tòa án nhân dân tỉnh, Thuế tỉnh,"
            " Kiểm toán nhà nước khu vực II, Chi cục Hải quan khu vực XI tăng cường công tác bảo"
            " vệ bí mật nhà nước theo quy định của pháp luật hiện hành.",
        ],
    )
    assert [task.ref for task in plan.tasks] == ["5.1", "6"]
    assert plan.tasks[1].lead == (
        "Văn phòng Tỉnh ủy",
        "các Ban Xây dựng Đảng",  # «Xây dựng», «Kiểm tra» with a capital: parts of names
        "Ủy ban Kiểm tra Tỉnh ủy",
        "Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh",  # one office
        "Tòa án nhân dân tỉnh",
        "Thuế tỉnh",
        "Kiểm toán nhà nước khu vực II",
        "Chi cục Hải quan khu vực XI",
    )


def test_a_heading_naming_bodies_and_their_duty_is_a_task(tmp_path: Path) -> None:
    plan = parse_lines(
        tmp_path,
        [
            *CANTHO[:-1],
            "V. TỔ CHỨC THỰC HIỆN",
            "7. Sở Nông nghiệp và Môi trường",
            "Tăng cường công tác quy hoạch, bố trí quỹ đất để xây dựng phát triển trường, lớp mầm"
            " non theo quy định.",
            "8. Các sở, cơ quan trực thuộc Sở và các cơ quan liên quan trong phạm vi chức năng,"
            " nhiệm vụ của mình tổ chức triển khai thực hiện Kế hoạch.",
        ],
    )
    assert _leads(plan) == [
        ("7.1", ("Sở Nông nghiệp và Môi trường",)),
        ("8", ("Các sở, cơ quan trực thuộc Sở", "các cơ quan liên quan")),
    ]


def test_a_lead_ends_before_co_trach_nhiem() -> None:
    assignment = read_assignment(
        "Giao Công an thành phố có trách nhiệm theo dõi, hướng dẫn, đôn đốc các sở, ban, ngành"
        " thành phố triển khai, thực hiện Kế hoạch nghiêm túc, hiệu quả."
    )
    assert assignment is not None
    assert assignment.lead == "Công an thành phố"


def test_bullets_under_a_lettered_duty_of_a_unit_are_its_parts(tmp_path: Path) -> None:
    plan = parse_lines(
        tmp_path,
        [
            *CANTHO,
            "1. Công an thành phố",
            "g) Hướng dẫn các địa phương rà soát, phân loại tuyến, địa bàn trọng điểm, phức tạp về"
            " ma túy.",
            "h) Chủ trì triển khai, thực hiện các nhiệm vụ được giao tại các dự án trong Chương"
            " trình theo chỉ đạo của Bộ Công an, bao gồm:",
            "- Dự án 1: Phòng ngừa, đấu tranh tội phạm về ma túy có tổ chức, xuyên quốc gia.",
            "- Dự án 9: Quản lý, giám sát, đánh giá Chương trình.",
            "2. Sở Tài chính",
            "- Phối hợp với Công an thành phố tham mưu bố trí vốn.",
        ],
    )
    assert [task.ref for task in plan.tasks] == ["1.g", "1.h", "2.1"]
    assert plan.tasks[1].row.task.endswith(
        "bao gồm: - Dự án 1: Phòng ngừa, đấu tranh tội phạm về ma túy có tổ chức, xuyên quốc"
        " gia. - Dự án 9: Quản lý, giám sát, đánh giá Chương trình."
    )
    # Bullets directly under a unit's heading are its duties, each a task.
    assert plan.tasks[2].lead == ("Sở Tài chính",)


def test_an_organisation_part_after_the_duties_restates_them(tmp_path: Path) -> None:
    plan = parse_lines(
        tmp_path,
        [
            *CANTHO,
            "15. Sở Nội vụ",
            "Phối hợp với Công an thành phố tham mưu khen thưởng tập thể, cá nhân.",
            "IV. TỔ CHỨC THỰC HIỆN",
            "1. Các sở, ban, ngành thành phố và Ủy ban nhân dân xã, phường:",
            "b) Định kỳ hằng năm (trước ngày 15 tháng 12) báo cáo kết quả về Ủy ban nhân dân thành"
            " phố (qua Công an thành phố) để tổng hợp chung.",
            "2. Giao Công an thành phố có trách nhiệm theo dõi, hướng dẫn, đôn đốc các sở, ban,"
            " ngành thành phố, Ủy ban nhân dân xã, phường triển khai, thực hiện Kế hoạch nghiêm"
            " túc, hiệu quả./.",
        ],
    )
    assert [task.ref for task in plan.tasks] == ["15.1"]


HATINH = [
    "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 624/KH-UBND",
    "Hà Tĩnh, ngày 19 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "THỰC HIỆN CHƯƠNG TRÌNH PHÁT TRIỂN GIÁO DỤC MẦM NON Ở ĐỊA BÀN CÓ KHU CÔNG NGHIỆP GIAI ĐOẠN"
    " 2025 - 2035, ĐỊNH HƯỚNG ĐẾN NĂM 2045",
    "V. TỔ CHỨC THỰC HIỆN",
    "1. Sở Giáo dục và Đào tạo",
    "d) Chỉ đạo, hướng dẫn triển khai thực hiện các mô hình giáo dục mầm non phù hợp với đặc thù"
    " địa bàn đô thị, khu công nghiệp.",
    "đ) Đôn đốc các sở, ban, ngành, cơ quan và các địa phương liên quan về việc triển khai thực"
    " hiện Kế hoạch này; định kỳ sơ kết, tổng kết, tổng hợp báo cáo Ủy ban nhân dân tỉnh.",
    "Ủy ban nhân dân tỉnh giao Giám đốc các sở, Thủ trưởng các ban, ngành, đoàn thể cấp tỉnh và"
    " Chủ tịch Ủy ban nhân dân các xã, phường, các cơ quan liên quan theo chức năng, nhiệm vụ được"
    " giao tại kế hoạch này triển khai thực hiện đảm bảo mục đích, yêu cầu, hiệu quả, đúng quy"
    " định./.",
]


def test_the_only_part_assigning_duties_keeps_a_bodys_duty_about_the_plan(tmp_path: Path) -> None:
    plan = parse_lines(tmp_path, HATINH)
    # đ) is the body's own duty although it names «Kế hoạch này»; the closing paragraph
    # after the items, a responsibility for the plan as a whole, is none.
    assert _leads(plan) == [
        ("1.d", ("Sở Giáo dục và Đào tạo",)),
        ("1.đ", ("Sở Giáo dục và Đào tạo",)),
    ]


def test_a_numbered_heading_with_nothing_under_it_is_never_dropped_silently(
    tmp_path: Path,
) -> None:
    plan = parse_lines(
        tmp_path,
        [
            *HATINH[:7],
            "7. Sở Nông nghiệp và Môi trường",
            "Tăng cường công tác quy hoạch, bố trí quỹ đất để xây dựng trường, lớp mầm non.",
            # No body this reader can name before the verb: not read, so named in a notice.
            "8. Đề nghị các cơ quan Trung ương đóng trên địa bàn tỉnh quan tâm phối hợp thực hiện.",
            "9. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
            "a) Chỉ đạo các tổ chức thành viên tăng cường công tác truyền thông.",
        ],
    )
    assert [task.ref for task in plan.tasks] == ["7.1", "9.a"]
    unread = [dict(n.params) for n in plan.warnings if n.code == "import.item_not_read"]
    assert [notice["item"] for notice in unread] == ["8"]


def test_partners_named_in_the_duty_s_first_clause() -> None:
    # «các tổ chức»: no verb after «các»; a long list that only names bodies is kept.
    assert read_partners(
        "Phối hợp với các sở, ban, ngành, Ủy ban Mặt trận Tổ quốc Việt Nam thành phố và các tổ"
        " chức chính trị - xã hội, các cơ quan báo chí triển khai các hoạt động phòng ngừa."
    ) == (
        "các sở, ban, ngành, Ủy ban Mặt trận Tổ quốc Việt Nam thành phố và các tổ chức chính trị"
        " - xã hội, các cơ quan báo chí"
    )
    # «căn cứ», «kịp thời» end the list as a verb does.
    assert read_partners(
        "Chủ trì, phối hợp với Sở Giáo dục và Đào tạo và các cơ quan, đơn vị liên quan căn cứ các"
        " quy định hiện hành, khả năng cân đối ngân sách để tham mưu."
    ) == ("Sở Giáo dục và Đào tạo và các cơ quan, đơn vị liên quan")
    assert read_partners(
        "Phối hợp chặt chẽ với Công an tỉnh và các cơ quan, đơn vị có liên quan kịp thời tham mưu"
        " việc sửa đổi, bổ sung các quy định."
    ) == ("Công an tỉnh và các cơ quan, đơn vị có liên quan")
    # After the first clause, «phối hợp với X» is a later step's partner, not the duty's.
    assert not read_partners(
        "Chỉ đạo, đôn đốc, hướng dẫn các cơ sở giáo dục tăng cường lồng ghép nội dung giáo dục"
        " phòng, chống ma túy; phối hợp với Ban Đại diện cha mẹ học sinh thường xuyên nhắc nhở."
    )
    assert not read_partners(
        "Triển khai các hoạt động phòng, chống ma túy trong cơ quan, đơn vị. Phối hợp với các đơn"
        " vị liên quan tăng cường kiểm tra, kiểm soát."
    )
