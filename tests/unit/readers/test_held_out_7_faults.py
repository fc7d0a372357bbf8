"""Reading faults found by the seventh blind set (tests/fixtures/layouts/held_out_7), each on a
short excerpt of the real plan that showed it."""

from __future__ import annotations

from pathlib import Path

from tests.unit.readers.excerpts import parse_lines
from workflows.plan import ParsedPlan, Task
from workflows.readers.listing import heading_doer
from workflows.readers.prose import names_leads, time_in_text
from workflows.schedule import ScheduleKind
from workflows.units.bodies import names_body
from workflows.units.splitter import split_units


def _task(parsed: ParsedPlan, start: str) -> Task:
    return next(t for t in parsed.tasks if t.row.task.lstrip("-+ ").startswith(start))


# -- Quảng Ngãi, 1627/QĐ-UBND, 21/11/2025: a time line under every duty, the doer in the heading --

QUANGNGAI = [
    "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 1627/QĐ-UBND",
    "Quảng Ngãi, ngày 21 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "TRIỂN KHAI THỰC HIỆN TỔNG KIỂM KÊ TÀI SẢN CÔNG THUỘC PHẠM VI QUẢN LÝ CỦA TỈNH QUẢNG NGÃI",
    "IV. NHIỆM VỤ CỤ THỂ",
    "1. Nhiệm vụ của thành viên Ban Chỉ đạo",
    "1.1. Trưởng Ban Chỉ đạo",
    "- Phụ trách chung, trực tiếp điều hành, chỉ đạo, chịu trách nhiệm trước Ủy ban nhân dân tỉnh,"
    " Ban Chỉ đạo Trung ương về kết quả thực hiện tổng kiểm kê tài sản thuộc phạm vi quản lý của"
    " tỉnh.",
    "- Quyết định những vấn đề thuộc phạm vi, chức năng, nhiệm vụ của Ban Chỉ đạo cấp tỉnh.",
    "1.2. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo",
    "- Phối hợp với các cơ quan chuyên môn có liên quan hướng dẫn chỉ tiêu, biểu mẫu kiểm kê; văn"
    " bản hướng dẫn thực hiện kiểm kê theo các chỉ tiêu kiểm kê, cách thức tổng hợp kết quả kiểm"
    " kê.",
    "Thời gian hoàn thành: Tháng 12/2025.",
    "- Tổng hợp kết quả kiểm kê, báo cáo kết quả kiểm kê gửi Bộ Tài chính. Thời gian hoàn thành:"
    " Trước ngày 31/5/2026.",
    "1.3. Các cơ quan quan tham mưu quản lý ngành, lĩnh vực (gồm các Sở: Xây dựng, Nông nghiệp và"
    " Môi trường, Công Thương, Tài chính, Khoa học và Công nghệ, Văn hóa, Thể thao và Du lịch)",
    "- Phối hợp hướng dẫn các cơ quan, tổ chức, đơn vị, địa phương thực hiện kiểm kê, rà soát"
    " thông tin số liệu kiểm kê tài sản kết cấu hạ tầng do Nhà nước đầu tư, quản lý thuộc phạm vi"
    " quản lý. Trong đó:",
    "+ Sở Công Thương: hướng dẫn các cơ quan, tổ chức, đơn vị, địa phương thực hiện kiểm kê, rà"
    " soát thông tin số liệu kiểm kê tài sản kết cấu hạ tầng thương mại là chợ, tài sản kết cấu"
    " hạ tầng cụm công nghiệp.",
    "+ Sở Tài chính phối hợp Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi:"
    " hướng dẫn các cơ quan, tổ chức, đơn vị, địa phương thực hiện kiểm kê, rà soát thông tin số"
    " liệu kiểm kê tài sản kết cấu hạ tầng khu công nghiệp, khu kinh tế.",
    "Thời gian thực hiện: Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê.",
    "- Cử công chức chuyên môn phối hợp tham gia tổ công tác (khi có đề nghị của Sở Tài chính) tổ"
    " chức kiểm tra, giám sát, hướng dẫn trực tiếp các cơ quan, tổ chức, đơn vị, địa phương thực"
    " hiện các nội dung kiểm kê đảm bảo chất lượng, tiến độ.",
    "Thời gian thực hiện: Từ tháng 12/2025 đến khi kết thúc Tổng kiểm kê.",
    "1.5. Trách nhiệm của đối tượng thực hiện kiểm kê:",
    "- Thành lập Tổ kiểm kê do Thủ trưởng đối tượng thực hiện kiểm kê quyết định cụ thể căn cứ vào"
    " tính chất, đặc điểm, quy mô và thực tế quản lý tài sản.",
    "Thời hạn hoàn thành: Trước ngày 30/11/2025.",
    "1.6. Trách nhiệm của các cơ quan quản lý cấp trên (bao gồm cả cơ quan đại diện chủ sở hữu của"
    " doanh nghiệp):",
    "- Tổng hợp kết quả kiểm kê của các cơ quan, tổ chức, đơn vị, doanh nghiệp cấp dưới để báo cáo"
    " cơ quan chịu trách nhiệm tổng hợp kết quả kiểm kê theo thời hạn.",
    "Thời hạn hoàn thành: Trước ngày 15/4/2026.",
    "V. KINH PHÍ THỰC HIỆN",
]


def test_a_heading_naming_the_body_leads_the_duties_with_their_time_lines(
    tmp_path: Path,
) -> None:
    parsed = parse_lines(tmp_path, QUANGNGAI)
    assert _task(parsed, "Phối hợp với các cơ quan chuyên môn").lead == ("Sở Tài chính",)
    assert _task(parsed, "Cử công chức chuyên môn").lead == (
        "Các cơ quan quan tham mưu quản lý ngành, lĩnh vực",
    )
    assert _task(parsed, "Thành lập Tổ kiểm kê").lead == ("đối tượng thực hiện kiểm kê",)
    assert _task(parsed, "Tổng hợp kết quả kiểm kê của").lead == ("các cơ quan quản lý cấp trên",)


def test_a_sub_bullet_names_its_own_lead_before_the_colon(tmp_path: Path) -> None:
    parsed = parse_lines(tmp_path, QUANGNGAI)
    assert _task(parsed, "Sở Công Thương: hướng dẫn").lead == ("Sở Công Thương",)
    joint = _task(parsed, "Sở Tài chính phối hợp Ban Quản lý")
    assert joint.lead == ("Sở Tài chính",)
    assert joint.partners == ("Ban Quản lý Khu kinh tế Dung Quất", "các Khu công nghiệp Quảng Ngãi")


def test_a_time_label_closing_the_duty_line_is_its_time(tmp_path: Path) -> None:
    task = _task(parse_lines(tmp_path, QUANGNGAI), "Tổng hợp kết quả kiểm kê, báo cáo")
    assert task.row.task == (
        "- Tổng hợp kết quả kiểm kê, báo cáo kết quả kiểm kê gửi Bộ Tài chính."
    )
    assert task.row.time_text == "Trước ngày 31/5/2026."
    assert task.lead == ("Sở Tài chính",)
    assert task.schedule.kind is ScheduleKind.DEADLINE
    assert [str(o.due) for o in task.schedule.occurrences] == ["2026-05-30"]


def test_a_role_heading_with_untimed_bullets_beside_timed_siblings_gives_its_duties(
    tmp_path: Path,
) -> None:
    parsed = parse_lines(tmp_path, QUANGNGAI)
    chairman = _task(parsed, "Phụ trách chung, trực tiếp điều hành")
    assert chairman.lead == ("Trưởng Ban Chỉ đạo",)
    assert chairman.schedule.kind is ScheduleKind.UNSCHEDULED
    assert chairman.schedule.needs_review
    assert _task(parsed, "Quyết định những vấn đề").lead == ("Trưởng Ban Chỉ đạo",)


def test_heading_doer() -> None:
    assert heading_doer("1.2. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo") == "Sở Tài chính"
    assert heading_doer("1.1. Trưởng Ban Chỉ đạo") == "Trưởng Ban Chỉ đạo"
    assert heading_doer("1.4. Ủy ban nhân dân các phường, xã, đặc khu") == (
        "Ủy ban nhân dân các phường, xã, đặc khu"
    )
    assert heading_doer("1. Nhiệm vụ của thành viên Ban Chỉ đạo") == "thành viên Ban Chỉ đạo"
    assert heading_doer("2. Xử lý số liệu, thông tin, tuyên truyền") == ""
    assert heading_doer("1.1.1. Đối với vùng nuôi tôm nước lợ (đối tượng nuôi tôm sú)") == ""


def test_a_role_over_a_body_is_one_name() -> None:
    assert split_units("Trưởng Ban Chỉ đạo") == ["Trưởng Ban Chỉ đạo"]


# -- Đắk Lắk, 0134/KH-UBND, 25/11/2025: a sampling programme's field lines, duties in part IV ----

DAKLAK_0134 = [
    "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 0134/KH-UBND",
    "Đắk Lắk, ngày 25 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "QUAN TRẮC, CẢNH BÁO MÔI TRƯỜNG TẠI MỘT SỐ VÙNG NUÔI TRỒNG THỦY SẢN TRÊN ĐỊA BÀN TỈNH ĐẮK LẮK,"
    " GIAI ĐOẠN 2026- 2030",
    "II. NỘI DUNG KẾ HOẠCH",
    "1. Quan trắc và cảnh báo môi trường.",
    "1.1. Quan trắc và cảnh báo môi trường NTTS thường xuyên.",
    "1.1.2. Vùng nuôi tôm hùm lồng, bè.",
    "a. Thời gian thực hiện: Từ tháng 3 đến tháng 11 hằng năm.",
    "b. Địa điểm, số điểm quan trắc",
    "- Địa điểm quan trắc: Vùng NTTS lồng, bè thuộc đầm Cù Mông và vịnh Xuân Đài.",
    "1.1.3. Đối với vùng nuôi trồng thủy sản nước ngọt",
    "a. Thời gian thực hiện: Từ tháng 3 đến tháng 11 hằng năm.",
    "3. Hội nghị phổ biến, tuyên truyền, vận động người dân, hướng dẫn biện pháp xử lý về môi"
    " trường và các quy định của pháp luật khác có liên quan",
    "- Số lượng: 02 hội nghị/năm × 50 đại biểu/hội nghị.",
    "- Thời gian: 01 ngày/hội nghị.",
    "IV. Tổ chức thực hiện.",
    "1. Sở Nông nghiệp và Môi trường:",
    "- Tham mưu UBND tỉnh lựa chọn hình thức phù hợp (đấu thầu rộng rãi, đặt hàng hoặc giao nhiệm"
    " vụ…) để thực hiện công tác quan trắc môi trường nuôi trồng thủy sản theo đúng quy định.",
    "- Tổng hợp kết quả thực hiện, định kỳ báo cáo UBND tỉnh và Bộ Nông nghiệp và Môi trường theo"
    " quy định.",
    "2. Sở Tài chính:",
    "Trên cơ sở đề nghị của Sở Nông nghiệp và Môi trường và căn cứ khả năng ngân sách, tham mưu"
    " UBND tỉnh bố trí dự toán kinh phí chi thường xuyên để đơn vị thực hiện theo quy định.",
    "3. UBND các xã/phường:",
    "- Kiểm tra, xử lý các cơ sở, cá nhân vi phạm cam kết, quy định bảo vệ môi trường theo quy"
    " định.",
]


def test_field_lines_giving_no_lead_leave_the_duties_to_the_sentences(tmp_path: Path) -> None:
    parsed = parse_lines(tmp_path, DAKLAK_0134)
    assert _task(parsed, "Tham mưu UBND tỉnh lựa chọn").lead == ("Sở Nông nghiệp và Môi trường",)
    assert _task(parsed, "Kiểm tra, xử lý các cơ sở").lead == ("UBND các xã/phường",)
    funding = _task(parsed, "Trên cơ sở đề nghị")
    assert funding.lead == ("Sở Tài chính",)
    assert funding.schedule.kind is ScheduleKind.UNSCHEDULED


def test_a_conference_is_no_body() -> None:
    heading = (
        "Hội nghị phổ biến, tuyên truyền, vận động người dân, hướng dẫn biện pháp xử lý về môi"
        " trường và các quy định của pháp luật khác có liên quan"
    )
    assert not names_body("Hội nghị phổ biến")
    assert not names_leads(heading, heading=True)
    assert names_body("Hội Nông dân tỉnh")


def test_recurrent_spending_is_no_cadence() -> None:
    assert (
        time_in_text("tham mưu UBND tỉnh bố trí dự toán kinh phí chi thường xuyên để đơn vị") == ""
    )
    assert time_in_text("chỉ đạo thường xuyên việc kiểm tra") == "thường xuyên"


# -- Thanh Hóa, 235/KH-UBND, 18/11/2025: facilities as the doers of a one-line duty ---------------

THANHHOA = [
    "ỦY BAN NHÂN DÂN TỈNH THANH HÓA",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 235/KH-UBND",
    "Thanh Hóa, ngày 18 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "Quan trắc, cảnh báo môi trường nuôi trồng thủy sản năm 2026",
    "IV. TỔ CHỨC THỰC HIỆN",
    "2. Sở Tài chính: Căn cứ khả năng cân đối ngân sách, trình cấp có thẩm quyền phê duyệt kinh phí"
    " thực hiện kế hoạch trong dự toán đầu năm 2026 trên cơ sở đề nghị của Sở Nông nghiệp và Môi"
    " trường.",
    "4. Các cơ sở nuôi trồng thủy sản: Theo dõi, giám sát môi trường tại cơ sở nuôi trồng thủy sản;"
    " ghi chép đầy đủ thông tin, số liệu thu thập, các biện pháp xử lý môi trường vượt ngưỡng cho"
    " phép theo hướng dẫn của cơ quan quản lý.",
]


def test_facilities_named_as_a_group_lead_their_duty(tmp_path: Path) -> None:
    parsed = parse_lines(tmp_path, THANHHOA)
    assert _task(parsed, "Theo dõi, giám sát môi trường").lead == ("Các cơ sở nuôi trồng thủy sản",)
    # «Cơ sở khám bệnh, chữa bệnh, cơ quan, đơn vị liên quan»: the splitter is unchanged.
    assert split_units("Cơ sở khám bệnh, chữa bệnh, cơ quan, đơn vị liên quan") == [
        "Cơ sở khám bệnh, chữa bệnh, cơ quan",
        "đơn vị liên quan",
    ]


def test_a_group_qualified_by_an_acronym_in_lower_case_is_one_name(tmp_path: Path) -> None:
    assert split_units("Các cơ sở sản xuất giống, NTTS thương phẩm") == [
        "Các cơ sở sản xuất giống, NTTS thương phẩm"
    ]
    assert split_units("Các cơ quan báo chí, VTV, VOV") == ["Các cơ quan báo chí", "VTV", "VOV"]
    parsed = parse_lines(
        tmp_path,
        [
            *DAKLAK_0134,
            "4. Các cơ sở sản xuất giống, NTTS thương phẩm:",
            "- Chủ cơ sở có trách nhiệm giám sát chất lượng nước cấp, nước thải của cơ sở sản"
            " xuất.",
            "- Theo dõi các diễn biến bất thường của môi trường NTTS và báo cáo với cơ quan quản lý"
            " nhà nước về NTTS tại địa phương.",
        ],
    )
    assert _task(parsed, "Chủ cơ sở có trách nhiệm").lead == (
        "Các cơ sở sản xuất giống, NTTS thương phẩm",
    )


# -- Đắk Lắk, 0129/KH-UBND, 21/11/2025: a heading of four bodies; bare kinds of doers ----------

DAKLAK_0129 = [
    "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 0129/KH-UBND",
    "Đắk Lắk, ngày 21 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "Cung ứng hàng hóa thiết yếu hỗ trợ người dân bị ảnh hưởng bởi mưa lũ",
    "IV. PHÂN CÔNG NHIỆM VỤ",
    "8. Bộ Chỉ huy Quân sự tỉnh:",
    "- Huy động lực lượng, phương tiện hỗ trợ vận chuyển, bốc xếp, cấp phát hàng đến vùng bị chia"
    " cắt, vùng sâu, vùng xa, khu vực ven sông, suối.",
    "9. Báo và Phát thanh - Truyền hình Đắk Lắk, Sở Văn hóa, Thể thao và Du lịch, Cổng Thông tin"
    " điện tử tính và hệ thống truyền thanh cơ sở:",
    "Theo chức năng, nhiệm vụ tăng cường thông tin, tuyên truyền về kế hoạch hỗ trợ, lịch phân bổ"
    " hàng hóa tại từng xã, phường; kịp thời phản ánh khó khăn, vướng mắc và gương người tốt, việc"
    " tốt.",
    "14. Doanh nghiệp, cộng đồng, tổ chức, cá nhân: Quan tâm, đăng ký hỗ trợ nhu yếu phẩm cho nhân"
    " dân bị ảnh hưởng mưa lũ trên địa bàn tỉnh thông qua đầu mối Ủy ban MTTQ Việt Nam tỉnh và Sở"
    " Công Thương.",
]


def test_a_numbered_heading_may_list_many_bodies_at_length(tmp_path: Path) -> None:
    parsed = parse_lines(tmp_path, DAKLAK_0129)
    assert _task(parsed, "Theo chức năng, nhiệm vụ tăng cường").lead == (
        "Báo và Phát thanh - Truyền hình Đắk Lắk",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Cổng Thông tin điện tử tính",
        "hệ thống truyền thanh cơ sở",
    )


def test_bare_kinds_of_doers_lead_their_one_line_duty(tmp_path: Path) -> None:
    parsed = parse_lines(tmp_path, DAKLAK_0129)
    assert _task(parsed, "Quan tâm, đăng ký hỗ trợ").lead == (
        "Doanh nghiệp, cộng đồng, tổ chức, cá nhân",
    )
    assert not names_leads("Doanh nghiệp", heading=True)


def test_the_closing_call_to_carry_out_the_plan_is_no_duty(tmp_path: Path) -> None:
    parsed = parse_lines(
        tmp_path,
        [
            *THANHHOA,
            "Yêu cầu các sở, ban, ngành, đơn vị, địa phương nghiêm túc triển khai thực hiện./.",
        ],
    )
    assert [task.row.task[:20] for task in parsed.tasks] == [
        "Căn cứ khả năng cân ",
        "Theo dõi, giám sát m",
    ]
