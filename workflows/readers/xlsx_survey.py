"""One streaming pass (expat) over a sheet's XML before openpyxl reads it.

openpyxl's read-only mode streams rows but keeps no merged ranges, pads every row to the width
the sheet declares (a hostile file says 16,384 columns) and parses a sheet whole to learn its
size when the sheet does not declare it. This pass counts rows, filled cells and columns,
refusing a sheet past ``ReadLimits`` as soon as it gets there; it finds the used extent, the
merged ranges and the formula cells saved without a value (a workbook written by a program
that does not compute: openpyxl would read them as empty).

The archive was checked first (``limits.check_archive``): no part holds a DTD; expat is told
to refuse one anyway, so no entity is ever defined, let alone expanded.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries

from nhacviec.errors import DocumentError, SourceLocation
from workflows.readers.limits import ReadLimits, refuse_rows

Merge = tuple[int, int, int, int]  # top, left, bottom, right (1-based)


@dataclass
class SheetSurvey:
    """What the sheet holds: its used extent, merged ranges and uncached formula cells."""

    last_row: int = 0
    last_column: int = 0
    merges: list[Merge] = field(default_factory=list)
    uncached_formulas: list[str] = field(default_factory=list)


def survey_sheet(
    archive: zipfile.ZipFile, part: str, title: str, path: Path, limits: ReadLimits
) -> SheetSurvey:
    """Refuses (``DocumentError``) a sheet past the limits, as soon as the pass gets there."""
    parser = expat.ParserCreate()  # no namespace processing: names keep any prefix ("x:c")
    surveyor = _Surveyor(parser, SourceLocation(str(path)), title, limits)
    parser.buffer_text = True
    parser.StartElementHandler = surveyor.start
    parser.EndElementHandler = surveyor.end
    parser.StartDoctypeDeclHandler = surveyor.doctype
    with archive.open(part) as source:
        parser.ParseFile(source)
    return surveyor.survey


class _Surveyor:
    """expat's callbacks: no element is built, so a sheet of any length costs no memory. Text
    is listened to only inside a value (``<v>``), so most of the sheet costs no call."""

    def __init__(
        self, parser: Any, location: SourceLocation, title: str, limits: ReadLimits
    ) -> None:
        self.parser = parser
        self.location, self.title, self.limits = location, title, limits
        self.columns: dict[str, int] = {}
        self.survey = SheetSurvey()
        self.rows = self.cells = self.row_index = 0
        self.row_used = False
        self.reference = ""
        self.has_value = self.has_formula = self.value_seen = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "c":
            self.reference = attrs.get("r", "")
            self.has_value = self.has_formula = self.value_seen = False
        elif local == "v":
            self.has_value = True
            self.parser.CharacterDataHandler = self.text
        elif local == "is":
            self.has_value = True
        elif local == "row":
            self._row(attrs)
        elif local == "f":
            self.has_formula = True
        elif local == "mergeCell":
            self.survey.merges.append(_merge(attrs.get("ref", "")))

    def _row(self, attrs: dict[str, str]) -> None:
        self.rows += 1
        if self.rows > self.limits.max_rows:
            raise refuse_rows(Path(self.location.file), self.limits.max_rows, self.title)
        self.row_index = int(attrs.get("r") or self.row_index + 1)
        self.row_used = False

    def end(self, name: str) -> None:
        local = _local(name)
        if local == "v":
            self.parser.CharacterDataHandler = None
        elif local == "c" and (self.has_value or self.has_formula):
            self._cell()
        elif local == "row" and self.row_used:
            self.survey.last_row = self.row_index

    def text(self, data: str) -> None:
        if data.strip():
            self.value_seen = True

    def _column(self) -> int:
        letters = self.reference.rstrip("0123456789")
        if letters not in self.columns:
            self.columns[letters] = _column(self.reference)
        return self.columns[letters]

    def doctype(self, *_: object) -> None:
        raise DocumentError("import.limit.xml_dtd", self.location, part=self.title)

    def _cell(self) -> None:
        self.cells += 1
        if self.cells > self.limits.max_cells:
            raise DocumentError(
                "import.limit.sheet_cells",
                self.location,
                sheet=self.title,
                limit=self.limits.max_cells,
            )
        column = self._column() if self.reference else self.survey.last_column + 1
        if column > self.limits.max_columns:
            raise DocumentError(
                "import.limit.sheet_columns",
                self.location,
                sheet=self.title,
                limit=self.limits.max_columns,
            )
        self.survey.last_column = max(self.survey.last_column, column)
        self.row_used = True
        if self.has_formula and not self.value_seen:
            self.survey.uncached_formulas.append(self.reference or f"?{self.row_index}")


def _column(reference: str) -> int:
    try:
        letters, _ = coordinate_from_string(reference)
        return int(column_index_from_string(letters))
    except ValueError:  # "ZZZZ1" and worse: past any sheet's width
        return 1 << 30


def _merge(reference: str) -> Merge:
    left, top, right, bottom = range_boundaries(reference)
    return int(top or 1), int(left or 1), int(bottom or 1), int(right or 1)


def _local(tag: str) -> str:
    return tag.rpartition(":")[2]
