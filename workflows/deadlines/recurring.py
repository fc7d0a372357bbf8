"""Occurrences of repeating duties over the plan period (rules 6 and 15).

Each occurrence is a window over one month, quarter or year that touches the period; it is
due on the period's last day unless the plan names a day ("trước ngày 20 hằng tháng").
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from workflows.deadlines.meanings import Repeats, StartsFrom
from workflows.deadlines.periods import (
    ROMAN_QUARTERS,
    day_words,
    month_span,
    months,
    quarter_span,
    quarters,
    span,
    years,
)
from workflows.plan import Period
from workflows.schedule import Occurrence, Recurrence


def check_ins(
    repeats: Repeats, period: Period, start: date | None = None
) -> tuple[Occurrence, ...]:
    """One occurrence per calendar month, quarter or year touching the plan period.

    ``start`` is a written start ("Từ 15/7/2025"): no occurrence before it, and the first one
    begins on it.
    """
    first = max(start or period.start, period.start)
    recurrence = repeats.recurrence or Recurrence.MONTHLY
    return tuple(
        _occurrence(repeats, label, max(window_start, start or window_start), window_end, period)
        for label, window_start, window_end in _windows(recurrence, first, period.end)
    )


def starts_from(starting: StartsFrom, period: Period) -> tuple[date, Repeats]:
    """The first day of work and the duty it repeats: monthly check-ins, or yearly windows."""
    mark = starting.mark if starting.mark.year else starting.mark.with_year(period.year)
    assert mark.year is not None
    begin = span(mark, mark.year)[0]
    cadence = Recurrence.YEARLY if starting.open_ended_yearly else None
    return begin, Repeats(cadence)


def _windows(recurrence: Recurrence, start: date, end: date) -> Iterator[tuple[str, date, date]]:
    if recurrence is Recurrence.MONTHLY:
        for first, last in months(start, end):
            yield f"Tháng {first.month}/{first.year}", first, last
    elif recurrence is Recurrence.QUARTERLY:
        for year, quarter in quarters(start, end):
            yield f"Quý {ROMAN_QUARTERS[quarter]}/{year}", *quarter_span(year, quarter)
    else:
        for year in years(start, end):
            yield f"Năm {year}", date(year, 1, 1), date(year, 12, 31)


def _occurrence(repeats: Repeats, label: str, start: date, end: date, period: Period) -> Occurrence:
    due, due_words = end, label
    if repeats.day is not None:
        month = repeats.month or end.month
        last_day = month_span(end.year, month)[1].day
        named = date(end.year, month, min(repeats.day, last_day))
        due = named - timedelta(days=1) if repeats.strict else named
        due_words = f"{repeats.words} {day_words(named)}".strip()
    return Occurrence(
        label=label,
        start=min(start, due),
        due=due,
        in_period=due in period,
        due_words=due_words,
        # Continuous work ("thường xuyên") is checked on each month, never overdue by itself
        # (deadline semantics, rule 6); a written cadence ("hằng tháng") makes real deadlines.
        check_in=repeats.recurrence is None,
    )
