"""Calendar spans a plan names — a day, month, quarter, half or year — and their labels.

A :class:`Mark` is what the words say ("Quý III", "07/6", "Tháng 9/2025"); its year may be
missing until the reader applies the plan year. Labels are the plan's own vocabulary (the
plan is Vietnamese), so they are written in Vietnamese whatever the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

import pendulum

ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}
QUARTER_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


class Unit(StrEnum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


@dataclass(frozen=True)
class Mark:
    """A span named in the text. ``number`` is the month, quarter or half (1 or 2)."""

    unit: Unit
    year: int | None
    number: int = 0
    day: int = 0  # Unit.DAY only; ``number`` is then the month

    def with_year(self, year: int) -> Mark:
        return replace(self, year=year)


def _plain(day: pendulum.Date) -> date:
    """Pendulum's Date is a date subclass; keep schedules in plain stdlib values."""
    return date(day.year, day.month, day.day)


def month_span(year: int, month: int) -> tuple[date, date]:
    first = pendulum.date(year, month, 1)
    return _plain(first), _plain(first.end_of("month"))


def quarter_span(year: int, quarter: int) -> tuple[date, date]:
    first = pendulum.date(year, 3 * quarter - 2, 1)
    return _plain(first), _plain(first.last_of("quarter"))


def span(mark: Mark, year: int) -> tuple[date, date]:
    """First and last day of ``mark`` in ``year``. Raises ValueError for an impossible day."""
    if mark.unit is Unit.DAY:
        day = date(year, mark.number, mark.day)
        return day, day
    if mark.unit is Unit.MONTH:
        return month_span(year, mark.number)
    if mark.unit is Unit.QUARTER:
        return quarter_span(year, mark.number)
    if mark.unit is Unit.HALF:
        return (
            (date(year, 1, 1), date(year, 6, 30))
            if mark.number == 1
            else (
                date(year, 7, 1),
                date(year, 12, 31),
            )
        )
    return date(year, 1, 1), date(year, 12, 31)


def is_valid(mark: Mark) -> bool:
    """Whether the mark names a real span (31/02 does not)."""
    try:
        span(mark, mark.year or 2000)  # 2000 is a leap year: 29/02 without a year is valid
    except ValueError:
        return False
    return True


def label(mark: Mark) -> str:
    """The plan's name for a span: "Quý III/2025", "Tháng 9/2025", "Năm 2025", "07/11/2025"."""
    year = mark.year
    if mark.unit is Unit.DAY:
        return f"{mark.day:02d}/{mark.number:02d}" + (f"/{year}" if year else "")
    suffix = f"/{year}" if year else ""
    if mark.unit is Unit.MONTH:
        return f"Tháng {mark.number}{suffix}"
    if mark.unit is Unit.QUARTER:
        return f"Quý {ROMAN_QUARTERS[mark.number]}{suffix}"
    if mark.unit is Unit.HALF:
        which = "đầu" if mark.number == 1 else "cuối"
        return f"6 tháng {which} năm" + (f" {year}" if year else "")
    return f"Năm {year}" if year else "Năm"


def range_label(first: Mark, last: Mark) -> str:
    if first == last:
        return label(first)
    if first.unit is last.unit is Unit.YEAR:
        return f"Năm {first.year}-{last.year}"
    return f"{label(first)} - {label(last)}"


def day_words(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def until_words(day: date) -> str:
    """A due date given outside the plan (set by the office, or counted from an event) in the
    plan's own language, like the dates the reader keeps: «đến ngày 30/11/2025»."""
    return f"đến ngày {day_words(day)}"


def months(start: date, end: date) -> Iterator[tuple[date, date]]:
    """Every calendar month touching ``start``..``end``, as (first, last) days."""
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        yield month_span(year, month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def quarters(start: date, end: date) -> Iterator[tuple[int, int]]:
    """Every (year, quarter) touching ``start``..``end``."""
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while quarter_span(year, quarter)[0] <= end:
        yield year, quarter
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def years(start: date, end: date) -> range:
    return range(start.year, end.year + 1)
