"""Nothing disappears silently: in a list layout, a numbered or lettered item of the task part
that was not read as a task is named in a notice, so the office can add it by hand.

The task part is every Roman section about tasks («II. NHIỆM VỤ …», «III. NỘI DUNG HOẠT
ĐỘNG»; not «MỤC TIÊU») in which at least one task was read. An
item there is an «a)» paragraph, a numbered paragraph at the depth of the tasks' own numbers
that heads no sub-items, or a numbered paragraph with nothing under it (the next paragraph is a
heading of its level or above: a heading naming bodies and their duty in one sentence); field
lines and «Nhiệm vụ:» labels are parts of a task, not items.

Two more kinds of item are named when no task was read from them: the «- » bullets under a
numbered heading none of whose paragraphs was read, when a heading of its level beside it had its
duties read (the heading names a body the reader does not know: «5. Các hộ kinh doanh …»); and,
in an organisation part after the task part («IV. TỔ CHỨC THỰC HIỆN»), a numbered duty that
prints a dated time («1. Căn cứ Kế hoạch này, các Sở … (hoàn thành trong tháng 11/2025) …»).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from workflows.plan import Notice, TaskRow
from workflows.readers.assignments import read_subject
from workflows.readers.document import SourceDocument
from workflows.readers.list_fields import names_task_part
from workflows.readers.listing import is_part_of_item
from workflows.readers.prose import time_in_text
from workflows.text import fold
from workflows.units.bodies import names_body

_ROMAN = re.compile(r"^(?P<number>[IVX]{1,5})[.)]\s+\S")
_LETTER = re.compile(r"^(?P<number>[a-zđ])[.)]\s+\S")
_ARABIC = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2})*)[.)]?\s+\S")
_BULLET = re.compile(r"^[-–+•*]\s*\S")
_YEAR = re.compile(r"\b20\d\d\b")
_ORGANISATION_PART = "to chuc thuc hien"
# The parts that state a plan's aims and grounds: their dates are targets, not duties.
_AIMS = (
    "muc dich",
    "muc tieu",
    "yeu cau",
    "quan diem",
    "can cu",
    "chi tieu",
    "tinh hinh",
    "ket qua",
)
_DAY_DEADLINE = re.compile(r"\b(?:truoc|cham nhat|han cuoi)\s+(?:ngay\s+)?\d{1,2}/\d{1,2}/20\d\d")
_LABEL_WORDS = 8  # a label before a colon («Khen thưởng cấp Nhà nước:»), not a sentence
_QUOTE = 80  # characters of the item quoted in the notice


def unread_items(document: SourceDocument, rows: Sequence[TaskRow]) -> list[Notice]:
    """A notice per item of the task part that no task row was read from."""
    if not rows or any(row.source.table is not None for row in rows):
        return []
    sections = _sections(document)
    read = {row.source.row for row in rows if row.source.row is not None}
    task_sections = {sections[index - 1] for index in read if names_task_part(sections[index - 1])}
    depths = {_depth(row.ref_hint) for row in rows if row.ref_hint[:1].isdigit()}
    items = [
        (index, match["number"], paragraph.text)
        for index, paragraph in enumerate(document.paragraphs, start=1)
        if (match := _LETTER.match(paragraph.text) or _ARABIC.match(paragraph.text))
    ]
    numbers = {number for _, number, _ in items}
    ends = [index for index, _, _ in items[1:]] + [len(document.paragraphs) + 1]
    refs = {row.ref_hint for row in rows}
    notices = []
    for (index, number, text), end in zip(items, ends, strict=True):
        if any(index <= row < end for row in read) or is_part_of_item(text):
            continue  # a task, or the title of the tasks under it («a) Hoạt động 1»)
        if sections[index - 1] not in task_sections:
            continue
        if any(_numbers_task(number, ref) for ref in refs):
            continue  # the heading whose bullets are the tasks («1.2» of «1.2a», «1.2b»)
        if (
            number[0].isdigit()
            and not _heads_nothing(document, index, number)
            and (_depth(number) not in depths or any(n.startswith(f"{number}.") for n in numbers))
        ):
            continue  # a heading over tasks, not a task
        notices.append(Notice("import.item_not_read", {"item": number, "text": text[:_QUOTE]}))
    notices.extend(_unread_bullets(document, read, task_sections, sections))
    notices.extend(_unread_dated_duties(document, read, task_sections, sections))
    return notices


def _unread_bullets(
    document: SourceDocument, read: set[int], task_sections: set[str], sections: list[str]
) -> list[Notice]:
    """The bullets of a numbered heading of the task part from which nothing was read, when
    a heading of the same level and section had its duties read."""
    headings: list[tuple[int, str, list[int]]] = []  # (paragraph, number, bullets under it)
    for index, paragraph in enumerate(document.paragraphs, start=1):
        match = _ARABIC.match(paragraph.text)
        if _ROMAN.match(paragraph.text) or (match and not _LETTER.match(paragraph.text)):
            number = match["number"] if match and not _ROMAN.match(paragraph.text) else ""
            headings.append((index, number, []))
        elif headings and _BULLET.match(paragraph.text):
            headings[-1][2].append(index)
    ends = [index for index, _, _ in headings[1:]] + [len(document.paragraphs) + 1]
    spans = [
        (index, number, bullets, any(index <= row < end for row in read))
        for (index, number, bullets), end in zip(headings, ends, strict=True)
    ]
    notices = []
    for index, number, bullets, was_read in spans:
        if was_read or not number or not bullets:
            continue
        if sections[index - 1] not in task_sections:
            continue
        parent, depth = number.rsplit(".", 1)[0] if "." in number else "", _depth(number)
        if not any(
            other_read and other != number and _depth(other) == depth
            and (other.rsplit(".", 1)[0] if "." in other else "") == parent
            and sections[other_index - 1] == sections[index - 1]
            for other_index, other, _, other_read in spans
        ):  # fmt: skip
            continue
        for position, bullet in enumerate(bullets, start=1):
            text = document.paragraphs[bullet - 1].text
            item = f"{number}.{position}"
            notices.append(Notice("import.item_not_read", {"item": item, "text": text[:_QUOTE]}))
    return notices


def _unread_dated_duties(
    document: SourceDocument, read: set[int], task_sections: set[str], sections: list[str]
) -> list[Notice]:
    """The numbered duties with a dated time that were not read as tasks: in an organisation
    part after the task part, or in any part before it but the plan's aims and grounds («2.
    Thời gian trình khen thưởng: Hồ sơ … gửi về Sở Nội vụ … trước ngày 31/3/2026» in «V. THỦ
    TỤC, HỒ SƠ VÀ THỜI GIAN KHEN THƯỞNG» before «VI. TỔ CHỨC THỰC HIỆN»)."""
    if not task_sections:
        return []
    first = min(sections.index(section) for section in task_sections)
    notices = []
    for index, paragraph in enumerate(document.paragraphs, start=1):
        section = sections[index - 1]
        if index in read or section in task_sections or not section:
            continue
        title = fold(section)
        if index - 1 < first:
            # Before the task part only a day's deadline: «Từ năm 2025 đến hết năm 2030» is
            # the plan's period, «Hướng dẫn số 78 ngày 14/9/2025» a reference.
            if any(word in title for word in _AIMS):
                continue
            if not (_DAY_DEADLINE.search(fold(paragraph.text)) or _names_doer(paragraph.text)):
                continue
            match = _ARABIC.match(paragraph.text)
            if match:
                item, quote = match["number"], paragraph.text[:_QUOTE]
                notices.append(Notice("import.item_not_read", {"item": item, "text": quote}))
            continue
        elif _ORGANISATION_PART not in title:
            continue
        match = _ARABIC.match(paragraph.text)
        if match and _YEAR.search(time_in_text(paragraph.text)):
            item = match["number"]
            notices.append(
                Notice("import.item_not_read", {"item": item, "text": paragraph.text[:_QUOTE]})
            )
    return notices


def _names_doer(text: str) -> bool:
    """«1. Khen thưởng cấp Nhà nước: Sở Nội vụ phối hợp với các cơ quan … báo cáo …»: a
    numbered item whose sentence, after a short label, opens with one named body doing
    something."""
    label, colon, rest = text.partition(":")
    if not colon or len(label.split()) > _LABEL_WORDS:
        return False
    subject = read_subject(rest.strip())
    return bool(subject) and names_body(subject)


def _heads_nothing(document: SourceDocument, index: int, number: str) -> bool:
    """A numbered paragraph followed by a heading of its level or above, or by nothing: no
    heading over tasks but an item of its own («8. Các sở, … tổ chức triển khai thực hiện Kế
    hoạch.» between «7. Sở Nông nghiệp …» and «9. Đề nghị …»)."""
    if index >= len(document.paragraphs):
        return True
    following = document.paragraphs[index].text  # ``index`` is 1-based: the next paragraph
    if _ROMAN.match(following):
        return True
    match = _ARABIC.match(following)
    return match is not None and _depth(match["number"]) <= _depth(number)


def _sections(document: SourceDocument) -> list[str]:
    """The Roman section heading each paragraph sits under ("" before the first)."""
    current = ""
    found = []
    for paragraph in document.paragraphs:
        current = paragraph.text if _ROMAN.match(paragraph.text) else current
        found.append(current)
    return found


def _numbers_task(number: str, ref: str) -> bool:
    rest = ref[len(number) :] if ref.startswith(number) else None
    return rest is not None and (rest == "" or rest.isalpha() or rest.startswith("."))


def _depth(number: str) -> int:
    return number.rstrip(".").count(".") + 1
