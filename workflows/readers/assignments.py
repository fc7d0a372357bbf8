"""Assignments written as prose rather than in their own cells.

Plans often say who does a task in a sentence: «Sở Y tế chủ trì, phối hợp với Sở Tài chính và
các đơn vị liên quan tổ chức …», «Giao Sở Nội vụ chủ trì tham mưu UBND tỉnh ban hành …»,
«Văn phòng UBND tỉnh đôn đốc, hướng dẫn …». The body before «chủ trì» (or «đôn đốc») leads;
the bodies after «phối hợp với» up to the first verb are partners; a body the lead advises
(«tham mưu UBND tỉnh») is the plan's issuer, never a unit of the task.

``tidy_row`` applies this to a row's unit cells, and moves a deadline phrase printed inside a
unit field («Sở Tư pháp - Thời gian thực hiện: Quý IV») to the time field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from workflows.plan import TaskRow
from workflows.text import fold
from workflows.units import vocabulary as words
from workflows.units.bodies import names_body, starts_with_body
from workflows.units.distributive import expand_distributive
from workflows.units.splitter import split_units
from workflows.units.tokens import tokenize

# Matched on folded text (no diacritics, lower case); folding keeps every character's place.
# «Đồng thời, giao …», «Ngoài ra, đề nghị …»: a connective may open the sentence.
_OPENER = r"^(?:(?:dong thoi|ngoai ra),\s*)?(?:giao|de nghi|yeu cau)\s+"
# The verb that names the lead: «chủ trì», «đôn đốc», «chịu/có trách nhiệm (chính)»; a body's
# name ends before it («Giao Công an thành phố có trách nhiệm theo dõi, hướng dẫn, đôn đốc …»).
_LEAD_VERB = re.compile(r"\s*,?\s+(?:chu tri|don doc|(?:chiu|co) trach nhiem(?: chinh)?)\b")
_PARTNER_START = re.compile(r"^\s*,?\s*(?:va\s+)?phoi hop(?:\s+chat che)?(?:\s+voi)?\s+")
# Verbs that end a partner list: «… và các đơn vị liên quan tổ chức thực hiện».
_VERBS = (
    # «tổ chức chính trị - xã hội» is a kind of body, no verb («Các sở, …, đơn vị, tổ chức chính
    # trị - xã hội, hội, đoàn thể …»).
    "tham muu", "to chuc(?! chinh tri)", "trien khai", "xay dung", "ra soat", "thuc hien",
    "huong dan",
    "nghien cuu", "de xuat", "theo doi", "kiem tra", "tuyen truyen", "bao cao", "tang cuong",
    "trinh", "ban hanh", "don doc", "tong hop", "danh gia", "chi dao", "pho bien", "quan triet",
    "cap nhat", "bo tri", "hoan thien", "sua doi", "tiep tuc", "day manh", "tap trung",
    "chu dong", "tham dinh", "lap", "thanh lap", "van hanh", "giam sat", "huy dong",
    "dang tai", "phat hanh", "cung cap", "ho tro", "phoi hop", "tham gia", "xu ly",
    "tien hanh", "co trach nhiem", "chiu trach nhiem", "nang cao", "tiep nhan", "xac dinh",
    "tong ket",
    # «Ban Thường vụ Tỉnh ủy, Thành ủy lãnh đạo, chỉ đạo …», «Bộ Công an, Bộ Quốc phòng khẩn
    # trương xây dựng …», «Các Tập đoàn, Tổng công ty hoàn thành chỉ tiêu …»
    "lanh dao", "khan truong", "hoan thanh", "nghiem tuc",
)  # fmt: skip
# «1. Bộ Tài chính …  2. Các bộ, …»: the numbers of a lead cell's parts (the capital is checked).
_PART_NUMBER = re.compile(r"(?:^|(?<=[\s.;:]))\d{1,2}\.\s+")
# Where a doer's name ends when no verb follows it: «… đối với …», «… đầu mối …», «… theo
# chức năng …», «… trong phạm vi chức năng …».
_DOER_END = re.compile(r",?\s+(?:doi voi|dau moi|theo chuc nang|trong pham vi)\b")
# Parts of a cell: its lines and its «+» bullets.
_PARTS = re.compile(r"\n|(?:^|\s)\+\s+")
# «trình» is no verb in «chương trình», «quy trình», «lộ trình», «công trình», «tiến trình».
# No verb follows «các», «những» either: «các tổ chức chính trị - xã hội» is a partner.
_NOT_A_VERB_BEFORE = "".join(
    rf"(?<!\b{word})" for word in ("chuong", "quy", "lo", "cong", "tien", "cac", "nhung")
)
# Words after a partner list that are no verb: «… liên quan theo chức năng, nhiệm vụ …», «… có
# thẩm quyền trong việc triển khai …».
# «… các nhà mạng (Viettel Nghệ An, …) để xây dựng lộ trình …», «… trong quá trình khảo sát»: a
# purpose («để» and a verb) or the course of the work.
_AFTER_PARTNERS = (
    "theo chuc nang", "trong viec", "can cu", "kip thoi", "thuong xuyen", "trong qua trinh",
    f"de (?:{'|'.join(_VERBS)})",
)  # fmt: skip
_PARTNER_END = re.compile(
    rf"{_NOT_A_VERB_BEFORE}(?:\s+|,\s*)(?:{'|'.join((*_VERBS, *_AFTER_PARTNERS))})\b"
)
# A lead is a body's name, not a sentence: it opens with a capital and is short.
_MAX_LEAD_WORDS = 14
# A unit field this long is sentences, not a list of names.
_SENTENCE_WORDS = 20
# «các bộ, cơ quan ngang bộ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương».
_MAX_GROUP_WORDS = 20
# What a lead is called in the sentence: «Sở X là cơ quan đầu mối, chủ trì …».
_ROLE = re.compile(r"\s+la\s+(?:co quan|don vi)\b")
# A deadline printed inside a unit field, after a dash or a semicolon.
_TRAILING_TIME = re.compile(
    r"\s*[-–;.,]?\s*(?:thoi gian|thoi han|tien do)(?:\s+(?:thuc hien|hoan thanh))?\s*:\s*"
)


@dataclass(frozen=True)
class Assignment:
    lead: str
    partners: str
    rest: str  # the sentence after the assignment: what is to be done


def read_assignment(text: str) -> Assignment | None:
    """The lead and partners a sentence names, or None when it names no lead."""
    folded = fold(text)
    if len(folded) != len(text):  # a character folding changed the length: positions unusable
        return None
    opener = re.match(_OPENER, folded)
    start = opener.end() if opener else 0
    verb = _LEAD_VERB.search(folded, start)
    if verb is None:
        return None
    lead = text[start : verb.start()].strip(" ,;:-")
    role = _ROLE.search(fold(lead))
    lead = lead[: role.start()].strip(" ,") if role else lead  # «X là cơ quan đầu mối»
    if not _looks_like_body(lead):
        return None
    after = verb.end()
    partners = ""
    partner_start = _PARTNER_START.match(folded[after:])
    if partner_start is not None:
        begin = after + partner_start.end()
        end_match = _PARTNER_END.search(folded, begin)
        end = end_match.start() if end_match else len(text)
        partners = text[begin:end].strip(" ,;:.")
        after = end
    return Assignment(lead=lead, partners=partners, rest=text[after:].strip(" ,;:."))


# «Chủ trì, phối hợp với X …», «Phối hợp các bộ, ngành …», «…, phối hợp với X trình …».
_PARTNER_PHRASE = re.compile(r"(?:^|,\s*|\s)(?:va\s+)?phoi hop(?:\s+chat che)?(?:\s+voi)?\s+")


# Where the duty's first clause ends: «…; phối hợp với X …» or «…. Phối hợp với X …» after it
# is a later step's partner, not the duty's.
_CLAUSE_END = re.compile(r";|\.\s")


def read_partners(text: str) -> str:
    """The bodies a sentence says the work is done with («phối hợp với X …», up to the next
    verb) in its first clause, when it names no lead of its own; "" when it names none."""
    folded = fold(text)
    if len(folded) != len(text):
        return ""
    clause = _CLAUSE_END.search(folded)
    phrase = _PARTNER_PHRASE.search(folded, 0, clause.start() if clause else len(folded))
    if phrase is None:
        return ""
    end_match = _PARTNER_END.search(folded, phrase.end())
    end = end_match.start() if end_match else len(text)
    partners = text[phrase.end() : end].strip(" ,;:.")
    if not partners or (len(partners.split()) > _MAX_GROUP_WORDS and not _all_named(partners)):
        return ""
    return partners if starts_with_body(partners) or _is_group(partners) else ""


def _all_named(text: str) -> bool:
    """A long list that only names bodies and groups: «các sở, ban, ngành, Ủy ban Mặt trận Tổ
    quốc Việt Nam thành phố và các tổ chức chính trị - xã hội, các cơ quan báo chí»."""
    names = split_units(text)
    return bool(names) and all(starts_with_body(name) or _is_group(name) for name in names)


def _looks_like_body(name: str) -> bool:
    """«Sở Y tế», «Các sở, ngành», «UBND các xã»: a body's name or a group, not «Điều phối
    chung» (a sentence's subject that names no one)."""
    if not name or len(name.split()) > _MAX_LEAD_WORDS or not name[0].isupper():
        return False
    return starts_with_body(name) or fold(name).startswith(("cac ", "nhung "))


# «… trong phạm vi chức năng, nhiệm vụ của mình», «… theo chức năng, nhiệm vụ được giao»
# after a subject qualify it: the bodies' names end before them.
_QUALIFIER = re.compile(r",?\s+(?:trong pham vi|theo) chuc nang\b")


def read_subject(text: str) -> str:
    """The body a duty opens with: «Sở Xây dựng» of «Sở Xây dựng đăng tải thông điệp …»; «Các
    sở, … và các cơ quan liên quan» of «Các sở, … và các cơ quan liên quan trong phạm vi chức
    năng, nhiệm vụ của mình tổ chức triển khai …»."""
    folded = fold(text)
    if len(folded) != len(text):
        return ""
    for verb in _PARTNER_END.finditer(folded):  # «Sở Xây dựng đăng tải»: «xây dựng» is a name
        qualifier = _QUALIFIER.search(folded, 0, verb.start())
        end = qualifier.start() if qualifier else verb.start()
        subject = text[:end].strip(" ,;:-+")
        if names_body(subject) or (
            _is_group(subject) and (len(subject.split()) <= _MAX_GROUP_WORDS or _all_named(subject))
        ):  # a long list that only names bodies and groups is the subject too
            return subject
    return ""


def read_named_subject(text: str) -> str:
    """The bodies a sentence opens with, however many, when the words before its first verb
    only name bodies and groups: «Sở Nông nghiệp và Môi trường, Sở Sây dựng và các đơn vị có
    liên quan» of «… tham mưu …»."""
    folded = fold(text)
    if len(folded) != len(text):
        return ""
    for verb in _PARTNER_END.finditer(folded):  # «Sở Xây dựng»: a capital makes it a name
        if text[verb.start() :].lstrip(" ,")[:1].isupper():
            continue
        subject = text[: verb.start()].strip(" ,;:-+")
        return subject if subject[:1].isupper() and _all_named(subject) else ""
    return ""


def read_addressees(text: str) -> str:
    """The bodies a request names before its verb: «Văn phòng Tỉnh ủy và các Ban Xây dựng Đảng,
    …, Chi cục Hải quan khu vực XI» of «Đề nghị Văn phòng Tỉnh ủy …, Chi cục Hải quan khu vực XI
    tăng cường công tác …»; "" when the text opens with no «Đề nghị», «Giao», «Yêu cầu». The
    words up to the first verb in lower case: a verb written with a capital is part of a name
    («Ban Xây dựng Đảng», «Ủy ban Kiểm tra Tỉnh ủy»). The caller checks they are names."""
    folded = fold(text)
    opener = re.match(_OPENER, folded)
    if len(folded) != len(text) or opener is None:
        return ""
    for verb in _PARTNER_END.finditer(folded, opener.end()):
        word = text[verb.start() :].lstrip(" ,")
        if word[:1].isupper():
            continue
        qualifier = _QUALIFIER.search(folded, opener.end(), verb.start())
        end = qualifier.start() if qualifier else verb.start()
        return text[opener.end() : end].strip(" ,;:-+")
    return ""


def without_opener(text: str) -> str:
    """«Chi cục Hải quan khu vực XIX» of «Đề nghị Chi cục Hải quan khu vực XIX»: a heading that
    requests a body outside the issuer's command (or assigns one) names it after the word."""
    folded = fold(text)
    opener = re.match(_OPENER, folded) if len(folded) == len(text) else None
    return text[opener.end() :] if opener else text


def _is_group(name: str) -> bool:
    """«các sở, ngành liên quan và Ủy ban nhân dân các xã, phường», «Sở, ban, ngành thuộc …»:
    bodies named together (not «Các dự án về thể thao ưu tiên»)."""
    folded = fold(name)
    if folded.startswith(("so, ban, nganh", "cac so, ban, nganh")):
        return True
    return names_kinds_of_bodies(name)


def names_kinds_of_bodies(name: str) -> bool:
    """«Các sở, ngành …», «Những cơ quan …», «Các đoàn thể …»: «các» or «những» then a kind of
    body or an organisation word; «Các cơ sở nuôi trồng thủy sản» (facilities) as well, which
    the unit splitter does not take for a kind of body («Cơ sở khám bệnh, chữa bệnh, cơ quan …»
    lists a facility then bodies)."""
    tokens = [token for token in tokenize(name) if token.is_word]
    if not words.starts_collective(tokens) or len(tokens) < 2:
        return False
    if fold(" ".join(token.text for token in tokens[1:3])) == "co so":
        return True
    return words.kind_at(tokens, 1) > 0 or words.organisation_at(tokens, 1) > 0


def tidy_row(row: TaskRow) -> TaskRow:
    """The row with a deadline moved out of its unit fields and a prose lead cell split."""
    lead, lead_time = _split_trailing_time(row.lead)
    partners, partner_time = _split_trailing_time(row.partners)
    time_text = row.time_text or lead_time or partner_time
    prose = _numbered_parts(lead) or _prose_units(lead)
    if prose is not None:
        lead = prose[0]
        partners = "\n".join(filter(None, [prose[1], partners]))
    if (lead, partners, time_text) == (row.lead, row.partners, row.time_text):
        return row
    return replace(row, lead=lead, partners=partners, time_text=time_text)


def _numbered_parts(cell: str) -> tuple[str, str] | None:
    """(leads, partners) of a lead cell of numbered parts, each naming its doer first: «1. Bộ
    Tài chính chủ trì, tổng hợp chung 2. Bộ Khoa học và Công nghệ hướng dẫn … 3. Các bộ, địa
    phương … rà soát …», «1. Về phát triển công nghiệp quốc gia: Bộ Công Thương chủ trì. 2. …»,
    «2. Bộ Công an: chủ trì kinh tế dữ liệu»; None when the cell is not of that shape."""
    starts = [m for m in _PART_NUMBER.finditer(cell) if cell[m.end() : m.end() + 1].isupper()]
    if len(starts) < 2 or starts[0].start() != 0:
        return None
    ends = [m.start() for m in starts[1:]] + [len(cell)]
    leads: list[str] = []
    partners: list[str] = []
    for match, end in zip(starts, ends, strict=True):
        part = _after_topic(cell[match.end() : end].strip(" .;"))
        assignment = read_assignment(part)
        doer = _doer(part)
        if assignment is not None:
            # «Bộ Tài chính đầu mối, chủ trì»: the doer's name ends before «đầu mối».
            short = doer and assignment.lead.startswith(doer)
            leads.append(doer if short else assignment.lead)
            partners.append(assignment.partners)
        elif doer:
            leads.append(doer)
        else:
            return None
    unique = list(dict.fromkeys(leads))  # «1. Bộ Tài chính … 4. Bộ Tài chính …»: one lead
    return "\n".join(unique), "\n".join(filter(None, partners))


def _after_topic(part: str) -> str:
    """«Bộ Công Thương chủ trì» of «Về phát triển công nghiệp quốc gia: Bộ Công Thương chủ
    trì»: a topic before a colon that names no body is not the doer."""
    topic, colon, rest = part.partition(":")
    if colon and not names_body(topic.strip()) and starts_with_body(rest.strip()):
        return rest.strip()
    return part


def _doer(part: str) -> str:
    """The body a part opens with: before a colon («Bộ Công an: chủ trì …»), before its verb
    («Bộ Nội vụ tổng hợp …»), or before «đối với» or «đầu mối» («Bộ Tài chính đối với sàn giao
    dịch …», «Bộ Tài chính đầu mối, chủ trì»)."""
    named, colon, _ = part.partition(":")
    if colon and expand_distributive(part) != part:
        return _before_doer_end(part)  # «Các Bộ: Xây dựng, Công Thương, …» lists bodies
    if colon and names_body(named.strip()):
        return named.strip()  # «Bộ Công an: chủ trì kinh tế dữ liệu»
    subject = read_subject(part) or read_named_subject(part)
    head = _before_doer_end(subject or part)
    if subject or (starts_with_body(head) or _is_group(head)):
        return head if len(head.split()) <= _MAX_GROUP_WORDS or _all_named(head) else ""
    return ""


def _before_doer_end(text: str) -> str:
    folded = fold(text)
    cut = _DOER_END.search(folded) if len(folded) == len(text) else None
    return text[: cut.start()].strip(" ,") if cut else text


def _prose_units(cell: str) -> tuple[str, str] | None:
    """(leads, partners) of a lead cell written as sentences, one per line or «+» bullet:
    «+ Sở A chủ trì, phối hợp với B … + Sở C đăng tải …» → leads A, C; partners B."""
    parts = [part.strip() for part in _PARTS.split(cell) if part.strip(" +-")]
    if not any(_LEAD_VERB.search(fold(part)) for part in parts):
        # «Bộ Công an tiến hành rà soát …; các bộ, … rà soát …»: each sentence's subject.
        sentences = [part.strip() for part in cell.split(";") if part.strip()]
        if len(sentences) < 2 or len(cell.split()) < _SENTENCE_WORDS or "(" in cell:
            return None
        subjects = [read_subject(part) for part in sentences]
        if not all(subjects):
            return None
        if not names_body(subjects[0]):
            return None  # «Bộ A, Bộ B với các tiêu chuẩn …»: a qualified list, not sentences
        return "\n".join(subjects), ""
    leads: list[str] = []
    partners: list[str] = []
    for part in parts:
        assignment = read_assignment(part)
        if assignment is not None:
            leads.append(assignment.lead)
            partners.append(assignment.partners)
        else:
            leads.append(read_subject(part) or part)
    return "\n".join(leads), "\n".join(filter(None, partners))


def _split_trailing_time(text: str) -> tuple[str, str]:
    """(unit text, deadline) of «Sở Tư pháp - Thời gian thực hiện: Quý IV»."""
    folded = fold(text)
    match = _TRAILING_TIME.search(folded) if len(folded) == len(text) else None
    if match is None or match.start() == 0:
        return text, ""
    return text[: match.start()].rstrip(" -–;.,"), text[match.end() :].strip(" .;")
