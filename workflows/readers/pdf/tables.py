"""Ruled tables of a PDF page as grids of ``Cell``s, and their joining over page breaks.

pdfplumber finds a table's cells from its ruling lines; a merged cell is simply a larger
rectangle. We lay every cell on the grid of distinct column lefts and row tops: a cell
spanning several columns covers them (``covered``), one spanning several rows continues into
them (``continues_above``). An empty cell that has its own ruling is just an empty ``Cell``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from pdfplumber.utils.clustering import cluster_objects
from pdfplumber.utils.text import extract_words

from workflows.readers.document import EMPTY_CELL, Cell, Row, Table
from workflows.text import clean, join_wrapped

# Ruling lines only: our plans are bordered tables; text-aligned "tables" are paragraphs.
TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}
_SPAN_TOLERANCE = 1.0  # points: a cell edge this close to a grid line ends at it
_COLUMN_TOLERANCE = 3.0  # points: the same column on two pages
_MIN_CELLS = 2  # a single framed box is a boxed paragraph, not a table
_CELL_PADDING = 5.4  # points: the default left/right cell margin of Word and LibreOffice
_BREAK_SLACK = 0.5  # points

BBox = tuple[float, float, float, float]
_GRAPHICS = ("rect", "line", "curve")
_WHITE = 0.99  # a gray or RGB component at least this light, a CMYK one at most 1 - this


def drawn(obj: dict[str, Any]) -> bool:
    """Whether a page object may rule a table: text always; a rectangle, line or curve only when
    it shows. Gazette PDFs lay a white box behind every line of a cell's text, and the edges of
    those boxes are no ruling: taken as such they cut each row into one row per printed line."""
    if obj.get("object_type") not in _GRAPHICS:
        return True
    if obj.get("stroke") and not _white(obj.get("stroking_color")):
        return True
    return bool(obj.get("fill")) and not _white(obj.get("non_stroking_color"))


def _white(color: Any) -> bool:
    """A colour as pdfminer gives it (a gray level, an RGB or CMYK tuple; None is black)."""
    if color is None:
        return False
    values = list(color) if isinstance(color, list | tuple) else [color]
    if not values or not all(isinstance(value, int | float) for value in values):
        return False  # a pattern or a named colour space: assume it shows
    if len(values) == 4:
        return all(value <= 1 - _WHITE for value in values)
    return all(value >= _WHITE for value in values)


@dataclass
class Grid:
    """One table on one page: grid lines and, per grid slot, the index of the owning cell."""

    bbox: BBox
    lefts: list[float]
    tops: list[float]
    cells: list[BBox]
    owner: list[list[int | None]]
    chars: list[list[dict[str, Any]]]  # per cell, filled by ``assign_chars``

    def slot(self, x: float, y: float) -> int | None:
        column = bisect_right(self.lefts, x) - 1
        row = bisect_right(self.tops, y) - 1
        if column < 0 or row < 0:
            return None
        return self.owner[row][column]


@dataclass(frozen=True)
class PageTable:
    """A table as printed on one page, cells resolved."""

    page: int
    bbox: BBox
    lefts: tuple[float, ...]
    rows: tuple[tuple[Cell, ...], ...]
    at_page_top: bool = False  # nothing but page furniture above it
    at_page_bottom: bool = False  # nothing but page furniture below it


def grids_of(cell_lists: Iterable[Sequence[BBox]]) -> list[Grid]:
    """Grids for the tables pdfplumber found (each given as its list of cell boxes)."""
    return [_grid(cells) for cells in cell_lists if len(cells) >= _MIN_CELLS]


def _grid(cells: Sequence[BBox]) -> Grid:
    lefts = sorted({cell[0] for cell in cells})
    tops = sorted({cell[1] for cell in cells})
    owner: list[list[int | None]] = [[None] * len(lefts) for _ in tops]
    for index, cell in enumerate(cells):
        for row in _span(tops, cell[1], cell[3]):
            for column in _span(lefts, cell[0], cell[2]):
                owner[row][column] = index
    bbox = (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )
    return Grid(bbox, lefts, tops, list(cells), owner, [[] for _ in cells])


def _span(lines: list[float], start: float, end: float) -> range:
    first = lines.index(start)
    last = first
    while last + 1 < len(lines) and lines[last + 1] < end - _SPAN_TOLERANCE:
        last += 1
    return range(first, last + 1)


def assign_chars(grids: list[Grid], chars: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Put each character into the table cell holding its centre; return those outside."""
    outside: list[dict[str, Any]] = []
    for char in chars:
        x = (char["x0"] + char["x1"]) / 2
        y = (char["top"] + char["bottom"]) / 2
        grid = next((g for g in grids if _inside(g.bbox, x, y)), None)
        index = grid.slot(x, y) if grid is not None else None
        if grid is not None and index is not None and _inside(grid.cells[index], x, y):
            grid.chars[index].append(char)
        else:  # outside any table, or in a gap of its ruling: free text
            outside.append(char)
    return outside


def _inside(box: BBox, x: float, y: float) -> bool:
    return box[0] <= x < box[2] and box[1] <= y < box[3]


def page_table(grid: Grid, page: int) -> PageTable:
    """The grid's rows of cells: text in each merged cell's top-left slot, flags elsewhere."""
    texts = [_cell_text(chars, box) for chars, box in zip(grid.chars, grid.cells, strict=True)]
    origin: dict[int, tuple[int, int]] = {}
    rows: list[tuple[Cell, ...]] = []
    for r, owners in enumerate(grid.owner):
        cells: list[Cell] = []
        for c, index in enumerate(owners):
            if index is None:
                cells.append(EMPTY_CELL)
                continue
            first_row, first_column = origin.setdefault(index, (r, c))
            if (first_row, first_column) == (r, c):
                cells.append(Cell(lines=(texts[index],) if texts[index] else ()))
            else:
                cells.append(Cell(continues_above=r > first_row, covered=c > first_column))
        rows.append(tuple(cells))
    return PageTable(page, grid.bbox, tuple(grid.lefts), tuple(rows))


def _cell_text(chars: list[dict[str, Any]], box: BBox) -> str:
    """The cell's printed lines joined into one: PDF line breaks in a cell are wrapping."""
    if not chars:
        return ""
    words = extract_words(chars, return_chars=True)
    lines = [sorted(line, key=itemgetter("x0")) for line in cluster_objects(words, "top", 3)]
    inner_width = box[2] - box[0] - 2 * _CELL_PADDING
    text = ""
    for index, line in enumerate(lines):
        printed = " ".join(word["text"] for word in line)
        if index and _broken_word(lines[index - 1], line, inner_width):
            text += clean(printed)
        else:
            text = join_wrapped([text, printed])
    return text


def _broken_word(previous: list[dict[str, Any]], line: list[dict[str, Any]], width: float) -> bool:
    """A lone word that fills the cell so that not one more letter fits was cut in the middle
    ("VII" / "I" in a narrow TT column): the next line goes on without a space."""
    if len(previous) != 1:
        return False
    first_char = line[0]["chars"][0]
    used = previous[0]["x1"] - previous[0]["x0"]
    return bool(used + (first_char["x1"] - first_char["x0"]) > width - _BREAK_SLACK)


def join_tables(tables: Sequence[PageTable]) -> tuple[Table, ...]:
    """One ``Table`` per logical table: a table that ends a page and one of the same columns
    that starts the next page are the same table (its header row repeated, a row split)."""
    groups: list[list[PageTable]] = []
    for table in tables:
        if groups and _continues(groups[-1][-1], table):
            groups[-1].append(table)
        else:
            groups.append([table])
    return tuple(_table(group, number) for number, group in enumerate(groups, start=1))


def _continues(previous: PageTable, table: PageTable) -> bool:
    return (
        table.page == previous.page + 1
        and previous.at_page_bottom
        and table.at_page_top
        and len(table.lefts) == len(previous.lefts)
        and all(
            abs(a - b) <= _COLUMN_TOLERANCE
            for a, b in zip(table.lefts, previous.lefts, strict=True)
        )
    )


def _table(group: list[PageTable], number: int) -> Table:
    rows: list[Row] = []
    for part_index, part in enumerate(group):
        for row_index, cells in enumerate(part.rows):
            rows.append(
                Row(
                    cells=cells,
                    number=len(rows) + 1,
                    page=part.page,
                    after_page_break=part_index > 0 and row_index == 0,
                )
            )
    return Table(rows=tuple(rows), number=number, page=group[0].page)
