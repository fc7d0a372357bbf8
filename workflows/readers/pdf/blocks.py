"""Side-by-side blocks outside tables: the issuer | motto block at the top of page 1, the
"Nơi nhận" | signature block at the end. In the DOCX they are borderless two-column tables;
in the PDF they are rows whose words leave a wide vertical gutter free.

A block is a run of rows that share a gutter, holding at least two rows with text on both
sides of it; a row with text on one side only belongs to it when it lines up (centred or
left-aligned) with text already in that column. A block that ends its page may go on at the
top of the next one (a long "Nơi nhận" list).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from workflows.readers.pdf.lines import Line, TextRow

_ALIGN_CENTRE = 12.0  # points: a centred line's middle within this of its column's
_ALIGN_LEFT = 3.0  # points: a left-aligned line's start within this of its column's
_MIN_SPLIT_ROWS = 2

Interval = tuple[float, float]


@dataclass(frozen=True)
class Block:
    left: tuple[Line, ...]
    right: tuple[Line, ...]
    first_row: int  # index of its first row in the page's rows
    end_row: int  # index after its last row
    gutter: Interval
    reference: tuple[TextRow, ...]  # its rows with text on both sides, for alignment


@dataclass
class _Run:
    """A block being grown row by row."""

    gutters: list[Interval]
    reference: list[TextRow]
    members: list[TextRow]

    def take(self, row: TextRow) -> bool:
        gutters = _narrow(self.gutters, row, self.reference)
        if not gutters:
            return False
        self.gutters = gutters
        self.members.append(row)
        if len(row.segments) > 1:
            self.reference.append(row)
        return True


def find_blocks(rows: Sequence[TextRow], carried: Block | None = None) -> list[Block]:
    """The two-column blocks among a page's rows, in order, non-overlapping. ``carried`` is
    a block that ended the previous page: rows at the top of this page may continue it."""
    blocks: list[Block] = []
    start = 0
    if carried is not None:
        run = _Run([carried.gutter], list(carried.reference), [])
        end = _grow(run, rows, 0)
        if end > 0:
            blocks.append(_block(run, 0, end))
            start = end
    while start < len(rows):
        block = _block_from(rows, start) if len(rows[start].segments) > 1 else None
        if block is None:
            start += 1
            continue
        blocks.append(block)
        start = block.end_row
    return blocks


def _grow(run: _Run, rows: Sequence[TextRow], start: int) -> int:
    end = start
    while end < len(rows) and run.take(rows[end]):
        end += 1
    return end


def _block_from(rows: Sequence[TextRow], start: int) -> Block | None:
    first = rows[start]
    run = _Run(_gutters(first), [first], [first])
    end = _grow(run, rows, start + 1)
    if len(run.reference) < _MIN_SPLIT_ROWS:
        return None
    top = _absorb_from_page_top(rows, start, run)
    run.members[:0] = rows[top:start]
    return _block(run, top, end)


def _block(run: _Run, first_row: int, end_row: int) -> Block:
    gutter = run.gutters[0]
    sides = [_sides(row, gutter, run.reference) for row in run.members]
    return Block(
        left=tuple(line for line, _ in sides if line is not None),
        right=tuple(line for _, line in sides if line is not None),
        first_row=first_row,
        end_row=end_row,
        gutter=gutter,
        reference=tuple(run.reference),
    )


def _gutters(row: TextRow) -> list[Interval]:
    segments = row.segments
    return [(a.x1, b.x0) for a, b in pairwise(segments)]


def _narrow(gutters: list[Interval], row: TextRow, reference: Sequence[TextRow]) -> list[Interval]:
    """The gutters still free after adding ``row``; empty when the row does not belong."""
    if len(row.segments) > 1:
        return [
            (max(a0, b0), min(a1, b1))
            for a0, a1 in gutters
            for b0, b1 in _gutters(row)
            if max(a0, b0) < min(a1, b1)
        ]
    line = row.segments[0]
    return [gutter for gutter in gutters if _one_side(line, gutter, reference) is not None]


def _one_side(line: Line, gutter: Interval, reference: Sequence[TextRow]) -> bool | None:
    """True (left) or False (right) when ``line`` stays clear of the other column's text and
    lines up with text of its own column; None when it belongs to neither."""
    if line.x1 <= gutter[1] and _lines_up(line, _column(reference, gutter, left=True)):
        return True
    if line.x0 >= gutter[0] and _lines_up(line, _column(reference, gutter, left=False)):
        return False
    return None


def _column(reference: Sequence[TextRow], gutter: Interval, *, left: bool) -> list[Line]:
    return [line for row in reference if (line := _part(row, gutter, left=left)) is not None]


def _lines_up(line: Line, column: Sequence[Line]) -> bool:
    return any(
        abs(line.centre - other.centre) <= _ALIGN_CENTRE or abs(line.x0 - other.x0) <= _ALIGN_LEFT
        for other in column
    )


def _absorb_from_page_top(rows: Sequence[TextRow], start: int, run: _Run) -> int:
    """Rows above the block join it only if all of them, up to the page top, line up."""
    for row in rows[:start]:
        if len(row.segments) > 1 or not _narrow(run.gutters[:1], row, run.reference):
            return start
    return 0


def _sides(
    row: TextRow, gutter: Interval, reference: Sequence[TextRow]
) -> tuple[Line | None, Line | None]:
    if len(row.segments) > 1:
        return _part(row, gutter, left=True), _part(row, gutter, left=False)
    line = row.segments[0]
    return (line, None) if _one_side(line, gutter, reference) else (None, line)


def _part(row: TextRow, gutter: Interval, *, left: bool) -> Line | None:
    middle = (gutter[0] + gutter[1]) / 2
    words = tuple(
        word for line in row.segments for word in line.words if (word.x1 <= middle) == left
    )
    return Line(words, row.segments[0].page) if words else None
