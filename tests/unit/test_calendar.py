"""Vietnamese working days: weekends, public holidays, announced and configured day swaps."""

from __future__ import annotations

from datetime import date

import pytest

from workflows.calendar import WorkingCalendar

CALENDAR = WorkingCalendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 9, 1), False),  # Quốc khánh (Monday)
        (date(2025, 9, 2), False),  # Quốc khánh (Tuesday)
        (date(2025, 9, 3), True),
        (date(2025, 4, 30), False),  # Giải phóng miền Nam
        (date(2025, 5, 1), False),  # Quốc tế Lao động
        (date(2026, 1, 1), False),  # Tết Dương lịch
        # Tết Nguyên đán 2026: Monday 16 to Friday 20 February.
        (date(2026, 2, 16), False),
        (date(2026, 2, 17), False),
        (date(2026, 2, 18), False),
        (date(2026, 2, 19), False),
        (date(2026, 2, 20), False),
        (date(2026, 2, 23), True),
        (date(2025, 7, 5), False),  # a plain Saturday
        (date(2025, 7, 6), False),  # a plain Sunday
        (date(2025, 7, 7), True),  # a plain Monday
        # The government moved 2/5/2025 off and made Saturday 26/4/2025 a working day.
        (date(2025, 5, 2), False),
        (date(2025, 4, 26), True),
    ],
)
def test_working_days(day: date, working: bool) -> None:
    assert CALENDAR.is_working_day(day) is working


def test_configured_swaps_and_extra_days_off() -> None:
    calendar = WorkingCalendar(
        extra_days_off=frozenset({date(2025, 12, 26)}),
        swapped_working_days=frozenset({date(2025, 12, 27)}),
    )
    assert not calendar.is_working_day(date(2025, 12, 26))  # a Friday made a day off
    assert calendar.is_working_day(date(2025, 12, 27))  # a Saturday made a working day
    assert CALENDAR.is_working_day(date(2025, 12, 26))
    assert not CALENDAR.is_working_day(date(2025, 12, 27))


def test_add_working_days_across_a_weekend() -> None:
    assert CALENDAR.add_working_days(date(2025, 7, 4), 1) == date(2025, 7, 7)  # Fri → Mon
    assert CALENDAR.add_working_days(date(2025, 7, 4), 5) == date(2025, 7, 11)


def test_add_working_days_across_a_weekend_and_a_holiday() -> None:
    # Fri 29/8/2025, then Sat, Sun, 1/9 and 2/9 (Quốc khánh): the next working day is 3/9.
    assert CALENDAR.add_working_days(date(2025, 8, 29), 1) == date(2025, 9, 3)
    assert CALENDAR.add_working_days(date(2025, 8, 29), 3) == date(2025, 9, 5)
    assert CALENDAR.next_working_day(date(2025, 8, 31)) == date(2025, 9, 3)


def test_add_working_days_across_tet() -> None:
    # "05 ngày làm việc" from Friday 13/2/2026: Tết runs 14-22/2, so 23, 24, 25, 26, 27/2.
    assert CALENDAR.add_working_days(date(2026, 2, 13), 5) == date(2026, 2, 27)


def test_add_zero_and_negative_working_days() -> None:
    assert CALENDAR.add_working_days(date(2025, 7, 5), 0) == date(2025, 7, 5)
    assert CALENDAR.add_working_days(date(2025, 9, 3), -1) == date(2025, 8, 29)


def test_working_days_between() -> None:
    assert CALENDAR.working_days_between(date(2025, 8, 29), date(2025, 9, 5)) == 3
    assert CALENDAR.working_days_between(date(2025, 9, 5), date(2025, 8, 29)) == -3
    assert CALENDAR.working_days_between(date(2025, 7, 7), date(2025, 7, 7)) == 0
    start = date(2026, 2, 13)
    assert CALENDAR.working_days_between(start, CALENDAR.add_working_days(start, 5)) == 5


def test_a_swapped_saturday_counts_when_adding() -> None:
    calendar = WorkingCalendar(swapped_working_days=frozenset({date(2025, 7, 5)}))
    assert calendar.add_working_days(date(2025, 7, 4), 1) == date(2025, 7, 5)
