"""Reading faults found by the eighth blind set (tests/fixtures/layouts/held_out_8): three
gazette PDFs of Government resolutions, whose lead cells are written as numbered parts."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

from tests.unit.readers.rows import unit_row
from workflows.deadlines.reader import read_deadline
from workflows.importing import parse_plan
from workflows.plan import IssuerLevel, ParsedPlan, Period, PlanContext
from workflows.readers import read_document
from workflows.readers.assignments import tidy_row
from workflows.units.splitter import split_units

SET = Path(__file__).resolve().parents[2] / "fixtures" / "layouts" / "held_out_8"


@cache
def _resolution_109() -> ParsedPlan:
    return parse_plan(read_document(SET / "cp_nq109_2026.pdf"))


def test_a_table_of_targets_is_not_the_task_table_and_is_named() -> None:
    """109/NQ-CP opens its appendices with targets («CHỈ TIÊU | MỤC TIÊU 2026 - 2030 | CƠ QUAN
    CHỦ TRÌ, THEO DÕI | CƠ QUAN PHỐI HỢP»): the whole plan was refused for a missing time
    column, though Phụ lục III and IV have one."""
    parsed = _resolution_109()
    assert len(parsed.tasks) == 226
    assert parsed.tasks[0].row.task == "Tổng rà soát hệ thống pháp luật Việt Nam"
    notices = [n for n in parsed.warnings if n.code == "import.targets_table_not_read"]
    assert notices
    assert "CHỈ TIÊU" in str(notices[0].params["headers"])


def _leads(cell: str) -> list[str]:
    return split_units(tidy_row(unit_row(cell)).lead)


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        (
            "1. Bộ Tài chính chủ trì, tổng hợp chung 2. Bộ Khoa học và Công nghệ hướng dẫn, tổng"
            " hợp các chỉ tiêu về chuyển đổi số, đổi mới công nghệ 3. Các bộ, địa phương quản lý"
            " ngành, lĩnh vực rà soát để giao chỉ tiêu tăng trưởng, đầu tư… 4. Các cơ quan đại"
            " diện chủ sở hữu rà soát, giao chỉ tiêu tăng trưởng, đầu tư…cho các tập đoàn kinh tế",
            [
                "Bộ Tài chính",
                "Bộ Khoa học và Công nghệ",
                "Các bộ, địa phương quản lý ngành, lĩnh vực",
                "Các cơ quan đại diện chủ sở hữu",
            ],
        ),
        (
            "1. Về phát triển công nghiệp quốc gia: Bộ Công Thương chủ trì. 2. Về quản lý các khu"
            " công nghiệp, cụm công nghiệp, khu công nghệ số: Bộ Tài chính chủ trì. 3. Về quản lý"
            " quy hoạch khoáng sản: Bộ Nông nghiệp và Môi trường chủ trì.",
            ["Bộ Công Thương", "Bộ Tài chính", "Bộ Nông nghiệp và Môi trường"],
        ),
        (
            "1. Bộ Khoa học và Công nghệ chủ trì kinh tế số, kinh tế không gian dữ liệu. 2. Bộ"
            " Công an: chủ trì kinh tế dữ liệu. 3. Bộ Nông nghiệp và Môi trường: chủ trì kinh tế"
            " xanh, kinh tế tuần hoàn.",
            ["Bộ Khoa học và Công nghệ", "Bộ Công an", "Bộ Nông nghiệp và Môi trường"],
        ),
        (
            "1. Bộ Tài chính đầu mối, chủ trì 2. Các Bộ, cơ quan, địa phương thực hiện nhiệm vụ"
            " thu, tiết kiệm chi thường xuyên theo chức năng, nhiệm vụ được giao",
            ["Bộ Tài chính", "Các Bộ, cơ quan, địa phương"],
        ),
        (
            "1. Bộ Nông nghiệp và Môi trường đối với phát triển tín chỉ các bon 2. Bộ Tài chính"
            " đối với sàn giao dịch tín chỉ các bon 3. Bộ Khoa học và Công nghệ đối với tài sản kỹ"
            " thuật số",
            ["Bộ Nông nghiệp và Môi trường", "Bộ Tài chính", "Bộ Khoa học và Công nghệ"],
        ),
        (
            "1. Bộ Khoa học và Công nghệ chủ trì theo dõi. 2. Các Bộ: Xây dựng, Công Thương, các"
            " bộ, cơ quan theo chức năng, nhiệm vụ được giao",
            ["Bộ Khoa học và Công nghệ", "Bộ Xây dựng", "Bộ Công Thương", "các bộ, cơ quan"],
        ),
    ],
)
def test_a_lead_cell_of_numbered_parts_gives_each_parts_doer(cell: str, leads: list[str]) -> None:
    assert _leads(cell) == leads


def test_a_distributive_list_stops_at_the_mandate_after_its_last_name() -> None:
    cell = (
        "Các Bộ: Tài chính, Nông nghiệp và Môi trường, Xây dựng, Công an, Quốc phòng theo chức"
        " năng, nhiệm vụ rà soát, hoàn thiện"
    )
    assert split_units(cell) == [
        "Bộ Tài chính",
        "Bộ Nông nghiệp và Môi trường",
        "Bộ Xây dựng",
        "Bộ Công an",
        "Bộ Quốc phòng",
    ]


def test_cities_named_after_a_comma_are_bodies_of_their_own() -> None:
    assert split_units("Bộ Tài chính, Thành phố Hồ Chí Minh, thành phố Đà Nẵng") == [
        "Bộ Tài chính",
        "Thành phố Hồ Chí Minh",
        "thành phố Đà Nẵng",
    ]
    group = "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"
    assert split_units(group) == [group]


def test_a_quarter_run_into_its_year_is_read() -> None:
    """109/NQ-CP Phụ lục III row 125 prints «Quý IV2026»."""
    context = PlanContext(Period(date(2026, 1, 1), date(2030, 12, 31)), IssuerLevel.QUOC_GIA)
    schedule = read_deadline("Quý IV2026", context)
    assert [(o.start, o.due) for o in schedule.occurrences] == [
        (date(2026, 10, 1), date(2026, 12, 31))
    ]
    assert not schedule.needs_review
