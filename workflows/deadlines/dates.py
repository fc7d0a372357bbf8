"""Turn a dated reading into an occurrence: the year (rule 1), the due day (rule 2), the period.

A date without a year takes the plan year. When that falls before the plan period and the part
is a yearly report whose next-year date falls inside the period, next year's is used (flagged);
otherwise the date is kept, out of the period, and flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from workflows.deadlines import patterns as p
from workflows.deadlines.glue import Reading
from workflows.deadlines.meanings import DueBy, Within
from workflows.deadlines.periods import Mark, Unit, day_words, label, range_label, span
from workflows.deadlines.reasons import ReasonCode, reason
from workflows.deadlines.words import matching_form
from workflows.plan import Period
from workflows.schedule import Occurrence, Reason


@dataclass(frozen=True)
class Placed:
    occurrence: Occurrence | None
    reasons: tuple[Reason, ...] = ()


def place(reading: Reading, period: Period) -> Placed:
    """The occurrence a DueBy or Within reading names in ``period``, with its reasons."""
    meaning = reading.meaning
    assert isinstance(meaning, DueBy | Within)
    first = meaning.mark if isinstance(meaning, DueBy) else meaning.first
    last = meaning.mark if isinstance(meaning, DueBy) else meaning.last
    yearly = bool(p.YEARLY_REPORT.search(matching_form(f"{reading.label} {reading.source}")))
    try:
        last, moved = _year_for(last, period, yearly)
        first = _align(first, last)
        start, end = span(first, _year(first))[0], span(last, _year(last))[1]
    except ValueError:
        return Placed(None, (reason(ReasonCode.INVALID_DATE, text=reading.words),))
    if isinstance(meaning, DueBy):
        occurrence = _deadline(reading, meaning, start, end, last)
    else:
        occurrence = _window(reading, first, last, start, end)
    occurrence = replace(occurrence, in_period=occurrence.due in period)
    return Placed(occurrence, _reasons(reading, meaning, occurrence, moved, period))


def _reasons(
    reading: Reading, meaning: DueBy | Within, occurrence: Occurrence, moved: bool, period: Period
) -> tuple[Reason, ...]:
    due = day_words(occurrence.due)
    reasons = []
    if isinstance(meaning, DueBy) and meaning.serial:
        reasons.append(reason(ReasonCode.SPREADSHEET_DAY, text=reading.words, due=due))
    if moved:
        reasons.append(reason(ReasonCode.NEXT_YEAR, text=reading.words, due=due))
    if occurrence.due < period.start:
        yearless = _is_yearless(meaning)
        code = ReasonCode.YEARLESS_BEFORE_PERIOD if yearless else ReasonCode.BEFORE_PERIOD
        reasons.append(reason(code, text=reading.words, due=due))
    return tuple(reasons)


def _is_yearless(meaning: DueBy | Within) -> bool:
    marks = (meaning.mark,) if isinstance(meaning, DueBy) else (meaning.first, meaning.last)
    return any(mark.year is None for mark in marks)


def _year(mark: Mark) -> int:
    assert mark.year is not None
    return mark.year


def _year_for(mark: Mark, period: Period, yearly_report: bool) -> tuple[Mark, bool]:
    """``mark`` with a year; True when it was moved to the year after the plan year."""
    if mark.year is not None:
        return mark, False
    this_year = mark.with_year(period.year)
    if span(this_year, period.year)[1] >= period.start or not yearly_report:
        return this_year, False
    next_year = mark.with_year(period.year + 1)
    if span(next_year, period.year + 1)[1] in period:
        return next_year, True
    return this_year, False


def _align(first: Mark, last: Mark) -> Mark:
    """The start of a yearless range takes the end's year (the year before if it comes later)."""
    if first.year is not None:
        return first
    year = _year(last)
    if span(first, year)[0] > span(last, year)[1]:
        year -= 1
    return first.with_year(year)


def _deadline(reading: Reading, meaning: DueBy, start: date, end: date, mark: Mark) -> Occurrence:
    due = start - timedelta(days=1) if meaning.strict else end
    shown = day_words(start) if mark.unit is Unit.DAY else label(mark)
    if meaning.words:  # "trước quý IV/2025": the span's name continues the sentence
        shown = f"{meaning.words} {shown[:1].lower()}{shown[1:]}"
    return Occurrence(
        label=reading.label or shown[:1].upper() + shown[1:],
        start=None,
        due=due,
        qualifier=reading.qualifier or None,
        due_words=shown,
    )


def _window(reading: Reading, first: Mark, last: Mark, start: date, end: date) -> Occurrence:
    canonical = range_label(first, last)
    return Occurrence(
        label=reading.label or canonical,
        start=start,
        due=end,
        qualifier=reading.qualifier or None,
        due_words=canonical,
    )
