"""Tab-separated text, as pasted from a portal or extracted from a PDF (seed 000).

Lines with tabs are table rows; a blank line followed by the header again is a page break
(the table step then merges a row the break cut in two). Simple inline HTML tags that portals
leave in cells (``<i>…</i>``) are removed. Other lines are paragraphs.

Lines end at a line feed (``\r\n`` or ``\n``); a lone carriage return is a line break inside a
cell, as a cell copied from a web page or a spreadsheet keeps it, so the row stays whole. Only a
file with no line feed at all ends its lines with carriage returns (old Mac files). The
encoding is found from the content (``encodings``).
"""

from __future__ import annotations

import re
from pathlib import Path

from nhacviec.errors import DocumentError, SourceLocation
from workflows.readers.document import (
    Cell,
    DocumentFormat,
    Paragraph,
    Row,
    SourceDocument,
    Table,
)
from workflows.readers.encodings import choose_encoding
from workflows.readers.limits import DEFAULT_LIMITS, refuse_rows
from workflows.text import clean, clean_lines

_SAMPLE = 1 << 16  # the bytes the encoding is found from
_TAGS = re.compile(r"</?(?:i|b|u|em|strong|span|br|p|sup|sub)\b[^>]*>", re.IGNORECASE)


def read_text(path: Path, *, max_rows: int = DEFAULT_LIMITS.max_rows) -> SourceDocument:
    """Stream the file's lines (a huge file is refused at its row limit, never held whole)."""
    location = SourceLocation(str(path))
    with path.open("rb") as raw:
        sample = raw.read(_SAMPLE)
    encoding = choose_encoding(sample, location)
    text = sample.decode(encoding, errors="ignore")
    newline = "\r" if "\r" in text and "\n" not in text else "\n"  # CR alone: an old Mac file
    try:
        paragraphs, rows = _read_lines(path, encoding, newline, max_rows)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            raise DocumentError("import.text_encoding", location) from exc
        paragraphs, rows = _read_lines(path, "cp1258", newline, max_rows)  # UTF-8 only at first
    tables = (Table(rows=_pad(rows), number=1),) if rows else ()
    return SourceDocument(
        path=str(path), format=DocumentFormat.TEXT, paragraphs=tuple(paragraphs), tables=tables
    )


def _read_lines(
    path: Path, encoding: str, newline: str, max_rows: int
) -> tuple[list[Paragraph], list[Row]]:
    paragraphs: list[Paragraph] = []
    rows: list[Row] = []
    with path.open(encoding=encoding, newline=newline) as stream:
        for number, ended in enumerate(stream, start=1):
            line = ended.removesuffix(newline).removesuffix("\r")
            if "\t" in line:
                if len(rows) >= max_rows:
                    raise refuse_rows(path, max_rows)
                cells = tuple(_cell(part) for part in line.split("\t"))
                rows.append(Row(cells=cells, number=number))
            elif clean(line):
                paragraphs.append(Paragraph(text=clean(_TAGS.sub("", line))))
    return paragraphs, rows


def _cell(raw: str) -> Cell:
    return Cell(lines=clean_lines(_TAGS.sub("", raw)))


def _pad(rows: list[Row]) -> tuple[Row, ...]:
    """Rows as wide as the widest. A row pasted from a web page ends early when its last cells
    were merged with the row above (rowspan, kept only in the first row): the cells it lacks
    continue the cells above («2 | Số đại biểu … | Chính thức» under a row that prints the
    time and the unit)."""
    width = max(len(row.cells) for row in rows)
    missing = Cell(continues_above=True)
    return tuple(
        Row(cells=row.cells + (missing,) * (width - len(row.cells)), number=row.number)
        for row in rows
    )
