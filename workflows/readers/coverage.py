"""Nothing disappears silently: in a list layout, a numbered or lettered item of the task part
that was not read as a task is named in a notice, so the office can add it by hand.

The task part is every Roman section about tasks («II. NHIỆM VỤ …», «III. NỘI DUNG HOẠT
ĐỘNG»; not «MỤC TIÊU») in which at least one task was read. An
item there is an «a)» paragraph, a numbered paragraph at the depth of the tasks' own numbers
that heads no sub-items, or a numbered paragraph with nothing under it (the next paragraph is a
heading of its level or above: a heading naming bodies and their duty in one sentence); field
lines and «Nhiệm vụ:» labels are parts of a task, not items.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from workflows.plan import Notice, TaskRow
from workflows.readers.document import SourceDocument
from workflows.readers.list_fields import names_task_part
from workflows.readers.listing import is_part_of_item

_ROMAN = re.compile(r"^(?P<number>[IVX]{1,5})[.)]\s+\S")
_LETTER = re.compile(r"^(?P<number>[a-zđ])[.)]\s+\S")
_ARABIC = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2})*)[.)]?\s+\S")
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
    return notices


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
