"""Golden readings of every "Thời gian" cell of the two seed plans (period 2025-07-01..12-31).

Each expectation was worked out by hand from docs/deadline-semantics.md, not by running the
reader. A new cell in the fixtures fails ``test_every_cell_has_a_golden_reading``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.shared_paths import require_shared
from tests.unit.deadlines.expect import (
    MONTHS_H2_2025,
    Q3_2025,
    Q4_2025,
    Expected,
    assert_schedule,
    d,
)
from workflows.deadlines.reader import read_deadline
from workflows.plan import IssuerLevel, Period, PlanContext
from workflows.schedule import Recurrence
from workflows.schedule import ScheduleKind as K

H2_2025 = Period(d(2025, 7, 1), d(2025, 12, 31))
SEEDS = {"so-cong-thuong-2025h2.json": IssuerLevel.SO, "xa-ba-long-2025h2.json": IssuerLevel.XA}

RECRUITMENT_NOTE = "đối với tuyển dụng công chức thực hiện sau khi có chủ trương của Bộ Chính trị"
QUARTERS_III_IV = Expected(K.WINDOW, (Q3_2025, Q4_2025))
THUONG_XUYEN = Expected(K.RECURRING, MONTHS_H2_2025, Recurrence.MONTHLY)
NO_DATE = Expected(K.UNSCHEDULED, needs_review=True, reasons=("no_date",))
RECRUITMENT = Expected(
    K.WINDOW,
    (Q3_2025, Q4_2025),
    needs_review=True,
    reasons=("condition_in_note",),
    notes=(RECRUITMENT_NOTE,),
)
REPORTS = Expected(
    K.DEADLINE,
    # 07/6 has no year: plan year 2025 → 06/6/2025, before the period. It is the 6-month
    # report, not a yearly one, so it stays in 2025, out of the period, and is flagged.
    ((None, d(2025, 6, 6), False), (None, d(2025, 11, 6), True)),
    needs_review=True,
    reasons=("yearless_before_period",),
)

GOLDEN: dict[str, Expected] = {
    "trước ngày 31/7/2025": Expected(K.DEADLINE, ((None, d(2025, 7, 30), True),)),
    "-Trước 31/7/2025": Expected(K.DEADLINE, ((None, d(2025, 7, 30), True),)),
    "Quý III, IV": QUARTERS_III_IV,
    "Quý III, IV/2025": QUARTERS_III_IV,
    "Quý IV": Expected(K.WINDOW, (Q4_2025,)),
    "Cả năm 2025": Expected(K.WINDOW, ((d(2025, 1, 1), d(2025, 12, 31), True),)),
    "Trước ngày 18/11/2025": Expected(K.DEADLINE, ((None, d(2025, 11, 17), True),)),
    "Trước ngày 31/8/2025": Expected(K.DEADLINE, ((None, d(2025, 8, 30), True),)),
    # After the period: a normal follow-up, out of the period, not flagged.
    "Trước ngày 31/01/2026": Expected(K.DEADLINE, ((None, d(2026, 1, 30), False),)),
    "Báo cáo 6 tháng (trước ngày 07/6), báo cáo năm (trước ngày 07/11)": REPORTS,
    "- Đối với báo cáo PBGDPL: Căn cứ vào KHPBGDPL của UBND tỉnh năm 2025. - Đối với báo cáo "
    "HP: Căn cứ vào văn bản của Sở Tư pháp để thực hiện.": Expected(
        K.UNSCHEDULED,
        needs_review=True,
        reasons=("no_date", "no_date"),
        notes=(
            "Đối với báo cáo PBGDPL: Căn cứ vào KHPBGDPL của UBND tỉnh năm 2025",
            "Đối với báo cáo HP: Căn cứ vào văn bản của Sở Tư pháp để thực hiện",
        ),
    ),
    # Issuer level so: the second part names "Sở, ban, ngành cấp tỉnh"; the first is a note.
    "- Trước ngày 10/12/2025 đối với báo cáo của UBND tỉnh - Trước ngày 01/12/2025 đối với báo "
    "cáo Sở, ban, ngành cấp tỉnh; UBND cấp xã.": Expected(
        K.DEADLINE,
        ((None, d(2025, 11, 30), True),),
        qualifier="đối với báo cáo Sở, ban, ngành cấp tỉnh; UBND cấp xã",
        notes=("Trước ngày 10/12/2025 đối với báo cáo của UBND tỉnh",),
    ),
    # Issuer level xa: the only part is for "UBND cấp xã".
    "Trước ngày 01/12/2025 đối với báo cáo UBND cấp xã.": Expected(
        K.DEADLINE, ((None, d(2025, 11, 30), True),), qualifier="đối với báo cáo UBND cấp xã"
    ),
    "-UBND cấp xã: Trước 15/8/2025": Expected(
        K.DEADLINE, ((None, d(2025, 8, 14), True),), qualifier="UBND cấp xã"
    ),
    "Thường xuyên": THUONG_XUYEN,
    "Hàng tháng hoặc đột xuất": Expected(
        K.RECURRING, MONTHS_H2_2025, Recurrence.MONTHLY, notes=("đột xuất",)
    ),
    # "Định kỳ" names no period: quarterly by default, and we flag the assumption.
    "Định kỳ hoặc đột xuất": Expected(
        K.RECURRING,
        (Q3_2025, Q4_2025),
        Recurrence.QUARTERLY,
        needs_review=True,
        reasons=("assumed_cadence",),
        notes=("đột xuất",),
    ),
    "Theo Kế hoạch phê duyệt": NO_DATE,
    "Theo KH năm": NO_DATE,
    "Theo KH được phê duyệt": NO_DATE,
    "Theo Kế hoạch được UBND tỉnh phê duyệt": NO_DATE,
    "Quý III, IV (đối với tuyển dụng công chức thực hiện sau khi có chủ trương của Bộ Chính "
    "trị)": RECRUITMENT,
    "Quý III, IV(đối với tuyển dụng công chức thực hiện sau khi có chủ trương của Bộ Chính "
    "trị)": RECRUITMENT,
    # The year written once applies to both quarters; Q2/2025 ends before the period.
    "Quý II và Quý IV/2025": Expected(
        K.WINDOW,
        ((d(2025, 4, 1), d(2025, 6, 30), False), Q4_2025),
        needs_review=True,
        reasons=("before_period",),
    ),
}


def seed_cells() -> Iterator[tuple[str, IssuerLevel]]:
    for name, level in SEEDS.items():
        plan = json.loads(require_shared("fixtures", "plans", name).read_text(encoding="utf-8"))
        assert plan["issuer_level"] == level.value
        assert (plan["period"]["start"], plan["period"]["end"]) == ("2025-07-01", "2025-12-31")
        for section in plan["sections"]:
            for task in section["tasks"]:
                for activity in task["activities"]:
                    yield activity["time"], level


def _fixture_cells() -> list[tuple[str, IssuerLevel]]:
    return sorted(set(seed_cells()))


def test_every_cell_has_a_golden_reading() -> None:
    cells = {text for text, _ in seed_cells()}
    assert cells == GOLDEN.keys()


@pytest.mark.parametrize(("text", "level"), _fixture_cells())
def test_seed_cell(text: str, level: IssuerLevel) -> None:
    schedule = read_deadline(text, PlanContext(H2_2025, level))
    assert_schedule(schedule, GOLDEN[text])
    assert schedule.text == text


def test_due_words_keep_the_plan_words() -> None:
    context = PlanContext(H2_2025, IssuerLevel.SO)
    (occurrence,) = read_deadline("trước ngày 31/7/2025", context).occurrences
    assert occurrence.due_words == "trước ngày 31/07/2025"
    (occurrence,) = read_deadline("-Trước 31/7/2025", context).occurrences
    assert occurrence.due_words == "trước 31/07/2025"


def test_labels_of_the_seed_cells() -> None:
    context = PlanContext(H2_2025, IssuerLevel.XA)
    reports = read_deadline(
        "Báo cáo 6 tháng (trước ngày 07/6), báo cáo năm (trước ngày 07/11)", context
    )
    assert [o.label for o in reports.occurrences] == ["Báo cáo 6 tháng", "Báo cáo năm"]
    quarters = read_deadline("Quý III, IV", context)
    assert [o.label for o in quarters.occurrences] == ["Quý III/2025", "Quý IV/2025"]
    monthly = read_deadline("Thường xuyên", context)
    assert monthly.occurrences[2].label == "Tháng 9/2025"


def test_the_qualified_cell_read_by_a_province_keeps_the_province_part() -> None:
    text = (
        "- Trước ngày 10/12/2025 đối với báo cáo của UBND tỉnh - Trước ngày 01/12/2025 đối "
        "với báo cáo Sở, ban, ngành cấp tỉnh; UBND cấp xã."
    )
    schedule = read_deadline(text, PlanContext(H2_2025, IssuerLevel.TINH))
    expected = Expected(
        K.DEADLINE,
        ((None, d(2025, 12, 9), True),),
        qualifier="đối với báo cáo của UBND tỉnh",
        notes=("Trước ngày 01/12/2025 đối với báo cáo Sở, ban, ngành cấp tỉnh; UBND cấp xã",),
    )
    assert_schedule(schedule, expected)


def test_a_commune_deadline_read_by_a_department_keeps_it_and_flags_it() -> None:
    schedule = read_deadline(
        "Trước ngày 01/12/2025 đối với báo cáo UBND cấp xã.", PlanContext(H2_2025, IssuerLevel.SO)
    )
    expected = Expected(
        K.DEADLINE,
        ((None, d(2025, 11, 30), True),),
        needs_review=True,
        reasons=("qualifier_not_matched",),
        qualifier="đối với báo cáo UBND cấp xã",
    )
    assert_schedule(schedule, expected)
