"""Vietnamese working days: Monday to Friday, minus public holidays, plus swapped Saturdays.

Public holidays (Tết Dương lịch, Tết Nguyên đán, Giỗ Tổ Hùng Vương, 30/4, 1/5, Quốc khánh …)
and the day swaps the government has already announced come from the ``holidays`` package.
Swaps are decided year by year, so the office can add its own: ``extra_days_off`` and
``swapped_working_days`` (a Saturday or Sunday made a working day) win over the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache

import holidays

_SATURDAY = 5


@cache
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


@cache
def _weekend_working_days(year: int) -> frozenset[date]:
    """Weekend days the government turned into working days that year (known swaps)."""
    known = holidays.country_holidays("VN", years=year).weekend_workdays
    return frozenset(day for day in known if day.year == year)


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are working days. Pure: holidays are computed per year, once, offline."""

    extra_days_off: frozenset[date] = frozenset()
    swapped_working_days: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day in self.swapped_working_days:
            return True
        if day in self.extra_days_off:
            return False
        if day.weekday() >= _SATURDAY:
            return day in _weekend_working_days(day.year)
        return day not in _public_holidays(day.year)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self.add_working_days(day, 1)

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (before it when ``n`` < 0); ``day`` when 0.

        "05 ngày làm việc sau khi …" is ``add_working_days(event_day, 5)``.
        """
        step = timedelta(days=1 if n >= 0 else -1)
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after ``a`` up to and including ``b``; negative when ``b`` < ``a``.

        So ``working_days_between(a, add_working_days(a, n)) == n``.
        """
        if b < a:
            return -self.working_days_between(b, a)
        return _working_days_between(self, a, b)


@lru_cache(maxsize=65_536)
def _working_days_between(calendar: WorkingCalendar, a: date, b: date) -> int:
    """Counted day by day, once per calendar and pair of days (digests ask again and again)."""
    return sum(calendar.is_working_day(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))
