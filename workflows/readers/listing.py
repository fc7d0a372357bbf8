"""List layouts: plans whose tasks are paragraphs followed by field lines, not a table.

A ministry plan prints an item ("a) Phối hợp rà soát …") and then its fields on their own
lines ("- Đơn vị chủ trì: …", "- Đơn vị phối hợp: …", "- Thời gian thực hiện: …"); a city plan
prints a numbered heading, "a) Nhiệm vụ:" with one "- " bullet per task, and a field block
("b) Cơ quan thực hiện:", "- Đơn vị chủ trì: …", "c) Thời gian thực hiện: …") that the bullets
share. Each paragraph is classified first (heading, item, field, bullet, text), then a small
state machine groups an item with the fields that follow it. Only groups with a lead or a time
field are tasks: the purpose and closing sections print items without fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import Enum

from workflows.plan import SourceRef, TaskRow
from workflows.readers.assignments import (
    names_kinds_of_bodies,
    read_assignment,
    read_subject,
    without_opener,
)
from workflows.readers.document import Paragraph, SourceDocument
from workflows.readers.list_fields import (
    BULLET,
    LETTER,
    FieldKind,
    field_line,
    names_task_part,
    strip_marker,
    task_label,
)
from workflows.readers.list_refs import letter_refs
from workflows.readers.prose import labelled_duty, names_leads, time_in_text
from workflows.text import fold
from workflows.units.bodies import names_body, starts_with_body

# Roman section heading: "II. NỘI DUNG THỰC HIỆN".
_ROMAN = re.compile(r"^(?P<number>[IVX]{1,5})[.)]\s+\S")
# Arabic heading: "1. Công tác …", "1.1. Xây dựng …", "4.2 Nguồn nhân lực"; one or two digits
# per part so that "2025 …" or "1.000 người" never look like headings.
_ARABIC = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2})*)(?P<dot>[.)])?\s+\S")
# Roman headings over tasks whose items may be sentences (not «TỔ CHỨC THỰC HIỆN»).
_PROSE_PARTS = ("nhiem vu", "giai phap", "noi dung")
# A bare item's title longer than this names the task («Hoạt động 1» does not).
_TITLE_WORDS = 4
# Vietnamese list letters, used to tell bullets sharing one heading apart ("1.2a", "1.2b").
_VILETTERS = tuple("abcdđeghiklmnopqrstuvxy")


class _Kind(Enum):
    HEADING = "heading"
    ITEM = "item"
    FIELD = "field"
    BULLET = "bullet"
    TEXT = "text"


@dataclass(frozen=True)
class _Line:
    kind: _Kind
    text: str  # the paragraph as printed
    number: str = ""  # heading number ("1.2", "II") or item letter ("a")
    body: str = ""  # item text after a "Nhiệm vụ:" label
    labelled: bool = False  # an item introduced by "Nhiệm vụ:" / "Nội dung:"
    titled_by: str = ""  # the letter of a bare item above it («a) Hoạt động 1», then «- Nội dung:»)
    fields: tuple[tuple[FieldKind, str], ...] = ()


@dataclass(frozen=True)
class _Heading:
    number: str
    text: str

    @property
    def is_roman(self) -> bool:
        return not self.number[0].isdigit()


@dataclass
class _Block:
    """An item (or heading) with the paragraphs and field lines that follow it."""

    head: _Line
    head_index: int  # 1-based paragraph number
    page: int | None
    headings: tuple[_Heading, ...]
    extras: list[tuple[int, Paragraph, _Line]] = field(default_factory=list)
    values: dict[FieldKind, list[str]] = field(default_factory=dict)
    in_fields: bool = False
    open_field: FieldKind | None = None  # a field printed with no value, its value may follow
    last_field: FieldKind | None = None  # the field a wrapped line continues

    def add_fields(self, fields: tuple[tuple[FieldKind, str], ...]) -> None:
        self.in_fields = True
        for kind, value in fields:
            self.values.setdefault(kind, []).append(value)
        last_kind, last_value = fields[-1]
        self.open_field = None if last_value else last_kind
        self.last_field = last_kind

    def extend_open_field(self, text: str) -> None:
        kind = self.open_field or self.last_field
        assert kind is not None
        self.values[kind].append(text)

    def value(self, kind: FieldKind) -> str:
        return " ".join(value for value in self.values.get(kind, ()) if value)

    @property
    def is_task(self) -> bool:
        """A lead or a time field; a time alone only in the task part («b) Thời gian: …» of a
        campaign under «II. MỤC TIÊU» dates the campaign, it is no task)."""
        if FieldKind.LEAD in self.values:
            return True
        roman = next((h.text for h in self.headings if h.is_roman), "")
        return FieldKind.TIME in self.values and names_task_part(roman)


def read_list_tasks(document: SourceDocument) -> list[TaskRow]:
    """Task rows of a list-layout plan, in document order; [] when it has none."""
    rows = _Rows()
    headings: list[_Heading] = []
    block: _Block | None = None
    for index, paragraph in enumerate(document.paragraphs, start=1):
        line = _classify(paragraph.text)
        inline: tuple[tuple[FieldKind, str], ...] = ()
        if line.kind in (_Kind.BULLET, _Kind.ITEM, _Kind.TEXT):
            line, inline = _inline_time(line)
        if line.kind is _Kind.FIELD:
            if block is not None:
                block.add_fields(line.fields)
            continue
        if block is not None and block.in_fields and _continues_field(block, line):
            block.extend_open_field(line.text)
            continue
        if line.kind is _Kind.HEADING:
            rows.add(block)
            _push_heading(headings, _Heading(line.number, line.text))
            block = _Block(line, index, paragraph.page, tuple(headings))
        elif block is None or block.in_fields or line.kind is _Kind.ITEM:
            rows.add(block)
            if _is_bare_item(block) and line.labelled and not line.number:
                assert block is not None
                line = _titled(line, block.head)
            block = _Block(line, index, paragraph.page, tuple(headings))
        else:
            block.extras.append((index, paragraph, line))
        if inline:
            block.add_fields(inline)
    rows.add(block)
    return letter_refs(rows.kept())


@dataclass
class _Rows:
    """The rows read so far, each with the number of the heading above its owner heading; the
    duties under a doer's heading with no field line (``_doer_bullets``) are kept only where a
    sibling heading's duties carry field lines («1.1. Trưởng Ban Chỉ đạo» beside «1.2. Sở Tài
    chính» whose duties each have a «Thời gian …:» line): elsewhere they are sentences the
    prose reader reads."""

    rows: list[tuple[TaskRow, str, bool]] = field(default_factory=list)

    def add(self, block: _Block | None) -> None:
        if block is None:
            return
        parent = block.headings[-2].number if len(block.headings) > 1 else ""
        found = _finish(block)
        if not found and _doer_bullets(block):
            self.rows.extend((row, parent, False) for row in _heading_rows(block))
        self.rows.extend((row, parent, True) for row in found)

    def kept(self) -> list[TaskRow]:
        fielded = {parent for _, parent, by_fields in self.rows if by_fields}
        return [row for row, parent, by_fields in self.rows if by_fields or parent in fielded]


def _inline_time(line: _Line) -> tuple[_Line, tuple[tuple[FieldKind, str], ...]]:
    """«- Tổng hợp …, báo cáo … gửi Bộ Tài chính. Thời gian hoàn thành: Trước ngày 31/5/2026.»:
    a duty whose time label closes its own line, after a full stop, as if on the next line."""
    head, stop, tail = line.text.partition(". ")
    while stop:
        fields = field_line(tail)
        if fields is not None and all(kind is FieldKind.TIME for kind, _ in fields):
            text = f"{head}."
            return replace(line, text=text, body=text if line.body else ""), fields
        more, stop, tail = tail.partition(". ")
        head = f"{head}. {more}"
    return line, ()


def is_part_of_item(text: str) -> bool:
    """A field line («b) Cơ quan thực hiện: …») or a task label («a) Nhiệm vụ:»)."""
    line = _classify(text)
    return line.kind is _Kind.FIELD or line.labelled


def _classify(text: str) -> _Line:
    """What one paragraph is: a field line, an item, a heading, a bullet or plain text."""
    fields = field_line(text)
    if fields is not None:
        return _Line(_Kind.FIELD, text, fields=fields)
    labelled = task_label(text)
    if labelled is not None:
        letter, body = labelled
        return _Line(_Kind.ITEM, text, number=letter, body=body, labelled=True)
    heading = _heading_number(text)
    if heading is not None:
        return _Line(_Kind.HEADING, text, number=heading)
    letter_match = LETTER.match(text)
    if letter_match and len(text) > letter_match.end():
        return _Line(_Kind.ITEM, text, number=letter_match["letter"], body=text)
    if BULLET.match(text):
        return _Line(_Kind.BULLET, text)
    return _Line(_Kind.TEXT, text)


def _heading_number(text: str) -> str | None:
    roman = _ROMAN.match(text)
    if roman:
        return roman["number"]
    arabic = _ARABIC.match(text)
    # A single number needs its dot ("2. Về …"); "10 ngày …" is a sentence.
    if arabic and (arabic["dot"] or "." in arabic["number"]):
        return arabic["number"]
    return None


def _titled(line: _Line, title: _Line) -> _Line:
    """«- Nội dung: …» under a bare item: numbered by its letter; a title that says more than
    «Hoạt động 1» («Nghị định xử phạt vi phạm hành chính …») opens the task's text."""
    name = strip_marker(title.text)[1].strip()
    body = f"{name.rstrip(' .:')}: {line.body}" if len(name.split()) > _TITLE_WORDS else line.body
    return replace(line, titled_by=title.number, body=body)


def _prose_fields(block: _Block) -> bool:
    """An item of the task part with no fields, whose sentence names who does it («Sở, ban,
    ngành … có trách nhiệm rà soát …»): its lead and time come from the sentence."""
    roman = fold(next((h.text for h in block.headings if h.is_roman), ""))
    if block.values or not any(word in roman for word in _PROSE_PARTS):
        return False
    # One sentence: the first paragraph under the heading, else the item itself.
    text = block.extras[0][2].text if block.extras else block.head.text
    assignment = read_assignment(strip_marker(text)[1])
    lead = assignment.lead if assignment else read_subject(strip_marker(text)[1])
    if not lead:
        return False
    block.values[FieldKind.LEAD] = [lead]
    block.values[FieldKind.PARTNERS] = [assignment.partners] if assignment else []
    block.values[FieldKind.TIME] = [time_in_text(text)]
    return True


def _is_bare_item(block: _Block | None) -> bool:
    """«a) Hoạt động 1», «- Nghị định xử phạt …»: an item or bullet with nothing under it yet,
    naming what the «Nội dung:» below it is about."""
    return (
        block is not None
        and block.head.kind in (_Kind.ITEM, _Kind.BULLET)
        and not block.head.labelled
        and not block.extras
        and not block.values
    )


def _continues_field(block: _Block, line: _Line) -> bool:
    """A bullet or text line right after a field printed without a value is that value; a
    line in mid-sentence (lower case, or after a comma or «và») continues the field above."""
    if block.open_field is not None:
        return line.kind in (_Kind.BULLET, _Kind.TEXT)
    if line.kind is not _Kind.TEXT or block.last_field is None:
        return False
    previous = block.value(block.last_field)
    return line.text[:1].islower() or previous.endswith((",", " và", " với"))


def _push_heading(headings: list[_Heading], heading: _Heading) -> None:
    """Keep the chain of headings above the current paragraph ("II" > "1" > "1.2")."""
    if heading.is_roman:
        headings.clear()
    else:
        depth = heading.number.count(".") + 1
        while headings and not headings[-1].is_roman and _depth(headings[-1]) >= depth:
            headings.pop()
    headings.append(heading)


def _depth(heading: _Heading) -> int:
    return heading.number.count(".") + 1


def _finish(block: _Block | None) -> list[TaskRow]:
    """The task rows of a finished block; none when it has no lead or time field."""
    if block is None or not (block.is_task or _prose_fields(block)):
        return []
    if block.head.kind is _Kind.HEADING:
        return _heading_rows(block)
    if block.head.kind is _Kind.ITEM:
        return _item_rows(block)
    # An unnumbered paragraph or bullet: numbered after its heading by ``letter_refs``.
    owner = _owner(block.headings)
    return _body_rows(
        block, number=owner.number if owner else "", ref="", head_text=block.head.text
    )


# «1.5. Trách nhiệm của đối tượng thực hiện kiểm kê:», «Nhiệm vụ của các cơ quan …»: the doer
# is named after the words; «1.1. Trưởng Ban Chỉ đạo», «Phó Trưởng ban …»: a role over a body.
_DUTIES_OF = re.compile(r"^(?:trach nhiem|nhiem vu) cua\s+")
_ROLE = re.compile(r"^(?:pho\s+)?truong\s+")
# «Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo»: a body and, after a dash, its role.
_ROLE_AFTER_DASH = re.compile(r"\s[-–]\s+co quan\b")
_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")


def heading_doer(heading: str) -> str:
    """Who a numbered heading over duties names as doing them, or "": «1.2. Sở Tài chính - Cơ
    quan thường trực Ban Chỉ đạo» → «Sở Tài chính»; «1.3. Các cơ quan … (gồm các Sở: …)» → the
    group as printed; «1.6. Trách nhiệm của các cơ quan quản lý cấp trên (…):» → «các cơ quan
    quản lý cấp trên»; «1.1. Trưởng Ban Chỉ đạo» → the role."""
    number = _ARABIC.match(heading)
    text = heading[number.end() - 1 :] if number else heading
    text = _PARENTHESIS.sub("", text.strip().rstrip(" :.")).rstrip(" :.")
    folded = fold(text)
    if not text or len(folded) != len(text):
        return ""
    duties_of = _DUTIES_OF.match(folded)
    if duties_of is not None:
        return text[duties_of.end() :]
    role = _ROLE.match(folded)
    if role is not None and names_body(text[role.end() :]):
        return text
    dash = _ROLE_AFTER_DASH.search(folded)
    if dash is not None and names_body(text[: dash.start()]):
        return text[: dash.start()]
    if names_leads(text, heading=True) or names_kinds_of_bodies(text):
        return without_opener(text)
    return ""


def _doer_bullets(block: _Block) -> bool:
    """«1.1. Trưởng Ban Chỉ đạo» over «- » bullets with no field line, «2. Sở Tài chính:» over
    one paragraph, in the task part: the duties of the body (or role) the heading names, with
    no time of their own."""
    roman = next((h.text for h in block.headings if h.is_roman), "")
    return (
        block.head.kind is _Kind.HEADING
        and not block.values
        and bool(block.extras)
        and all(line.kind in (_Kind.BULLET, _Kind.TEXT) for _, _, line in block.extras)
        and bool(roman)
        and names_task_part(roman)
        and bool(heading_doer(block.head.text))
    )


def _heading_rows(block: _Block) -> list[TaskRow]:
    """A heading followed by fields is the task; followed by paragraphs, it is their section."""
    heading = block.headings[-1]
    if not block.extras:
        return [
            _row(
                block,
                block.headings[:-1],
                number=heading.number,
                task=heading.text,
                ref=heading.number,
                index=block.head_index,
            )
        ]
    return _body_rows(block, number=heading.number, ref=heading.number, head_text=heading.text)


def _item_rows(block: _Block) -> list[TaskRow]:
    head = block.head
    owner = _owner(block.headings)
    if head.labelled:
        # "a) Nhiệm vụ: …" under "1.2. …": the heading numbers the task, the letter is a field's;
        # "- Nội dung: …" under "a) Hoạt động 1" is item a.
        number = owner.number if owner else ""
        ref = f"{number}.{head.titled_by}".strip(".") if head.titled_by else number
        return _body_rows(block, number=number, ref=ref, head_text=head.body)
    ref = f"{owner.number}.{head.number}" if owner else head.number
    return _body_rows(block, number=head.number, ref=ref, head_text=head.text)


def _body_rows(block: _Block, *, number: str, ref: str, head_text: str) -> list[TaskRow]:
    """One row per bullet when the head (and any lead-in paragraph) introduces a list of them
    ("a) Nhiệm vụ:", "Triển khai các nội dung sau:"); otherwise one row for all the text."""
    intro = [head_text] if block.head.kind is not _Kind.HEADING else []
    extras = list(block.extras)
    while extras and (extras[0][2].kind is not _Kind.BULLET or _leads_in(extras)):
        intro.append(extras.pop(0)[2].text)  # «- Các nội dung … bao gồm:» before its bullets
    lead_in = _joined(intro)
    only_bullets = bool(extras) and all(line.kind is _Kind.BULLET for _, _, line in extras)
    if only_bullets and (not lead_in or lead_in.endswith(":")):
        return [
            _doer_lead(
                block,
                _row(
                    block,
                    block.headings,
                    number=number,
                    task=line.text,
                    ref=_bullet_ref(ref, position, len(extras)),
                    index=index,
                    objective=lead_in.rstrip(" :"),
                ),
            )
            for position, (index, _, line) in enumerate(extras)
        ]
    text = _joined(intro + [line.text for _, _, line in extras])
    row = _row(block, block.headings, number=number, task=text, ref=ref, index=block.head_index)
    return [_doer_lead(block, row)]


_JOINT = re.compile(r"\s+phoi hop(?:\s+voi)?\s+")


def _joint_label(text: str) -> tuple[str, str] | None:
    """(lead, partners) of «Sở Tài chính phối hợp Ban Quản lý Khu kinh tế …: hướng dẫn …»: a
    body and the bodies it works with, named before the colon of its duty."""
    head, colon, duty = text.partition(":")
    folded = fold(head)
    joint = _JOINT.search(folded) if colon and len(folded) == len(head) else None
    if joint is None or not duty.strip():
        return None
    lead, partners = head[: joint.start()].strip(), head[joint.end() :].strip()
    if names_leads(lead, heading=True) and starts_with_body(partners):
        return lead, partners
    return None


def _doer_lead(block: _Block, row: TaskRow) -> TaskRow:
    """A duty under a heading with no lead field: «+ Sở Xây dựng: hướng dẫn …» names its own
    lead before the colon; otherwise the heading over it names who does it («1.2. Sở Tài chính
    - Cơ quan thường trực Ban Chỉ đạo», ``heading_doer``)."""
    if row.lead or block.head.kind is _Kind.ITEM:
        return row
    text = strip_marker(row.task)[1]
    own = labelled_duty(text)
    if own is not None:
        return replace(row, lead=own[0])
    joint = _joint_label(text)
    if joint is not None:
        return replace(row, lead=joint[0], partners=joint[1])
    owner = next((h for h in reversed(block.headings) if not h.is_roman), None)
    doer = heading_doer(owner.text) if owner is not None else ""
    return replace(row, lead=doer) if doer else row


def _leads_in(extras: list[tuple[int, Paragraph, _Line]]) -> bool:
    return len(extras) > 1 and extras[0][2].text.rstrip().endswith(":")


def _bullet_ref(ref: str, position: int, count: int) -> str:
    """'1.2' → '1.2a', '1.2b' …; '1.a' → '1.a.1' …; a lone bullet keeps the plain ref."""
    if count == 1 or not ref:
        return ref
    if ref[-1].isalpha():
        return f"{ref}.{position + 1}"
    suffix = _VILETTERS[position] if position < len(_VILETTERS) else f"-{position + 1}"
    return f"{ref}{suffix}"


def _owner(headings: tuple[_Heading, ...]) -> _Heading | None:
    return headings[-1] if headings else None


def _section(headings: tuple[_Heading, ...]) -> str:
    """The top-level numbered section: the outermost arabic heading's first part, else roman."""
    for heading in headings:
        if not heading.is_roman:
            return heading.number.split(".")[0]
    return headings[0].number if headings else ""


def _joined(texts: list[str]) -> str:
    return " ".join(text for text in texts if text)


def _row(
    block: _Block,
    headings: tuple[_Heading, ...],
    *,
    number: str,
    task: str,
    ref: str,
    index: int,
    objective: str = "",
) -> TaskRow:
    page = block.page
    for extra_index, paragraph, _ in block.extras:
        if extra_index == index:
            page = paragraph.page
    return TaskRow(
        section=_section(headings),
        section_title=headings[-1].text if headings else "",
        number=number,
        objective=objective,
        task=task,
        activity="",
        product=block.value(FieldKind.PRODUCT),
        lead=block.value(FieldKind.LEAD),
        partners=block.value(FieldKind.PARTNERS),
        time_text=block.value(FieldKind.TIME),
        budget=block.value(FieldKind.BUDGET),
        notes="",
        source=SourceRef(table=None, row=index, page=page),
        ref_hint=ref,
    )
