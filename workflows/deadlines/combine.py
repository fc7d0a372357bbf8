"""Join neighbouring anchors whose meaning depends on each other.

"Quý IV/2025 - Quý II/2026" is one range; "từ 01/7/2025" is a start; "năm 2026 … quý II"
is the second quarter of 2026; "Năm 2025 và những năm tiếp theo" repeats every year;
"trước ngày 15/12 hằng năm" is a yearly duty with a day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from workflows.deadlines import patterns as p
from workflows.deadlines.anchors import Anchor
from workflows.deadlines.meanings import DueBy, Meaning, OpenEnded, Repeats, StartsFrom, Within
from workflows.deadlines.periods import Mark, Unit, span
from workflows.schedule import Recurrence

Pair = Callable[[str, Anchor, Anchor], Anchor | None]


def combine(view: str, anchors: list[Anchor]) -> list[Anchor]:
    """Rewrite ``anchors`` of one part; ``view`` is its matching form with asides blanked."""
    for join in (_range, _year_then_span, _open_ended, _yearly_on_day):
        anchors = _join_pairs(view, anchors, join)
    return [_leading_word(view, anchors, index) for index in range(len(anchors))]


def _join_pairs(view: str, anchors: list[Anchor], join: Pair) -> list[Anchor]:
    out: list[Anchor] = []
    for anchor in anchors:
        joined = join(view, out[-1], anchor) if out else None
        if joined is None:
            out.append(anchor)
        else:
            out[-1] = joined
    return out


def _span_of(anchor: Anchor) -> tuple[Mark, Mark] | None:
    """The one span an anchor names, if it names exactly one (a range counts as one)."""
    if len(anchor.meanings) != 1:
        return None
    meaning = anchor.meanings[0]
    if isinstance(meaning, Within):
        return meaning.first, meaning.last
    if isinstance(meaning, DueBy) and not meaning.strict:
        return meaning.mark, meaning.mark
    return None


def _range(view: str, left: Anchor, right: Anchor) -> Anchor | None:
    first, second = _span_of(left), _span_of(right)
    if first is None or second is None:
        return None
    glue = view[left.end : right.start]
    words = right.meanings[0].words if isinstance(right.meanings[0], DueBy) else ""
    if not (p.RANGE_GLUE.match(glue) or (not glue.strip() and words.startswith(("đến", "tới")))):
        return None
    start, end = _share_range_year(first[0], second[1])
    if span(start, start.year or 2000)[0] > span(end, end.year or 2000)[1]:
        return None
    return Anchor(left.start, right.end, (Within(start, end),))


def _share_range_year(start: Mark, end: Mark) -> tuple[Mark, Mark]:
    """A year written on one end of a range applies to the other ("tháng 11 - tháng 2/2026")."""
    if start.year is None and end.year is not None:
        start = start.with_year(end.year)
        if span(start, end.year)[0] > span(end, end.year)[0]:
            start = start.with_year(end.year - 1)
    elif end.year is None and start.year is not None:
        end = end.with_year(start.year)
        if span(end, start.year)[1] < span(start, start.year)[1]:
            end = end.with_year(start.year + 1)
    return start, end


def _year_then_span(view: str, left: Anchor, right: Anchor) -> Anchor | None:
    """A year then a yearless span: "riêng năm 2026 hoàn thành trong quý II" → quý II/2026."""
    year_span = _span_of(left)
    glue = view[left.end : right.start]
    if year_span is None or year_span[0] != year_span[1] or year_span[0].unit is not Unit.YEAR:
        return None
    if p.HAS_PUNCTUATION.search(glue) or not p.is_filler(glue):
        return None
    year = year_span[0].year
    if year is None or not all(_yearless_span(meaning) for meaning in right.meanings):
        return None
    meanings = tuple(_with_year(meaning, year) for meaning in right.meanings)
    return Anchor(left.start, right.end, meanings)


def _yearless_span(meaning: Meaning) -> bool:
    if isinstance(meaning, Within):
        return meaning.first.year is None and meaning.first.unit is not Unit.YEAR
    return isinstance(meaning, DueBy) and meaning.mark.year is None


def _with_year(meaning: Meaning, year: int) -> Meaning:
    if isinstance(meaning, Within):
        return Within(meaning.first.with_year(year), meaning.last.with_year(year))
    assert isinstance(meaning, DueBy)
    return replace(meaning, mark=meaning.mark.with_year(year))


def _open_ended(view: str, left: Anchor, right: Anchor) -> Anchor | None:
    """Open-ended: "Năm 2025 và những năm tiếp theo" → yearly from the first year named."""
    if right.meanings != (OpenEnded(),) or not p.is_filler(view[left.end : right.start]):
        return None
    first = _span_of(left)
    if first is None:
        return None
    year = Mark(Unit.YEAR, first[0].year)
    return Anchor(left.start, right.end, (StartsFrom(year, open_ended_yearly=True),))


def _yearly_on_day(view: str, left: Anchor, right: Anchor) -> Anchor | None:
    """A yearly duty with a day: "trước ngày 15/12 hằng năm", "hằng năm, trước ngày 15/12"."""
    if not p.is_filler(view[left.end : right.start]):
        return None
    pair = (left.meanings, right.meanings)
    for due, repeats in (pair, pair[::-1]):
        if (
            len(due) == len(repeats) == 1
            and isinstance(due[0], DueBy)
            and due[0].mark.unit is Unit.DAY
            and due[0].mark.year is None
            and repeats[0] == Repeats(Recurrence.YEARLY)
        ):
            mark = due[0].mark
            yearly = Repeats(
                Recurrence.YEARLY,
                day=mark.day,
                month=mark.number,
                strict=due[0].strict,
                words=due[0].words,
            )
            return Anchor(left.start, right.end, (yearly,))
    return None


def _leading_word(view: str, anchors: list[Anchor], index: int) -> Anchor:
    """Apply "từ", "trước", "đến" written just before a span (see ``patterns.LEADING_WORD``)."""
    anchor = anchors[index]
    named = _span_of(anchor)
    previous_end = anchors[index - 1].end if index else 0
    leading = p.LEADING_WORD.search(view[previous_end : anchor.start])
    if named is None or leading is None:
        return anchor
    first, last = named
    word = " ".join(leading["word"].split())
    meaning: Meaning
    if word == "từ":
        if first != last:
            return anchor  # "từ quý III đến quý IV" is a range, already joined
        meaning = StartsFrom(first)
        return Anchor(previous_end + leading.start(), anchor.end, (meaning,))
    elif isinstance(anchor.meanings[0], DueBy):
        return anchor  # the date pattern read its own preposition
    elif word == "trước":
        meaning = DueBy(first, strict=True, words=word)
    else:
        meaning = DueBy(last, strict=False, words=word)
    return Anchor(previous_end + leading.start(), anchor.end, (meaning,))
