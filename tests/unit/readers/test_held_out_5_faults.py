"""Reading faults found by the fifth blind set (tests/fixtures/layouts/held_out_5), each on a
short excerpt of the real plan that showed it."""

from __future__ import annotations

from pathlib import Path

from tests.unit.readers.excerpts import parse_lines, unread_items
from workflows.plan import ParsedPlan
from workflows.readers.assignments import read_subject
from workflows.readers.prose import time_in_text
from workflows.units.bodies import names_body


def _task(parsed: ParsedPlan, start: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    task = next(t for t in parsed.tasks if t.row.task.startswith(start))
    return task.lead, task.partners, task.ref


# -- TP Hồ Chí Minh, 2853/QĐ-UBND, 21/11/2025: unit headings written as whole sentences --------

HCM = [
    "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 2853/QĐ-UBND",
    "Thành phố Hồ Chí Minh, ngày 21 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "Thực hiện Đề án Nâng cao nhận thức cộng đồng và quản lý rủi ro thiên tai dựa vào cộng đồng"
    " đến năm 2030",
    "V. TỔ CHỨC THỰC HIỆN",
    "1. Giao Sở Nông nghiệp và Môi trường là cơ quan đầu mối, chủ trì, hướng dẫn thực hiện Đề án"
    " “Nâng cao nhận thức cộng đồng và Quản lý rủi ro thiên tai dựa vào cộng đồng, đến năm 2030”"
    " trên địa bàn Thành phố; tổ chức thực hiện các nhiệm vụ sau:",
    "- Chủ trì, phối hợp với các cơ quan, đơn vị liên quan rà soát, hoàn thiện và triển khai các"
    " quy định pháp luật để nâng cao hiệu quả của các hoạt động nâng cao nhận thức cộng đồng;",
    "- Chịu trách nhiệm tổng hợp, biên tập tài liệu, sản phẩm tuyên truyền từ các cơ quan, đơn vị"
    " và các địa phương đã thực hiện để xây dựng bộ cơ sở dữ liệu dùng chung;",
    "2. Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Nông nghiệp và Môi trường, Ủy ban nhân dân"
    " các phường, xã, đặc khu:",
    "- Xây dựng chương trình đào tạo và tổ chức tập huấn cho đội ngũ giảng viên, giáo viên kiến"
    " thức về phòng chống và giảm nhẹ rủi ro thiên tai;",
    "- Xây dựng Phương án đảm bảo an toàn cho giáo viên, học sinh và cơ sở hạ tầng giáo dục khi"
    " xảy ra các tình huống thiên tai.",
    "3. Bộ Tư lệnh Thành phố chủ trì, phối hợp với Sở Nông nghiệp và Môi trường, các sở, ban,"
    " ngành, đơn vị liên quan, Ủy ban nhân dân các phường, xã, đặc khu thực hiện việc đưa nội"
    " dung nâng cao nhận thức cộng đồng vào kế hoạch bồi dưỡng quốc phòng và an ninh.",
    "5. Sở Y tế chủ trì, phối hợp với Sở Nông nghiệp và Môi trường thực hiện các chương trình có"
    " liên quan như:",
    "- Nâng cao năng lực ứng phó thiên tai cho đối tượng là người khuyết tật, đối tượng bảo trợ xã"
    " hội và các đối tượng dễ bị tổn thương khác;",
    "- Tập huấn chuyên môn, đẩy mạnh các hoạt động truyền thông nâng cao nhận thức về lồng ghép"
    " hòa nhập người khuyết tật trong phòng, chống và giảm nhẹ thiên tai;",
    "6. Sở Tài chính phối hợp với các cơ quan, đơn vị liên quan tham mưu Ủy ban nhân dân Thành"
    " phố bố trí dự toán kinh phí theo phân cấp ngân sách nhà nước để triển khai thực hiện nhiệm"
    " vụ được giao tại Quyết định này theo quy định của Luật ngân sách nhà nước.",
    "9. Ủy ban nhân dân các phường, xã, đặc khu chủ động bố trí kinh phí từ nguồn vốn ngân sách"
    " địa phương trong kế hoạch hàng năm, nguồn Quỹ Phòng, chống thiên tai được trích lại để"
    " triển khai thực hiện các nội dung của Kế hoạch trên địa bàn, tập trung một số nhiệm vụ cụ"
    " thể sau:",
    "- Tổ chức xây dựng, phê duyệt và triển khai kế hoạch thực hiện Đề án của địa phương mình;",
    "- Thực hiện lồng ghép nội dung của Kế hoạch với các hoạt động có liên quan của các chương"
    " trình, dự án khác trên địa bàn.",
]


def test_a_unit_heading_written_as_a_sentence_leads_the_bullets_under_it(
    tmp_path: Path,
) -> None:
    """«2. Sở X chủ trì, phối hợp với A, B:» over «- » bullets: each bullet is X's duty with A
    and B; the heading is no task of its own, and no bullet is lost."""
    parsed = parse_lines(tmp_path, HCM)
    lead, partners, _ = _task(parsed, "Xây dựng chương trình đào tạo")
    assert lead == ("Sở Giáo dục và Đào tạo",)
    assert "Sở Nông nghiệp và Môi trường" in partners
    assert _task(parsed, "Xây dựng Phương án đảm bảo an toàn")[0] == ("Sở Giáo dục và Đào tạo",)
    assert _task(parsed, "Tập huấn chuyên môn")[0] == ("Sở Y tế",)
    assert not any(t.row.task.startswith("Sở Giáo dục và Đào tạo chủ trì") for t in parsed.tasks)


def test_a_focal_body_named_by_giao_la_co_quan_dau_moi_leads_its_bullets(tmp_path: Path) -> None:
    """«1. Giao Sở X là cơ quan đầu mối, chủ trì …; tổ chức thực hiện các nhiệm vụ sau:»."""
    parsed = parse_lines(tmp_path, HCM)
    assert _task(parsed, "Chịu trách nhiệm tổng hợp")[0] == ("Sở Nông nghiệp và Môi trường",)
    assert _task(parsed, "Chủ trì, phối hợp với các cơ")[0] == ("Sở Nông nghiệp và Môi trường",)


def test_a_funding_heading_over_bullets_gives_them_the_bodies_it_opens_with(
    tmp_path: Path,
) -> None:
    """«9. Ủy ban nhân dân các phường, xã, đặc khu chủ động bố trí kinh phí …, tập trung một số
    nhiệm vụ cụ thể sau:»: a list of bodies (no «chủ trì») opens the sentence; the bullets were
    only named in notices."""
    parsed = parse_lines(tmp_path, HCM)
    for start in ("Tổ chức xây dựng, phê duyệt", "Thực hiện lồng ghép nội dung"):
        lead = _task(parsed, start)[0]
        assert lead == ("Ủy ban nhân dân các phường, xã, đặc khu",)
    assert not unread_items(parsed)


def test_a_sentence_heading_that_is_itself_the_duty_stays_one_task(tmp_path: Path) -> None:
    """«3. Bộ Tư lệnh Thành phố chủ trì, … thực hiện việc …» ends in a full stop, no bullets."""
    parsed = parse_lines(tmp_path, HCM)
    lead, _, ref = _task(parsed, "Bộ Tư lệnh Thành phố chủ trì")
    assert (lead, ref) == (("Bộ Tư lệnh Thành phố",), "3")


# -- Đắk Lắk, 0125/KH-UBND, 18/11/2025: «N. [Đề nghị] Đơn vị: nhiệm vụ» on one line -----------

DAKLAK = [
    "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 0125/KH-UBND",
    "Đắk Lắk, ngày 18 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "Tổ chức phong trào thi đua thực hiện thành công cuộc bầu cử",
    "VI. TỔ CHỨC THỰC HIỆN",
    "1. Đề nghị Ban Tuyên giáo và Dân vận Tỉnh ủy: Ban hành văn bản chỉ đạo, đôn đốc, tổ chức"
    " triển khai công tác thông tin, tuyên truyền, cổ động trực quan.",
    "2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh: Vận"
    " động đoàn viên, hội viên tích cực tham gia Phong trào thi đua.",
    "5. Các cơ quan thông tin, truyền thông của tỉnh: Xây dựng Kế hoạch và đẩy mạnh công tác"
    " tuyên truyền trong Phong trào thi đua.",
    "6. Sở Nội vụ: Tham mưu UBND tỉnh theo dõi, đôn đốc, hướng dẫn Sở, ban, ngành, Ủy ban Mặt"
    " trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh.",
    "7. Ủy ban nhân dân các xã: Gia Thuận, Tân Điền",
    "- Tổ chức phát động Phong trào thi đua trên địa bàn xã.",
]


def test_a_body_and_its_duty_on_one_line_are_read_apart(tmp_path: Path) -> None:
    """«1. Đề nghị X: duty»: X leads (without «Đề nghị»), the duty is the text after the colon."""
    parsed = parse_lines(tmp_path, DAKLAK)
    lead, _, ref = _task(parsed, "Ban hành văn bản chỉ đạo")
    assert (lead, ref) == (("Ban Tuyên giáo và Dân vận Tỉnh ủy",), "1")
    assert _task(parsed, "Tham mưu UBND tỉnh theo dõi")[0] == ("Sở Nội vụ",)
    assert _task(parsed, "Vận động đoàn viên")[0][0] == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"


def test_a_group_named_before_the_colon_is_no_heading_over_its_own_duty(tmp_path: Path) -> None:
    """«5. Các cơ quan thông tin, truyền thông của tỉnh: Xây dựng Kế hoạch …» is a duty, not a
    group's heading with no bullets (it was neither read nor named)."""
    parsed = parse_lines(tmp_path, DAKLAK)
    lead, _, ref = _task(parsed, "Xây dựng Kế hoạch và đẩy mạnh")
    assert (lead, ref) == (("Các cơ quan thông tin, truyền thông của tỉnh",), "5")


def test_names_after_a_colon_still_make_a_heading(tmp_path: Path) -> None:
    """«7. Ủy ban nhân dân các xã: Gia Thuận, Tân Điền» names communes, no duty."""
    parsed = parse_lines(tmp_path, DAKLAK)
    assert not any(t.row.task.startswith("Gia Thuận") for t in parsed.tasks)
    task = next(t for t in parsed.tasks if "Tổ chức phát động" in t.row.task)
    assert task.lead == ("Ủy ban nhân dân xã Gia Thuận", "Ủy ban nhân dân xã Tân Điền")
    assert not unread_items(parsed)


# -- Cần Thơ, 160/KH-UBND, 19/11/2025: a group qualified by what it runs, heading its bullets ---

CANTHO = [
    "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 160/KH-UBND",
    "Cần Thơ, ngày 19 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "Giám sát, đánh giá Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2025",
    "VI. TỔ CHỨC THỰC HIỆN",
    "1. Sở Nông nghiệp và Môi trường",
    "- Phối hợp các cơ quan liên quan thực hiện việc giám sát, đánh giá đối với cấp xã.",
    "2. Các Sở, ngành chủ trì, quản lý, tham gia thực hiện các dự án, tiểu dự án, nội dung thành"
    " phần thuộc Chương trình",
    "- Phê duyệt kế hoạch giám sát, đánh giá; tổng hợp kết quả thực hiện dự án, tiểu dự án, nội"
    " dung thành phần do Sở, ngành chủ trì, quản lý, tham gia thực hiện.",
    "- Báo cáo kết quả thực hiện đối với các dự án, tiểu dự án, nội dung thành phần thuộc Chương"
    " trình do Sở, ngành chủ trì, quản lý, tham gia thực hiện gửi Sở Nông nghiệp và Môi trường.",
    "3. Ủy ban nhân dân cấp xã",
    "- Tổ chức thực hiện giám sát, đánh giá theo Kế hoạch.",
]


def test_a_heading_with_no_closing_stop_over_bullets_names_their_lead(tmp_path: Path) -> None:
    """«2. Các Sở, ngành chủ trì, quản lý, … thuộc Chương trình» over «- » bullets: no duty of its
    own (it was read as one, and its bullets were lost unnamed); the group leads each bullet."""
    parsed = parse_lines(tmp_path, CANTHO)
    assert _task(parsed, "Phê duyệt kế hoạch giám sát")[0] == ("Các Sở, ngành",)
    assert _task(parsed, "Báo cáo kết quả thực hiện")[0] == ("Các Sở, ngành",)
    assert not any(t.row.task.startswith("Các Sở, ngành chủ trì") for t in parsed.tasks)
    assert len(parsed.tasks) == 4


DAKLAK_PARTS = [
    *DAKLAK[:6],
    "III. ĐỐI TƯỢNG, NGUYÊN TẮC, HÌNH THỨC VÀ TIÊU CHUẨN KHEN THƯỞNG",
    "3.1. Bằng khen của Thủ tướng Chính phủ: Thực hiện theo quy định tại Hướng dẫn số"
    " 7886/HD-BNV ngày 14/9/2025 của Bộ Nội vụ về khen thưởng trong công tác bầu cử.",
    "IV. SỐ LƯỢNG ĐỀ NGHỊ KHEN THƯỞNG",
    "1. Khen thưởng cấp Nhà nước: Sở Nội vụ phối hợp với các cơ quan, đơn vị có liên quan báo cáo"
    " Ủy ban bầu cử tỉnh, Hội đồng Thi đua - Khen thưởng tỉnh, UBND tỉnh xem xét lựa chọn.",
    "2. Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    "- Ban Chỉ đạo bầu cử của tỉnh: Không quá 05 cá nhân;",
    "b) Đối với xã, phường: Mỗi xã, phường chọn 02 trường hợp (tập thể hoặc cá nhân)",
    "V. THỦ TỤC, HỒ SƠ VÀ THỜI GIAN KHEN THƯỞNG",
    "2. Thời gian trình khen thưởng: Hồ sơ trình, đề nghị Thủ tướng Chính phủ, Chủ tịch UBND tỉnh"
    " xem xét tặng Bằng khen cho các tập thể, cá nhân gửi về Sở Nội vụ (qua Phòng Xây dựng chính"
    " quyền) trước ngày 31/3/2026 để tổng hợp, thẩm định.",
    *DAKLAK[6:10],
]


def test_a_day_deadline_in_a_part_before_the_task_part_is_named(tmp_path: Path) -> None:
    """«2. Thời gian trình khen thưởng: Hồ sơ … gửi về Sở Nội vụ … trước ngày 31/3/2026» in «V.
    THỦ TỤC, HỒ SƠ …» before «VI. TỔ CHỨC THỰC HIỆN»: a subject-less sentence, no task read, but
    a hard date the office must see; a reference's date («Hướng dẫn số … ngày 14/9/2025») is not."""
    parsed = parse_lines(tmp_path, DAKLAK_PARTS)
    assert any(
        n.startswith("2. Thời gian trình khen thưởng: Hồ sơ trình") for n in unread_items(parsed)
    )


def test_a_body_s_duty_after_a_label_in_a_part_before_the_task_part_is_named(
    tmp_path: Path,
) -> None:
    """«1. Khen thưởng cấp Nhà nước: Sở Nội vụ phối hợp … báo cáo …» in «IV. SỐ LƯỢNG ĐỀ NGHỊ
    KHEN THƯỞNG»: a named body's duty among quotas; the quotas themselves («Ban Chỉ đạo bầu cử
    của tỉnh: Không quá 05 cá nhân») are no duty."""
    notices = unread_items(parse_lines(tmp_path, DAKLAK_PARTS))
    assert len(notices) == 2
    assert notices[0].startswith("1. Khen thưởng cấp Nhà nước: Sở Nội vụ phối hợp")


# -- Sơn La, 2954/QĐ-UBND, 20/11/2025: «Đề nghị A, B, C, D», four bodies asked -----------------

SONLA = [
    "ỦY BAN NHÂN DÂN TỈNH SƠN LA",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 2954/QĐ-UBND",
    "Sơn La, ngày 20 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "Xuất khẩu sản phẩm hàng hóa tỉnh Sơn La giai đoạn 2026 - 2030",
    "V. TỔ CHỨC THỰC HIỆN",
    "7. Trung tâm Xúc tiến đầu tư, thương mại và du lịch",
    "- Tổ chức các hoạt động xúc tiến thương mại, kết nối tiêu thụ sản phẩm.",
    "8. Đề nghị Liên minh Hợp tác xã tỉnh, Đoàn TNCS Hồ Chí Minh tỉnh, Hội nông dân tỉnh, Hiệp"
    " hội doanh nghiệp tỉnh",
    "- Đẩy mạnh tập huấn, học tập mô hình sản xuất tiên tiến, phù hợp với điều kiện thực tế của"
    " địa phương.",
    "- Phối hợp với các sở, ngành, UBND các xã, phường tổ chức các hoạt động xúc tiến thương mại.",
]


def test_a_union_of_cooperatives_and_an_association_are_bodies(tmp_path: Path) -> None:
    """«Liên minh Hợp tác xã tỉnh», «Hiệp hội doanh nghiệp tỉnh» name bodies: the heading naming
    four of them leads its bullets (they were only named in notices)."""
    assert names_body("Liên minh Hợp tác xã tỉnh")
    assert names_body("Hiệp hội doanh nghiệp tỉnh")
    parsed = parse_lines(tmp_path, SONLA)
    assert _task(parsed, "Đẩy mạnh tập huấn")[0] == (
        "Liên minh Hợp tác xã tỉnh",
        "Đoàn TNCS Hồ Chí Minh tỉnh",
        "Hội nông dân tỉnh",
        "Hiệp hội doanh nghiệp tỉnh",
    )
    assert not unread_items(parsed)


def test_a_political_social_organisation_is_no_verb_ending_a_subject() -> None:
    """HCM 2853 item 8: «tổ chức» of «tổ chức chính trị - xã hội» is a kind of body; the subject
    was cut after «đơn vị»."""
    sentence = (
        "Các sở, ban, ngành, đơn vị, tổ chức chính trị - xã hội, hội, đoàn thể theo chức năng,"
        " nhiệm vụ được giao chủ động phối hợp với Sở Nông nghiệp và Môi trường trong việc tổ"
        " chức thực hiện Kế hoạch."
    )
    assert read_subject(sentence) == (
        "Các sở, ban, ngành, đơn vị, tổ chức chính trị - xã hội, hội, đoàn thể"
    )
    assert read_subject("Sở Y tế tổ chức tập huấn chuyên môn cho cán bộ.") == "Sở Y tế"


def test_continuing_education_is_no_cadence() -> None:
    """HCM 2853 2.2: «… chương trình giáo dục thường xuyên …» names a school programme; the duty
    prints no time (it was read as a monthly recurrence)."""
    duty = (
        "Lồng ghép nội dung phòng, chống thiên tai với một số môn học để đưa vào chương trình"
        " giáo dục thường xuyên, chương trình giảng dạy cấp tiểu học;"
    )
    assert time_in_text(duty) == ""
    assert time_in_text("Thường xuyên kiểm tra, đôn đốc các đơn vị;") == "Thường xuyên"


def test_the_plan_named_in_a_duty_s_purpose_only_does_not_make_it_generic(tmp_path: Path) -> None:
    """HCM 2853 item 6: «Sở Tài chính … tham mưu … bố trí dự toán kinh phí … để triển khai thực
    hiện nhiệm vụ được giao tại Quyết định này»: the duty is the funding (it was only named, as
    a responsibility for the plan as a whole)."""
    parsed = parse_lines(tmp_path, HCM)
    lead, _, ref = _task(parsed, "Sở Tài chính phối hợp")
    assert (lead, ref) == (("Sở Tài chính",), "6")


SONLA_LEAD_INS = [
    *SONLA[:7],
    "1. Sở Công Thương",
    "a) Chủ trì, phối hợp với các sở, ban, ngành, UBND các xã, phường và cơ quan, đơn vị có liên"
    " quan",
    "- Là cơ quan đầu mối chủ trì tổ chức thực hiện, theo dõi, đôn đốc các sở, ban, ngành triển"
    " khai thực hiện Kế hoạch.",
    "- Tổ chức các hoạt động xúc tiến thương mại, hỗ trợ doanh nghiệp xuất khẩu.",
    "b) Phối hợp với các sở, ngành, UBND các xã, phường",
    "- Hỗ trợ các nhà đầu tư, các tập đoàn lớn đến đầu tư phát triển hạ tầng thương mại.",
]


def test_lettered_lead_ins_naming_partners_are_no_tasks(tmp_path: Path) -> None:
    """«a) Chủ trì, phối hợp với X» / «b) Phối hợp với Y» over «- » bullets under «1. Sở Công
    Thương»: they give the bullets' partners (they were read as rows of their own)."""
    parsed = parse_lines(tmp_path, SONLA_LEAD_INS)
    texts = [t.row.task.lstrip("- ")[:12] for t in parsed.tasks]
    assert texts == ["Là cơ quan đ", "Tổ chức các ", "Hỗ trợ các n"]
    assert all(t.lead == ("Sở Công Thương",) for t in parsed.tasks)
    assert parsed.tasks[2].partners == ("các sở, ngành", "UBND các xã, phường")
    assert not unread_items(parsed)
