"""DOCX reader (python-docx): body paragraphs and tables in document order.

Tables are read straight from the WordprocessingML elements rather than through
``table.rows[i].cells``, because we need what the convenience API hides: which cells continue
a vertical merge (``w:vMerge``) and how many grid columns a cell spans (``w:gridSpan``), and
because it is several times faster on large appendices.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

from nhacviec.errors import DocumentError, SourceLocation
from workflows.readers.document import (
    EMPTY_CELL,
    Cell,
    DocumentFormat,
    Paragraph,
    Row,
    SourceDocument,
    Table,
)
from workflows.text import clean, clean_lines

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_VAL = qn("w:val")
_TRUE_VALUES = {None, "1", "true", "on"}


def read_docx(path: Path) -> SourceDocument:
    body = _open_body(path)
    paragraphs: list[Paragraph] = []
    tables: list[Table] = []
    header_left: tuple[str, ...] = ()
    header_right: tuple[str, ...] = ()
    for element in body.iterchildren():
        if element.tag == _P:
            text = clean(_paragraph_text(element))
            if text:
                paragraphs.append(Paragraph(text=text, bold=_is_bold(element)))
        elif element.tag == _TBL:
            table = _read_table(element, number=len(tables) + 1)
            if not tables and not paragraphs and _looks_like_issuer_block(table):
                header_left, header_right = _issuer_block_lines(table)
            tables.append(table)
    return SourceDocument(
        path=str(path),
        format=DocumentFormat.DOCX,
        paragraphs=tuple(paragraphs),
        tables=tuple(tables),
        header_lines=header_left,
        header_right_lines=header_right,
    )


def _open_body(path: Path) -> Any:
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # a damaged document fails in many ways (zip, XML, python-docx)
        raise DocumentError("import.docx_unreadable", SourceLocation(str(path))) from exc
    return document.element.body


def _read_table(tbl: Any, number: int) -> Table:
    rows = [
        Row(cells=tuple(_read_row(tr)), number=index)
        for index, tr in enumerate(tbl.iterchildren(_TR), start=1)
    ]
    return Table(rows=_pad(rows), number=number)


def _read_row(tr: Any) -> list[Cell]:
    cells: list[Cell] = [EMPTY_CELL] * _grid_before(tr)
    for tc in tr.iterchildren(_TC):
        span = _int_prop(tc, "w:gridSpan", default=1)
        merge = _vmerge(tc)
        cell = Cell(continues_above=True) if merge == "continue" else Cell(lines=_cell_lines(tc))
        cells.append(cell)
        covered = Cell(covered=True, continues_above=cell.continues_above)
        cells.extend([covered] * (span - 1))
    return cells


def _pad(rows: list[Row]) -> tuple[Row, ...]:
    """Give every row the same width (rows may end early when the last cells are missing)."""
    width = max((len(row.cells) for row in rows), default=0)
    return tuple(
        Row(cells=row.cells + (EMPTY_CELL,) * (width - len(row.cells)), number=row.number)
        for row in rows
    )


def _cell_lines(tc: Any) -> tuple[str, ...]:
    lines: list[str] = []
    for p in tc.iter(_P):
        lines.extend(clean_lines(_paragraph_text(p)))
    return tuple(lines)


def _paragraph_text(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter(_T, _TAB, _BR, _CR):
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _is_bold(p: Any) -> bool:
    """True when every run with text is bold (section headings in list-layout plans)."""
    runs = [r for r in p.iter(qn("w:r")) if "".join(t.text or "" for t in r.iter(_T)).strip()]
    if not runs:
        return False
    for run in runs:
        bold = run.find(f"{qn('w:rPr')}/{qn('w:b')}")
        if bold is None or bold.get(_VAL) not in _TRUE_VALUES:
            return False
    return True


def _grid_before(tr: Any) -> int:
    trpr = tr.find(qn("w:trPr"))
    if trpr is None:
        return 0
    node = trpr.find(qn("w:gridBefore"))
    return int(node.get(_VAL, "0")) if node is not None else 0


def _int_prop(tc: Any, tag: str, default: int) -> int:
    node = tc.find(f"{qn('w:tcPr')}/{qn(tag)}")
    if node is None:
        return default
    try:
        return max(1, int(node.get(_VAL, default)))
    except ValueError:
        return default


def _vmerge(tc: Any) -> str | None:
    node = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    if node is None:
        return None
    return "restart" if node.get(_VAL) == "restart" else "continue"


def _looks_like_issuer_block(table: Table) -> bool:
    """The borderless two-column block at the top: issuer and number left, motto right."""
    if not table.rows or len(table.rows) > 4 or len(table.rows[0].cells) != 2:
        return False
    right = " ".join(row.cells[1].text for row in table.rows).upper()
    return "CỘNG HÒA" in right or "CỘNG HOÀ" in right or "ĐỘC LẬP" in right


def _issuer_block_lines(table: Table) -> tuple[tuple[str, ...], tuple[str, ...]]:
    left = tuple(line for row in table.rows for line in row.cells[0].lines)
    right = tuple(line for row in table.rows for line in row.cells[1].lines)
    return left, right


def iter_cells_raw(path: Path) -> Iterator[str]:
    """Every cell's text through python-docx's own API: the baseline for ``bench/import.py``."""
    document = docx.Document(str(path))
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield cell.text
