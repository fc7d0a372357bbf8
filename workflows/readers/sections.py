"""Section rows of a task table: "I", "II. CẢI CÁCH THỂ CHẾ", "III.1.1 …", "A NGUỒN …"."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from workflows.readers.columns import ColumnMap, Field
from workflows.readers.document import Row
from workflows.units.bodies import names_body, starts_with_body

_ROMAN = r"(?:M{0,3})(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
# A top-level numeral (Roman, or one capital letter), optionally with sub-levels "III.1.1".
_NUMERAL = re.compile(rf"^(?P<top>{_ROMAN}|[A-ZĐ])(?P<sub>(?:\.\d{{1,3}})*)\.?$")
# "II. CẢI CÁCH THỂ CHẾ", "VI CẢI CÁCH TÀI CHÍNH CÔNG", "III.1.1. Dữ liệu": numeral then title.
_NUMBERED_TITLE = re.compile(
    rf"^(?P<num>(?:{_ROMAN}|[A-ZĐ])(?:\.\d{{1,3}})*)\.?\s+(?P<title>\S.*)$"
)
_UNIT_FIELDS = (Field.LEAD, Field.PARTNERS, Field.TIME, Field.ACTIVITY, Field.PRODUCT)


@dataclass(frozen=True)
class Section:
    numeral: str  # the top-level numeral ("III" for "III.1.1"), "" when the table has none
    title: str  # the deepest section's label as printed ("III.1.1 Dữ liệu …")
    lead: str = ""  # a full-width row naming a body leads the rows below it ("Sở Tư pháp")

    @classmethod
    def none(cls) -> Section:
        return cls(numeral="", title="")

    def with_heading(self, title: str) -> Section:
        return replace(self, title=title)


def read_section(row: Row, columns: ColumnMap, current: Section) -> Section | None:
    """The section this row opens, or None if it is not a section row."""
    texts = _distinct_texts(row)
    number = _text(row, columns, Field.NUMBER)
    if _is_pasted_section_row(texts, number):
        title = texts[1]
        lead = title if starts_with_body(title) else ""
        return replace(_section(number, title, current), lead=lead)
    if _is_sub_heading_row(row, columns, texts, number):
        return current.with_heading(f"{number} {texts[1]}")
    if any(_text(row, columns, name) for name in _UNIT_FIELDS if name in columns.columns):
        return None
    if number and _NUMERAL.match(number) and len(texts) <= 2:
        title = next((text for text in texts if text != number), "")
        return _section(number, title, current)
    if len(texts) == 1:
        return _single_cell_section(texts[0], current)
    return None


# «5.1», «2.3.4»: an item's number.
_ARABIC_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?$")


def _is_sub_heading_row(row: Row, columns: ColumnMap, texts: list[str], number: str) -> bool:
    """«5.1 | | Thương mại | | |»: a sub-number, no task text and one short title that names no
    body (it sat in a merged cell and landed in whatever column): a heading over the rows
    below, not a task (every task row prints its task)."""
    if len(texts) != 2 or texts[0] != number or not _ARABIC_NUMBER.match(number):
        return False
    if Field.TASK not in columns.columns or _text(row, columns, Field.TASK):
        return False
    title = texts[1]
    return len(title.split()) <= _SUB_HEADING_WORDS and not starts_with_body(title)


_SUB_HEADING_WORDS = 8


def _is_pasted_section_row(texts: list[str], number: str) -> bool:
    """«A. | BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG», «VIII | DUY TRÌ …» pasted from a web page: the merged
    title cell lost its span and sits in whatever column follows the numeral; a numeral and a
    heading alone still open a section (led by the body it names, if it names one)."""
    if len(texts) != 2 or texts[0] != number or not _NUMERAL.match(number):
        return False
    title = texts[1]
    return names_body(title) or _is_upper_heading(title)


def _single_cell_section(text: str, current: Section) -> Section | None:
    match = _NUMBERED_TITLE.match(text)
    if match and _is_heading_text(match["title"]):
        return replace(_section(match["num"], match["title"], current), title=text)
    if _NUMERAL.match(text):
        return _section(text, "", current)
    if names_body(text):  # a table grouped by unit: the body leads the rows below
        return Section(numeral=current.numeral, title=text, lead=text)
    if _is_upper_heading(text):
        return Section(numeral=current.numeral, title=text)
    return None


def _section(numeral: str, title: str, current: Section) -> Section:
    match = _NUMERAL.match(numeral.rstrip("."))
    top = match["top"] if match else numeral
    sub = bool(match and match["sub"])
    label = f"{numeral} {title}".strip()
    numeral = current.numeral if sub and current.numeral == top else top
    return Section(numeral=numeral, title=label, lead=_body_in_title(title))


def _body_in_title(title: str) -> str:
    """«I BỘ TƯ PHÁP» or «1. Sở Nội vụ»: a section named after a body is led by it."""
    return title if names_body(title) else ""


def _is_heading_text(title: str) -> bool:
    """Title text after a numeral: a capitalised word, not a lower-case sentence fragment."""
    first = next((char for char in title if char.isalpha()), "")
    return first.isupper()


def _is_upper_heading(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 4 and sum(char.isupper() for char in letters) >= 0.8 * len(letters)


def _distinct_texts(row: Row) -> list[str]:
    texts: list[str] = []
    for cell in row.cells:
        text = cell.text
        if text and not cell.covered and not cell.continues_above and text not in texts:
            texts.append(text)
    return texts


def _text(row: Row, columns: ColumnMap, name: Field) -> str:
    index = columns.get(name)
    if index is None or index >= len(row.cells):
        return ""
    cell = row.cells[index]
    return "" if cell.continues_above or cell.covered else cell.text
