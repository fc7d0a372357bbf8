"""Running heads and feet: the lines a printer repeats on every page, which are no text.

The official gazette (Công báo) prints «CÔNG BÁO/Số 333/Ngày 16-06-2026» and the page number at
the top of every page; other printers repeat a document's number or title. Taken as text they
cut a table that runs on over a page break from its next part (something stands above it) and
slip into paragraphs. A row is furniture when it is the first or last row of a page, in the top
or bottom tenth, and the same words (numbers aside) open or close enough other pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from workflows.readers.pdf.lines import TextRow
from workflows.text import fold

_ZONE = 0.1  # running heads and feet sit in the top or bottom tenth of the page
_MIN_PAGES = 2  # a line repeated on this many pages at least …
_MIN_SHARE = 0.3  # … and on this share of the pages
_EDGE_NUMBER = re.compile(r"^\d{1,4}\s+|\s+\d{1,4}$")
_DIGITS = re.compile(r"\d+")


def without_running_lines(
    pages: Sequence[tuple[Sequence[TextRow], float]],
) -> list[tuple[TextRow, ...]]:
    """Each page's rows (given with the page height) without its running head and foot."""
    heads = _repeated([_edge_key(rows[:1], height, top=True) for rows, height in pages])
    feet = _repeated([_edge_key(rows[-1:], height, top=False) for rows, height in pages])
    kept: list[tuple[TextRow, ...]] = []
    for rows, height in pages:
        rows = list(rows)
        while rows and _edge_key(rows[:1], height, top=True) in heads:
            rows = rows[1:]
        while rows and _edge_key(rows[-1:], height, top=False) in feet:
            rows = rows[:-1]
        kept.append(tuple(rows))
    return kept


def _repeated(keys: list[str]) -> set[str]:
    counts = Counter(key for key in keys if key)
    needed = max(_MIN_PAGES, _MIN_SHARE * len(keys))
    return {key for key, count in counts.items() if count >= needed}


def _edge_key(rows: Sequence[TextRow], height: float, *, top: bool) -> str:
    """The row's words with its page number and other numbers blanked, or "" when the row
    is not at the page's edge or has no letter."""
    if not rows:
        return ""
    row = rows[0]
    at_edge = row.bottom < height * _ZONE if top else row.top > height * (1 - _ZONE)
    if not at_edge:
        return ""
    text = " ".join(fold(line.text) for line in row.segments).strip()
    text = _DIGITS.sub("#", _EDGE_NUMBER.sub("", text))
    return text if any(char.isalpha() for char in text) else ""
