"""Rows of a table pasted from a web page, where merged cells lost their place.

A portal's HTML table keeps a merged (rowspan) cell only in its first row, so a copy of it has
shorter rows below, their cells shifted left (the reader pads them on the right). Such a row is
recognised by its contents, not its positions: its last cell is a time phrase left of the time
column. Its cells are put back from the right, each under the next column to the left, except
that a body's name («Bộ Y tế», «Các bộ, ngành liên quan») goes under a unit column; the columns
left without a cell continue the cells above (they were merged).
"""

from __future__ import annotations

import re

from workflows.readers.columns import ColumnMap, Field
from workflows.readers.document import Cell, Row
from workflows.text import fold
from workflows.units.bodies import names_body

# A time phrase somewhere in a short cell: «Giai đoạn 2026 - 2030», «Ban hành trong quý I năm
# 2026», «Thực hiện thường xuyên, liên tục», «31/12/2025».
_TIME_WORDS = re.compile(
    r"\b(?:quy (?:[ivx]+|[1-4])\b|thang \d|nam 20\d\d|giai doan|20\d\d\s*[-–]\s*20\d\d"
    r"|\d{1,2}/\d{1,2}/20\d\d|\d{1,2}/20\d\d|thuong xuyen|lien tuc|hang (?:nam|thang|quy)"
    r"|dinh ky|truoc ngay|khi co yeu cau|theo yeu cau)"
)
_MAX_TIME_WORDS = 60
_SECTION_NUMERAL = re.compile(r"^(?:[IVXLC]+|[A-ZĐ])(?:\.\d{1,3})*\.?$")
_UNIT_FIELDS = (Field.LEAD, Field.PARTNERS)


def is_time_phrase(text: str) -> bool:
    folded = fold(text)
    return len(folded.split()) <= _MAX_TIME_WORDS and bool(_TIME_WORDS.search(folded))


def names_unit(text: str) -> bool:
    """«Bộ Y tế», «- Bộ Xây dựng; - UBND các tỉnh», «Các bộ, ngành liên quan»."""
    first = re.split(r"[;\n]", text.strip())[0].strip(" -+•.")
    folded = fold(first)
    return names_body(first) or folded.startswith(("cac bo", "cac so", "cac co quan", "ubnd cac"))


def realign(row: Row, columns: ColumnMap) -> Row:
    """The row with its cells moved back under their headers, or the row itself."""
    time_index = columns.get(Field.TIME)
    cells = row.cells
    filled = [index for index, cell in enumerate(cells) if not cell.is_empty]
    if time_index is None or not filled or filled[-1] >= time_index:
        return row
    if any(cell.covered for cell in cells) or len(filled) < 2:
        return row  # a merged cell (a section row in a real table), or a lone cell
    if len(filled) == 2 and _SECTION_NUMERAL.match(cells[filled[0]].text):
        return row  # «VIII | DUY TRÌ … THƯỜNG XUYÊN»: a section row, however it reads
    if not is_time_phrase(cells[filled[-1]].text):
        return _unit_sub_row(row, columns) or row
    placed = _place(cells[: filled[-1] + 1], columns, time_index)
    if placed is None:
        return row
    moved = tuple(placed.get(index, Cell(continues_above=True)) for index in range(len(cells)))
    return Row(moved, row.number, row.page, row.after_page_break)


def _place(cells: tuple[Cell, ...], columns: ColumnMap, time_index: int) -> dict[int, Cell] | None:
    """Column of each cell, right to left; None when the cells do not fit the header."""
    unit_columns = sorted(i for name in _UNIT_FIELDS if (i := columns.get(name)) is not None)
    placed: dict[int, Cell] = {}
    target = time_index
    for cell in reversed(cells):
        if target < 0:
            return None
        if names_unit(cell.text) and target not in unit_columns:
            target = max((i for i in unit_columns if i < target), default=-1)
            if target < 0:
                return None
        placed[target] = cell
        target -= 1
    task = columns.get(Field.TASK)
    if task is not None and task in placed and names_unit(placed[task].text):
        return None
    return placed


def _unit_sub_row(row: Row, columns: ColumnMap) -> Row | None:
    """«Xây dựng hạ tầng kỹ thuật dự phòng … | Trung tâm Chuyển đổi số Thành phố [| Sở Tài
    chính]»: a sub-row of a task whose number, time and other cells were merged with the row
    above; it names its own task text and then its units, in the header's order (task column,
    then the lead and partner columns to its right). None when the row is not of that shape."""
    task = columns.get(Field.TASK)
    units = [i for name in _UNIT_FIELDS if (i := columns.get(name)) is not None]
    cells = row.cells
    filled = [index for index, cell in enumerate(cells) if not cell.is_empty]
    if task is None or not units or units != sorted(units) or units[0] <= task:
        return None
    if filled != list(range(len(filled))) or not 2 <= len(filled) <= len(units) + 1:
        return None
    first, rest = cells[0], cells[1 : len(filled)]
    if names_unit(first.text) or _SECTION_NUMERAL.match(first.text) or first.text.isdigit():
        return None
    if not all(names_unit(cell.text) for cell in rest):
        return None
    placed = {task: first} | dict(zip(units, rest, strict=False))
    moved = tuple(placed.get(index, Cell(continues_above=True)) for index in range(len(cells)))
    return Row(moved, row.number, row.page, row.after_page_break)
