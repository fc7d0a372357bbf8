"""XLSX reader (openpyxl): each worksheet becomes a table; merged ranges become merge flags.

Rows above the task table (the appendix caption) are also given as paragraphs, so the plan's
metadata can be read from them. A cell holding a real date is written the Vietnamese way
(31/07/2025), as a clerk would have typed it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl

from nhacviec.errors import DocumentError, SourceLocation
from workflows.readers.document import Cell, DocumentFormat, Paragraph, Row, SourceDocument, Table
from workflows.text import clean_lines

_CAPTION_ROWS = 12


def read_xlsx(path: Path) -> SourceDocument:
    workbook = _open(path)
    tables: list[Table] = []
    paragraphs: list[Paragraph] = []
    try:
        for number, sheet in enumerate(workbook.worksheets, start=1):
            grid = _grid(sheet)
            if not grid:
                continue
            table = _table(grid, sheet, number)
            tables.append(table)
            paragraphs.extend(_caption(table))
    finally:
        workbook.close()
    return SourceDocument(
        path=str(path),
        format=DocumentFormat.XLSX,
        paragraphs=tuple(paragraphs),
        tables=tuple(tables),
    )


def _open(path: Path) -> Any:
    try:
        return openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # a damaged workbook fails in many ways (zip, XML, openpyxl)
        raise DocumentError("import.xlsx_unreadable", SourceLocation(str(path))) from exc


def _grid(sheet: Any) -> list[list[Cell]]:
    rows = [[_cell(value) for value in values] for values in sheet.iter_rows(values_only=True)]
    while rows and all(cell.is_empty for cell in rows[-1]):
        rows.pop()
    return rows


def _table(grid: list[list[Cell]], sheet: Any, number: int) -> Table:
    width = max(len(row) for row in grid)
    for row in grid:
        row.extend([Cell()] * (width - len(row)))
    for merged in sheet.merged_cells.ranges:
        _flag_merge(grid, merged.min_row, merged.min_col, merged.max_row, merged.max_col)
    rows = tuple(Row(cells=tuple(cells), number=index) for index, cells in enumerate(grid, 1))
    return Table(rows=rows, number=number)


def _flag_merge(grid: list[list[Cell]], top: int, left: int, bottom: int, right: int) -> None:
    """Mark every cell a merged range covers, except its top-left origin."""
    for row_index in range(top, min(bottom, len(grid)) + 1):
        row = grid[row_index - 1]
        for column in range(left, min(right, len(row)) + 1):
            if (row_index, column) == (top, left):
                continue
            row[column - 1] = Cell(covered=column > left, continues_above=row_index > top)


def _cell(value: object) -> Cell:
    return Cell(lines=clean_lines(_as_text(value))) if value is not None else Cell()


def _as_text(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y") if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _caption(table: Table) -> Iterator[Paragraph]:
    """Rows with one text before the table proper: "PHỤ LỤC", its title, "(Ban hành kèm …)"."""
    for row in table.rows[:_CAPTION_ROWS]:
        texts = [cell.text for cell in row.cells if cell.text]
        if len(texts) > 1:
            return
        if texts:
            yield Paragraph(text=texts[0])


def iter_cells_raw(path: Path) -> Iterator[object]:
    """Every cell value through openpyxl alone: the baseline for ``bench/import.py``."""
    workbook = openpyxl.load_workbook(path, data_only=True)
    for sheet in workbook.worksheets:
        for values in sheet.iter_rows(values_only=True):
            yield from values
    workbook.close()
