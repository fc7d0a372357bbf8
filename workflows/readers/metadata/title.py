"""The plan's title: the big document-type word ("KẾ HOẠCH") and the subtitle printed under it.

A decision or resolution that attaches a plan ("QUYẾT ĐỊNH Ban hành Kế hoạch …" followed by
"KẾ HOẠCH …") is known by the attached plan's title. Titles printed in capitals are put in
sentence case, keeping the capitals the body itself uses for the same words ("Hà Nội",
"Chương trình", "57-NQ/TW"), since a person reads the title in lists and reminders.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from workflows.readers.document import Paragraph, SourceDocument
from workflows.text import fold

# Document types a plan is printed as (folded); decisions and resolutions may attach one.
_PLAN_TYPES = ("chuong trinh hanh dong", "chuong trinh", "ke hoach", "de an")
_DECISION_TYPES = ("quyet dinh", "nghi quyet")
_DOC_TYPES = _PLAN_TYPES + _DECISION_TYPES
# Where the title is looked for; the attached plan may come after the decision's articles.
_TITLE_SEARCH = 20
_MAX_SUBTITLE_LINES = 5
_MAX_PLAIN_SUBTITLE_CHARS = 160
# Paragraphs that end a subtitle: a numbered heading, a "(Ban hành kèm theo …)" note, a body
# sentence starting "Căn cứ …", the enacting word "QUYẾT ĐỊNH:".
_HEADING = re.compile(r"^(?:[IVX]+|\d+)[.)]\s")
_BODY_OPENERS = ("can cu", "thuc hien", "xet ", "theo de nghi", "trien khai", "dieu ")
# The signing authority printed under a decision's title: "BỘ TRƯỞNG BỘ TƯ PHÁP".
_AUTHORITY = ("bo truong", "chu tich", "thu tuong", "giam doc", "truong ban")
# An appendix label line: "PHỤ LỤC", "Phụ lục II", "PHỤ LỤC 01".
_APPENDIX_LABEL = re.compile(r"^phu luc(?:\s+(?:[ivx]+|\d+))?\.?$")
# Words of a capitalised title, with the digits, slashes and dashes of document numbers.
_TOKEN = re.compile(r"\w[\w/-]*\w|\w")
# Punctuation after which the next word starts a sentence (and may be capitalised for that).
_SENTENCE_BREAK = re.compile(r"[.:;!?(\"“”]")


@dataclass(frozen=True)
class PrintedTitle:
    doc_type: str  # as printed: "KẾ HOẠCH"
    lines: tuple[str, ...]  # the subtitle lines as printed

    @property
    def kind(self) -> str:
        return fold(self.doc_type)

    @property
    def subtitle(self) -> str:
        return " ".join(self.lines)


def printed_titles(document: SourceDocument, issuer: str = "") -> list[PrintedTitle]:
    """The document's title and, for a decision, the title of the plan it attaches."""
    paragraphs = document.paragraphs
    with_bold = any(paragraph.bold for paragraph in paragraphs)
    titles: list[PrintedTitle] = []
    for index, paragraph in enumerate(paragraphs):
        if index >= _TITLE_SEARCH and not (titles and titles[0].kind in _DECISION_TYPES):
            break
        split = _doc_type(paragraph.text)
        if split is None or (titles and fold(split[0]) not in _PLAN_TYPES):
            continue
        doc_type, inline = split
        following = _subtitle(paragraphs[index + 1 :], with_bold=with_bold, issuer=issuer)
        titles.append(PrintedTitle(doc_type, (inline,) * bool(inline) + following))
        if len(titles) == 2 or titles[0].kind not in _DECISION_TYPES:
            break
    return titles


def plan_title(titles: Sequence[PrintedTitle]) -> PrintedTitle | None:
    """The attached plan's title when a decision has one, else the document's own."""
    return titles[-1] if titles else None


def _doc_type(text: str) -> tuple[str, str] | None:
    """("KẾ HOẠCH", inline subtitle or "") when ``text`` is a document-type line."""
    folded = fold(text)
    for kind in _DOC_TYPES:
        if folded == kind:
            return text, ""
        if folded.startswith(kind + " ") and text[: len(kind)].isupper():
            return text[: len(kind)], text[len(kind) :].strip()
    return None


def _subtitle(paragraphs: Sequence[Paragraph], *, with_bold: bool, issuer: str) -> tuple[str, ...]:
    lines: list[str] = []
    for paragraph in paragraphs[:_MAX_SUBTITLE_LINES]:
        if not _continues_title(paragraph, with_bold=with_bold, issuer=issuer):
            break
        lines.append(paragraph.text)
    return tuple(lines)


def _continues_title(paragraph: Paragraph, *, with_bold: bool, issuer: str) -> bool:
    text = paragraph.text
    folded = fold(text)
    if text.startswith("(") or _HEADING.match(text) or text.endswith(":"):
        return False
    if _doc_type(text) is not None or _is_authority(text, issuer):
        return False
    if with_bold:
        return paragraph.bold
    if text.isupper():
        return True
    # Without type styles, a subtitle is a short line that does not read like a sentence.
    return (
        len(text) <= _MAX_PLAIN_SUBTITLE_CHARS
        and not text.endswith(".")
        and not folded.startswith(_BODY_OPENERS)
    )


def _is_authority(text: str, issuer: str) -> bool:
    """The signing authority printed under a decision's title: the issuer itself ("CHÍNH PHỦ")
    or a role in capitals ("BỘ TRƯỞNG BỘ TƯ PHÁP")."""
    folded = fold(text)
    return folded == fold(issuer) or (text.isupper() and folded.startswith(_AUTHORITY))


def compose_title(title: PrintedTitle, document: SourceDocument) -> str:
    """The document type in sentence case ("Kế hoạch") and the subtitle, itself in sentence
    case when printed in capitals."""
    doc_type = title.doc_type[:1].upper() + title.doc_type[1:].lower()
    subtitle = title.subtitle
    if _mostly_upper(subtitle):
        subtitle = truecase(subtitle, _Casing.of(document.paragraphs), previous=doc_type)
    return f"{doc_type} {subtitle}".strip()


def sentence_case(text: str, document: SourceDocument) -> str:
    """A capitalised caption ("CHI TIẾT CÁC NHIỆM VỤ …") as a sentence."""
    cased = truecase(text, _Casing.of(document.paragraphs), previous="")
    return cased[:1].upper() + cased[1:]


def _mostly_upper(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and sum(char.isupper() for char in letters) > len(letters) / 2


def _contexts(
    previous: str, word: str, following: str, after_next: str
) -> tuple[tuple[str, ...], ...]:
    """The keys a word's casing is looked up by, the widest context first: "địa bàn thành phố
    Hà Nội" is written differently from "địa bàn Thành phố" (the city itself)."""
    key = word.casefold()
    return (
        ("wide", previous, key, following, after_next),
        ("around", previous, key, following),
        ("after", previous, key),
        ("before", key, following),
        ("alone", key),
    )


@dataclass(frozen=True)
class _Casing:
    """How the body writes each word in the middle of a sentence, by its neighbours."""

    forms: dict[tuple[str, ...], Counter[str]]

    @classmethod
    def of(cls, paragraphs: Sequence[Paragraph]) -> _Casing:
        forms: dict[tuple[str, ...], Counter[str]] = {}
        for paragraph in paragraphs:
            if _mostly_upper(paragraph.text):
                continue
            for sentence in _SENTENCE_BREAK.split(paragraph.text):
                words = _TOKEN.findall(sentence)
                for index in range(1, len(words)):  # the first word is capitalised as such
                    previous, word = words[index - 1].casefold(), words[index]
                    following, after_next = _next_two(words, index)
                    for context in _contexts(previous, word, following, after_next):
                        forms.setdefault(context, Counter())[word] += 1
        return cls(forms)

    def form(self, previous: str, word: str, following: str, after_next: str) -> str | None:
        """The body's most frequent form in the closest context; on a tie, the lower-case one."""
        for context in _contexts(previous.casefold(), word, following, after_next):
            counts = self.forms.get(context)
            if counts:
                return max(counts, key=lambda form: (counts[form], form.islower()))
        return None


def _next_two(words: Sequence[str], index: int) -> tuple[str, str]:
    following = [word.casefold() for word in words[index + 1 : index + 3]]
    padded = [*following, "", ""]
    return padded[0], padded[1]


def truecase(text: str, casing: _Casing, *, previous: str) -> str:
    """``text`` (printed in capitals) with each word as the body writes it, else lower case;
    document numbers ("57-NQ/TW") the body does not quote are kept as printed."""
    matches = list(_TOKEN.finditer(text))
    words = [match.group() for match in matches]
    out: list[str] = []
    end = 0
    last = previous.split()[-1] if previous.split() else ""
    for index, match in enumerate(matches):
        word = match.group()
        form = casing.form(last, word, *_next_two(words, index))
        if form is None:
            form = word if any(char.isdigit() for char in word) else word.lower()
        out.append(text[end : match.start()] + form)
        last, end = word, match.end()
    out.append(text[end:])
    return "".join(out)


def appendix_captions(document: SourceDocument) -> list[str]:
    """The caption under each "PHỤ LỤC" line ("CHI TIẾT CÁC NHIỆM VỤ … CỦA SỞ CÔNG THƯƠNG")."""
    paragraphs = document.paragraphs
    captions: list[str] = []
    for index, paragraph in enumerate(paragraphs[:-1]):
        if _APPENDIX_LABEL.match(fold(paragraph.text)):
            caption = paragraphs[index + 1].text
            if not caption.startswith("("):
                captions.append(caption)
    return captions
