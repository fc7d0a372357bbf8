"""Paragraphs rebuilt from printed lines.

A PDF keeps lines, not paragraphs. A line continues the paragraph above when the previous
line was full, that is, the first word of this line would not have fitted at its end (so the
break was wrapping, not the end of a paragraph), and nothing else says "new paragraph": a
different weight or size, a first-line indent, a table in between. Centred lines (titles) are
tested the same way against the width of the text area.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workflows.readers.document import Paragraph
from workflows.readers.pdf.lines import Line
from workflows.text import join_wrapped

_WRAP_SLACK = 0.1  # points: rounding; line widths are exact in a PDF from a word processor
_CENTRE_TOLERANCE = 3.0  # points between a line's middle and the text area's middle
_INDENT = 4.0  # points of indentation that make a line "not at the margin"
_SIZE_TOLERANCE = 0.6
_GLUED_HYPHEN = re.compile(r"\w-$")
_BULLET = re.compile(r"^[-–+•*]\s")
_MIN_MARGIN_VOTES = 3
_COLUMN_FULL = 0.75  # a column line this close to the widest one may have wrapped


@dataclass(frozen=True)
class Margins:
    """The text area of a page, found from where its lines start and end."""

    left: float
    right: float

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2

    @property
    def width(self) -> float:
        return self.right - self.left


def find_margins(lines: Sequence[Line], page_width: float, fallback: Margins | None) -> Margins:
    """Left margin: where most unindented lines start; right: where justified lines end."""
    if len(lines) >= _MIN_MARGIN_VOTES:
        quorum = max(_MIN_MARGIN_VOTES, len(lines) // 10)
        lefts = [x for x, n in Counter(round(line.x0) for line in lines).items() if n >= quorum]
        rights = [x for x, n in Counter(round(line.x1) for line in lines).items() if n >= quorum]
        if lefts and rights and max(rights) - min(lefts) > page_width / 3:
            left = min(line.x0 for line in lines if round(line.x0) == min(lefts))
            right = max(line.x1 for line in lines if round(line.x1) == max(rights))
            return Margins(left, right)
    if fallback is not None:
        return fallback
    margin = min((min(line.x0, page_width - line.x1) for line in lines), default=0.0)
    return Margins(margin, page_width - margin)


@dataclass
class _Draft:
    lines: list[Line]
    margins: Margins  # of the page where the paragraph starts


def _paragraph(lines: Sequence[Line]) -> Paragraph:
    text = join_wrapped([line.text for line in lines])
    return Paragraph(text=text, bold=all(line.bold for line in lines), page=lines[0].page)


class ParagraphBuilder:
    """Feed body lines in reading order with ``add``; ``close`` where something that is not
    a paragraph (a table) comes between two lines; ``add_column`` for a block's column."""

    def __init__(self) -> None:
        self.paragraphs: list[Paragraph] = []
        self._draft: _Draft | None = None

    def add(self, line: Line, margins: Margins) -> None:
        draft = self._draft
        if draft is not None and _continues(draft, line):
            draft.lines.append(line)
            return
        self.close()
        self._draft = _Draft([line], margins)

    def close(self) -> None:
        if self._draft is not None:
            self._emit(self._draft.lines)
        self._draft = None

    def add_column(self, lines: Iterable[Line]) -> None:
        """Lines of one column of a side-by-side block: each its own paragraph unless it is
        plainly the wrapped end of the line above: the unbulleted line under a "- " item, or
        a lower-case or single-word line under a line as wide as the column."""
        self.close()
        column = list(lines)
        widest = max((line.width for line in column), default=0.0)
        current: list[Line] = []
        for line in column:
            if current and _column_continuation(current[0], current[-1], line, widest):
                current.append(line)
                continue
            self._emit(current)
            current = [line]
        self._emit(current)

    def _emit(self, lines: list[Line]) -> None:
        if lines and (paragraph := _paragraph(lines)).text:
            self.paragraphs.append(paragraph)


def column_lines(lines: Sequence[Line]) -> tuple[str, ...]:
    """A header column's printed lines, wrapped lines joined as in ``add_column``."""
    builder = ParagraphBuilder()
    builder.add_column(lines)
    return tuple(paragraph.text for paragraph in builder.paragraphs)


def _continues(draft: _Draft, line: Line) -> bool:
    previous = draft.lines[-1]
    margins = draft.margins
    if previous.bold != line.bold or abs(previous.size - line.size) > _SIZE_TOLERANCE:
        return False
    if _is_centred(line, margins):
        # A centred title goes on under a centred line or one that filled the whole width.
        if _is_centred(previous, margins) or _is_full(previous, margins):
            return _wrapped(previous.width, previous, line, margins.width)
        return False
    if not _starts_at_paragraph_edge(draft, line):
        return False
    return _wrapped(previous.x1 - margins.left, previous, line, margins.width)


def _starts_at_paragraph_edge(draft: _Draft, line: Line) -> bool:
    """A wrapped line starts where the paragraph's wrapped lines start: left of an indented
    first line (a line level with it opens the next paragraph), level with the second line
    if there is one."""
    if len(draft.lines) >= 2:
        return abs(line.x0 - draft.lines[1].x0) <= _INDENT
    first = draft.lines[0]
    if first.x0 > draft.margins.left + _INDENT:
        return line.x0 < first.x0 - _INDENT
    return line.x0 <= first.x0 + _INDENT


def _is_full(line: Line, margins: Margins) -> bool:
    return line.x0 <= margins.left + _INDENT and line.x1 >= margins.right - _INDENT


def _is_centred(line: Line, margins: Margins) -> bool:
    return (
        abs(line.centre - margins.centre) <= _CENTRE_TOLERANCE and line.x0 > margins.left + _INDENT
    )


def _wrapped(used: float, previous: Line, line: Line, available: float) -> bool:
    """Would the first word of ``line`` have overflowed the line above it?"""
    first = line.words[0]
    joiner = 0.0 if _GLUED_HYPHEN.search(previous.words[-1].text) else previous.space
    return used + joiner + (first.x1 - first.x0) > available - _WRAP_SLACK


def _column_continuation(first: Line, previous: Line, line: Line, widest: float) -> bool:
    if previous.bold != line.bold:
        return False
    if _BULLET.match(first.text) and not _BULLET.match(line.text):
        return abs(line.x0 - first.x0) <= _INDENT  # "- VPCP: …, các Vụ," / "Cục, …;"
    if previous.width < widest * _COLUMN_FULL:
        return False
    return _starts_lower(line.text) or (
        len(line.words) == 1 and any(ch.isalpha() for ch in line.text)
    )


def _starts_lower(text: str) -> bool:
    letter = next((ch for ch in text if ch.isalpha()), "")
    return letter.islower()
