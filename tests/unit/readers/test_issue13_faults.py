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
