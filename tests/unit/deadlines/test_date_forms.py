"""Property tests: every supported way of writing a date, a quarter or a month reads back."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from workflows.deadlines.reader import read_deadline
from workflows.plan import IssuerLevel, Period, PlanContext
from workflows.schedule import ScheduleKind
from workflows.text import clean

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
STRICT = ("trước ngày", "trước", "Trước ngày")
ON_OR_BEFORE = (
    "",
    "đến ngày",
    "chậm nhất ngày",
    "chậm nhất là ngày",
    "hạn chót",
    "trong ngày",
    "ngày",
)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


def year_of(day: date) -> PlanContext:
    return PlanContext(Period(date(day.year, 1, 1), date(day.year, 12, 31)), IssuerLevel.TINH)


@st.composite
def spaced(draw: st.DrawFn, text: str) -> str:
    """``text`` with random letter case, doubled spaces, and an optional full stop."""
    cased = "".join(ch.upper() if draw(st.booleans()) else ch.lower() for ch in text)
    spaces = draw(st.sampled_from([" ", "  ", " \u00a0"]))
    padded = cased.replace(" ", spaces)
    return draw(st.sampled_from(["", " "])) + padded + draw(st.sampled_from(["", ".", " ."]))


@st.composite
def numeric(draw: st.DrawFn, day: date, with_year: bool) -> str:
    separator = draw(st.sampled_from(["/", "-", "."]))
    around = draw(st.sampled_from(["", " "])) if separator == "/" else ""
    glue = f"{around}{separator}{around}"
    dd = f"{day.day:02d}" if draw(st.booleans()) else str(day.day)
    mm = f"{day.month:02d}" if draw(st.booleans()) else str(day.month)
    return f"{dd}{glue}{mm}" + (f"{glue}{day.year}" if with_year else "")


def verbal(day: date, with_year: bool) -> str:
    return f"ngày {day.day} tháng {day.month}" + (f" năm {day.year}" if with_year else "")


@given(data=st.data(), day=days, strict=st.booleans(), with_year=st.booleans())
def test_every_date_form_reads_back(
    data: st.DataObject, day: date, strict: bool, with_year: bool
) -> None:
    preposition = data.draw(st.sampled_from(STRICT if strict else ON_OR_BEFORE))
    if data.draw(st.booleans()):
        written = data.draw(numeric(day, with_year))
    else:  # the verbal form brings its own "ngày"
        preposition = preposition.removesuffix("ngày").strip()
        written = verbal(day, with_year)
    text = data.draw(spaced(f"{preposition} {written}".strip()))
    schedule = read_deadline(text, year_of(day))
    assert schedule.kind is ScheduleKind.DEADLINE, (text, schedule)
    (occurrence,) = schedule.occurrences
    assert occurrence.start is None
    assert occurrence.due == (day - timedelta(days=1) if strict else day), text
    if occurrence.due >= date(day.year, 1, 1):
        assert not schedule.needs_review, (text, schedule.reasons)


@given(data=st.data(), year=st.integers(2000, 2099), quarter=st.integers(1, 4))
def test_every_quarter_form_reads_back(data: st.DataObject, year: int, quarter: int) -> None:
    word = data.draw(st.sampled_from(["Quý", "Quí", "quý"]))
    number = data.draw(st.sampled_from([ROMAN[quarter], str(quarter)]))
    joint = data.draw(st.sampled_from(["/", "-", " năm ", " / ", "- "]))
    text = data.draw(spaced(f"{word} {number}{joint}{year}"))
    first_month = 3 * quarter - 2
    last_month = first_month + 2
    last_day = calendar.monthrange(year, last_month)[1]
    schedule = read_deadline(text, year_of(date(year, 1, 1)))
    assert schedule.kind is ScheduleKind.WINDOW, (text, schedule)
    assert [(o.start, o.due) for o in schedule.occurrences] == [
        (date(year, first_month, 1), date(year, last_month, last_day))
    ], text
    assert not schedule.needs_review


@given(data=st.data(), year=st.integers(2000, 2099), month=st.integers(1, 12))
def test_every_month_form_reads_back(data: st.DataObject, year: int, month: int) -> None:
    number = data.draw(st.sampled_from([str(month), f"{month:02d}"]))
    form = data.draw(
        st.sampled_from(["Tháng {m}/{y}", "{m}/{y}", "tháng {m} năm {y}", "Tháng {m}-{y}"])
    )
    text = data.draw(spaced(form.format(m=number, y=year)))
    schedule = read_deadline(text, year_of(date(year, 1, 1)))
    last_day = calendar.monthrange(year, month)[1]
    assert schedule.kind is ScheduleKind.WINDOW, (text, schedule)
    assert [(o.start, o.due) for o in schedule.occurrences] == [
        (date(year, month, 1), date(year, month, last_day))
    ], text
    assert not schedule.needs_review


VOCABULARY = st.sampled_from(
    [
        "Quý",
        "quí",
        "III",
        "IV",
        "tháng",
        "năm",
        "ngày",
        "trước",
        "đến",
        "từ",
        "hằng",
        "hàng",
        "thường xuyên",
        "định kỳ",
        "đột xuất",
        "sau khi",
        "có",
        "theo",
        "kế hoạch",
        "số",
        "/",
        "-",
        ".",
        ",",
        ";",
        ":",
        "(",
        ")",
        "và",
        "hoặc",
        "đối với",
        "UBND",
        "cấp xã",
        "tiếp theo",
        "những",
        "0",
        "1",
        "07",
        "12",
        "29",
        "31",
        "2025",
        "2026",
        "1999",
        " ",
    ]
)


def _check_invariants(text: str, period: Period) -> None:
    schedule = read_deadline(text, PlanContext(period, IssuerLevel.SO))
    assert schedule.text == clean(text)
    if schedule.kind is ScheduleKind.UNSCHEDULED:
        assert schedule.needs_review
        assert not schedule.occurrences
    if schedule.kind is ScheduleKind.DEADLINE:
        assert schedule.occurrences
        assert all(o.start is None for o in schedule.occurrences)
    for occurrence in schedule.occurrences:
        assert occurrence.start is None or occurrence.start <= occurrence.due
        assert occurrence.in_period == (occurrence.due in period)
        if occurrence.due < period.start:
            assert schedule.needs_review


H2_2025 = Period(date(2025, 7, 1), date(2025, 12, 31))


@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    _check_invariants(text, H2_2025)


@given(st.lists(VOCABULARY, max_size=12).map(" ".join))
def test_scrambled_deadline_words_never_raise(text: str) -> None:
    _check_invariants(text, H2_2025)


@given(st.lists(VOCABULARY, max_size=12).map("".join))
def test_glued_deadline_words_never_raise(text: str) -> None:
    _check_invariants(text, Period(date(2025, 1, 1), date(2030, 12, 31)))
