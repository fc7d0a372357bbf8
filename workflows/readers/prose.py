"""Plans that assign every task in a sentence, with no field lines and no table:

    2. Công an tỉnh chủ trì, phối hợp với các cơ quan, đơn vị liên quan tăng cường …
    3. Sở Tài chính:
    - Hướng dẫn các đơn vị lập dự toán …, hoàn thành trước ngày 15/12/2025.

In the task part (from the first Roman heading about tasks, solutions, contents or
organisation), a paragraph whose sentence names its lead («X chủ trì …», «Giao X …», «X đôn
đốc …») is a task; a paragraph naming only a body («3. Sở Tài chính:») leads the bullets below
it. A deadline phrase in the sentence («hoàn thành trước ngày 15/12/2025», «trong Quý IV năm
2025», «thường xuyên») is its time; a task without one is read as having none (flagged).

In the organisation part («TỔ CHỨC THỰC HIỆN») a plan assigns duties too (a ministry's plan
lists each body's there), but it also closes with generic responsibilities for the plan as a
whole: «Các sở, ban, ngành … tổ chức triển khai thực hiện Kế hoạch này», «Giao Sở X theo dõi,
đôn đốc việc thực hiện Kế hoạch này; báo cáo …». A clerk sees no task in those: a sentence
there about «Kế hoạch này» itself, with no dated deadline, is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from workflows.plan import SourceRef, TaskRow
from workflows.readers.assignments import (
    names_kinds_of_bodies,
    read_addressees,
    read_assignment,
    read_named_subject,
    read_partners,
    read_subject,
    without_opener,
)
from workflows.readers.document import SourceDocument
from workflows.text import fold
from workflows.units.bodies import names_body, starts_with_body
from workflows.units.splitter import split_units

_ROMAN = re.compile(r"^(?P<number>[IVX]{1,5})[.)]\s+(?P<title>\S.*)$")
_MARKER = re.compile(
    r"^(?:(?P<number>\d{1,2}(?:\.\d{1,2})*)[.)]?|(?P<letter>[a-zđ])[.)]|[-–+•*])\s*"
)
_TASK_PART = ("nhiem vu", "giai phap", "noi dung", "to chuc thuc hien", "phan cong")
_ORGANISATION_PART = "to chuc thuc hien"
# The plan itself as a duty's object: «thực hiện Kế hoạch này», «Quyết định này» …
_THIS_PLAN = re.compile(r"\b(?:ke hoach|quyet dinh|chuong trinh|de an) nay\b")
_YEAR = re.compile(r"\b20\d\d\b")
_CLOSING = ("tren day la",)
# The last sentence of the document («./.») asking only that the plan be carried out.
_CLOSING_CALL = re.compile(
    r"\b(?:trien khai\s+)?thuc hien(?:\s+(?:ke hoach|quyet dinh) nay)?\s*\./\.$"
)
_ON_EVENT = re.compile(r"\bngay sau khi\b")
_ROLES_ONLY = ("chu tri, phoi hop", "chu tri phoi hop", "chu tri", "phoi hop")
_TIME = re.compile(
    r"(?:trước|trong|chậm nhất|hoàn thành|xong|từ)\s[^,;()]*?\b(?:20\d\d)\b(?!/)"
    # «vào thứ Sáu hàng tuần», «Định kỳ thứ Hai hàng tuần»: a weekly cadence.
    r"|(?:(?:vào|định kỳ)\s+)?(?:thứ\s+\w+\s+)?\b(?:hàng|hằng) tuần\b"
    # A cadence word before «của» qualifies a noun («chương trình hoạt động chỉ đạo thường xuyên
    # của cấp ủy»), not the duty.
    # «chương trình giáo dục thường xuyên» is continuing education, no cadence; «dự toán kinh
    # phí chi thường xuyên» is a budget line (recurrent spending), no cadence either.
    r"|(?<!giáo dục )(?<!\bchi )"
    r"\b(?:thường xuyên|hằng năm|hàng năm|định kỳ|khi có yêu cầu|khi có phát sinh)\b"
    r"(?!\s+của\b)",
    re.IGNORECASE,
)


@dataclass
class _Place:
    section: str = ""
    section_title: str = ""
    number: str = ""  # the last numbered marker ("2", "2.1")
    lead: str = ""  # a body named alone above the bullets
    partners: str = ""  # named by a lead-in above the items («Chủ trì, phối hợp với X …:»)
    bullets: int = 0
    organising: bool = False  # the organisation part («TỔ CHỨC THỰC HIỆN»)
    parts: bool = False  # the bullets that follow are parts of the last duty, not duties
    restating: bool = False  # an organisation part after a part that assigned the duties
    heading_leads: bool = False  # ``lead`` was named by a numbered heading («2.1. Sở Tài chính»)
    partners_lead_bullets: bool = False  # under «b) Chủ trì, phối hợp»: bullets open with partners
    after_letter: bool = False  # the last paragraph read was a lettered duty
    in_article: bool = False  # opened by a clause «N. Giao X:» of an article; ends with it


def read_prose_tasks(document: SourceDocument) -> list[TaskRow]:
    """The tasks assigned in sentences, in document order; [] when none is."""
    rows: list[TaskRow] = []
    place: _Place | None = None
    by_unit = False  # a duty was read under a numbered heading naming its body
    sections_by_unit: set[str] = set()  # the parts where one was
    organisation_parts: set[str] = set()  # the organisation parts a duty was read from
    title_end = 0  # the last paragraph of an appendix's title
    article = ""  # the last article heading («Điều 1.»)
    for index, paragraph in enumerate(document.paragraphs, start=1):
        if index <= title_end:
            continue
        appendix = _appendix_title(document, index)
        if appendix is not None:
            # «Phụ lục / NHIỆM VỤ CỤ THỂ GIAO CÁC BỘ, CƠ QUAN, ĐỊA PHƯƠNG …»: an appendix that
            # lists the duties assigned opens a task part, as a Roman heading naming tasks does;
            # its duties are the tasks, as those of an organisation part are.
            title_end, title = appendix
            in_tasks = any(word in fold(title) for word in _ASSIGNING_APPENDIX)
            place = _Place(paragraph.text, title, organising=True) if in_tasks else None
            continue
        roman = _ROMAN.match(paragraph.text)
        if roman:
            title = fold(roman["title"])
            in_tasks = any(word in title for word in _TASK_PART)
            organising = _ORGANISATION_PART in title
            restating = organising and by_unit
            place = (
                _Place(roman["number"], paragraph.text, organising=organising, restating=restating)
                if in_tasks
                else None
            )
            continue
        if _ARTICLE.match(paragraph.text):
            place = None if place is not None and place.in_article else place
            article = paragraph.text.strip()
            continue
        if place is None and _assigns_clause(paragraph.text):
            # «Điều 1. … 2. Giao Bộ Văn hoá, Thể thao và Du lịch:» over a)–c): a resolution
            # with no Roman heading assigns its duties in the clauses of an article.
            place = _Place(article, article, in_article=True)
        if place is None:
            continue
        if place.parts and rows and _BULLET.match(paragraph.text):
            rows[-1] = _with_part(rows[-1], paragraph.text)
            continue
        place.parts = False
        following = document.paragraphs[index].text if index < len(document.paragraphs) else ""
        if place.after_letter and _introduces_parts(paragraph.text, following):
            # «c) Kết thúc … trước ngày 30 tháng 6 năm 2026.» / «Phương án bố trí, sử dụng phải
            # gắn với …, theo hướng:» over «- » lines: they spell out the lettered duty.
            rows[-1] = _with_part(rows[-1], paragraph.text)
            place.parts = True
            continue
        row = _read(paragraph.text, index, paragraph.page, place, following)
        place.after_letter = row is not None and row.number.isalpha()
        rows.extend([row] if row is not None else [])
        by_unit = by_unit or (row is not None and place.heading_leads)
        if row is not None and place.heading_leads:
            sections_by_unit.add(place.section)
        if row is not None and place.organising:
            organisation_parts.add(place.section)
    if not organisation_parts & sections_by_unit:
        return rows
    # «IV. NỘI DUNG HOẠT ĐỘNG» naming a doer in passing («- Sở Y tế chủ trì kiểm tra …»), then
    # «V. TỔ CHỨC THỰC HIỆN» assigning the work by unit headings: the activities are what the
    # units' duties carry out, the duties are the tasks.
    return [row for row in rows if row.section in sections_by_unit | organisation_parts]


_BULLET = re.compile(r"^[-–+•*]\s*\S")
_ARTICLE = re.compile(r"^Điều\s+\d+\b")
_ASSIGNING_CLAUSE = re.compile(r"^\d{1,2}[.)]\s+(?:giao|de nghi|yeu cau)\s+\S.*:$")


def _assigns_clause(text: str) -> bool:
    """«2. Giao Bộ Văn hoá, Thể thao và Du lịch:», a numbered clause that assigns a body the
    duties below it."""
    text = text.strip()
    if not _ASSIGNING_CLAUSE.match(fold(text)):
        return False
    return names_leads(text.split(maxsplit=1)[1], heading=True)


_LETTER_ITEM = re.compile(r"^[a-zđ][.)]\s*\S")
_APPENDIX = re.compile(r"^ph[uụ] l[uụ]c\b", re.IGNORECASE)
# An appendix title naming the duties it assigns («NHIỆM VỤ CỤ THỂ GIAO CÁC BỘ …», «PHÂN CÔNG
# NHIỆM VỤ …»), not a list of projects or a form.
_ASSIGNING_APPENDIX = ("nhiem vu", "phan cong")
_TITLE_LINES = 6


def _appendix_title(document: SourceDocument, index: int) -> tuple[int, str] | None:
    """(last paragraph, title) of an appendix opening at paragraph ``index`` (1-based): «Phụ
    lục» and the lines of its title, up to the first numbered or lettered paragraph."""
    paragraphs = document.paragraphs
    if not _APPENDIX.match(paragraphs[index - 1].text.strip()):
        return None
    lines = [paragraphs[index - 1].text]
    end = index
    while end < len(paragraphs) and end - index < _TITLE_LINES:
        text = paragraphs[end].text
        if _MARKER.match(text) and not text.startswith(("_", "(")):
            break
        lines.append(text)
        end += 1
    return end, " ".join(lines)


def _with_part(row: TaskRow, text: str) -> TaskRow:
    """The duty with one of the bullets that list its object («- Dự án 1: …») added to it."""
    task = f"{row.task} {text}"
    return replace(row, task=task, time_text=times_in_text(task))


def _introduces_parts(text: str, following: str) -> bool:
    """An unnumbered sentence ending in a colon, with no time, over «- » lines."""
    return not _MARKER.match(text) and _leads_in(text) and bool(_BULLET.match(following))


def _read(
    text: str, index: int, page: int | None, place: _Place, following: str = ""
) -> TaskRow | None:
    marker = _MARKER.match(text)
    body = text[marker.end() :] if marker else text
    if not marker and (fold(body).startswith(_CLOSING) or _CLOSING_CALL.search(fold(body))):
        # «Trên đây là Kế hoạch …», «Yêu cầu các sở, ban, ngành, đơn vị, địa phương nghiêm túc
        # triển khai thực hiện./.»: the plan's closing words, no duty
        return None
    number, letter = (marker["number"], marker["letter"]) if marker else (None, None)
    if number or letter:
        place.partners_lead_bullets = False
    if letter and place.lead and _names_partners_of_bullets(body, following, place):
        return None
    if number:
        place.number, place.lead, place.partners, place.bullets = number, "", "", 0
        place.heading_leads = False
    labelled = labelled_duty(body) if number else None
    if labelled is not None:
        # «1. Đề nghị Ban Tuyên giáo và Dân vận Tỉnh ủy: Ban hành văn bản chỉ đạo …»: a body's
        # heading and its one duty on one line; the duty is that body's, whatever it is about.
        place.lead, body = labelled
        place.heading_leads = True
        if place.organising and not _organisation_task(body, place, item=True):
            return None
        return _task_row(body, index, page, place, number, letter, place.lead, read_partners(body))
    if names_leads(body, heading=bool(number)) and (marker is None or not _BULLET.match(text)
        or body.rstrip().endswith(":") or names_body(body.rstrip(" :."))):  # fmt: skip
        # A bullet is a body's heading only when it is a name alone or ends in «:»; «- Trung
        # tâm Kiểm soát bệnh tật tỉnh hỗ trợ các địa phương xét nghiệm …» is a duty.
        place.lead = _without_mandate(without_opener(body).rstrip(" :."))
        place.heading_leads = bool(number)
        return None
    if number and _heads_duties(body, following, place):
        return None
    assignment = read_assignment(body)
    # «6. Sở Tài chính phối hợp với … tham mưu …»: the body a duty opens with does it; «6. Đề
    # nghị Văn phòng Tỉnh ủy, …, Chi cục Hải quan khu vực XI tăng cường …»: the bodies requested.
    subject = (read_subject(_after_basis(body)) or _addressees(body)) if assignment is None else ""
    if assignment is None and number and not subject:
        # «1. Ban Thường vụ Tỉnh ủy, Thành ủy lãnh đạo, chỉ đạo …», «8. Bộ Văn hóa, Thể thao và
        # Du lịch phối hợp với … định hướng …»: a numbered heading that is the duty of the
        # bodies it opens with.
        subject = read_named_subject(without_opener(body))
    if assignment is not None:
        lead, partners = assignment.lead, assignment.partners
    else:  # «- Chủ trì, phối hợp với các sở, ngành … tham mưu …» under «1. Sở Nông nghiệp …»
        lead, partners = place.lead, read_partners(body) or place.partners
        if place.lead and not subject and _leads_in(body) and not letter:
            # «Chủ trì, phối hợp với các cơ quan có liên quan tham mưu cho …:» over a)–đ): no
            # task of its own; its partners are the items'.
            place.partners = partners
            return None
    lead = lead or subject
    if letter and fold(body).strip(" .:") in _ROLES_ONLY:
        # «b) Chủ trì, phối hợp» over bullets that each open with the partners of a duty
        # («- Sở Tài chính và các đơn vị có liên quan tham mưu …»): no duty itself.
        place.partners_lead_bullets = True
        return None
    if place.partners_lead_bullets and place.lead and not letter and not number:
        named = subject or read_named_subject(body)
        lead, partners = place.lead, named or partners
    item = bool(marker) and not number  # lettered or bulleted
    if not lead or (place.organising and not _organisation_task(body, place, item=item)):
        return None
    ref = _ref(place, number, letter)
    # «h) Chủ trì triển khai … các dự án …, bao gồm:» under a unit's heading: the duty is
    # lettered, the «- Dự án …» bullets below it list what it covers (one task, as a clerk reads).
    place.parts = bool(letter and place.lead and _leads_in(body))
    return _task_row(body, index, page, place, number, letter, lead, partners, ref)


def _task_row(
    body: str,
    index: int,
    page: int | None,
    place: _Place,
    number: str | None,
    letter: str | None,
    lead: str,
    partners: str,
    ref: str | None = None,
) -> TaskRow:
    return TaskRow(
        section=place.section,
        section_title=place.section_title,
        number=number or letter or "",
        objective="",
        task=body,
        activity="",
        product="",
        lead=lead,
        partners=partners,
        time_text=times_in_text(body),
        budget="",
        notes="",
        source=SourceRef(table=None, row=index, page=page),
        ref_hint=ref if ref is not None else _ref(place, number, letter),
        time_in_sentence=True,
    )


_ROLE_LEAD_IN = re.compile(r"^(?:chu tri,?\s*)?phoi hop voi\s+")


def _names_partners_of_bullets(body: str, following: str, place: _Place) -> bool:
    """«a) Chủ trì, phối hợp với các sở, ban, ngành, UBND các xã, phường và cơ quan, đơn vị có
    liên quan» / «b) Phối hợp với các sở, ngành, UBND các xã, phường» over «- » bullets, under a
    unit's heading: a lead-in naming only the partners of the bullets below it, no duty; its
    partners are set on ``place``."""
    folded = fold(body).rstrip(" :")
    role = _ROLE_LEAD_IN.match(folded)
    if role is None or folded.endswith((".", ";")) or not _BULLET.match(following):
        return False
    partners = read_partners(body)
    if not partners or len(partners) < len(folded) - role.end() - 1:
        return False  # words after the partners: a duty («Phối hợp với X tổ chức …»)
    place.partners = partners
    return True


# «Các bộ, cơ quan, địa phương căn cứ chức năng, nhiệm vụ, quyền hạn được giao»: the mandate
# a heading grants its bodies is no part of their name.
_MANDATE = re.compile(r",?\s+(?:can cu|theo|trong pham vi)\s+chuc nang\b")


def _without_mandate(lead: str) -> str:
    found = _MANDATE.search(fold(lead))
    return lead[: found.start()].strip(" ,") if found and found.start() else lead


def _heads_duties(body: str, following: str, place: _Place) -> bool:
    """«2. Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở X, Ủy ban nhân dân các phường:»,
    «1. Giao Sở X là cơ quan đầu mối, chủ trì …; tổ chức thực hiện các nhiệm vụ sau:» over «- »
    bullets: a unit's heading written as a sentence; so is one with no closing stop, «2. Các Sở,
    ngành chủ trì, quản lý, tham gia thực hiện các dự án … thuộc Chương trình» (a group qualified
    by what it runs). Its subject leads the bullets, the bodies after «phối hợp với» are their
    partners (``place`` is set for them)."""
    if body.rstrip().endswith((".", ";")) or not (
        _BULLET.match(following) or (body.rstrip().endswith(":") and _LETTER_ITEM.match(following))
    ):
        return False  # a sentence that ends is a duty of its own
    assignment = read_assignment(body)
    # «9. Ủy ban nhân dân các phường, xã, đặc khu chủ động bố trí kinh phí …, tập trung một số
    # nhiệm vụ cụ thể sau:»: the bodies the sentence opens with, however many.
    lead = assignment.lead if assignment else read_subject(body) or read_named_subject(body)
    if not lead:
        return False
    place.lead = lead
    place.partners = assignment.partners if assignment else read_partners(body)
    place.heading_leads = True
    return True


_SENTENCE_WORDS = 3  # words in lower case that make a text after a colon a sentence


def labelled_duty(body: str) -> tuple[str, str] | None:
    """(lead, duty) of «Đề nghị X: duty» or «X: duty», when the words before the first colon
    only name bodies and a sentence follows it; None otherwise («Sở Nội vụ:» alone, «Khen thưởng
    cấp Nhà nước: …» whose label names no body)."""
    head, colon, duty = body.partition(":")
    duty = duty.strip()
    if not colon or not duty or not names_leads(head, heading=True):
        return None
    # «12. Ủy ban nhân dân các xã: Gia Thuận, Tân Điền» names the communes: a sentence has
    # words in lower case.
    if sum(word[:1].islower() for word in duty.split()) < _SENTENCE_WORDS:
        return None
    if names_leads(duty.rstrip(" ."), heading=True):
        return None
    return without_opener(head).strip(" ,"), duty


# A heading that names who leads the bullets below it is short and says no more than names.
_MAX_LEADS_WORDS = 25
_PREDICATES = ("chu tri", "phoi hop", "co trach nhiem", "chiu trach nhiem", "tham muu",
               "trien khai", "thuc hien")  # fmt: skip


def names_leads(text: str, *, heading: bool = False) -> bool:
    """«3. Sở Tài chính:», «2. Sở Văn hóa, Thể thao và Du lịch», «12. Ủy ban nhân dân các xã:
    Gia Thuận, Tân Điền», «13. Các sở, ngành có liên quan; Ủy ban nhân dân các xã, phường»: a
    heading that only names the bodies who lead the duties below it. A numbered heading
    (``heading``) may name a group at length: «6. Các doanh nghiệp thứ cấp đang hoạt động trong
    KCN», «5. Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công nghiệp»."""
    ends = text.rstrip().endswith((".", ";"))
    text = without_opener(text).rstrip(" :.")  # «11. Đề nghị Chi cục Hải quan khu vực XIX»
    if ends and read_named_subject(text):
        return False  # «19. Bộ Công an, Bộ Quốc phòng khẩn trương xây dựng …»: a duty
    if names_body(text) or _names_kinds_of_doers(text):
        return True
    folded = fold(text)
    if not text or any(p in folded for p in _PREDICATES):
        return False
    names = split_units(text)
    if len(text.split()) > _MAX_LEADS_WORDS:
        # «9. Báo và Phát thanh - Truyền hình Đắk Lắk, Sở Văn hóa, Thể thao và Du lịch, Cổng
        # Thông tin điện tử tỉnh và hệ thống truyền thanh cơ sở:»: a numbered heading may list
        # many bodies at length, each named as a body.
        return heading and len(names) > 1 and all(starts_with_body(name) for name in names)
    longest = _MAX_LEADS_WORDS if heading else _GROUP_WORDS
    return bool(names) and all(
        starts_with_body(name) or _is_group_name(name, longest=longest) for name in names
    )


# «14. Doanh nghiệp, cộng đồng, tổ chức, cá nhân: Quan tâm, đăng ký hỗ trợ …»: the kinds of
# doers a plan calls on, named bare (no «các»), several together.
_DOER_KINDS = (
    "doanh nghiep", "to chuc", "ca nhan", "cong dong", "nguoi dan", "nhan dan", "ho gia dinh",
    "doan the", "co quan", "don vi",
)  # fmt: skip
_LIST_BREAK = re.compile(r",\s*|\s+va\s+")


def _names_kinds_of_doers(text: str) -> bool:
    parts = _LIST_BREAK.split(fold(text).strip())
    return len(parts) > 1 and all(part.strip() in _DOER_KINDS for part in parts)


def _addressees(body: str) -> str:
    """The bodies a request («Đề nghị A, B và C tăng cường …») names, when they are all names."""
    bodies = read_addressees(body)
    names = split_units(bodies) if bodies else []
    if names and all(starts_with_body(name) or _is_group_name(name) for name in names):
        return bodies
    return ""


def _is_group_name(name: str, *, longest: int | None = None) -> bool:
    """«Các sở, ngành có liên quan», «Các cơ quan trực thuộc Bộ Văn hóa, Thể thao và Du lịch»: a
    collective phrase of kinds of bodies, short (``longest`` words, a dash not counted: «các tổ
    chức chính trị - xã hội trực thuộc») or owned by a body; not a sentence nor «Các nhiệm vụ
    trọng tâm»."""
    if not names_kinds_of_bodies(name):
        return False
    owner = _OWNER.search(fold(name))
    count = sum(1 for word in name.split() if word not in _DASHES)
    return count <= (longest or _GROUP_WORDS) or (
        owner is not None and starts_with_body(name[owner.end() :])
    )


# «… trực thuộc Bộ …», «… thuộc Sở …», «… của Ủy ban …»: the body that owns a group.
_OWNER = re.compile(r"\s(?:truc thuoc|thuoc|cua)\s+")
_GROUP_WORDS = 8
_DASHES = ("-", "–")


def time_in_text(text: str) -> str:
    """The last deadline phrase of a sentence («hoàn thành trước ngày 15/12/2025»), or ""."""
    found = _TIME.findall(text)
    return found[-1].strip() if found else ""


# «… báo cáo cấp có thẩm quyền ngay sau khi Nghị quyết của Bộ Chính trị được ban hành», «…
# sau khi có quyết định của Thủ tướng Chính phủ»: the duty waits for a text to be issued,
# approved or in force; «sau khi nước rút», «(… sau khi hoàn thành chương trình cai nghiện)»
# are circumstances, no time.
_EVENT = re.compile(r"\b(?:ngay\s+)?sau khi\s[^,;.()]+", re.IGNORECASE)
_ISSUED = re.compile(r"\b(?:ban hanh|phe duyet|co quyet dinh|thong qua|co hieu luc|ky ban hanh)\b")


# «trong giai đoạn 2026 - 2030»: the span of the thing named, no time for the duty.
_SPAN = re.compile(r"\b20\d\d\s*[-–]\s*(?:20)?\d\d\b")
_SPAN_TAIL = 8  # « - 2030» after the year a phrase ends with
# «phấn đấu tiết kiệm điện tối thiểu 3,0% … trong năm 2026»: a target's year, no time either.
_TARGET = re.compile(r"\bphấn đấu\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;:]|\.\s")


def _clause_before(text: str, found: re.Match[str]) -> str:
    """The words of the clause a time phrase closes, from the last «;», «:» or full stop."""
    before = text[: found.start()]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    return before[breaks[-1].end() :] if breaks else before


def times_in_text(text: str) -> str:
    """Every time phrase of a duty, in order, joined by «; » («… trước ngày 31 tháng 5 năm 2026.
    … trước ngày 30 tháng 6 năm 2026»: two deadlines); an event it waits for («ngay sau khi …»)
    when it names no other time; or ""."""
    found = list(
        dict.fromkeys(
            match.group().strip()
            for match in _TIME.finditer(text)
            if not _SPAN.search(text[match.start() : match.end() + _SPAN_TAIL])
            and not _TARGET.search(_clause_before(text, match))
        )
    )
    if not found:
        events = (event.group().strip() for event in _EVENT.finditer(text))
        found = [event for event in events if _ISSUED.search(fold(event))][:1]
    return "; ".join(found)


def _for_the_plan_itself(body: str) -> bool:
    """«Các đơn vị, địa phương tăng cường kiểm tra, đôn đốc triển khai, thực hiện Kế hoạch này,
    định kỳ hàng năm báo cáo …»: a responsibility for the plan as a whole, with no dated
    deadline (a year printed in its time phrase makes it a dated duty, kept as a task)."""
    # «… tham mưu bố trí dự toán kinh phí … để triển khai thực hiện nhiệm vụ được giao tại Quyết
    # định này»: the plan named in the duty's purpose only; the duty is the funding.
    duty = _PURPOSE.split(fold(body), 1)[0]
    return bool(_THIS_PLAN.search(duty)) and not _YEAR.search(time_in_text(body))


_PURPOSE = re.compile(r"\sde\s+(?:trien khai|thuc hien|to chuc)\b")


def _organisation_task(body: str, place: _Place, *, item: bool) -> bool:
    """Whether a duty of the organisation part («TỔ CHỨC THỰC HIỆN») is a task.

    After a part that assigned the duties, the organisation part restates them (a plan of
    each body, a yearly report, the follow-up of the plan): only a dated duty, or one due on an
    event («… cập nhật … ngay sau khi Luật … có hiệu lực»), is a task there.
    When it is the only part that assigns them, its duties are the tasks, but for the
    responsibilities for the plan as a whole (``_for_the_plan_itself``); a duty lettered or
    bulleted under a body's heading is that body's, whatever it is about («đ) Đôn đốc các sở …
    về việc triển khai thực hiện Kế hoạch này» under «1. Sở Giáo dục và Đào tạo»)."""
    if place.restating:  # a dated duty, or one due on an event («ngay sau khi Luật … »)
        return bool(_YEAR.search(time_in_text(body)) or _ON_EVENT.search(fold(body)))
    owned = bool(place.lead) and item  # not a closing paragraph after the items
    return owned or not _for_the_plan_itself(body)


def _after_basis(body: str) -> str:
    """«Căn cứ Kế hoạch này, các Sở, … xây dựng kế hoạch …»: the sentence after the basis it
    opens with, where its subject is."""
    if not fold(body).startswith("can cu ") or ", " not in body:
        return body
    return body.split(", ", 1)[1]


def _leads_in(body: str) -> bool:
    """A sentence that ends in a colon and names no time: it introduces the items below it."""
    return body.rstrip().endswith(":") and not time_in_text(body)


def _ref(place: _Place, number: str | None, letter: str | None) -> str:
    base = place.number or place.section
    if number:
        return number
    if letter:
        return f"{base}.{letter}"
    place.bullets += 1
    return f"{base}.{place.bullets}" if place.number else f"{place.section}.{place.bullets}"
