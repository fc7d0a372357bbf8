"""A task written out field by field in the body of a plan whose tasks are a table.

A resolution that adds or amends a task of its programme may spell it out in an article
instead of the appendix: «Điều 2. Điều chỉnh nhiệm vụ …» then «1. Tên nhiệm vụ: …», «2. Cơ quan
chủ trì: …», «3. Cơ quan phối hợp: …», «4. Kết quả: …», «5. Thời gian hoàn thành: …». The table
reader sees only tables, so such a task is read here: a «Tên nhiệm vụ:» line followed by field
lines, with at least a lead, becomes one row, its ref the article («Điều 2»).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from workflows.plan import SourceRef, TaskRow
from workflows.readers.document import Paragraph, SourceDocument
from workflows.readers.list_fields import FieldKind, label_at_start, strip_marker
from workflows.text import fold

# "1. ", "2) " before a field label in an article's numbered clauses.
_CLAUSE_NUMBER = re.compile(r"^\d{1,2}[.)]\s+")
_ARTICLE = re.compile(r"^(?:dieu|muc)\s+(?P<number>\d{1,3})\b")


@dataclass
class _Written:
    ref: str
    task: str
    paragraph: Paragraph
    index: int
    fields: dict[FieldKind, str] = field(default_factory=dict)


def field_list_tasks(document: SourceDocument) -> list[TaskRow]:
    """Every task spelled out as a «Tên nhiệm vụ:» line and its field lines."""
    written: list[_Written] = []
    article = ""
    current: _Written | None = None
    for index, paragraph in enumerate(document.paragraphs):
        article = _article(paragraph.text) or article
        labelled = _labelled(paragraph.text)
        if labelled is not None and labelled[0] is FieldKind.TASK and labelled[1]:
            current = _Written(article, labelled[1], paragraph, index)
            written.append(current)
        elif labelled is not None and current is not None and labelled[0] not in current.fields:
            current.fields[labelled[0]] = labelled[1]
        else:
            current = None
    return [_row(item) for item in _complete(written)]


def _article(text: str) -> str:
    match = _ARTICLE.match(fold(text))
    return f"Điều {match['number']}" if match else ""


def _labelled(text: str) -> tuple[FieldKind, str] | None:
    text = _CLAUSE_NUMBER.sub("", strip_marker(text.strip())[1])
    return label_at_start(text)


def _complete(written: Iterable[_Written]) -> list[_Written]:
    return [item for item in written if FieldKind.LEAD in item.fields]


def _row(item: _Written) -> TaskRow:
    def value(kind: FieldKind) -> str:
        return item.fields.get(kind, "").rstrip(" .;")

    return TaskRow(
        section="",
        section_title=item.ref,
        number="",
        objective="",
        task=item.task,
        activity="",
        product=value(FieldKind.PRODUCT),
        lead=value(FieldKind.LEAD),
        partners=value(FieldKind.PARTNERS),
        time_text=value(FieldKind.TIME),
        budget=value(FieldKind.BUDGET),
        notes="",
        source=SourceRef(table=None, row=item.index + 1, page=item.paragraph.page),
        ref_hint=item.ref,
    )
