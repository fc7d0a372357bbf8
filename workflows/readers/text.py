"""Tab-separated text, as pasted from a portal or extracted from a PDF (seed 000).

Lines with tabs are table rows; a blank line followed by the header again is a page break
(the table step then merges a row the break cut in two). Simple inline HTML tags that portals
leave in cells (``<i>…</i>``) are removed. Other lines are paragraphs.
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
from workflows.text import clean

_TAGS = re.compile(r"</?(?:i|b|u|em|strong|span|br|p|sup|sub)\b[^>]*>", re.IGNORECASE)
_ENCODINGS = ("utf-8-sig", "utf-16", "cp1258")


def read_text(path: Path) -> SourceDocument:
    lines = _decode(path).splitlines()
    paragraphs: list[Paragraph] = []
    rows: list[Row] = []
    for number, line in enumerate(lines, start=1):
        if "\t" in line:
            cells = tuple(_cell(part) for part in line.split("\t"))
            rows.append(Row(cells=cells, number=number))
        elif clean(line):
            paragraphs.append(Paragraph(text=clean(_TAGS.sub("", line))))
    tables = (Table(rows=_pad(rows), number=1),) if rows else ()
    return SourceDocument(
        path=str(path), format=DocumentFormat.TEXT, paragraphs=tuple(paragraphs), tables=tables
    )


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError("import.text_encoding", SourceLocation(str(path)))


def _cell(raw: str) -> Cell:
    text = clean(_TAGS.sub("", raw))
    return Cell(lines=(text,) if text else ())


def _pad(rows: list[Row]) -> tuple[Row, ...]:
    width = max(len(row.cells) for row in rows)
    return tuple(
        Row(cells=row.cells + (Cell(),) * (width - len(row.cells)), number=row.number)
        for row in rows
    )
