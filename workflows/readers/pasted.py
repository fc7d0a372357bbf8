"""Rows of a table pasted from a web page, where merged cells lost their place.

A portal's HTML table keeps a merged (rowspan) cell only in its first row, so a copy of it has
shorter rows below: their cells shift left, and the reader pads them on the right. Such a row
is recognised by its contents, not its positions: a time phrase sits left of the time column,
the columns on its right are empty, and what lands in the lead column is a body's name. The
row is then moved right, the missing cells read as continuing the ones above.
"""

from __future__ import annotations

import re

from workflows.readers.columns import ColumnMap, Field
from workflows.readers.document import Cell, Row
from workflows.text import fold
from workflows.units.bodies import names_body

# «Quý IV/2025», «Tháng 6/2026», «Năm 2025», «31/12/2025», «Thường xuyên», «Hằng năm», …
_TIME_PHRASE = re.compile(
    r"^(?:truoc |trong |tu |den |cuoi |dau |giua )?(?:ngay |thang |nam |giai doan )?"
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}[/.-]20\d\d|20\d\d\b)"
    r"|^(?:truoc |trong |tu |den |cuoi |dau |giua )?(?:quy [ivx1-4]+|thang \d{1,2})\b"
    r"|^(?:thuong xuyen|hang (?:nam|thang|quy|tuan)|dinh ky|lien tuc|khi co|theo yeu cau)"
)
_MAX_TIME_WORDS = 12


def is_time_phrase(text: str) -> bool:
    folded = fold(text).strip(" .:")
    return (
        bool(folded) and len(folded.split()) <= _MAX_TIME_WORDS and bool(_TIME_PHRASE.match(folded))
    )


def realign(row: Row, columns: ColumnMap) -> Row:
    """The row with its cells moved back under their headers, or the row itself."""
    time_index = columns.get(Field.TIME)
    cells = row.cells
    if time_index is None or time_index >= len(cells) or is_time_phrase(cells[time_index].text):
        return row
    found = next((i for i in range(time_index - 1, -1, -1) if is_time_phrase(cells[i].text)), None)
    if found is None:
        return row
    shift = time_index - found
    if any(not cell.is_empty for cell in cells[len(cells) - shift :]):
        return row
    moved = (Cell(continues_above=True),) * shift + cells[: len(cells) - shift]
    if not _lead_fits(moved, columns):
        return row
    return Row(moved, row.number, row.page, row.after_page_break)


def _lead_fits(cells: tuple[Cell, ...], columns: ColumnMap) -> bool:
    index = columns.get(Field.LEAD)
    if index is None:
        return True
    cell = cells[index]
    first_line = cell.lines[0] if cell.lines else ""
    return cell.continues_above or cell.is_empty or names_body(first_line) or _is_group(first_line)


def _is_group(text: str) -> bool:
    """«Các sở, ban, ngành», «UBND các xã»: a collective lead."""
    folded = fold(text)
    return folded.startswith(("cac ", "ubnd cac", "uy ban nhan dan cac"))
