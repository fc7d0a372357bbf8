"""PDF reader (pdfplumber): ruled tables as grids, the text around them as paragraphs.

One pass per page: pdfplumber finds the tables from their ruling lines, every character is
put either into the table cell holding it or into the page's free text, and nothing is
extracted twice. Tables that run on over page breaks are joined into one ``Table``; the free
text is rebuilt into paragraphs (``pdf.paragraphs``), with the issuer | motto block at the top
of page 1 read into ``header_lines`` / ``header_right_lines`` (``pdf.blocks``).

The package: ``lines`` (characters into lines and rows), ``blocks`` (side-by-side blocks),
``paragraphs`` (free text into paragraphs), ``tables`` (ruled grids, joined over page breaks);
this module reads a file with them (``read_pdf``) and is the package's face. A document adapter:
it may import pdfplumber (pdfminer), the neutral document model
(``workflows.readers.document``), ``workflows.text`` and the ground (``nhacviec.errors``);
never the plan model, the store, the scheduler or a channel.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException
from pdfplumber.utils.text import dedupe_chars

from nhacviec.errors import DocumentError, SourceLocation
from workflows.readers.document import DocumentFormat, SourceDocument
from workflows.readers.pdf.blocks import Block, find_blocks
from workflows.readers.pdf.furniture import without_running_lines
from workflows.readers.pdf.lines import Line, TextRow, page_rows, without_hidden_spaces
from workflows.readers.pdf.pages import check_page_count, pages_past
from workflows.readers.pdf.paragraphs import (
    Margins,
    ParagraphBuilder,
    column_lines,
    find_margins,
)
from workflows.readers.pdf.tables import (
    TABLE_SETTINGS,
    PageTable,
    assign_chars,
    drawn,
    grids_of,
    join_tables,
    page_table,
)
from workflows.text import fold

ProgressCallback = Callable[[int, int], None]
_DAMAGED = (PdfminerException, MalformedPDFException, PSException)
_MOTTO = ("cong hoa", "doc lap")
_HEADER_MAX_START_ROW = 2
_SCANNED_PAGES = "import.pdf_scanned_pages"  # catalogue key, given as the warning


@dataclass(frozen=True)
class _Page:
    number: int
    width: float
    height: float
    rows: tuple[TextRow, ...]
    tables: tuple[PageTable, ...]
    has_text: bool
    scanned: bool  # an image and no text: a scanned page we cannot read


def read_pdf(
    path: Path,
    *,
    on_page: ProgressCallback | None = None,
    max_pages: int = 1_000,
    max_packed_bytes: int = 64 << 20,
) -> SourceDocument:
    """Read a text PDF into a ``SourceDocument``; ``on_page(done, total)`` after each page.
    A PDF of more than ``max_pages`` pages is refused before any page is read (see
    ``pdf.pages``; its object streams may inflate to ``max_packed_bytes`` in all)."""
    location = SourceLocation(file=str(path))
    check_page_count(path, location, max_pages, max_packed_bytes)
    with _open(path, location, max_pages) as pdf:
        if pages_past(pdf.doc, max_pages):  # what the bytes did not show, the tree does
            raise DocumentError("import.limit.pdf_pages", location, limit=max_pages)
        total = len(pdf.pages)
        if total > max_pages:  # the page tree's count lied: its pages told the truth
            raise DocumentError("import.limit.pdf_pages", location, limit=max_pages)
        pages = []
        for page in pdf.pages:
            pages.append(_read_page(page, location))
            page.close()
            if on_page is not None:
                on_page(page.page_number, total)
    if not any(page.has_text for page in pages):
        raise DocumentError("import.pdf_no_text", location)
    return _document(str(path), _without_running_lines(pages))


def _without_running_lines(pages: list[_Page]) -> list[_Page]:
    """The pages without their running heads and feet, tables placed again on what is left."""
    kept = without_running_lines([(page.rows, page.height) for page in pages])
    return [
        replace(page, rows=rows, tables=tuple(_placed(table, rows) for table in page.tables))
        if len(rows) != len(page.rows)
        else page
        for page, rows in zip(pages, kept, strict=True)
    ]


@contextmanager
def _open(path: Path, location: SourceLocation, max_pages: int) -> Iterator[Any]:
    try:  # pages past the limit are never built (one more shows there are too many)
        pdf = pdfplumber.open(path, pages=list(range(1, max_pages + 2)))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else None
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise DocumentError("import.pdf_encrypted", location) from exc
        raise DocumentError("import.pdf_unreadable", location) from exc
    except OSError as exc:
        raise DocumentError("import.pdf_unreadable", location) from exc
    try:
        yield pdf
    except _DAMAGED as exc:
        raise DocumentError("import.pdf_unreadable", location) from exc
    finally:
        pdf.close()


def _read_page(page: Any, location: SourceLocation) -> _Page:
    number = int(page.page_number)
    try:
        found = page.filter(drawn).find_tables(TABLE_SETTINGS)
        grids = grids_of(table.cells for table in found)
        chars = without_hidden_spaces(_printed_once(page.chars))
        free_chars = assign_chars(grids, chars)
    except _DAMAGED as exc:
        raise DocumentError("import.pdf_unreadable", replace(location, page=number)) from exc
    rows = tuple(page_rows(free_chars, number, float(page.height)))
    tables = tuple(_placed(page_table(grid, number), rows) for grid in grids)
    has_text = any(char["text"].strip() for char in chars)
    scanned = not has_text and bool(page.images)
    return _Page(number, float(page.width), float(page.height), rows, tables, has_text, scanned)


def _printed_once(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop overprinted copies (some printers fake bold by drawing text twice). The full
    de-duplication is costly, so it runs only when two equal glyphs share a spot."""
    seen: set[tuple[str, int, int, bool]] = set()
    for char in chars:
        for shifted in (False, True):
            offset = 0.5 if shifted else 0.0
            key = (char["text"], round(char["x0"] + offset), round(char["top"] + offset), shifted)
            if key in seen:
                return list(dedupe_chars(chars))
            seen.add(key)
    return chars


def _placed(table: PageTable, rows: Sequence[TextRow]) -> PageTable:
    """Mark whether any text stands above or below the table on its page."""
    top, bottom = table.bbox[1], table.bbox[3]
    return replace(
        table,
        at_page_top=not any(row.bottom <= top for row in rows),
        at_page_bottom=not any(row.top >= bottom for row in rows),
    )


def _document(path: str, pages: list[_Page]) -> SourceDocument:
    tables = join_tables([table for page in pages for table in page.tables])
    layouts = _layouts(pages)
    header = _header_block(layouts[0][1]) if layouts else None
    margins = _margins(layouts)
    builder = ParagraphBuilder()
    for page, blocks in layouts:
        for item in _reading_order(page, blocks):
            if isinstance(item, Line):
                builder.add(item, margins[page.number])
            elif isinstance(item, Block):
                if item is not header:
                    builder.add_column(item.left)
                    builder.add_column(item.right)
            else:
                builder.close()
    builder.close()
    return SourceDocument(
        path=path,
        format=DocumentFormat.PDF,
        paragraphs=tuple(builder.paragraphs),
        tables=tables,
        header_lines=column_lines(header.left) if header else (),
        header_right_lines=column_lines(header.right) if header else (),
        page_count=len(pages),
        warnings=(_SCANNED_PAGES,) if any(page.scanned for page in pages) else (),
    )


def _layouts(pages: Sequence[_Page]) -> list[tuple[_Page, list[Block]]]:
    """Each page with its side-by-side blocks; a block ending one page may go on the next."""
    layouts: list[tuple[_Page, list[Block]]] = []
    carried: Block | None = None
    for page in pages:
        blocks = find_blocks(page.rows, carried)
        layouts.append((page, blocks))
        carried = blocks[-1] if blocks and _ends_page(page, blocks[-1]) else None
    return layouts


def _ends_page(page: _Page, block: Block) -> bool:
    if block.end_row != len(page.rows):
        return False
    bottom = page.rows[-1].bottom
    return not any(table.bbox[1] >= bottom for table in page.tables)


def _header_block(blocks: Sequence[Block]) -> Block | None:
    """The first block on page 1, when it starts near the top and its right column is the
    motto (a stray line above it, like "Mẫu số 01", stays a paragraph)."""
    if not blocks or blocks[0].first_row > _HEADER_MAX_START_ROW:
        return None
    right = fold(" ".join(line.text for line in blocks[0].right))
    return blocks[0] if any(words in right for words in _MOTTO) else None


def _free_lines(page: _Page, blocks: Sequence[Block]) -> Iterator[tuple[int, Line]]:
    """Rows outside blocks, each read as one line (index in the page's rows, line)."""
    inside = {index for block in blocks for index in range(block.first_row, block.end_row)}
    for index, row in enumerate(page.rows):
        if index not in inside:
            words = tuple(word for segment in row.segments for word in segment.words)
            yield index, Line(words, page.number)


def _reading_order(page: _Page, blocks: Sequence[Block]) -> list[Line | Block | PageTable]:
    """Lines, blocks and tables of the page from top to bottom."""
    placed: list[tuple[float, Line | Block | PageTable]] = [
        (page.rows[index].top, line) for index, line in _free_lines(page, blocks)
    ]
    placed += [(page.rows[block.first_row].top, block) for block in blocks]
    placed += [(table.bbox[1], table) for table in page.tables]
    placed.sort(key=lambda item: item[0])
    return [item for _, item in placed]


def _margins(layouts: Sequence[tuple[_Page, Sequence[Block]]]) -> dict[int, Margins]:
    """Text area per page, voted over all pages of the same size."""
    groups: dict[tuple[int, int], list[tuple[_Page, Sequence[Block]]]] = defaultdict(list)
    for page, blocks in layouts:
        groups[round(page.width), round(page.height)].append((page, blocks))
    found: dict[int, Margins] = {}
    for members in groups.values():
        lines = [line for page, blocks in members for _, line in _free_lines(page, blocks)]
        boxes = [table.bbox for page, _ in members for table in page.tables]
        fallback = Margins(min(b[0] for b in boxes), max(b[2] for b in boxes)) if boxes else None
        margins = find_margins(lines, members[0][0].width, fallback)
        found.update((page.number, margins) for page, _ in members)
    return found
