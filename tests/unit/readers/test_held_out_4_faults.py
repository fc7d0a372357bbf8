"""Reading faults found by the fourth blind set (tests/fixtures/layouts/held_out_4), each on a
short excerpt of the real plan that showed it."""

from __future__ import annotations

from pathlib import Path

from tests.unit.readers.excerpts import parse_lines, unread_items
from workflows.readers.assignments import read_partners
from workflows.readers.prose import names_leads
from workflows.units.bodies import names_body
from workflows.units.splitter import split_units

# -- Đồng Nai, 182/KH-UBND, 20/11/2025: duties grouped by unit, a lead-in «b) Chủ trì, phối hợp» --

DONGNAI = [
    "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 182/KH-UBND",
    "Đồng Nai, ngày 20 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "Thực hiện Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030",
    "III. NHIỆM VỤ, GIẢI PHÁP, PHÂN CÔNG TRÁCH NHIỆM",
    "2. Phân công trách nhiệm",
    "2.3. Công an tỉnh",
    "a) Chủ trì, phối hợp với các đơn vị liên quan tham mưu Ủy ban nhân dân tỉnh thực hiện chức"
    " năng chủ quản Chương trình MTQG.",
    "b) Chủ trì, phối hợp",
    "- Sở Tài chính và các đơn vị có liên quan tham mưu Ủy ban nhân dân tỉnh cân đối, bố trí ngân"
    " sách nhà nước để thực hiện Chương trình MTQG theo quy định.",
    "- Sở Nội vụ và các cơ quan, đơn vị liên quan tham mưu Ủy ban nhân dân tỉnh quy định về phân"
    " cấp quản lý, tổ chức thực hiện Chương trình MTQG trên địa bàn tỉnh.",
    "- Sở Xây dựng, Sở Tài chính tổ chức rà soát cơ sở vật chất, trang thiết bị, phương tiện của"
    " các cơ sở cai nghiện ma túy trên địa bàn.",
    "2.11. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội trực"
    " thuộc",
    "- Tổ chức thực hiện có hiệu quả các kế hoạch, chương trình phối hợp phòng chống ma túy.",
    "2.13. Ủy ban nhân dân xã, phường",
    "b) Triển khai hiệu quả Kế hoạch số 64/KH-UBND ngày 22/8/2025 của Ủy ban nhân dân tỉnh về xây"
    " dựng “xã, phường không ma túy”, phấn đấu đạt mục tiêu 20% xã, phường “không ma túy” ngay"
    " trong năm 2025; đến năm 2030 đạt 100% xã, phường “không ma túy”.",
]


def test_a_lead_in_that_looks_like_a_field_does_not_make_a_list_of_a_prose_plan(
    tmp_path: Path,
) -> None:
    """«b) Chủ trì, phối hợp» is no field line «Chủ trì: …»: read as a list, the plan gave one
    task (the lead-in and its bullets joined); its sentences are the duties."""
    parsed = parse_lines(tmp_path, DONGNAI)
    texts = [task.row.task for task in parsed.tasks]
    assert len(parsed.tasks) >= 6, texts
    assert parsed.tasks[0].lead == ("Công an tỉnh",)
    assert any(text.startswith("Sở Xây dựng, Sở Tài chính tổ chức rà soát") for text in texts)


def test_a_request_to_a_front_and_the_organisations_under_it_heads_its_duties(
    tmp_path: Path,
) -> None:
    """«các tổ chức chính trị - xã hội trực thuộc»: the dash is no word of the group's name."""
    assert names_leads(
        "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội trực"
        " thuộc",
        heading=True,
    )
    parsed = parse_lines(tmp_path, DONGNAI)
    task = next(t for t in parsed.tasks if t.row.task.startswith("Tổ chức thực hiện có hiệu quả"))
    assert task.lead[0] == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"


def test_a_sentence_naming_two_target_years_is_flagged(tmp_path: Path) -> None:
    """«ngay trong năm 2025; đến năm 2030»: the year read is one of two, a guess."""
    parsed = parse_lines(tmp_path, DONGNAI)
    task = next(t for t in parsed.tasks if t.row.task.startswith("Triển khai hiệu quả Kế hoạch"))
    assert task.schedule.needs_review
    assert any(r.code == "time_in_sentence" for r in task.schedule.reasons)


# -- Nghệ An, 987/KH-UBND, 20/11/2025: headings naming enterprises and investors --

NGHEAN = [
    "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 987/KH-UBND",
    "Nghệ An, ngày 20 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "Phát triển hệ thống sóng viễn thông 5G, IoT trong các Khu công nghiệp giai đoạn 2026 - 2030",
    "IV. TỔ CHỨC THỰC HIỆN",
    "1. Sở Khoa học và Công nghệ",
    "- Theo dõi, đôn đốc, chỉ đạo các doanh nghiệp viễn thông triển khai phát triển hạ tầng"
    " viễn thông phủ sóng 5G theo Kế hoạch.",
    "5. Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công nghiệp",
    "- Tạo điều kiện về mặt bằng, các điều kiện cần thiết khác cho việc lắp đặt thiết bị 5G và"
    " IoT.",
    "6. Các doanh nghiệp thứ cấp đang hoạt động trong KCN",
    "- Bảo vệ an toàn thiết bị và hạ tầng trong phạm vi quản lý.",
    "7. Các hộ kinh doanh cá thể trong KCN",
    "- Tuân thủ đầy đủ các quy định pháp luật về an toàn thông tin.",
    "- Phối hợp xử lý các sự cố về thiết bị.",
]


def test_a_numbered_heading_may_name_a_group_of_enterprises_at_length(tmp_path: Path) -> None:
    parsed = parse_lines(tmp_path, NGHEAN)
    leads = {task.row.task[:20]: task.lead for task in parsed.tasks}
    assert leads["Tạo điều kiện về mặt"] == (
        "Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công nghiệp",
    )
    assert leads["Bảo vệ an toàn thiết"] == ("Các doanh nghiệp thứ cấp đang hoạt động trong KCN",)
    # A bullet is no heading: a long group named alone there is not taken for the leads.
    assert not names_leads("Các doanh nghiệp thứ cấp đang hoạt động trong KCN")


def test_bullets_under_a_heading_naming_no_known_body_are_named_in_notices(
    tmp_path: Path,
) -> None:
    """«7. Các hộ kinh doanh cá thể …»: no known kind of body; its duties are not read, but
    each is named (its siblings' duties were read), never dropped silently."""
    parsed = parse_lines(tmp_path, NGHEAN)
    notices = unread_items(parsed)
    assert "- Tuân thủ đầy đủ các quy định pháp luật về an toàn thông tin." in notices
    assert "- Phối hợp xử lý các sự cố về thiết bị." in notices
    assert not any(task.row.task.startswith("Tuân thủ") for task in parsed.tasks)


# -- Đắk Lắk, 0130/KH-UBND, 21/11/2025: an activity list, then the duties by unit --

DAKLAK = [
    "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 0130/KH-UBND",
    "Đắk Lắk, ngày 21 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "KHẮC PHỤC MÔI TRƯỜNG VÀ PHÒNG, CHỐNG DỊCH BỆNH TRUYỀN NHIỄM SAU LỤT BÃO",
    "IV. NỘI DUNG HOẠT ĐỘNG TRIỂN KHAI",
    "1. Công tác vệ sinh môi trường",
    "c) Tiêu độc, khử trùng môi trường",
    "- Trung tâm Kiểm soát bệnh tật tỉnh chủ trì chủ động điều phối, cấp hóa chất Cloramin B.",
    "- Hướng dẫn người dân tự vệ sinh, khử khuẩn nhà cửa đúng kỹ thuật.",
    "3. Công tác phòng chống dịch bệnh truyền nhiễm",
    "b) Phòng chống bệnh đường ruột",
    "- Tăng cường truyền thông vệ sinh ăn uống, rửa tay bằng xà phòng.",
    "7. Công tác giám sát, kiểm tra, báo cáo",
    "- Sở Y tế chủ trì kiểm tra, đôn đốc thực hiện kế hoạch.",
    "- Các Trung tâm y tế giám sát tuyến xã và báo cáo hằng ngày.",
    "- Báo cáo tổng hợp hàng ngày gửi UBND tỉnh.",
    "V. TỔ CHỨC THỰC HIỆN",
    "1. Sở Y tế:",
    "- Chủ trì triển khai kế hoạch; hướng dẫn chuyên môn; phân bổ hóa chất, vật tư.",
    "- Tổ chức hướng dẫn, xử lý môi trường, xử lý dịch bệnh và đảm bảo an toàn thực phẩm",
    "- Trực tiếp chỉ đạo các Cơ sở y tế trên địa bàn tỉnh: Đảm bảo sẵn sàng thuốc, vật tư.",
    "2. Sở Nông nghiệp và Môi trường",
    "- Chỉ đạo thu gom rác, xử lý môi trường, nước sạch; giám sát các điểm ô nhiễm sau lũ.",
    "- Hướng dẫn xử lý xác động vật; phòng chống dịch bệnh trên đàn vật nuôi.",
    "3. Sở Tài chính:",
    "Tham mưu nguồn kinh phí, nhằm kịp thời đáp ứng khắc phục môi trường.",
    "4. UBND các xã, phường:",
    "Triển khai kế hoạch trên địa bàn; huy động lực lượng hỗ trợ người dân.",
    "5. Các đoàn thể, tổ chức xã hội:",
    "Huy động hội viên tham gia vệ sinh môi trường, hỗ trợ nước sạch.",
]


def test_prevention_is_no_office() -> None:
    """«Phòng chống bệnh đường ruột», «Phòng, chống dịch»: the verb, not a «Phòng …» office."""
    assert not names_body("Phòng chống bệnh đường ruột")
    assert not names_body("Phòng, chống dịch bệnh")
    assert names_body("Phòng Tài chính - Kế hoạch")
    assert not names_body("Báo cáo tổng hợp")  # a report, no newspaper («Báo Nhân dân»)


def test_duties_by_unit_after_an_activity_list_are_tasks(tmp_path: Path) -> None:
    """An activity list with a doer here and there assigns nothing by unit: the organisation
    part that assigns the work by unit does not restate it, its duties are the tasks (and the
    activities what they carry out, no tasks of their own)."""
    parsed = parse_lines(tmp_path, DAKLAK)
    leads = {task.row.task[:20]: task.lead for task in parsed.tasks}
    assert leads["Chủ trì triển khai k"] == ("Sở Y tế",)
    assert leads["Tham mưu nguồn kinh "] == ("Sở Tài chính",)
    assert leads["Huy động hội viên th"] == ("Các đoàn thể, tổ chức xã hội",)
    assert not any(lead == ("Phòng chống bệnh đường ruột",) for lead in leads.values())
    # A bullet naming a doer in its sentence is a duty, not a heading over the bullets below it.
    assert leads.get("Báo cáo tổng hợp hàn") not in (("Các Trung tâm y tế",), ("Báo cáo",))
    # The activities name a doer in passing; the duties by unit of part V are the tasks.
    assert len(parsed.tasks) == 8
    assert all(task.row.section == "V" for task in parsed.tasks)


def test_the_closing_words_are_no_duty(tmp_path: Path) -> None:
    lines = [
        *NGHEAN[:-3],  # after «6. Các doanh nghiệp thứ cấp …» and its bullet, a body's heading
        "Trên đây là Kế hoạch phát triển hệ thống sóng viễn thông 5G trong các Khu công nghiệp"
        " giai đoạn 2026 - 2030. Ủy ban nhân dân tỉnh yêu cầu các sở, ngành triển khai thực hiện.",
    ]
    parsed = parse_lines(tmp_path, lines)
    assert not any(task.row.task.startswith("Trên đây") for task in parsed.tasks)


# -- Đồng Nai 182: a dated duty of the organisation part the reader does not read --


def test_a_dated_duty_of_the_organisation_part_not_read_is_named(tmp_path: Path) -> None:
    """Đồng Nai 182's IV.1 was dropped silently (its subject was not read); now read, the same
    duty worded with a doer the reader cannot name must still be named in a notice."""
    lines = [
        *DONGNAI,
        "IV. TỔ CHỨC THỰC HIỆN",
        "1. Căn cứ Kế hoạch này, mỗi nơi xây dựng kế hoạch hoặc văn bản triển khai thực hiện"
        " (hoàn thành trong tháng 11/2025) gửi về Công an tỉnh.",
    ]
    parsed = parse_lines(tmp_path, lines)
    assert not any(task.row.task.startswith("Căn cứ Kế hoạch này") for task in parsed.tasks)
    assert any(text.startswith("1. Căn cứ Kế hoạch này") for text in unread_items(parsed))


# -- Bộ VHTTDL, Công văn 6225/BVHTTDL-VP; Đồng Nai 179/KH-UBND: lead cells --


def test_names_after_a_kind_and_a_colon_separated_by_semicolons_share_the_kind() -> None:
    """«Các Cục: A; B; Xuất bản, In và Phát hành; …. Vụ Kế hoạch, Tài chính.»: the semicolons
    separate the names (one prints a comma), the full stop ends the enumeration."""
    cell = (
        "Các Cục: Bản quyền tác giả; Phát thanh truyền hình và Thông tin điện tử; Xuất bản, In và"
        " Phát hành; Báo chí; Du lịch Quốc gia Việt Nam. Vụ Kế hoạch, Tài chính."
    )
    assert split_units(cell) == [
        "Cục Bản quyền tác giả",
        "Cục Phát thanh truyền hình và Thông tin điện tử",
        "Cục Xuất bản, In và Phát hành",
        "Cục Báo chí",
        "Cục Du lịch Quốc gia Việt Nam",
        "Vụ Kế hoạch, Tài chính",
    ]
    assert split_units("Các Cục: Di sản văn hóa, Bản quyền tác giả") == [
        "Cục Di sản văn hóa",
        "Cục Bản quyền tác giả",
    ]


def test_a_branch_printed_after_its_bank_is_one_name() -> None:
    assert split_units("Ngân hàng Nhà nước Việt nam Chi nhánh Khu vực II") == [
        "Ngân hàng Nhà nước Việt nam Chi nhánh Khu vực II"
    ]
    assert split_units("Sở Tài chính Chi nhánh Ngân hàng Chính sách xã hội tỉnh") == [
        "Sở Tài chính",
        "Chi nhánh Ngân hàng Chính sách xã hội tỉnh",
    ]


# -- Đồng Nai 182: the organisation part after the duties by unit --

ORGANISATION = [
    *DONGNAI,
    "IV. TỔ CHỨC THỰC HIỆN",
    "1. Căn cứ Kế hoạch này, các Sở, ban, ngành, đoàn thể cấp tỉnh, cơ quan ngành dọc đóng trên"
    " địa bàn, Ủy ban nhân dân xã, phường xây dựng kế hoạch hoặc văn bản triển khai thực hiện"
    " (hoàn thành trong tháng 11/2025) gửi về Công an tỉnh.",
    "2. Giao Công an tỉnh chủ trì, phối hợp các đơn vị có liên quan tham mưu Ủy ban nhân dân tỉnh"
    " xây dựng kế hoạch thực hiện hàng năm; theo dõi, đôn đốc tổ chức triển khai thực hiện Kế"
    " hoạch này.",
    "Đồng thời, giao Công an tỉnh chủ trì, phối hợp với các Sở, ban, ngành liên quan thường xuyên"
    " rà soát, kịp thời tham mưu Ủy ban nhân dân tỉnh điều chỉnh, cập nhật các nội dung của Kế"
    " hoạch này ngay sau khi Luật Phòng, chống ma túy (sửa đổi) được Quốc hội thông qua.",
]


def test_the_subject_follows_the_basis_a_duty_opens_with(tmp_path: Path) -> None:
    """«Căn cứ Kế hoạch này, A, B, C xây dựng kế hoạch … (hoàn thành trong tháng 11/2025)»: a
    dated duty of the organisation part, led by the bodies after the basis; the kinds listed
    up to a level («cấp tỉnh») are one group, the next kind with its own words another."""
    parsed = parse_lines(tmp_path, ORGANISATION)
    task = next(t for t in parsed.tasks if t.row.task.startswith("Căn cứ Kế hoạch này"))
    assert task.lead == (
        "các Sở, ban, ngành, đoàn thể cấp tỉnh",
        "cơ quan ngành dọc đóng trên địa bàn",
        "Ủy ban nhân dân xã, phường",
    )
    assert split_units("Các Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ") == [
        "Các Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ"
    ]


def test_an_update_due_on_an_event_in_the_organisation_part_is_a_task(tmp_path: Path) -> None:
    """«Đồng thời, giao X chủ trì … ngay sau khi Luật … được thông qua»: the organisation part
    restates the duties by unit, but a duty due on an event is a task; the undated yearly
    follow-up of the plan (2.) is not."""
    parsed = parse_lines(tmp_path, ORGANISATION)
    texts = [task.row.task for task in parsed.tasks]
    task = next(t for t in parsed.tasks if t.row.task.startswith("Đồng thời, giao Công an"))
    assert task.lead == ("Công an tỉnh",)
    assert task.schedule.needs_review
    assert not any(text.startswith("Giao Công an tỉnh chủ trì") for text in texts)


def test_a_lettered_role_over_bullets_is_no_task(tmp_path: Path) -> None:
    """«b) Chủ trì, phối hợp» names no duty; each bullet under it does."""
    parsed = parse_lines(tmp_path, DONGNAI)
    assert not any(task.row.task.strip(" .:") == "Chủ trì, phối hợp" for task in parsed.tasks)


# -- Đồng Nai 179/KH-UBND: the appendix table's repeated header and sub-section rows --

TABLE = [
    "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "Số: 179/KH-UBND",
    "Đồng Nai, ngày 18 tháng 11 năm 2025",
    "KẾ HOẠCH",
    "Phát triển kinh tế số và xã hội số tỉnh Đồng Nai giai đoạn 2026 - 2030",
    "PHỤ LỤC",
    "STT\tNhiệm vụ, giải pháp\tĐơn vị thực hiện\tĐơn vị phối hợp\tThời gian thực hiện\tSản phẩm"
    " đầu ra",
    "B\tPHÁT TRIỂN KINH TẾ SỐ VÀ XÃ HỘI SỐ NGÀNH, LĨNH VỰC",
    "IV\tPhát triển kinh tế số thương mại, công nghiệp và năng lượng",
    "Nội dung\tĐơn vị thực hiện\tĐơn vị phối hợp\tThời gian thực hiện\tSản phẩm đầu ra",
    "5.1\t\tThương mại\t\t\t\t",
    "5.1.1\tTriển khai Kế hoạch phát triển thương mại điện tử tỉnh Đồng Nai giai đoạn 2026 - 2030"
    "\tSở Công Thương\tCác sở, ban, ngành; UBND các phường, xã\t2026 - 2030\tKế hoạch",
    "5.2\t\tCông nghiệp và năng lượng\t\t\t\t",
    "5.2.1\tTriển khai chuyển đổi số trong các khu công nghiệp\tSở Công Thương\tCác sở, ban,"
    " ngành\t2026 - 2030\tBáo cáo",
]


def test_a_repeated_header_with_a_label_in_place_of_its_first_cells_is_no_task(
    tmp_path: Path,
) -> None:
    """«Nội dung | Đơn vị thực hiện | …» under a section row repeats the header (its «STT» and
    «Nhiệm vụ, giải pháp» replaced by one label); «5.1 | | Thương mại» heads the rows below."""
    parsed = parse_lines(tmp_path, TABLE)
    assert [task.row.task[:30] for task in parsed.tasks] == [
        "Triển khai Kế hoạch phát triển",
        "Triển khai chuyển đổi số trong",
    ]
    assert [task.lead for task in parsed.tasks] == [("Sở Công Thương",), ("Sở Công Thương",)]


def test_levels_of_schools_after_a_colon_are_one_group() -> None:
    """«Các trường: Đại học, Cao đẳng, Trung cấp trên địa bàn tỉnh» names kinds of schools (no
    «Trường Đại học» exists by that name); named schools are still written out."""
    assert split_units("Các trường: Đại học, Cao đẳng, Trung cấp trên địa bàn tỉnh") == [
        "Các trường: Đại học, Cao đẳng, Trung cấp trên địa bàn tỉnh"
    ]
    assert split_units("Các Trường: Đại học Luật Hà Nội, Cao đẳng Y tế") == [
        "Trường Đại học Luật Hà Nội",
        "Trường Cao đẳng Y tế",
    ]


def test_bullets_under_a_lettered_role_open_with_their_partners(tmp_path: Path) -> None:
    """«b) Chủ trì, phối hợp» under «2.3. Công an tỉnh»: each bullet is led by the unit and
    opens with its partners («- Sở Xây dựng, Sở Tài chính tổ chức rà soát …»)."""
    parsed = parse_lines(tmp_path, DONGNAI)
    bullets = [t for t in parsed.tasks if t.row.task.startswith(("Sở Tài chính", "Sở Xây dựng"))]
    assert [(t.lead, t.partners) for t in bullets] == [
        (("Công an tỉnh",), ("Sở Tài chính", "các đơn vị có liên quan")),
        (("Công an tỉnh",), ("Sở Xây dựng", "Sở Tài chính")),
    ]


def test_a_partner_list_ends_at_a_purpose_or_the_course_of_the_work() -> None:
    """«… với các nhà mạng (…) để xây dựng …», «… đê hỗ trợ …» (the typo as printed), «… và
    các đơn vị liên quan tiếp nhận …», «… công nghệ số trong quá trình khảo sát …»."""
    assert read_partners(
        "Phối hợp chặt chẽ Sở Khoa học và Công nghệ đê hỗ trợ doanh nghiệp viễn thông"
    ) == ("Sở Khoa học và Công nghệ")
    assert read_partners(
        "Phối hợp Sở Khoa học và Công nghệ và các đơn vị liên quan tiếp nhận và giải quyết các"
        " khó khăn"
    ) == ("Sở Khoa học và Công nghệ và các đơn vị liên quan")
    assert read_partners(
        "Phối hợp chặt chẽ với Ban Quản lý Khu kinh tế Đông Nam và các doanh nghiệp công nghệ số"
        " trong quá trình khảo sát, triển khai hạ tầng 5G"
    ) == ("Ban Quản lý Khu kinh tế Đông Nam và các doanh nghiệp công nghệ số")
