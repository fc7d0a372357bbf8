"""A month of due dates on a grid (weeks from Monday, as Vietnamese calendars print them).

Pure: the caller hands the statuses the account sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from nhacviec.errors import InputError
from nhacviec.services.queries import OccurrenceStatus, TaskStatus


@dataclass(frozen=True)
class Entry:
    status: TaskStatus
    item: OccurrenceStatus


@dataclass(frozen=True)
class Day:
    day: date
    in_month: bool
    today: bool
    entries: list[Entry] = field(default_factory=list)


@dataclass(frozen=True)
class Month:
    first: date
    weeks: list[list[Day]]
    previous: date
    following: date

    @property
    def count(self) -> int:
        return sum(len(day.entries) for week in self.weeks for day in week if day.in_month)


def read_month(text: str, today: date) -> date:
    """«2026-07» → 1 July 2026; empty: this month; ``InputError`` otherwise."""
    value = text.strip()
    if not value:
        return today.replace(day=1)
    year, _, month = value.partition("-")
    if not (year.isascii() and year.isdigit() and month.isascii() and month.isdigit()):
        raise InputError("console.calendar.bad_month", value=value[:20])
    if not (1900 <= int(year) <= 2200 and 1 <= int(month) <= 12):
        raise InputError("console.calendar.bad_month", value=value[:20])
    return date(int(year), int(month), 1)


def month_of(first: date, statuses: Sequence[TaskStatus], today: date) -> Month:
    """The weeks covering the month of ``first``, each day with the occurrences due on it."""
    start = first - timedelta(days=first.weekday())
    following = (first + timedelta(days=32)).replace(day=1)
    end = following + timedelta(days=(7 - following.weekday()) % 7)
    due: dict[date, list[Entry]] = {}
    for status in statuses:
        for item in status.occurrences:
            when = item.occurrence.due_date
            if when is not None and start <= when < end:
                due.setdefault(when, []).append(Entry(status, item))
    days = [start + timedelta(days=n) for n in range((end - start).days)]
    weeks = [
        [Day(d, d.month == first.month, d == today, due.get(d, [])) for d in days[i : i + 7]]
        for i in range(0, len(days), 7)
    ]
    previous = (first - timedelta(days=1)).replace(day=1)
    return Month(first, weeks, previous, following)
