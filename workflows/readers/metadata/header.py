"""The issuer block of a plan: who issued it, its number, and the place/date line.

DOCX keeps the top-left block apart (``SourceDocument.header_lines``); text and PDF give it as the
first paragraphs, and an XLSX appendix has none, so the issuer then comes from the appendix note
"(Ban hành kèm theo Kế hoạch số …/KH-SCT … của Sở Công Thương)" or its caption "… CỦA SỞ …".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from workflows.readers.document import SourceDocument
from workflows.readers.metadata.portal import PortalFacts, portal_block
from workflows.text import clean, fold

# How many leading paragraphs may hold the issuer block when the format does not set it apart.
_HEAD_PARAGRAPHS = 8

# "Số: 173/QĐ-BTP", "Số: /KH-SCT" (number left blank for the signature), "Số 12/KH-UBND".
_NUMBER = re.compile(r"^số\s*:?\s*(?P<number>[^\s/]*/\S+)", re.IGNORECASE)
# The plan's own number quoted by its appendix note: "kèm theo Kế hoạch số /KH-SCT ngày …".
_NOTE_NUMBER = re.compile(
    r"kèm theo (?:kế hoạch|chương trình(?: hành động)?) số\s*:?\s*(?P<number>[^\s/]*/[^\s,;)]+)",
    re.IGNORECASE,
)
# A rule line under the issuer or motto: "-------", "___", "———".
_RULE = re.compile(r"^[-_–—=.…\s]+$")
# The place/date line, folded: a place name, a comma, "ngày": "hà nội, ngày …", also after the
# number on one line ("số: /kh-sct quảng trị, ngày …"); not a quoted "… ngày 19 tháng 6 năm …".
_PLACE_DATE = re.compile(r"(?:^|/\S+\s+)[a-z .]{2,30}, ngay\b")
# "…, ngày 29 tháng 01 năm 2015" on folded text; the day or month may be left blank.
_DATE = re.compile(r"ngay\s+(?P<day>\d{1,2})\s+thang\s+(?P<month>\d{1,2})\s+nam\s+(?P<year>\d{4})")
_DATE_YEAR = re.compile(r"ngay\b.*?\bnam\s+(?P<year>\d{4})")
# The appendix note and who it names: "(Ban hành kèm theo Kế hoạch số … của Sở Công Thương)".
_NOTE_ISSUER = re.compile(r"kèm theo.*\bcủa\s+(?P<issuer>[^()]+?)\s*\)?\s*$", re.IGNORECASE)
# An appendix caption ending with its owner: "CHI TIẾT CÁC NHIỆM VỤ … CỦA SỞ CÔNG THƯƠNG".
_CAPTION_ISSUER = re.compile(r"\bCỦA\s+(?P<issuer>[^()]+?)\s*$")
# A person's role in front of the body they lead: "Bộ trưởng Bộ Tư pháp", "Chủ tịch UBND xã".
_ROLE = re.compile(r"^(?:bộ trưởng|chủ tịch|giám đốc|trưởng ban|thủ trưởng)\s+", re.IGNORECASE)
_ABBREVIATIONS = (
    (re.compile(r"\bUBND\b", re.IGNORECASE), "Ủy ban nhân dân"),
    (re.compile(r"\bHĐND\b", re.IGNORECASE), "Hội đồng nhân dân"),
)

# Lines that start a new body in the issuer block, so that the line above is a parent
# ("UBND TỈNH QUẢNG TRỊ" above "SỞ CÔNG THƯƠNG"); place lines such as "THÀNH PHỐ HÀ NỘI" or
# "XÃ BA LÒNG" continue the body above them instead. Matched on folded text.
_BODY_START = re.compile(
    r"^(?:uy ban|ubnd|hoi dong|hdnd|so|ban|bo|cuc|chi cuc|tong cuc|vu|vien|phong|trung tam"
    r"|van phong|thanh tra|truong|cong an|kho bac|bao hiem|thu tuong|tinh uy"
    r"|thanh uy|dang uy|quoc hoi)\b"
)


@dataclass(frozen=True)
class HeaderFacts:
    issuer: str  # the issuing body's lines joined ("ỦY BAN NHÂN DÂN XÃ BA LÒNG"), or ""
    parent: str  # a parent body printed above it ("UBND TỈNH QUẢNG TRỊ"), or ""
    number: str  # "173/QĐ-BTP", "/KH-SCT", or ""
    signed_on: date | None
    signing_year: int | None  # also known when the day is left blank ("ngày tháng 7 năm 2025")
    portal_issuer: str = ""  # «Nơi ban hành: …» of a portal's block, when one was pasted


def read_header(document: SourceDocument) -> HeaderFacts:
    portal = _portal(document)
    left = _issuer_block(document)
    dated = [*document.header_right_lines, *left, *_head_paragraphs(document)]
    parent, issuer = split_issuer([line for line in left if _is_name_line(line)])
    signed_on, year = read_date(dated)
    number = read_number([*left, *_head_paragraphs(document)]) or _note_number(document)
    signed_on = signed_on or (None if year else portal.signed_on)
    year = year or (portal.signed_on.year if portal.signed_on else None)
    return HeaderFacts(
        issuer=issuer,
        parent=parent,
        number=number or portal.number,
        signed_on=signed_on,
        signing_year=year or _note_year(document),
        portal_issuer=portal.issuer,
    )


def _portal(document: SourceDocument) -> PortalFacts:
    return portal_block([paragraph.text for paragraph in document.paragraphs[:_HEAD_PARAGRAPHS]])


def _head_paragraphs(document: SourceDocument) -> list[str]:
    """The first paragraphs, after the block a portal prints above the document."""
    skip = _portal(document).lines
    return [paragraph.text for paragraph in document.paragraphs[skip : skip + _HEAD_PARAGRAPHS]]


def _issuer_block(document: SourceDocument) -> list[str]:
    """The issuer block's lines: kept apart by DOCX, else the paragraphs above the motto."""
    if document.header_lines:
        return list(document.header_lines)
    lines: list[str] = []
    for text in _head_paragraphs(document):
        folded = fold(text)
        if folded.startswith(("cong hoa", "doc lap")) or _is_doc_type(folded):
            return lines
        lines.append(text)
    return []  # no motto or title near the top: these paragraphs are not an issuer block


def _is_doc_type(folded: str) -> bool:
    return folded in {"ke hoach", "quyet dinh", "nghi quyet", "chuong trinh"}


def _is_name_line(line: str) -> bool:
    return bool(line) and not _RULE.match(line) and not _NUMBER.match(line)


def split_issuer(lines: list[str]) -> tuple[str, str]:
    """(parent, issuer): the last body named in the block is the issuer, those above parents."""
    groups: list[list[str]] = []
    for line in lines:
        if not groups or _BODY_START.match(fold(line)):
            groups.append([line])
        else:
            groups[-1].append(line)
    if not groups:
        return "", ""
    names = [" ".join(group) for group in groups]
    return " ".join(names[:-1]), names[-1]


def read_number(lines: list[str]) -> str:
    for line in lines:
        match = _NUMBER.match(line)
        if match:
            return match["number"]
    return ""


def read_date(lines: list[str]) -> tuple[date | None, int | None]:
    """The signing date of the place/date line, and its year alone (the day may be blank)."""
    for line in lines:
        folded = fold(line)
        if _PLACE_DATE.search(folded):
            return date_in(folded)
    return None, None


def date_in(folded: str) -> tuple[date | None, int | None]:
    """The first "ngày … tháng … năm …" date of folded text, and its year alone."""
    full = _DATE.search(folded)
    if full:
        year = int(full["year"])
        return _safe_date(year, int(full["month"]), int(full["day"])), year
    partial = _DATE_YEAR.search(folded)
    return None, int(partial["year"]) if partial else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def appendix_notes(document: SourceDocument) -> list[str]:
    """The "(Ban hành kèm theo …)" notes, each joined when it wraps over several paragraphs."""
    notes: list[str] = []
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    for index, text in enumerate(paragraphs):
        if text.startswith("(") and "kem theo" in fold(text):
            parts = [text]
            for following in paragraphs[index + 1 : index + 3]:
                if ")" in parts[-1]:
                    break
                parts.append(following)
            notes.append(clean(" ".join(parts)))
    return notes


def _note_number(document: SourceDocument) -> str:
    for note in appendix_notes(document):
        match = _NOTE_NUMBER.search(note)
        if match:
            return match["number"]
    return ""


def _note_year(document: SourceDocument) -> int | None:
    for note in appendix_notes(document):
        _, year = date_in(fold(note))
        if year:
            return year
    return None


def issuer_from_appendix(document: SourceDocument) -> str:
    """The issuer named by the appendix note or caption, in capitals like a header block."""
    for note in appendix_notes(document):
        match = _NOTE_ISSUER.search(note)
        if match:
            return _as_header_name(_ROLE.sub("", match["issuer"]))
    for paragraph in document.paragraphs:
        match = _CAPTION_ISSUER.search(paragraph.text)
        if match and paragraph.text.isupper():
            return _as_header_name(match["issuer"])
    return ""


def _as_header_name(name: str) -> str:
    for pattern, full in _ABBREVIATIONS:
        name = pattern.sub(full, name)
    return clean(name).rstrip(" .").upper()
