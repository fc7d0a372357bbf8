"""Printed lines of a PDF page outside its tables: words grouped into rows, rows cut into
segments where a wide horizontal gap separates two side-by-side blocks (issuer | motto).

Everything here is geometry in PDF points, top-down as pdfplumber reports it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pdfplumber.utils.text import extract_words

from workflows.text import clean

# Two word groups on one row further apart than this (in font sizes) are separate blocks.
_BLOCK_GAP_EM = 1.8
# Liberation Serif / Times: a space is a quarter of the font size.
_SPACE_EM = 0.25
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_ITALIC_FONT = re.compile(r"italic|oblique", re.IGNORECASE)
# Page furniture: "2", "- 2 -", "Trang 2", "2/15".
_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–—\s]*\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.I)
_FURNITURE_ZONE = 0.1  # page numbers sit in the top or bottom tenth of the page


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    italic: bool


@dataclass(frozen=True)
class Line:
    """One printed line (or one side-by-side segment of a row) outside any table."""

    words: tuple[Word, ...]
    page: int

    @property
    def text(self) -> str:
        return clean(" ".join(word.text for word in self.words))

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> float:
        return max(word.bottom for word in self.words)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def size(self) -> float:
        return max(word.size for word in self.words)

    @property
    def bold(self) -> bool:
        return all(word.bold for word in self.words)

    @property
    def italic(self) -> bool:
        return all(word.italic for word in self.words)

    @property
    def space(self) -> float:
        return self.size * _SPACE_EM


@dataclass(frozen=True)
class TextRow:
    """Lines printed side by side at one height; usually just one."""

    segments: tuple[Line, ...]

    @property
    def top(self) -> float:
        return min(line.top for line in self.segments)

    @property
    def bottom(self) -> float:
        return max(line.bottom for line in self.segments)


def without_hidden_spaces(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop spaces printed over a letter: some printers lay runs of spaces under a word when
    they justify a cell, and a space inside «T» would cut «Trước» into «T rước»."""
    glyphs: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for char in chars:
        if not char["text"].isspace():
            glyphs[round(char["top"])].append((char["x0"], char["x1"]))
    if not glyphs:
        return chars
    for spans in glyphs.values():
        spans.sort()
    return [char for char in chars if not (char["text"].isspace() and _over_glyph(char, glyphs))]


def _over_glyph(char: dict[str, Any], glyphs: dict[int, list[tuple[float, float]]]) -> bool:
    middle = (char["x0"] + char["x1"]) / 2
    spans = glyphs.get(round(char["top"]), [])
    index = bisect_right(spans, (middle, float("inf"))) - 1
    return index >= 0 and spans[index][0] < middle < spans[index][1]


def page_rows(chars: Sequence[dict[str, Any]], page: int, height: float) -> list[TextRow]:
    """The page's text rows, top to bottom, without page numbers."""
    words = [_word(raw) for raw in extract_words(list(chars), return_chars=True)]
    rows = [TextRow(_segments(group, page)) for group in _group_rows(words)]
    return _drop_page_numbers(rows, height)


def _word(raw: dict[str, Any]) -> Word:
    fonts = [str(char.get("fontname", "")) for char in raw["chars"]]
    return Word(
        text=raw["text"],
        x0=float(raw["x0"]),
        x1=float(raw["x1"]),
        top=float(raw["top"]),
        bottom=float(raw["bottom"]),
        size=max(float(char.get("size", 0.0)) for char in raw["chars"]),
        bold=all(_BOLD_FONT.search(font) for font in fonts),
        italic=all(_ITALIC_FONT.search(font) for font in fonts),
    )


def _group_rows(words: Iterable[Word]) -> list[list[Word]]:
    """Words whose vertical middle falls within the first word's band share a row."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        middle = (word.top + word.bottom) / 2
        if rows and rows[-1][0].top - 1 <= middle <= rows[-1][0].bottom + 1:
            rows[-1].append(word)
        else:
            rows.append([word])
    return rows


def _segments(words: list[Word], page: int) -> tuple[Line, ...]:
    ordered = sorted(words, key=lambda w: w.x0)
    groups: list[list[Word]] = [[ordered[0]]]
    for word in ordered[1:]:
        previous = groups[-1][-1]
        if word.x0 - previous.x1 > _BLOCK_GAP_EM * max(word.size, previous.size):
            groups.append([word])
        else:
            groups[-1].append(word)
    return tuple(Line(tuple(group), page) for group in groups)


def _drop_page_numbers(rows: list[TextRow], height: float) -> list[TextRow]:
    def is_furniture(row: TextRow) -> bool:
        in_margin = row.bottom < height * _FURNITURE_ZONE or row.top > height * (
            1 - _FURNITURE_ZONE
        )
        text = " ".join(line.text for line in row.segments)
        return in_margin and bool(_PAGE_NUMBER.match(text))

    while rows and is_furniture(rows[0]):
        rows = rows[1:]
    while rows and is_furniture(rows[-1]):
        rows = rows[:-1]
    return rows
