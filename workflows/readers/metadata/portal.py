"""The block a legal portal prints above a document, as a clerk copies it with the text.

thuvienphapluat.vn and vbpl.vn give «Số hiệu: 6225/BVHTTDL-VP», «Loại văn bản: Công văn», «Nơi ban
hành: …», «Người ký: …», «Ngày ban hành: 18/11/2025» one field a line before the document itself.
A dispatch (công văn) often prints no number or date of its own that a reader can find, so these
fields stand in for the printed header, never over it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from workflows.text import clean, fold

# The portal's labels, folded; a line "Label: value" with one of them belongs to the block.
_LABELS = {
    "so hieu": "number",
    "so ky hieu": "number",
    "ky hieu": "number",
    "ngay ban hanh": "signed_on",
    "noi ban hanh": "issuer",
    "co quan ban hanh": "issuer",
    "loai van ban": "",
    "nguoi ky": "",
    "ngay hieu luc": "",
    "ngay cong bao": "",
    "so cong bao": "",
    "tinh trang": "",
    "linh vuc": "",
}
_FIELD = re.compile(r"^(?P<label>[^:]{3,20}):\s*(?P<value>.*)$")
_DAY = re.compile(r"^(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})$")
# A number as the portal prints it: "6225/BVHTTDL-VP", "174/KH-UBND".
_NUMBER = re.compile(r"^\S*\d\S*/\S+$")


@dataclass(frozen=True)
class PortalFacts:
    number: str = ""
    signed_on: date | None = None
    issuer: str = ""
    lines: int = 0  # how many leading paragraphs the block takes


def portal_block(texts: Sequence[str]) -> PortalFacts:
    """The portal fields at the top of ``texts`` (the document's first paragraphs)."""
    fields: dict[str, str] = {}
    lines = 0
    for text in texts:
        match = _FIELD.match(clean(text))
        name = _LABELS.get(fold(match["label"]).strip()) if match else None
        if match is None or name is None:
            break
        lines += 1
        if name and name not in fields:
            fields[name] = match["value"].strip()
    number = fields.get("number", "")
    return PortalFacts(
        number=number if _NUMBER.match(number) else "",
        signed_on=_day(fields.get("signed_on", "")),
        issuer=fields.get("issuer", ""),
        lines=lines,
    )


def _day(value: str) -> date | None:
    match = _DAY.match(value)
    if match is None:
        return None
    try:
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None
