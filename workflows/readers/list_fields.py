"""Field lines of list layouts: «- Đơn vị chủ trì: …», «c) Thời gian thực hiện: …», and the
«Nhiệm vụ:» / «Nội dung:» label that introduces a task's own text.

Labels are matched on folded text (no diacritics, lower case) and end with a colon; one line
may hold two fields («Chủ trì: Sở A; phối hợp: Sở B»).
"""

from __future__ import annotations

import re
from enum import Enum

from workflows.text import fold


class FieldKind(Enum):
    LEAD = "lead"
    PARTNERS = "partners"
    TIME = "time"
    PRODUCT = "product"
    BUDGET = "budget"
    TASK = "task"  # "Nhiệm vụ:" / "Nội dung:": names the task itself, not a field


# Field labels, matched on folded text (no diacritics, lower case) and followed by a colon.
_UNIT = r"(?:co quan|don vi)(?:\s*[,/]\s*(?:co quan|don vi))?"  # "Cơ quan/Đơn vị"
_LABELS: tuple[tuple[FieldKind, str], ...] = (
    # "Đơn vị chủ trì", "Cơ quan chủ trì thực hiện", "Chủ trì", "Đơn vị thực hiện"
    # "Đơn vị chủ trì tham mưu thực hiện", "Trách nhiệm thực hiện"
    (
        FieldKind.LEAD,
        rf"(?:{_UNIT}\s+)?chu tri(?:\s+tham muu)?(?:\s+thuc hien)?|{_UNIT}\s+thuc hien"
        r"|trach nhiem(?:\s+(?:thuc hien|chu tri))?",
    ),
    # "Đơn vị phối hợp", "Cơ quan phối hợp thực hiện", "Phối hợp"
    (FieldKind.PARTNERS, rf"(?:{_UNIT}\s+)?phoi hop(?:\s+thuc hien)?"),
    # "Thời gian thực hiện/hoàn thành", "Thời hạn", "Tiến độ thực hiện"
    (
        FieldKind.TIME,
        r"thoi (?:gian|han)(?:\s+(?:thuc hien|hoan thanh|trien khai|ban hanh|trinh))?"
        r"|tien do(?:\s+(?:thuc hien|hoan thanh))?",
    ),
    # "Sản phẩm", "Sản phẩm dự kiến", "Kết quả", "Kết quả/Sản phẩm"
    (
        FieldKind.PRODUCT,
        r"(?:san pham|ket qua)(?:\s*/\s*(?:san pham|ket qua))?"
        r"(?:\s+(?:du kien|dau ra|dat duoc|can dat))?",
    ),
    (FieldKind.BUDGET, r"(?:nguon\s+)?kinh phi(?:\s+thuc hien)?"),
    (FieldKind.TASK, r"(?:ten\s+)?nhiem vu|noi dung(?:\s+(?:thuc hien|nhiem vu))?"),
)
_LABEL_RES = tuple((kind, re.compile(rf"(?:{pattern})\s*:")) for kind, pattern in _LABELS)
# A time label printed without its colon, straight before a time phrase: «Thời gian thực hiện
# sau khi Chiến lược … được ban hành.», «Thời hạn hoàn thành trong Quý IV năm 2025».
_TIME_WORDS = r"sau khi|truoc|trong|tu|nam|quy|thang|thuong xuyen|hang|dinh ky|den|cham nhat|ngay"
_TIME_NO_COLON = re.compile(rf"(?:{dict(_LABELS)[FieldKind.TIME]})\s+(?=(?:{_TIME_WORDS})\b)")

# Markers a field line or an item may start with: a dash/plus bullet or a letter "b)".
BULLET = re.compile(r"^[-–—+•*]\s*")
LETTER = re.compile(r"^(?P<letter>[a-zđ])[.)]\s*")
# Where one field line may hold a second field: "Chủ trì: Sở A; phối hợp: Sở B".
_FIELD_BREAK = re.compile(r"(?<=[;.])\s+")


def strip_marker(text: str) -> tuple[str, str]:
    """(letter or "", text without its leading bullet or letter marker)."""
    letter = LETTER.match(text)
    if letter:
        return letter["letter"], text[letter.end() :]
    bullet = BULLET.match(text)
    return "", text[bullet.end() :] if bullet else text


def label_at_start(text: str) -> tuple[FieldKind, str] | None:
    """The field label ``text`` starts with, and the value after its colon."""
    folded = fold(text)
    for kind, pattern in _LABEL_RES:
        if pattern.match(folded):
            # The label holds no colon, so its colon is the first one in the printed text too.
            return kind, text.split(":", 1)[1].strip()
    bare = _TIME_NO_COLON.match(folded)
    if bare is not None and ":" not in text:
        label_words = len(folded[: bare.end()].split())
        return FieldKind.TIME, " ".join(text.split()[label_words:])
    return None


def field_line(text: str) -> tuple[tuple[FieldKind, str], ...] | None:
    """The fields of a field line ("- Đơn vị chủ trì: Sở A"), or None when it is not one."""
    _, rest = strip_marker(text)
    first = label_at_start(rest)
    if first is None or first[0] is FieldKind.TASK:
        return None
    fields: list[tuple[FieldKind, str]] = []
    for part in _FIELD_BREAK.split(rest):
        labelled = label_at_start(part)
        if labelled is not None and labelled[0] is not FieldKind.TASK:
            if fields:
                kind, value = fields[-1]
                fields[-1] = (kind, value.rstrip(";").rstrip())
            fields.append(labelled)
        else:
            kind, value = fields[-1]
            fields[-1] = (kind, f"{value} {part}".strip())
    return tuple(fields)


def task_label(text: str) -> tuple[str, str] | None:
    """(letter, inline task text) of "a) Nhiệm vụ: …", or None."""
    letter, rest = strip_marker(text)
    labelled = label_at_start(rest)
    if labelled is None or labelled[0] is not FieldKind.TASK:
        return None
    return letter, labelled[1]


# Words of a Roman heading over tasks: «III. NHIỆM VỤ, GIẢI PHÁP», «II. NỘI DUNG HOẠT ĐỘNG».
_TASK_PART_WORDS = (
    "nhiem vu", "giai phap", "noi dung", "hoat dong", "trien khai", "thuc hien", "phan cong",
)  # fmt: skip


def names_task_part(heading: str) -> bool:
    """A Roman heading over tasks (not «II. MỤC TIÊU»); "" (no Roman heading) counts as one."""
    return not heading or any(word in fold(heading) for word in _TASK_PART_WORDS)
