"""The plan period from the words that name it ("06 tháng cuối năm 2025", "giai đoạn 2026-2030").

Phrases are matched on folded text (no diacritics, lower case). Several may appear in one title
("giai đoạn 2021-2025, định hướng đến năm 2030"): the most specific kind wins, and within a
kind the last one, since a title ends with the period it is about. Body sentences that quote
other documents ("Thực hiện Nghị quyết … giai đoạn 2021-2030") are not about this plan and
are skipped; when nothing names the period, the years of the deadlines are used.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from datetime import date

from workflows.plan import Period
from workflows.readers.document import Paragraph
from workflows.text import fold

# "06 tháng cuối năm 2025", "6 tháng đầu năm 2026", "sáu tháng đầu năm 2026".
_HALF = re.compile(r"\b(?:0?6|sau) thang (?P<half>dau|cuoi) nam (?P<year>20\d\d)\b")
# "những tháng cuối năm 2025", "các tháng còn lại của năm 2025": from signing to the year's end.
# "nhiệm vụ trọng tâm cuối năm 2025" too, but not "đến cuối năm 2025" (an end only).
_LATE_MONTHS = re.compile(
    r"(?:\b(?:nhung|cac) thang (?:cuoi|con lai)(?: cua)?|(?<!den )\bcuoi) nam (?P<year>20\d\d)\b"
)
# "năm 2026 và các năm tiếp theo": open-ended, taken to the end of its five-year cycle.
_OPEN_YEARS = re.compile(r"\bnam (?P<year>20\d\d) va (?:cac|nhung) nam (?:tiep theo|sau)\b")
# "quý III năm 2025", "quý 3/2025".
_QUARTER = re.compile(r"\bquy (?P<quarter>iv|i{1,3}|[1-4])\s*(?:nam\s+|/\s*)(?P<year>20\d\d)\b")
# "giai đoạn 2026-2030", "2026 - 2030", "từ năm 2021 đến năm 2025".
_RANGE = re.compile(r"\b(?P<first>20\d\d)\s*(?:[-–—]|den(?:\s+nam)?)\s*(?P<last>20\d\d)\b")
# "đến năm 2030", "đến hết năm 2026": the end only; the plan starts when it is signed.
_UNTIL = re.compile(r"\bden (?:het )?nam (?P<year>20\d\d)\b")
# "năm 2025", "NĂM 2015", but not the year of a date ("ngày 22 tháng 12 năm 2024") nor the
# end of "đến (hết) năm 2030" (fixed-width look-behinds, hence one per form).
_YEAR = re.compile(r"(?<!thang \d )(?<!thang \d\d )(?<!den )(?<!het )\bnam (?P<year>20\d\d)\b")
# "…, tầm nhìn đến năm 2050": the horizon of a vision, after the plan's own period.
_VISION = re.compile(r"\btam nhin\b")
_QUARTER_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# Body: sentences that introduce this plan ("Sở Công Thương xây dựng Kế hoạch … 06 tháng cuối
# năm 2025"), and an objectives heading with its horizon ("II. MỤC TIÊU ĐẾN NĂM 2030").
_PLAN_WORD = re.compile(r"\b(?:ke hoach|chuong trinh|de an)\b")
_QUOTING_OPENERS = ("thuc hien", "can cu", "trien khai", "theo ", "xet ", "tiep tuc", "cu the")
_CLAUSE_BREAK = re.compile(r"[;.](?:\s+|$)")
_ROMAN_HEADING = re.compile(r"^[IVX]+[.)]\s")
_OBJECTIVE_HORIZON = re.compile(
    r"\bmuc tieu(?: chung| cu the)? den (?:het )?nam (?P<year>20\d\d)\b"
)
_NUMBERED = re.compile(r"^(?:[IVX]+|\d+(?:\.\d+)*)[.)]?\s")
# "từ tháng 10 năm 2025 đến hết tháng 3 năm 2026", "từ tháng 10/2025 đến tháng 3/2026".
_MONTH = r"thang (?P<month{n}>1[0-2]|0?[1-9])(?: nam |/)(?P<year{n}>20\d\d)"
_MONTH_SPAN = re.compile(rf"\btu {_MONTH.format(n=1)} den (?:het |cuoi )?{_MONTH.format(n=2)}\b")
# A term of office, the elected bodies' and not the plan's: "nhiệm kỳ 2026 - 2031".
_TERM = re.compile(r"\bnhiem ky\s+20\d\d\s*[-–—]\s*20\d\d\b")

# Years in a time column: "31/12/2025", "6/2025", "Quý II/2025", "2026 - 2030", but not the
# year inside a document number ("200/2025/NĐ-CP"), which a slash follows.
_DEADLINE_YEAR = re.compile(r"(?<!\d)(?P<year>20\d\d)(?![\d/])")
# Programmes run in five-year cycles (2021-2025, 2026-2030); a span of deadlines over several
# years is taken to the end of its cycle.
_CYCLE_YEARS = 5


def period_in_text(text: str, *, start_year: int | None = None) -> Period | None:
    """The period a title or sentence names; "đến năm Y" needs ``start_year``. A vision
    («…, tầm nhìn đến năm 2050») is not the period when the words before it name one, nor is a
    term of office («nhiệm kỳ 2026 - 2031»: the term of the bodies a campaign elects)."""
    folded = _TERM.sub(" ", fold(text))
    vision = _VISION.search(folded)
    if vision is not None:
        period = _period_in_folded(folded[: vision.start()], start_year)
        if period is not None:
            return period
    return _period_in_folded(folded, start_year)


def _period_in_folded(folded: str, start_year: int | None) -> Period | None:
    for reader in (_half, _late_months, _quarter, _range, _open_years, _year, _until):
        period = reader(folded, start_year)
        if period is not None:
            return period
    return None


def _last(pattern: re.Pattern[str], folded: str) -> re.Match[str] | None:
    matches = list(pattern.finditer(folded))
    return matches[-1] if matches else None


def _half(folded: str, _: int | None) -> Period | None:
    match = _last(_HALF, folded)
    if match is None:
        return None
    year = int(match["year"])
    if match["half"] == "dau":
        return Period(date(year, 1, 1), date(year, 6, 30))
    return Period(date(year, 7, 1), date(year, 12, 31))


def _late_months(folded: str, _: int | None) -> Period | None:
    """The second half until the signing date is known (``from_signing`` moves the start)."""
    match = _last(_LATE_MONTHS, folded)
    if match is None:
        return None
    year = int(match["year"])
    # "… cuối năm 2024 và năm 2025": the plan runs on to the later year.
    later = [int(m["year"]) for m in _YEAR.finditer(folded, match.end())]
    return Period(date(year, 7, 1), date(max([year, *later]), 12, 31))


def _open_years(folded: str, _: int | None) -> Period | None:
    match = _last(_OPEN_YEARS, folded)
    return cycle_period(int(match["year"]), int(match["year"]) + 1) if match else None


def guessed_in_title(text: str) -> str | None:
    """What a title's period leaves to judgement: "late_months" (its first day) or
    "open_ended" (its last year); None when the title names both ends."""
    folded = fold(text)
    if _HALF.search(folded) is None and _LATE_MONTHS.search(folded):
        return "late_months"
    if _OPEN_YEARS.search(folded):
        return "open_ended"
    return None


def _quarter(folded: str, _: int | None) -> Period | None:
    match = _last(_QUARTER, folded)
    if match is None:
        return None
    year, quarter = int(match["year"]), _QUARTER_NUMBERS[match["quarter"]]
    last_month = quarter * 3
    last_day = calendar.monthrange(year, last_month)[1]
    return Period(date(year, last_month - 2, 1), date(year, last_month, last_day))


def _range(folded: str, _: int | None) -> Period | None:
    match = _last(_RANGE, folded)
    if match is None or int(match["first"]) > int(match["last"]):
        return None
    return years_period(int(match["first"]), int(match["last"]))


def _year(folded: str, _: int | None) -> Period | None:
    match = _last(_YEAR, folded)
    return years_period(int(match["year"]), int(match["year"])) if match else None


def _until(folded: str, start_year: int | None) -> Period | None:
    match = _last(_UNTIL, folded)
    if match is None or start_year is None or start_year > int(match["year"]):
        return None
    return years_period(start_year, int(match["year"]))


def years_period(first: int, last: int) -> Period:
    return Period(date(first, 1, 1), date(last, 12, 31))


def period_in_body(paragraphs: Sequence[Paragraph], *, start_year: int | None) -> Period | None:
    """The period the opening sentences give this plan, else the months a numbered item sets
    for the whole work («3. Thời gian tổ chức phong trào thi đua: … từ tháng 10 năm 2025 đến
    hết tháng 3 năm 2026»), else its objectives' horizon."""
    for text in _opening(paragraphs):
        for clause in _CLAUSE_BREAK.split(text):
            period = _introduced_period(clause, start_year)
            if period is not None:
                return period
    return _time_item(paragraphs) or _objective_horizon(paragraphs, start_year)


def _opening(paragraphs: Sequence[Paragraph]) -> Iterable[str]:
    """Body sentences before the first part heading ("I. MỤC ĐÍCH"), and decision articles."""
    in_opening = True
    for paragraph in paragraphs:
        text = paragraph.text
        if _ROMAN_HEADING.match(text):
            in_opening = False
        if (in_opening and not text.isupper()) or fold(text).startswith("dieu 1"):
            yield text


def _introduced_period(clause: str, start_year: int | None) -> Period | None:
    """The period of "<issuer> ban hành Kế hoạch … <period>", not of a quoted document."""
    folded = fold(clause)
    plan_word = _PLAN_WORD.search(folded)
    if plan_word is None or folded.startswith(_QUOTING_OPENERS):
        return None
    return period_in_text(folded[plan_word.start() :], start_year=start_year)


def _time_item(paragraphs: Sequence[Paragraph]) -> Period | None:
    """The months a numbered «Thời gian …» item gives the whole work, from one to another."""
    for paragraph in paragraphs:
        heading = _NUMBERED.match(paragraph.text)
        folded = fold(paragraph.text)
        if heading is None or not folded[heading.end() :].startswith("thoi gian"):
            continue
        match = _MONTH_SPAN.search(folded)
        if match is None:
            continue
        first_year, last_year = int(match["year1"]), int(match["year2"])
        first, last = int(match["month1"]), int(match["month2"])
        if (first_year, first) <= (last_year, last):
            last_day = calendar.monthrange(last_year, last)[1]
            return Period(date(first_year, first, 1), date(last_year, last, last_day))
    return None


def _objective_horizon(paragraphs: Sequence[Paragraph], start_year: int | None) -> Period | None:
    years = [
        int(match["year"])
        for paragraph in paragraphs
        if _NUMBERED.match(paragraph.text) or paragraph.bold
        for match in [_OBJECTIVE_HORIZON.search(fold(paragraph.text))]
        if match
    ]
    if not years or start_year is None or start_year > max(years):
        return None
    return years_period(start_year, max(years))


def deadline_years(time_texts: Iterable[str]) -> tuple[int, int] | None:
    """The first and last year the time column names, or None when it names none."""
    years = [int(match["year"]) for text in time_texts for match in _DEADLINE_YEAR.finditer(text)]
    return (min(years), max(years)) if years else None


def cycle_period(first: int, last: int) -> Period:
    """The whole years from ``first`` to ``last``, to the end of the five-year cycle when the
    deadlines run over several years (2025…2028 → 2025-2030)."""
    if last > first:
        last += -last % _CYCLE_YEARS
    return years_period(first, last)
