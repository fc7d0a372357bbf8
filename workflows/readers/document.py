"""The neutral form every reader produces: paragraphs and table grids, before any meaning.

A reader's only job is to turn its file format into a ``SourceDocument`` faithfully: cell text
with its lines, merges resolved into flags, page breaks marked. Finding the task table, its
columns, sections and activity rows is the shared step in ``workflows.readers.table``; reading
task paragraphs is ``workflows.readers.listing``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class DocumentFormat(StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    XLSX = "xlsx"
    TEXT = "text"


@dataclass(frozen=True)
class Cell:
    """One grid position of a table row.

    ``lines`` are the cell's printed lines: paragraphs in DOCX/XLSX, where a line break is
    meaningful (it often separates units), or a single joined line from PDF, where breaks are
    only wrapping. A vertically merged cell keeps its text in its top row; the rows below hold
    ``continues_above=True`` and no text. A horizontally merged cell keeps its text in its
    leftmost column; the columns it covers hold ``covered=True`` and no text.
    """

    lines: tuple[str, ...] = ()
    continues_above: bool = False
    covered: bool = False

    @property
    def text(self) -> str:
        return " ".join(line for line in self.lines if line)

    @property
    def is_empty(self) -> bool:
        return not any(self.lines)


EMPTY_CELL = Cell()


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    number: int  # 1-based position within its table, as a person counts
    page: int | None = None  # 1-based page, when the format has pages
    after_page_break: bool = False  # first row on a new page (PDF) or after a repeated header


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    number: int  # 1-based position among the document's tables
    page: int | None = None


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    page: int | None = None


@dataclass(frozen=True)
class ReadingNote:
    """Something the reader saw that the office should check: a catalogue key and its values
    (an XLSX formula saved without its value, which reads as nothing)."""

    code: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SourceDocument:
    """A plan file as read, in document order where the format allows.

    ``header_lines`` are the lines of the top-left issuer block ("UBND TỈNH QUẢNG TRỊ",
    "SỞ CÔNG THƯƠNG", "Số: 12/KH-SCT") when the format keeps it apart from the body.
    """

    path: str
    format: DocumentFormat
    paragraphs: tuple[Paragraph, ...] = ()
    tables: tuple[Table, ...] = ()
    header_lines: tuple[str, ...] = ()
    header_right_lines: tuple[str, ...] = ()  # the national motto, place and date
    page_count: int | None = None
    warnings: tuple[str, ...] = field(default=())
    notes: tuple[ReadingNote, ...] = field(default=())
