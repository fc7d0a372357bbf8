"""Reading faults of issue 13 found on real plans kept out of the tuning, each on a minimal
excerpt of the plan that showed it (UBND tỉnh Lai Châu, 7360/KH-UBND, 19/11/2025)."""

from __future__ import annotations

from pathlib import Path

from workflows.importing import parse_plan
from workflows.plan import ParsedPlan
from workflows.readers import read_document
from workflows.readers.list_fields import FieldKind, field_line
from workflows.schedule import ScheduleKind
from workflows.units.splitter import split_units

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
