"""One or more hand-worked examples per rule of docs/deadline-semantics.md."""

from __future__ import annotations

import pytest

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
from workflows.schedule import EventTrigger, Recurrence, Schedule
from workflows.schedule import ScheduleKind as K

H2_2025 = Period(d(2025, 7, 1), d(2025, 12, 31))
YEAR_2025 = Period(d(2025, 1, 1), d(2025, 12, 31))
YEAR_2026 = Period(d(2026, 1, 1), d(2026, 12, 31))
MID_2025_TO_MID_2026 = Period(d(2025, 7, 1), d(2026, 6, 30))
Y2025_2030 = Period(d(2025, 1, 1), d(2030, 12, 31))


def read(text: str, period: Period = H2_2025, level: IssuerLevel = IssuerLevel.SO) -> Schedule:
    return read_deadline(text, PlanContext(period, level))


def deadline(due: tuple[int, int, int], in_period: bool = True) -> Expected:
    return Expected(K.DEADLINE, ((None, d(*due), in_period),))


def window(start: tuple[int, int, int], due: tuple[int, int, int]) -> Expected:
    return Expected(K.WINDOW, ((d(*start), d(*due), True),))


@pytest.mark.parametrize(
    ("text", "period", "expected"),
    [
        # Rule 1: dates, with or without a year.
        ("31/07/2025", H2_2025, deadline((2025, 7, 31))),
        ("31/7/2025", H2_2025, deadline((2025, 7, 31))),
        ("31-7-2025", H2_2025, deadline((2025, 7, 31))),
        ("31.7.2025", H2_2025, deadline((2025, 7, 31))),
        ("ngày 31 tháng 7 năm 2025", H2_2025, deadline((2025, 7, 31))),
        ("07/11", H2_2025, deadline((2025, 11, 7))),
        # A yearly report whose date would fall before the period moves to next year.
        (
            "Báo cáo năm (trước ngày 15/01)",
            MID_2025_TO_MID_2026,
            Expected(
                K.DEADLINE,
                ((None, d(2026, 1, 14), True),),
                needs_review=True,
                reasons=("next_year",),
            ),
        ),
        # ... but only when next year's date is inside the period.
        (
            "Báo cáo năm (trước ngày 15/01)",
            H2_2025,
            Expected(
                K.DEADLINE,
                ((None, d(2025, 1, 14), False),),
                needs_review=True,
                reasons=("yearless_before_period",),
            ),
        ),
        # Not a yearly report: kept in the plan year, out of the period, flagged.
        (
            "trước ngày 07/6",
            MID_2025_TO_MID_2026,
            Expected(
                K.DEADLINE,
                ((None, d(2025, 6, 6), False),),
                needs_review=True,
                reasons=("yearless_before_period",),
            ),
        ),
        # Rule 2: "trước" is strictly before; the others are on or before.
        ("trước 31/7/2025", H2_2025, deadline((2025, 7, 30))),
        ("Trước ngày 01/01/2026", H2_2025, deadline((2025, 12, 31))),
        ("đến ngày 31/7/2025", H2_2025, deadline((2025, 7, 31))),
        ("chậm nhất ngày 31/7/2025", H2_2025, deadline((2025, 7, 31))),
        ("hạn chót 31/7/2025", H2_2025, deadline((2025, 7, 31))),
        ("trong ngày 31/7/2025", H2_2025, deadline((2025, 7, 31))),
        ("Ngày 09/11/2015.", Period(d(2015, 1, 1), d(2015, 12, 31)), deadline((2015, 11, 9))),
        # A date before the period is kept, out of the period, and flagged.
        (
            "Ngày 09/11/2015.",
            YEAR_2025,
            Expected(
                K.DEADLINE,
                ((None, d(2015, 11, 9), False),),
                needs_review=True,
                reasons=("before_period",),
            ),
        ),
        # Rule 3: months.
        ("Tháng 9/2025", H2_2025, window((2025, 9, 1), (2025, 9, 30))),
        ("trong tháng 9", H2_2025, window((2025, 9, 1), (2025, 9, 30))),
        # Rule 4: quarters, lists and ranges.
        ("Quý III", H2_2025, Expected(K.WINDOW, (Q3_2025,))),
        ("Quý 3", H2_2025, Expected(K.WINDOW, (Q3_2025,))),
        ("quý III/2025", H2_2025, Expected(K.WINDOW, (Q3_2025,))),
        ("Quý III và IV", H2_2025, Expected(K.WINDOW, (Q3_2025, Q4_2025))),
        ("Quý III-IV", H2_2025, window((2025, 7, 1), (2025, 12, 31))),
        ("từ quý III đến quý IV", H2_2025, window((2025, 7, 1), (2025, 12, 31))),
        # Rule 5: halves and years.
        ("6 tháng đầu năm 2026", YEAR_2026, window((2026, 1, 1), (2026, 6, 30))),
        ("6 tháng cuối năm", H2_2025, window((2025, 7, 1), (2025, 12, 31))),
        ("Năm 2025", YEAR_2025, window((2025, 1, 1), (2025, 12, 31))),
        ("trong năm", YEAR_2025, window((2025, 1, 1), (2025, 12, 31))),
        ("2026-2030", Y2025_2030, window((2026, 1, 1), (2030, 12, 31))),
        # Rule 13: written forms vary.
        ("Quí IV-2025", H2_2025, Expected(K.WINDOW, (Q4_2025,))),
        ("QUÝ IV", H2_2025, Expected(K.WINDOW, (Q4_2025,))),
        (" quý  iii / 2025 .", H2_2025, Expected(K.WINDOW, (Q3_2025,))),
        ("9/2025", H2_2025, window((2025, 9, 1), (2025, 9, 30))),
        ("Tháng 09/2025", H2_2025, window((2025, 9, 1), (2025, 9, 30))),
        ("2026", Y2025_2030, window((2026, 1, 1), (2026, 12, 31))),
        # Rule 14: ranges across years.
        ("Quý IV/2025 - Quý II/2026", Y2025_2030, window((2025, 10, 1), (2026, 6, 30))),
        ("2026 - 2030", Y2025_2030, window((2026, 1, 1), (2030, 12, 31))),
        ("từ 01/7/2025 đến 31/12/2025", H2_2025, window((2025, 7, 1), (2025, 12, 31))),
        ("Tháng 7 - 9/2025", H2_2025, window((2025, 7, 1), (2025, 9, 30))),
        (
            "Tháng 8, 9/2025",
            H2_2025,
            Expected(
                K.WINDOW,
                ((d(2025, 8, 1), d(2025, 8, 31), True), (d(2025, 9, 1), d(2025, 9, 30), True)),
            ),
        ),
        # Rule 13: a spreadsheet cell may hold a real date (written out by the reader).
        ("2025-07-31", H2_2025, deadline((2025, 7, 31))),
        ("2025-07-31T08:00:00", H2_2025, deadline((2025, 7, 31))),
        # A span after a preposition is a deadline.
        ("trước quý IV", H2_2025, deadline((2025, 9, 30))),
        ("đến tháng 9/2025", H2_2025, deadline((2025, 9, 30))),
        ("đến hết năm 2025", H2_2025, deadline((2025, 12, 31))),
    ],
)
def test_dated_cells(text: str, period: Period, expected: Expected) -> None:
    assert_schedule(read(text, period), expected)


QUARTERLY_H2 = Expected(K.RECURRING, (Q3_2025, Q4_2025), Recurrence.QUARTERLY)
MONTHLY_H2 = Expected(K.RECURRING, MONTHS_H2_2025, Recurrence.MONTHLY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hằng tháng", MONTHLY_H2),
        ("hàng tháng", MONTHLY_H2),
        ("Định kỳ hàng tháng", MONTHLY_H2),
        ("Hàng quý", QUARTERLY_H2),
        ("hằng quí", QUARTERLY_H2),
        ("Thực hiện thường xuyên.", MONTHLY_H2),
        ("Nhiệm vụ thường xuyên", MONTHLY_H2),
        (
            "Định kỳ",
            Expected(
                K.RECURRING,
                (Q3_2025, Q4_2025),
                Recurrence.QUARTERLY,
                needs_review=True,
                reasons=("assumed_cadence",),
            ),
        ),
        (
            "trước ngày 20 hằng tháng",
            Expected(
                K.RECURRING,
                (
                    (d(2025, 7, 1), d(2025, 7, 19), True),
                    (d(2025, 8, 1), d(2025, 8, 19), True),
                    (d(2025, 9, 1), d(2025, 9, 19), True),
                    (d(2025, 10, 1), d(2025, 10, 19), True),
                    (d(2025, 11, 1), d(2025, 11, 19), True),
                    (d(2025, 12, 1), d(2025, 12, 19), True),
                ),
                Recurrence.MONTHLY,
            ),
        ),
        (
            "Hằng tháng (trước ngày 25)",
            Expected(
                K.RECURRING,
                (
                    (d(2025, 7, 1), d(2025, 7, 24), True),
                    (d(2025, 8, 1), d(2025, 8, 24), True),
                    (d(2025, 9, 1), d(2025, 9, 24), True),
                    (d(2025, 10, 1), d(2025, 10, 24), True),
                    (d(2025, 11, 1), d(2025, 11, 24), True),
                    (d(2025, 12, 1), d(2025, 12, 24), True),
                ),
                Recurrence.MONTHLY,
            ),
        ),
        (
            "Hằng năm, trước ngày 15/12",
            Expected(K.RECURRING, ((d(2025, 1, 1), d(2025, 12, 14), True),), Recurrence.YEARLY),
        ),
    ],
)
def test_recurring_cells(text: str, expected: Expected) -> None:
    assert_schedule(read(text), expected)


def test_yearly_gives_one_window_per_calendar_year_of_the_period() -> None:
    expected = Expected(
        K.RECURRING,
        tuple(
            (d(year, 1, 1), d(year, 12, 31), True) for year in (2025, 2026, 2027, 2028, 2029, 2030)
        ),
        Recurrence.YEARLY,
    )
    assert_schedule(read("Hằng năm", Y2025_2030), expected)


def test_continuous_work_without_check_ins() -> None:
    schedule = read_deadline(
        "Thường xuyên",
        PlanContext(H2_2025, IssuerLevel.SO),
        monthly_check_in_for_continuous=False,
    )
    assert_schedule(schedule, Expected(K.RECURRING))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Rule 7: on demand alone has no schedule of its own.
        (
            "đột xuất",
            Expected(K.UNSCHEDULED, needs_review=True, reasons=("on_demand",), notes=("đột xuất",)),
        ),
        # Rule 11: no date.
        ("", Expected(K.UNSCHEDULED, needs_review=True, reasons=("empty",))),
        ("   ", Expected(K.UNSCHEDULED, needs_review=True, reasons=("empty",))),
        ("Theo Phương án", Expected(K.UNSCHEDULED, needs_review=True, reasons=("no_date",))),
        ("Theo Kế hoạch riêng", Expected(K.UNSCHEDULED, needs_review=True, reasons=("no_date",))),
        # Rule 17: a reference is not a due date.
        (
            "Thông báo số 123/TB-UBND ngày 17/12/2025",
            Expected(K.UNSCHEDULED, needs_review=True, reasons=("reference",)),
        ),
        (
            "Kế hoạch số …/KH-UBND ngày …",
            Expected(K.UNSCHEDULED, needs_review=True, reasons=("reference",)),
        ),
        (
            "Quý IV/2025 (Kế hoạch số 310/KH-UBND ngày 12/8/2025)",
            Expected(
                K.WINDOW,
                (Q4_2025,),
                needs_review=True,
                reasons=("reference",),
                notes=("Kế hoạch số 310/KH-UBND ngày 12/8/2025",),
            ),
        ),
        # Rule 10: an aside that is not a condition is a plain note.
        ("Quý IV (dự kiến)", Expected(K.WINDOW, (Q4_2025,), notes=("dự kiến",))),
        # Never silently guess.
        (
            "45869",  # a spreadsheet day number: 31/7/2025
            Expected(
                K.DEADLINE,
                ((None, d(2025, 7, 31), True),),
                needs_review=True,
                reasons=("spreadsheet_day",),
            ),
        ),
        (
            "Quý III/2025 (trước 15/9)",  # a window and a deadline in one breath
            Expected(
                K.WINDOW,
                ((None, d(2025, 9, 14), True), Q3_2025),
                needs_review=True,
                reasons=("mixed",),
            ),
        ),
        (
            "Quý IV (đợt 2)",  # a number in a note may be a date we did not read
            Expected(
                K.WINDOW, (Q4_2025,), needs_review=True, reasons=("partial",), notes=("đợt 2",)
            ),
        ),
        ("hello world", Expected(K.UNSCHEDULED, needs_review=True, reasons=("unmatched",))),
        ("31/02/2025", Expected(K.UNSCHEDULED, needs_review=True, reasons=("unmatched",))),
        ("Quý V", Expected(K.UNSCHEDULED, needs_review=True, reasons=("unmatched",))),
        (
            "Quý III, IV/2025 để báo cáo",
            Expected(
                K.WINDOW,
                (Q3_2025, Q4_2025),
                needs_review=True,
                reasons=("partial",),
                notes=("để báo cáo",),
            ),
        ),
        (
            "Hàng tuần",
            Expected(K.UNSCHEDULED, needs_review=True, reasons=("unsupported_cadence",)),
        ),
    ],
)
def test_cells_that_need_the_office(text: str, expected: Expected) -> None:
    assert_schedule(read(text), expected)


@pytest.mark.parametrize(
    ("text", "trigger", "reasons"),
    [
        (
            "trong vòng 05 ngày sau khi Bộ, ngành trung ương công bố",
            EventTrigger("Bộ, ngành trung ương công bố", 5, False),
            (),
        ),
        (
            "Trong vòng 10 ngày làm việc kể từ ngày Kế hoạch được phê duyệt",
            EventTrigger("Kế hoạch được phê duyệt", 10, True),
            (),
        ),
        ("Sau khi có hướng dẫn của Bộ", EventTrigger("có hướng dẫn của Bộ", None, None), ()),
        (
            "trong vòng 05 sau khi Bộ công bố",
            EventTrigger("Bộ công bố", 5, False),
            ("event_unit_missing",),
        ),
    ],
)
def test_events(text: str, trigger: EventTrigger, reasons: tuple[str, ...]) -> None:
    expected = Expected(K.EVENT, event=trigger, needs_review=bool(reasons), reasons=reasons)
    assert_schedule(read(text), expected)


def test_qualified_bullets_with_colons() -> None:
    schedule = read("-UBND cấp xã: Trước 15/8/2025 -Sở, ban, ngành: Trước 10/8/2025")
    expected = Expected(
        K.DEADLINE,
        ((None, d(2025, 8, 9), True),),
        qualifier="Sở, ban, ngành",
        notes=("UBND cấp xã: Trước 15/8/2025",),
    )
    assert_schedule(schedule, expected)


def test_no_qualifier_matches_the_level_so_every_part_stays() -> None:
    schedule = read("Quý III đối với cấp xã; Quý IV đối với cấp tỉnh", level=IssuerLevel.BO)
    assert [(o.start, o.due, o.qualifier) for o in schedule.occurrences] == [
        (d(2025, 7, 1), d(2025, 9, 30), "đối với cấp xã"),
        (d(2025, 10, 1), d(2025, 12, 31), "đối với cấp tỉnh"),
    ]
    assert [r.code for r in schedule.reasons] == ["qualifier_not_matched"]


def test_start_only_is_continuous_from_the_start() -> None:
    schedule = read("Từ 15/8/2025")
    assert schedule.kind is K.RECURRING
    assert schedule.recurrence is Recurrence.MONTHLY
    assert [(o.start, o.due) for o in schedule.occurrences] == [
        (d(2025, 8, 15), d(2025, 8, 31)),
        (d(2025, 9, 1), d(2025, 9, 30)),
        (d(2025, 10, 1), d(2025, 10, 31)),
        (d(2025, 11, 1), d(2025, 11, 30)),
        (d(2025, 12, 1), d(2025, 12, 31)),
    ]
    assert [(r.code, dict(r.params)) for r in schedule.reasons] == [
        ("start_only", {"start": "15/08/2025"})
    ]


def test_start_only_with_a_year() -> None:
    schedule = read("triển khai từ năm 2026", Y2025_2030)
    assert schedule.kind is K.RECURRING
    assert len(schedule.occurrences) == 60  # January 2026 to December 2030
    assert schedule.occurrences[0].start == d(2026, 1, 1)
    assert [r.code for r in schedule.reasons] == ["start_only"]


@pytest.mark.parametrize(
    "text", ["Năm 2026 và những năm tiếp theo", "Quý I/2026 và các năm tiếp theo"]
)
def test_open_ended_is_yearly_from_the_first_year(text: str) -> None:
    expected = Expected(
        K.RECURRING,
        tuple((d(year, 1, 1), d(year, 12, 31), True) for year in (2026, 2027, 2028, 2029, 2030)),
        Recurrence.YEARLY,
        needs_review=True,
        reasons=("open_ended",),
    )
    assert_schedule(read(text, Y2025_2030), expected)


@pytest.mark.parametrize(
    ("text", "milestone"),
    [
        (
            "hoàn thành trong quý I năm 2026 và thực hiện thường xuyên sau đó",
            (d(2026, 1, 1), d(2026, 3, 31)),
        ),
        ("thường xuyên; riêng năm 2026 hoàn thành trong quý II", (d(2026, 4, 1), d(2026, 6, 30))),
    ],
)
def test_milestone_inside_continuous_work(text: str, milestone: tuple[object, object]) -> None:
    schedule = read(text, YEAR_2026)
    assert schedule.kind is K.RECURRING
    assert schedule.recurrence is Recurrence.MONTHLY
    spans = [(o.start, o.due) for o in schedule.occurrences]
    assert milestone in spans
    assert len(spans) == 13  # twelve monthly check-ins and the milestone
    assert [r.code for r in schedule.reasons] == ["milestone"]


@pytest.mark.parametrize(
    "text",
    [
        "Quý III: báo cáo sơ kết\nQuý IV: báo cáo tổng kết",
        "Quý III: báo cáo sơ kết; Quý IV: báo cáo tổng kết",
        "- Quý III: báo cáo sơ kết\n- Quý IV: báo cáo tổng kết",
    ],
)
def test_words_after_a_colon_name_the_span_before(text: str) -> None:
    schedule = read(text)
    assert [(o.label, o.start, o.due) for o in schedule.occurrences] == [
        ("Báo cáo sơ kết", d(2025, 7, 1), d(2025, 9, 30)),
        ("Báo cáo tổng kết", d(2025, 10, 1), d(2025, 12, 31)),
    ]
    assert not schedule.needs_review
    assert schedule.text == text.replace("\n", " ")


@pytest.mark.parametrize(
    ("level", "due", "qualifier", "note"),
    [
        (
            IssuerLevel.XA,
            d(2025, 11, 30),
            "đối với UBND cấp xã",
            "Trước ngày 10/12/2025 (đối với UBND tỉnh)",
        ),
        (
            IssuerLevel.TINH,
            d(2025, 12, 9),
            "đối với UBND tỉnh",
            "Trước ngày 01/12/2025 (đối với UBND cấp xã)",
        ),
    ],
)
def test_bracketed_qualifiers_pick_the_part(
    level: IssuerLevel, due: object, qualifier: str, note: str
) -> None:
    text = "Trước ngày 10/12/2025 (đối với UBND tỉnh); Trước ngày 01/12/2025 (đối với UBND cấp xã)"
    schedule = read(text, level=level)
    assert [(o.due, o.qualifier) for o in schedule.occurrences] == [(due, qualifier)]
    assert schedule.notes == (note,)
    assert not schedule.needs_review
