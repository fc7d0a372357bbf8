"""XLSX reader (openpyxl, read-only): each worksheet becomes a table; merged ranges become
merge flags.

Each sheet is surveyed first (``xlsx_survey``: its used extent within ``ReadLimits``, its merged
ranges, its formulas saved without a value), then streamed by openpyxl up to that extent; a
formula without a value is named in a ``ReadingNote`` rather than read as an empty cell.

Rows above the task table (the appendix caption) are also given as paragraphs, so the plan's
metadata can be read from them. A cell holding a real date is written the Vietnamese way
(31/07/2025), as a clerk would have typed it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError, fromstring
from xml.parsers.expat import ExpatError

import openpyxl

from nhacviec.errors import DocumentError, SourceLocation
from workflows.readers.document import (
    Cell,
    DocumentFormat,
    Paragraph,
    ReadingNote,
    Row,
    SourceDocument,
    Table,
)
from workflows.readers.limits import DEFAULT_LIMITS, ReadLimits
from workflows.readers.xlsx_survey import SheetSurvey, survey_sheet
from workflows.text import clean_lines

_CAPTION_ROWS = 12
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NAMED_CELLS = 10  # uncached formula cells named in the note; the count says the rest


def read_xlsx(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> SourceDocument:
    surveys = _survey_sheets(path, limits)  # before openpyxl, which may parse a sheet whole
    workbook = _open(path)
    tables: list[Table] = []
    paragraphs: list[Paragraph] = []
    notes: list[ReadingNote] = []
    try:
        for number, sheet in enumerate(workbook.worksheets, start=1):
            survey = surveys.get(sheet._worksheet_path) or _survey_one(path, sheet, limits)
            grid = _grid(sheet, survey)
            if not grid:
                continue
            table = _table(grid, survey, number)
            tables.append(table)
            paragraphs.extend(_caption(table))
            notes.extend(_formula_note(sheet.title, survey))
    finally:
        workbook.close()
    return SourceDocument(
        path=str(path),
        format=DocumentFormat.XLSX,
        paragraphs=tuple(paragraphs),
        tables=tuple(tables),
        notes=tuple(notes),
    )


def _open(path: Path) -> Any:
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged workbook fails in many ways (zip, XML, openpyxl)
        raise DocumentError("import.xlsx_unreadable", SourceLocation(str(path))) from exc


def _survey_sheets(path: Path, limits: ReadLimits) -> dict[str, SheetSurvey]:
    """Every part where Excel keeps a worksheet, by its name in the zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            titles = _sheet_titles(archive)
            return {
                part: _surveyed(archive, part, titles.get(part, part), path, limits)
                for part in archive.namelist()
                if _SHEET_PART.fullmatch(part)
            }
    except (zipfile.BadZipFile, ParseError) as exc:
        raise DocumentError("import.xlsx_unreadable", SourceLocation(str(path))) from exc


def _survey_one(path: Path, sheet: Any, limits: ReadLimits) -> SheetSurvey:
    """A sheet kept elsewhere (some programs do): openpyxl names its part."""
    with zipfile.ZipFile(path) as archive:
        return _surveyed(archive, sheet._worksheet_path, sheet.title, path, limits)


def _surveyed(
    archive: zipfile.ZipFile, part: str, title: str, path: Path, limits: ReadLimits
) -> SheetSurvey:
    try:
        return survey_sheet(archive, part, title, path, limits)
    except (ExpatError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise DocumentError("import.xlsx_unreadable", SourceLocation(str(path))) from exc


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet part's sheet name, from the workbook and its relationships (small
    parts; the archive holds no DTD, ``limits.check_archive``)."""
    try:
        workbook = fromstring(archive.read("xl/workbook.xml"))
        relations = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in relations}
    titles: dict[str, str] = {}
    for sheet in workbook.iter(f"{{{_SHEET_NS}}}sheet"):
        target = targets.get(sheet.get(f"{{{_REL_NS}}}id"), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        titles[part] = sheet.get("name", part)
    return titles


def _grid(sheet: Any, survey: SheetSurvey) -> list[list[Cell]]:
    if not survey.last_row or not survey.last_column:
        return []
    values = sheet.iter_rows(max_row=survey.last_row, max_col=survey.last_column, values_only=True)
    rows = [[_cell(value) for value in row] for row in values]
    while rows and all(cell.is_empty for cell in rows[-1]):
        rows.pop()
    return rows


def _table(grid: list[list[Cell]], survey: SheetSurvey, number: int) -> Table:
    width = max(len(row) for row in grid)
    for row in grid:
        row.extend([Cell()] * (width - len(row)))
    for top, left, bottom, right in survey.merges:
        _flag_merge(grid, top, left, bottom, right)
    rows = tuple(Row(cells=tuple(cells), number=index) for index, cells in enumerate(grid, 1))
    return Table(rows=rows, number=number)


def _formula_note(title: str, survey: SheetSurvey) -> Iterator[ReadingNote]:
    cells = survey.uncached_formulas
    if cells:
        named = ", ".join(cells[:_NAMED_CELLS]) + (", …" if len(cells) > _NAMED_CELLS else "")
        params = (("sheet", title), ("cells", named), ("count", str(len(cells))))
        yield ReadingNote("import.xlsx_formula_uncached", params)


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
