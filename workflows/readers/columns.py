"""Finding a task table's columns by their header words, with synonyms, in any case.

A header cell may be broken over lines ("Thời gian / hoàn thành"), written with or without
diacritics, or split over two header rows ("Đơn vị thực hiện" over "Chủ trì | Phối hợp").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from workflows.readers.document import Row
from workflows.text import fold


class Field(StrEnum):
    NUMBER = "number"
    OBJECTIVE = "objective"
    TASK = "task"
    ACTIVITY = "activity"
    PRODUCT = "product"
    LEAD = "lead"
    PARTNERS = "partners"
    TIME = "time"
    BUDGET = "budget"
    NOTES = "notes"  # status columns: kept as notes, never read as deadlines or products


# Checked in order: the first rule whose pattern matches the folded header text wins, so the
# specific phrases ("ket qua thuc hien" is a status, not a product) come before general ones.
_RULES: tuple[tuple[Field, re.Pattern[str]], ...] = tuple(
    (field, re.compile(pattern))
    for field, pattern in (
        (Field.NOTES, r"tien do|tinh trang|ket qua thuc hien|ghi chu"),
        (Field.NUMBER, r"^(s\.?\s?tt|tt|so tt|so thu tu)\.?$"),
        (Field.TIME, r"thoi gian|thoi han|thoi diem|han hoan thanh|moc thoi gian"),
        (Field.PARTNERS, r"phoi hop"),
        (
            Field.LEAD,
            r"chu tri|(don vi|co quan|bo phan) (duoc giao )?thuc hien|phan cong"
            r"|(don vi|co quan) chiu trach nhiem",
        ),
        (Field.BUDGET, r"kinh phi|du toan|nguon von"),
        (Field.PRODUCT, r"ket qua|san pham|hinh thuc van ban"),
        (Field.ACTIVITY, r"hoat dong"),
        (Field.OBJECTIVE, r"muc tieu"),
        (Field.TASK, r"nhiem vu|noi dung|cong viec|giai phap|de an|^ten\b"),
    )
)


def classify_header(text: str) -> Field | None:
    """The field a header cell names, or None when it names none we know."""
    folded = fold(text).replace("/", " / ")
    folded = re.sub(r"\s+", " ", folded).strip(" .:")
    if not folded:
        return None
    for field, pattern in _RULES:
        if pattern.search(folded):
            return field
    return None


@dataclass(frozen=True)
class ColumnMap:
    """Which grid column holds which field, and the header text as printed (for messages)."""

    columns: dict[Field, int]
    headers: tuple[str, ...]  # one per grid column, as printed (multi-row headers joined)
    header_rows: int  # how many rows the header occupies

    def get(self, field: Field) -> int | None:
        return self.columns.get(field)

    def header_of(self, index: int) -> str:
        return self.headers[index] if index < len(self.headers) else str(index + 1)

    @property
    def is_task_table(self) -> bool:
        texts = (Field.TASK, Field.ACTIVITY, Field.OBJECTIVE)
        return Field.LEAD in self.columns and any(field in self.columns for field in texts)


def header_texts(rows: Sequence[Row]) -> tuple[str, ...]:
    """Per grid column, the header words of all header rows, merged cells spread over their span."""
    width = max(len(row.cells) for row in rows)
    texts = [""] * width
    for row in rows:
        origin = ""
        for index, cell in enumerate(row.cells):
            if not cell.covered:
                origin = "" if cell.continues_above else cell.text
            text = origin if cell.covered else ("" if cell.continues_above else cell.text)
            if text and text not in texts[index]:
                texts[index] = f"{texts[index]} {text}".strip()
    return tuple(texts)


def map_columns(rows: Sequence[Row]) -> ColumnMap | None:
    """A column map for the header made of ``rows``; None if they do not read as a task header.

    Lower header rows are more specific ("Chủ trì" under "Đơn vị thực hiện"), so each column
    is classified by its lowest row's own words first, then by the words of all rows.
    """
    joined = header_texts(rows)
    lowest = header_texts(rows[-1:])
    columns: dict[Field, int] = {}
    for index, text in enumerate(joined):
        field = classify_header(lowest[index]) if index < len(lowest) else None
        field = field or classify_header(text)
        if field is not None and field not in columns:
            columns[field] = index
    if len(columns) < 3:
        return None
    return ColumnMap(columns=columns, headers=joined, header_rows=len(rows))


def find_header(rows: Sequence[Row], max_header_rows: int = 3) -> ColumnMap | None:
    """The header at the top of ``rows`` (one to three rows), preferring the fuller reading.

    The top row must itself name at least two fields: a caption merged across the table
    ("CHI TIẾT CÁC NHIỆM VỤ …") names one at most, so it is never taken for a header.
    """
    if not rows or _fields_named(rows[0]) < 2:
        return None
    best: ColumnMap | None = None
    for count in range(1, min(max_header_rows, len(rows)) + 1):
        candidate = map_columns(rows[:count])
        if candidate is None or not candidate.is_task_table:
            continue
        if best is None or len(candidate.columns) > len(best.columns):
            best = candidate
    return best


def _fields_named(row: Row) -> int:
    fields = {classify_header(cell.text) for cell in row.cells if not cell.covered}
    return len(fields - {None})


def header_key(row: Row) -> str:
    """A comparable fingerprint of a row, to recognise a header repeated on a later page."""
    return "|".join(fold(cell.text) for cell in row.cells)


_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_COLUMN_LETTER = re.compile(r"^\(?[A-Z]\)?$")


def is_column_numbering(row: Row) -> bool:
    """The "(1) (2) (3) …" row some plans print under the header, or the statistical forms'
    "A B 1 2 3 4" (letters for the text columns, then numbers)."""
    texts = [cell.text for cell in row.cells if not cell.covered and cell.text]
    letters = 0
    while letters < len(texts) and _COLUMN_LETTER.match(texts[letters]):
        letters += 1
    if letters and [text.strip("()") for text in texts[:letters]] != [
        chr(ord("A") + index) for index in range(letters)
    ]:
        return False
    numbered = texts[letters:]
    if len(texts) < 3 or not numbered or not all(_COLUMN_NUMBER.match(t) for t in numbered):
        return False
    numbers = [int(text.strip("()")) for text in numbered]
    first = 1 if letters else numbers[0]
    return numbers == list(range(first, first + len(numbers)))
