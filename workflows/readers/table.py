"""The shared "table → task rows" step, the same for DOCX, PDF, XLSX and tab-separated text.

It finds the task tables by their header words, joins a table split over several Word tables
or pages, skips headers repeated on each page, reads section rows ("I", "I.1", "A NGUỒN …",
"VI CẢI CÁCH TÀI CHÍNH CÔNG"), groups a task's activity rows, merges rows that a page break cut
in two, and gives every activity row its ref ("II.1b").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from nhacviec.errors import DocumentError, SourceLocation
from workflows.plan import Notice, SourceRef, TaskRow
from workflows.readers.columns import (
    ColumnMap,
    Field,
    find_header,
    header_key,
    is_column_numbering,
)
from workflows.readers.document import Cell, DocumentFormat, Row, SourceDocument, Table
from workflows.readers.pasted import is_time_phrase, realign
from workflows.readers.refs import assign_refs
from workflows.readers.sections import Section, read_section
from workflows.text import fold, join_wrapped

# How far down a table its header may start (spreadsheets put a caption above it).
_HEADER_SEARCH_ROWS = 12
# Fields whose cell lines are kept apart ("\n"): a line break separates units there.
_LINE_FIELDS = frozenset({Field.LEAD, Field.PARTNERS})
# Fields a task's activity rows share with its first row when their own cell is left empty.
_TASK_FIELDS = (Field.OBJECTIVE, Field.TASK)
_ARABIC_NUMBER = re.compile(r"^\d{1,4}(?:\.\d{1,3})*\.?$")
_TIMES_SHARE = 6  # tenths of a «Tiến độ» column's cells that must be times to make it the time
_SUB_ITEM = re.compile(r"^(?:[a-zđ][).]?|[-+•*])$")


@dataclass(frozen=True)
class TaskTable:
    """One logical task table: its column map and its data rows (possibly from several tables)."""

    columns: ColumnMap
    header_rows: tuple[Row, ...]
    rows: tuple[tuple[int, Row], ...]  # (physical table number, row)


@dataclass
class _Draft:
    """A task row being assembled; fields hold lists of lines until the row is complete."""

    values: dict[Field, list[str]]
    extra: list[str]
    section: Section
    number: str
    source: SourceRef
    header_only: bool = False  # no activity, product, lead, partners or time of its own


@dataclass
class _TaskGroup:
    """A numbered task and its activity rows."""

    drafts: list[_Draft] = field(default_factory=list)


def find_task_tables(document: SourceDocument) -> list[TaskTable]:
    """Every logical task table of the document, continuation tables joined to their first."""
    found: list[TaskTable] = []
    for table in document.tables:
        located = _locate_header(table)
        if located is not None:
            columns, start = located
            header_rows = table.rows[start : start + columns.header_rows]
            data = table.rows[start + columns.header_rows :]
            columns = _progress_as_time(columns, data)
            if found and _next_page_of(found[-1], header_rows, data):
                found[-1] = _append(found[-1], Table(data, table.number, table.page))
                continue
            found.append(TaskTable(columns, header_rows, tuple((table.number, r) for r in data)))
        elif found and _continues(found[-1], table):
            found[-1] = _append(found[-1], table)
    return found


def is_targets_table(table: TaskTable) -> bool:
    """A table of targets («CHỈ TIÊU | MỤC TIÊU 2026 - 2030 | CƠ QUAN CHỦ TRÌ, THEO DÕI | …»):
    it names who follows each figure, but has neither a task nor a time column."""
    columns = table.columns
    if columns.get(Field.TIME) is not None or columns.get(Field.TASK) is not None:
        return False
    named = [fold(header) for header in columns.headers]
    return columns.get(Field.OBJECTIVE) is not None or any("chi tieu" in h for h in named)


def targets_tables(document: SourceDocument) -> list[Notice]:
    """A notice for each table of targets, which is not read for tasks."""
    return [
        Notice(
            "import.targets_table_not_read",
            {
                "table": table.rows[0][0] if table.rows else 0,
                "headers": ", ".join(f"«{h}»" for h in table.columns.headers if h),
            },
        )
        for table in find_task_tables(document)
        if is_targets_table(table)
    ]


def _progress_as_time(columns: ColumnMap, data: tuple[Row, ...]) -> ColumnMap:
    """«Tiến độ thực hiện» is a status column in a progress report, but the time column of a
    plan that has no other: there its cells are times («Quý IV/2026», «Năm 2027»)."""
    if columns.get(Field.TIME) is not None:
        return columns
    for index, header in enumerate(columns.headers):
        if not fold(header).startswith("tien do"):
            continue
        texts = [text for row in data if index < len(row.cells) and (text := row.cells[index].text)]
        times = sum(is_time_phrase(text) for text in texts)
        if texts and times * 10 >= len(texts) * _TIMES_SHARE:
            fields = {name: at for name, at in columns.columns.items() if at != index}
            return replace(columns, columns={**fields, Field.TIME: index})
    return columns


def _locate_header(table: Table) -> tuple[ColumnMap, int] | None:
    for start in range(min(_HEADER_SEARCH_ROWS, len(table.rows))):
        columns = find_header(table.rows[start:])
        if columns is not None:
            return columns, start
    return None


def _next_page_of(previous: TaskTable, header: tuple[Row, ...], data: tuple[Row, ...]) -> bool:
    """A table that repeats the header of the task table above at the top of the next page
    goes on with it, though a footnote under the first part kept the pages apart."""
    if not previous.rows or not data or len(header) != len(previous.header_rows):
        return False
    last, first = previous.rows[-1][1].page, data[0].page
    same = all(
        header_key(a) == header_key(b) for a, b in zip(header, previous.header_rows, strict=True)
    )
    return same and last is not None and first is not None and first == last + 1


def _continues(previous: TaskTable, table: Table) -> bool:
    """A headerless table of the same width right after a task table continues it."""
    width = len(previous.header_rows[0].cells)
    return bool(table.rows) and len(table.rows[0].cells) == width


def _append(previous: TaskTable, table: Table) -> TaskTable:
    first, *rest = table.rows
    marked = Row(first.cells, first.number, first.page, after_page_break=True)
    rows = (*previous.rows, (table.number, marked), *((table.number, r) for r in rest))
    return TaskTable(previous.columns, previous.header_rows, rows)


def read_table_rows(document: SourceDocument) -> list[TaskRow]:
    """All task rows of all task tables, in document order, with refs assigned."""
    tables = [table for table in find_task_tables(document) if not is_targets_table(table)]
    if not tables:
        return []
    for table in tables:
        _require_time_column(document, table)
    # Only a copy pasted as text loses the places of merged cells; a real table keeps them.
    pasted = document.format is DocumentFormat.TEXT
    groups = [group for table in tables for group in _read_groups(table, pasted=pasted)]
    return assign_refs([_task_row(draft) for draft in group] for group in groups)


def _require_time_column(document: SourceDocument, table: TaskTable) -> None:
    if table.columns.get(Field.TIME) is None:
        number = table.rows[0][0] if table.rows else None
        headers = ", ".join(f"«{h}»" for h in table.columns.headers if h)
        raise DocumentError(
            "import.no_time_column",
            SourceLocation(document.path, table=number),
            headers=headers,
        )


def _read_groups(table: TaskTable, *, pasted: bool) -> Iterator[list[_Draft]]:
    """Walk the rows: skip repeated headers, track sections, group activity rows by task."""
    reader = _RowReader(table, pasted=pasted)
    for table_number, row in table.rows:
        reader.feed(table_number, row)
    yield from reader.finish()


# A label printed in place of a repeated header's first cells («Nội dung»).
_LABEL_WORDS = 4


class _RowReader:
    def __init__(self, table: TaskTable, *, pasted: bool) -> None:
        self.columns = table.columns
        self.pasted = pasted
        self.header_keys = {header_key(row) for row in table.header_rows}
        # Folding every cell of every row is costly: only rows that open like a header row
        # (same first cell, any case) are compared in full.
        self.header_openings = {_opening(row) for row in table.header_rows}
        # The header's cells, folded, for a repeat that lost cells in a web copy.
        self.header_cells = [
            [fold(cell.text) for cell in row.cells if cell.text.strip()]
            for row in table.header_rows
        ]
        self.header_words = {text for cells in self.header_cells for text in cells}
        self.longest_header = max((len(text) for text in self.header_words), default=0) + 8
        self.section = Section.none()
        self.groups: list[_TaskGroup] = []
        self.current: _TaskGroup | None = None
        self.previous: _Draft | None = None
        self.after_break = False

    def feed(self, table_number: int, row: Row) -> None:
        if _opening(row) in self.header_openings and header_key(row) in self.header_keys:
            self.after_break = True
            return
        if self._repeats_header_shifted(row):
            self.after_break = True
            return
        if is_column_numbering(row) or all(cell.is_empty for cell in row.cells):
            return
        if self.pasted:
            row = realign(row, self.columns)
        after_break = self.after_break or row.after_page_break
        self.after_break = False
        section = read_section(row, self.columns, self.section)
        if section is not None:
            self._close_heading_only_task()
            self.section, self.current, self.previous = section, None, None
            return
        source = SourceRef(table=table_number, row=row.number, page=row.page)
        if after_break and self.previous is not None and self._is_continuation(row):
            self._merge_into_previous(row)
            return
        self._add_row(row, source)

    def _repeats_header_shifted(self, row: Row) -> bool:
        """A header repeated in a copy pasted from a web page, whose merged or empty cells
        were dropped so the others shifted left («Cơ quan chủ trì | Cơ quan phối hợp | …»
        without its «STT»): its cells are the header's own, in the header's order, and at
        least three of them (or all, for a narrower header)."""
        filled = (text for cell in row.cells if (text := cell.text).strip())
        first, second = next(filled, ""), next(filled, "")
        if not first or not (self._is_header_word(first) or self._is_header_word(second)):
            return False  # most rows: their first two cells tell
        texts = [fold(text) for cell in row.cells if (text := cell.text).strip()]
        if texts[0] not in self.header_words:
            # «Nội dung | Đơn vị thực hiện | Đơn vị phối hợp | …» repeated under each section
            # row: a label in place of the first header cells, then four of the header's own.
            label, rest = texts[0], texts[1:]
            return (
                not any(char.isdigit() for char in label)
                and len(label.split()) <= _LABEL_WORDS
                and any(len(rest) >= 4 and _in_order(rest, header) for header in self.header_cells)
            )
        return any(
            len(texts) >= min(3, len(header)) and _in_order(texts, header)
            for header in self.header_cells
        )

    def _is_header_word(self, text: str) -> bool:
        """A cell of the header (a task's text is longer than any: it is not folded)."""
        return len(text) <= self.longest_header and fold(text) in self.header_words

    def finish(self) -> list[list[_Draft]]:
        self._close_heading_only_task()
        return [group.drafts for group in self.groups if group.drafts]

    # -- rows --------------------------------------------------------------------------

    def _add_row(self, row: Row, source: SourceRef) -> None:
        number_text = self._text(row, Field.NUMBER)
        number_cell = self._cell(row, Field.NUMBER)
        starts_task = bool(number_text) and not _SUB_ITEM.match(number_text.lower())
        if number_cell is not None and number_cell.continues_above:
            starts_task = False
        if starts_task or self.current is None:
            self._close_heading_only_task()
            self.current = _TaskGroup()
            self.groups.append(self.current)
            number = number_text.rstrip(".")
        else:
            number = self.current.drafts[0].number if self.current.drafts else ""
        draft = self._draft(row, source, number)
        self.current.drafts.append(draft)
        self.previous = draft

    def _draft(self, row: Row, source: SourceRef, number: str) -> _Draft:
        values: dict[Field, list[str]] = {}
        for name, index in self.columns.columns.items():
            if name is Field.NUMBER:
                continue
            values[name] = self._lines_or_inherited(row.cells[index], name)
        self._share_task_fields(values)
        own = (Field.ACTIVITY, Field.PRODUCT, Field.LEAD, Field.PARTNERS, Field.TIME)
        header_only = not any(values.get(name) for name in own)
        return _Draft(values, self._extra(row), self.section, number, source, header_only)

    def _lines_or_inherited(self, cell: Cell, name: Field) -> list[str]:
        if cell.continues_above and self.previous is not None:
            return list(self.previous.values.get(name, []))
        return list(cell.lines)

    def _share_task_fields(self, values: dict[Field, list[str]]) -> None:
        """Activity rows share the task's objective and task text when their cell is empty."""
        if self.current is None or not self.current.drafts:
            return
        first = self.current.drafts[0]
        for name in _TASK_FIELDS:
            if name in values and not values[name]:
                values[name] = list(first.values.get(name, []))

    def _extra(self, row: Row) -> list[str]:
        """Text of columns we have no field for, kept as notes with their header."""
        known = set(self.columns.columns.values())
        notes = []
        for index, cell in enumerate(row.cells):
            if index not in known and not cell.covered and cell.text:
                notes.append(f"{self.columns.header_of(index)}: {cell.text}")
        return notes

    # -- page-split rows ---------------------------------------------------------------

    def _is_continuation(self, row: Row) -> bool:
        """Is this first row after a page break the rest of the row the break cut in two?

        It has no number; every cell with text continues a cell of the previous row that had
        text; and it either has no deadline of its own (a new activity row has one) or most
        of its cells start in mid-sentence (lower case), as cut text does. A cut may fall
        anywhere, even inside the lead cell ("Bộ Thông tin và" / "Truyền thông").
        """
        assert self.previous is not None
        if self._text(row, Field.NUMBER):
            return False
        filled = {name: text for name, text in self._texts(row).items() if text}
        if not filled or any(not self.previous.values.get(name) for name in filled):
            return False
        if Field.TIME not in filled:
            return True
        mid_sentence = sum(_starts_mid_sentence(text) for text in filled.values())
        return mid_sentence * 2 > len(filled)

    def _merge_into_previous(self, row: Row) -> None:
        assert self.previous is not None
        for name, index in self.columns.columns.items():
            cell = row.cells[index]
            if name is Field.NUMBER or cell.is_empty or cell.continues_above:
                continue
            # The cut is not a line break of the cell: its two halves join like wrapped text.
            lines = self.previous.values.setdefault(name, [])
            if lines:
                lines[-1] = join_wrapped([lines[-1], cell.lines[0]])
                lines.extend(cell.lines[1:])
            else:
                lines.extend(cell.lines)

    # -- helpers -----------------------------------------------------------------------

    def _close_heading_only_task(self) -> None:
        """A numbered row with nothing but text, followed by sub-rows, is their task; alone
        it is a heading: it then names the section of the tasks that follow."""
        group = self.current
        if group is None or not group.drafts or not group.drafts[0].header_only:
            return
        if len(group.drafts) > 1:
            group.drafts.pop(0)
            return
        heading = group.drafts[0]
        title = " ".join(heading.values.get(Field.TASK) or heading.values.get(Field.OBJECTIVE, []))
        self.section = self.section.with_heading(f"{heading.number}. {title}".strip(". "))
        self.groups.remove(group)
        self.current = None

    def _cell(self, row: Row, name: Field) -> Cell | None:
        index = self.columns.get(name)
        return row.cells[index] if index is not None and index < len(row.cells) else None

    def _text(self, row: Row, name: Field) -> str:
        cell = self._cell(row, name)
        return cell.text if cell is not None and not cell.continues_above else ""

    def _texts(self, row: Row) -> dict[Field, str]:
        return {name: self._text(row, name) for name in self.columns.columns}


def _in_order(texts: list[str], header: list[str]) -> bool:
    """Whether ``texts`` are cells of ``header``, each once, in the header's order."""
    remaining = iter(header)
    return all(any(text == cell for cell in remaining) for text in texts)


def _opening(row: Row) -> str:
    return row.cells[0].text.casefold() if row.cells else ""


def _starts_mid_sentence(text: str) -> bool:
    for char in text:
        if char.isalpha():
            return char.islower()
        if char.isdigit():
            return False
    return True


def _task_row(draft: _Draft) -> TaskRow:
    def text(name: Field) -> str:
        lines = draft.values.get(name, [])
        return ("\n" if name in _LINE_FIELDS else " ").join(lines)

    task_text = text(Field.TASK) or text(Field.ACTIVITY) or text(Field.OBJECTIVE)
    notes = " ".join(filter(None, [text(Field.NOTES), *draft.extra]))
    return TaskRow(
        section=draft.section.numeral,
        section_title=draft.section.title,
        number=draft.number,
        objective=text(Field.OBJECTIVE),
        task=task_text,
        activity=text(Field.ACTIVITY),
        product=text(Field.PRODUCT),
        lead=text(Field.LEAD) or draft.section.lead,
        partners=text(Field.PARTNERS),
        time_text=text(Field.TIME),
        budget=text(Field.BUDGET),
        notes=notes,
        source=draft.source,
    )
