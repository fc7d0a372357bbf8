"""Long Telegram messages are cut where Telegram counts, between items, and every part is
well-formed HTML that Telegram's parser (emulated in ``tests/telegram_text``) accepts."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from notifiers.message import DigestSection, ReminderKind
from notifiers.render import render
from notifiers.telegram.split import (
    MESSAGE_LIMIT,
    decode_entity,
    plain_text,
    split_html,
    utf16_length,
    visible_length,
)
from tests.telegram_text import TextRefused, clean, format_text, visible_text
from tests.unit.notifiers import messages


def accepted(part: str) -> str:
    """What Telegram shows for ``part``; fails the test if Telegram would refuse it."""
    try:
        return format_text(part, "HTML", None).text
    except TextRefused as exc:  # pragma: no cover - the failure message is the point
        pytest.fail(f"Telegram would refuse a part: {exc.description}\n{part[:300]}")


def squeezed(text: str) -> str:
    """The text as Telegram would show it, without any whitespace (cuts drop some)."""
    return "".join(clean(text).split())


def long_digest(count: int) -> str:
    """A digest whose overdue section lists ``count`` tasks (about 300 characters each)."""
    items = tuple(
        messages.item(
            ReminderKind.OVERDUE,
            f"II.{number}",
            f"Rà soát, đơn giản hóa thủ tục hành chính nhóm {number} & <b>công khai</b>",
            date(2025, 8, 15),
            days=number,
        )
        for number in range(1, count + 1)
    )
    return render(messages.message({DigestSection.OVERDUE: items})).telegram_html


def test_a_message_that_fits_is_sent_as_it_is() -> None:
    html = render(messages.digest()).telegram_html
    assert split_html(html) == [html]


def test_a_long_digest_is_cut_between_items_and_each_item_stays_whole() -> None:
    html = long_digest(60)
    assert visible_length(html) > 3 * MESSAGE_LIMIT
    parts = split_html(html)
    assert len(parts) >= 4
    shown = [accepted(part) for part in parts]
    assert all(utf16_length(text) <= MESSAGE_LIMIT for text in shown)
    items = [block for block in plain_text(html).split("\n\n") if block.startswith("• ")]
    assert len(items) == 60
    for item in items:  # each item, all its lines, in exactly one part
        assert sum(item in text for text in shown) == 1, item
    assert squeezed("".join(shown)) == squeezed(plain_text(html))


def test_parts_follow_each_other_in_order() -> None:
    parts = split_html(long_digest(40))
    numbers = [int(n) for part in parts for n in re.findall(r"• II\.(\d+) ", plain_text(part))]
    assert numbers == list(range(1, 41))


def test_a_line_longer_than_a_message_is_cut_at_spaces_with_its_tag_reopened() -> None:
    words = " ".join(f"từ{n}" for n in range(2500))
    html = f"<b>Tiêu đề</b>\n<i>{words}</i>\nKết thúc"
    parts = split_html(html, limit=1000)
    assert len(parts) > 10
    for part in parts:
        assert utf16_length(accepted(part)) <= 1000
    assert parts[1].startswith("<i>")
    assert parts[1].endswith("</i>")
    assert squeezed("".join(plain_text(p) for p in parts)) == squeezed(plain_text(html))
    # cut at spaces: every word arrives whole
    assert all(
        re.fullmatch(r"(từ\d+|Tiêu|đề|Kết|thúc)", w) for p in parts for w in accepted(p).split()
    )


def test_entities_are_never_cut_and_count_as_one_character() -> None:
    html = "&amp;" * 5000  # 25,000 characters written, 5,000 shown
    parts = split_html(html)
    assert [accepted(part) for part in parts] == ["&" * 4096, "&" * 904]


def test_length_is_counted_in_utf16_code_units() -> None:
    html = "🎉" * 3000  # each emoji is two UTF-16 code units
    parts = split_html(html)
    assert [utf16_length(accepted(part)) for part in parts] == [4096, 1904]


def test_a_message_with_nothing_to_show_gives_no_part() -> None:
    assert split_html(" \n\n ") == []
    assert split_html("<b></b>") == []


def test_entities_are_decoded_as_telegram_reads_them() -> None:
    assert plain_text("&lt;b&gt; &amp;amp; &#60;&#x3e; &lt &nbsp; &#0; &#X41;") == (
        "<b> &amp; <> < &nbsp; &#0; &#X41;"
    )
    assert decode_entity("&#1234567890;") is None


tag_name = st.sampled_from(["b", "i"])
plan_words = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60).map(
    lambda text: str(escape(text))
)
long_words = st.builds(lambda words, n: " ".join([words] * n), plan_words, st.integers(1, 80))
line = st.one_of(
    plan_words,
    long_words,
    st.builds(lambda tag, words: f"<{tag}>{words}</{tag}>", tag_name, long_words),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(line, min_size=1, max_size=120), st.integers(min_value=40, max_value=600))
def test_every_part_is_accepted_and_nothing_is_lost(lines: list[str], limit: int) -> None:
    html = "\n".join(lines)
    parts = split_html(html, limit=limit)
    for part in parts:
        assert utf16_length(visible_text(part)) <= limit
        accepted(part)
    assert squeezed("".join(visible_text(part) for part in parts)) == squeezed(visible_text(html))
