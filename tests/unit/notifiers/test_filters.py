"""Dates the Vietnamese way, weekday names, and shortening long task titles."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifiers.render import TITLE_LIMIT, environment, format_date, shorten, weekday_name

MONDAY = date(2025, 7, 28)
VI_WEEK = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]
EN_WEEK = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def test_dates_are_day_month_year_with_zeros() -> None:
    assert format_date(date(2025, 7, 31)) == "31/07/2025"
    assert format_date(date(2026, 1, 5)) == "05/01/2026"


@pytest.mark.parametrize(("language", "names"), [("vi", VI_WEEK), ("en", EN_WEEK)])
def test_weekday_names(language: str, names: list[str]) -> None:
    week = [weekday_name(MONDAY + timedelta(days=n), language) for n in range(7)]
    assert week == names


def test_filters_in_templates_follow_the_language() -> None:
    template = environment().from_string("{{ d|vn_weekday }}, {{ d|vn_date }}")
    assert template.render(d=date(2025, 8, 29), language="vi") == "thứ Sáu, 29/08/2025"
    assert template.render(d=date(2025, 8, 29), language="en") == "Friday, 29/08/2025"
    explicit = environment().from_string("{{ d|vn_weekday('en') }}")
    assert explicit.render(d=date(2025, 8, 31), language="vi") == "Sunday"


def test_short_titles_are_left_alone() -> None:
    title = "Rà soát, đơn giản hóa thủ tục hành chính"
    assert shorten(title) == title
    exact = "x" * TITLE_LIMIT
    assert shorten(exact) == exact


def test_a_long_title_is_cut_at_a_word_with_an_ellipsis() -> None:
    words = "Tổ chức triển khai thực hiện có hiệu quả các nhiệm vụ cải cách hành chính, "
    title = words * 5
    short = shorten(title, 100)
    assert len(short) <= 100
    assert short.endswith("…")
    assert title.startswith(short[:-1])
    assert short[-2] not in " ,"  # no dangling space or comma before the ellipsis
    assert title[len(short) - 1] in " ,"  # the cut falls between words


def test_a_title_without_spaces_is_cut_hard() -> None:
    assert shorten("a" * 50, 10) == "a" * 9 + "…"


@given(st.text(), st.integers(min_value=2, max_value=300))
def test_shortening_keeps_a_prefix_within_the_limit(text: str, limit: int) -> None:
    short = shorten(text, limit)
    assert len(short) <= limit
    if len(text) <= limit:
        assert short == text
    else:
        assert short.endswith("…")
        assert text.startswith(short[:-1])
