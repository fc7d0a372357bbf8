"""Read one part: its anchors plus the words around them — asides, labels, qualifiers.

Around each anchor the words are one of: an aside in brackets (rule 10, a note), a qualifier
("đối với báo cáo UBND cấp xã", "UBND cấp xã:"; rule 9), a label ("Báo cáo 6 tháng"), filler
("Hoàn thành trong"), or words nothing explains — kept and flagged, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workflows.deadlines import patterns as p
from workflows.deadlines.anchors import Anchor, scan
from workflows.deadlines.combine import combine
from workflows.deadlines.levels import levels_named
from workflows.deadlines.meanings import (
    DATED,
    AfterEvent,
    Meaning,
    Reference,
    Repeats,
    StartsFrom,
)
from workflows.deadlines.words import Part

_SCHEDULING = (*DATED, Repeats, StartsFrom)
_TIDY = " ,;:.-+•"


@dataclass(frozen=True)
class Reading:
    meaning: Meaning
    words: str  # the anchor as written
    source: str  # the anchor with its label and qualifier, as written (kept as a note if dropped)
    label: str = ""
    qualifier: str = ""


@dataclass(frozen=True)
class Aside:
    text: str
    condition: bool  # names a condition ("sau khi có chủ trương …")
    has_number: bool = False  # holds a number nothing read: perhaps a date we missed


@dataclass(frozen=True)
class PartReading:
    readings: tuple[Reading, ...]
    asides: tuple[Aside, ...] = ()
    leftovers: tuple[str, ...] = ()  # words nothing explained
    text: str = ""


@dataclass(frozen=True)
class Glue:
    """The words between two anchors."""

    folded: str
    words: str  # as written, tidied
    start: int
    end: int


@dataclass
class _Context:
    labels: dict[int, str] = field(default_factory=dict)
    qualifiers: dict[int, str] = field(default_factory=dict)
    low: dict[int, int] = field(default_factory=dict)  # where an anchor's source starts
    high: dict[int, int] = field(default_factory=dict)  # where it ends
    leftovers: list[str] = field(default_factory=list)


def read_part(part: Part) -> PartReading:
    anchors, asides, blanks = _set_asides_apart(part, scan(part))
    view = _blank(part.folded, blanks)
    anchors = combine(view, anchors)
    context = _read_glue(part, view, anchors)
    readings = tuple(
        Reading(
            meaning,
            words=_tidy(part.text[anchor.start : anchor.end]),
            source=_tidy(
                part.text[context.low.get(i, anchor.start) : context.high.get(i, anchor.end)]
            ),
            label=context.labels.get(i, ""),
            qualifier=context.qualifiers.get(i, ""),
        )
        for i, anchor in enumerate(anchors)
        for meaning in anchor.meanings
    )
    return PartReading(readings, asides, tuple(context.leftovers), _tidy(part.text))


def _tidy(text: str) -> str:
    """Spaces normalised, separators and unpaired brackets trimmed from both ends."""
    text = " ".join(text.split())
    while True:
        trimmed = text.strip(_TIDY)
        if trimmed.endswith("(") or (trimmed.endswith(")") and _unpaired(trimmed, ")", "(")):
            trimmed = trimmed[:-1]
        if trimmed.startswith(")") or (trimmed.startswith("(") and _unpaired(trimmed, "(", ")")):
            trimmed = trimmed[1:]
        if trimmed.startswith("(") and trimmed.endswith(")") and "(" not in trimmed[1:-1]:
            trimmed = trimmed[1:-1]  # a whole bracketed qualifier: "(đối với UBND cấp xã)"
        if trimmed == text:
            return text
        text = trimmed


def _unpaired(text: str, bracket: str, partner: str) -> bool:
    return text.count(bracket) > text.count(partner)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _set_asides_apart(
    part: Part, anchors: list[Anchor]
) -> tuple[list[Anchor], tuple[Aside, ...], list[tuple[int, int]]]:
    """Bracketed words with no date in them are a note; anchors inside them do not count."""
    asides: list[Aside] = []
    blanks: list[tuple[int, int]] = []
    for match in p.PARENTHESES.finditer(part.folded):
        start, end = match.span()
        inside = [a for a in anchors if start <= a.start and a.end <= end]
        straddling = [a for a in anchors if a.start < start < a.end or a.start < end < a.end]
        if straddling or any(isinstance(m, _SCHEDULING) for a in inside for m in a.meanings):
            continue
        inner_end = end - 1 if part.folded[end - 1] == ")" else end
        words = _tidy(part.text[start + 1 : inner_end])
        event = any(isinstance(m, AfterEvent) for a in inside for m in a.meanings)
        condition = event or bool(p.CONDITION.search(match.group()))
        if not words or (not condition and _names_a_level(match.group(), words)):
            continue  # "(đối với UBND cấp xã)" qualifies the part like unbracketed words
        has_number = any(ch.isdigit() for ch in words) and not inside
        asides.append(Aside(words, condition, has_number))
        blanks.append((start, end))
        # A reference stays a reading even in brackets: rule 17 flags it wherever it is.
        anchors = [a for a in anchors if a not in inside or a.meanings == (Reference(),)]
    return anchors, tuple(asides), blanks


def _names_a_level(folded: str, words: str) -> bool:
    return bool(p.QUALIFIER_START.match(folded) and levels_named(words))


def _read_glue(part: Part, view: str, anchors: list[Anchor]) -> _Context:
    context = _Context()
    visible = _visible(part.text, view)
    edges = [0, *(a.end for a in anchors)]
    dated = sum(any(isinstance(m, DATED) for m in a.meanings) for a in anchors)
    for index, start in enumerate(edges):
        end = anchors[index].start if index < len(anchors) else len(view)
        before = index - 1 if index else None
        after = index if index < len(anchors) else None
        if before is not None and view[start:end].lstrip().startswith(":"):
            # "Quý III: báo cáo sơ kết; Quý IV: …": words after a colon describe the span before.
            cut = view.find(";", start, end)
            cut = end if cut < 0 else cut
            if not p.is_filler(view[start:cut]):
                context.labels[before] = _capitalised(_tidy(visible[start:cut]))
                context.high[before] = cut
            start = cut
        if not p.is_filler(view[start:end]):
            glue = Glue(view[start:end], _tidy(visible[start:end]), start, end)
            _place(context, glue, (before, after), dated)
    return context


def _place(
    context: _Context, glue: Glue, neighbours: tuple[int | None, int | None], dated: int
) -> None:
    """Decide what one stretch of glue is, and attach it to the anchor it belongs to."""
    before, after = neighbours
    if glue.folded.rstrip().endswith(":") and after is not None:
        context.qualifiers[after], context.low[after] = glue.words, glue.start
    elif p.QUALIFIER_START.match(glue.folded) and before is not None:
        context.qualifiers[before], context.high[before] = glue.words, glue.end
    elif p.QUALIFIER_START.match(glue.folded) and after is not None:
        context.qualifiers[after], context.low[after] = glue.words, glue.start
    elif after is not None and (p.LABEL_START.match(glue.folded) or dated >= 2):
        context.labels[after], context.low[after] = _capitalised(glue.words), glue.start
    else:
        context.leftovers.append(glue.words)


def _visible(text: str, view: str) -> str:
    """The user's words with the asides blanked out of ``view`` blanked here too."""
    return "".join(" " if view[i] == " " else ch for i, ch in enumerate(text))


def _capitalised(words: str) -> str:
    return words[:1].upper() + words[1:]
