"""Find the time expressions ("anchors") of one part and say what each means.

Patterns are tried in priority order; a later pattern never takes text an earlier one
claimed, so "ngày 31 tháng 7 năm 2025" is one date and not a month plus a year.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from workflows.deadlines import patterns as p
from workflows.deadlines.meanings import (
    AfterEvent,
    DueBy,
    Meaning,
    NoDate,
    OnDemand,
    OpenEnded,
    Reference,
    Repeats,
    Unsupported,
    Within,
)
from workflows.deadlines.periods import QUARTER_NUMBERS, Mark, Unit, is_valid
from workflows.deadlines.words import Part
from workflows.schedule import EventTrigger, Recurrence


@dataclass(frozen=True)
class Anchor:
    """A claimed stretch ``start``..``end`` of a part and what it means (a list means several)."""

    start: int
    end: int
    meanings: tuple[Meaning, ...]


Builder = Callable[[re.Match[str], Part], tuple[Meaning, ...]]


def _words(prep: str | None, ngay: bool) -> str:
    """The preposition as written, spaces normalised: "trước ngày", "chậm nhất", ""."""
    words = " ".join((prep or "").split())
    return f"{words} ngày".strip() if ngay else words


def _date(match: re.Match[str], part: Part) -> tuple[Meaning, ...]:
    groups = match.groupdict()
    year = groups["year"]
    mark = Mark(Unit.DAY, int(year) if year else None, int(groups["month"]), int(groups["day"]))
    if not is_valid(mark):
        return ()
    prep = groups.get("prep") or ""
    return (DueBy(mark, prep.startswith("trước"), _words(prep, bool(groups.get("ngay")))),)


_SPREADSHEET_EPOCH = date(1899, 12, 30)


def _spreadsheet_day(match: re.Match[str], part: Part) -> tuple[Meaning, ...]:
    day = _SPREADSHEET_EPOCH + timedelta(days=int(match["serial"]))
    return (DueBy(Mark(Unit.DAY, day.year, day.month, day.day), False, "", serial=True),)


def _monthly_on_day(match: re.Match[str], part: Part) -> tuple[Meaning, ...]:
    day = int(match["day"] or match["day2"])
    prep = match["prep"] or match["prep2"] or ""
    words = _words(prep, True)
    return (Repeats(Recurrence.MONTHLY, day=day, strict=prep.startswith("trước"), words=words),)


def _year_of(match: re.Match[str]) -> int | None:
    return int(match["year"]) if match["year"] else None


def _half(match: re.Match[str], part: Part) -> tuple[Meaning, ...]:
    mark = Mark(Unit.HALF, _year_of(match), 1 if match["which"] == "đầu" else 2)
    return (Within(mark, mark),)


_ITEM = re.compile(r"(?P<sep>,|và|-|đến|tới)|(?P<number>iv|iii|ii|i|\d+)")


def list_groups(items: str) -> list[tuple[str, str]]:
    """Quarter or month items: "iii, iv" → [(iii, iii), (iv, iv)]; "iii-iv" → [(iii, iv)]."""
    groups: list[tuple[str, str]] = []
    joining = False
    for token in _ITEM.finditer(items):
        if token["sep"]:
            joining = token["sep"] in ("-", "đến", "tới")
        elif joining and groups:
            groups[-1] = (groups[-1][0], token["number"])
            joining = False
        else:
            groups.append((token["number"], token["number"]))
    return groups


def _windows(unit: Unit, numbers: Callable[[str], int]) -> Builder:
    def build(match: re.Match[str], part: Part) -> tuple[Meaning, ...]:
        year = _year_of(match)
        windows: list[Meaning] = []
        for first, last in list_groups(match["items"]):
            start, end = Mark(unit, year, numbers(first)), Mark(unit, year, numbers(last))
            if end.number < start.number:
                return ()
            windows.append(Within(start, end))
        return tuple(windows)

    return build


def _month_year(match: re.Match[str], part: Part) -> tuple[Meaning, ...]:
    mark = Mark(Unit.MONTH, int(match["year"]), int(match["month"]))
    return (Within(mark, mark),)


def _year_range(match: re.Match[str], part: Part) -> tuple[Meaning, ...]:
    first, last = int(match["first"]), int(match["last"])
    if last < first:
        return ()
    return (Within(Mark(Unit.YEAR, first), Mark(Unit.YEAR, last)),)


def _year(match: re.Match[str], part: Part) -> tuple[Meaning, ...]:
    mark = Mark(Unit.YEAR, _year_of(match))
    return (Within(mark, mark),)


def _plan_year(match: re.Match[str], part: Part) -> tuple[Meaning, ...]:
    mark = Mark(Unit.YEAR, None)
    return (Within(mark, mark),)


def _event_text(match: re.Match[str], part: Part) -> str:
    return part.text[match.start("event") : match.end("event")].strip(" .,:-")


def _event_with_offset(match: re.Match[str], part: Part) -> tuple[Meaning, ...]:
    unit = match["unit"]
    working = "làm" in unit if unit else False
    trigger = EventTrigger(_event_text(match, part), int(match["days"]), working)
    return (AfterEvent(trigger, unit_written=bool(unit)),)


def _event(match: re.Match[str], part: Part) -> tuple[Meaning, ...]:
    return (AfterEvent(EventTrigger(_event_text(match, part), None, None)),)


def _always(*meanings: Meaning) -> Builder:
    return lambda match, part: meanings


# Priority order: the first pattern to claim a stretch of text wins it.
MATCHERS: tuple[tuple[re.Pattern[str], Builder], ...] = (
    (p.REFERENCE, _always(Reference())),
    (p.ON_DEMAND, _always(OnDemand())),
    (p.NO_DATE, _always(NoDate())),
    (p.EVENT_WITH_OFFSET, _event_with_offset),
    (p.EVENT, _event),
    (p.MONTHLY_ON_DAY, _monthly_on_day),
    (p.SPREADSHEET_DAY, _spreadsheet_day),
    (p.ISO_DATE, _date),
    (p.VERBAL_DATE, _date),
    (p.NUMERIC_DATE, _date),
    (p.HALF, _half),
    (p.QUARTERS, _windows(Unit.QUARTER, QUARTER_NUMBERS.__getitem__)),
    (p.MONTHS, _windows(Unit.MONTH, int)),
    (p.MONTH_YEAR, _month_year),
    (p.YEAR_RANGE, _year_range),
    (p.YEAR_ONLY, _year),
    (p.THIS_YEAR, _plan_year),
    (p.OPEN_ENDED, _always(OpenEnded())),
    (p.MONTHLY, _always(Repeats(Recurrence.MONTHLY))),
    (p.QUARTERLY, _always(Repeats(Recurrence.QUARTERLY))),
    (p.YEARLY, _always(Repeats(Recurrence.YEARLY))),
    (p.WEEKLY, _always(Unsupported())),
    (p.CONTINUOUS, _always(Repeats(None))),
    (p.PERIODIC, _always(Repeats(Recurrence.QUARTERLY, assumed=True))),
)


def scan(part: Part) -> list[Anchor]:
    """Every anchor of ``part``, in text order."""
    found: list[Anchor] = []
    for pattern, build in MATCHERS:
        for match in pattern.finditer(part.folded):
            start, end = match.span()
            if any(start < other.end and other.start < end for other in found):
                continue
            meanings = build(match, part)
            if meanings:
                found.append(Anchor(start, end, meanings))
    return sorted(found, key=lambda anchor: anchor.start)
