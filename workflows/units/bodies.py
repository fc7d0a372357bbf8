"""Whether a short text is the name of one body («Sở Tư pháp», «BỘ CÔNG AN»), as opposed to a
heading or a sentence: used to read a table row or a paragraph that names who leads."""

from __future__ import annotations

from workflows.text import fold
from workflows.units import vocabulary as words
from workflows.units.tokens import TokenKind, tokenize

# «Ban hành kế hoạch …», «Báo cáo tổng hợp …» (no newspaper); «Phòng chống bệnh đường ruột»,
# «Phòng, chống dịch», «Phòng ngừa …»: the verb «phòng» (to prevent), not a district office;
# «Hội nghị phổ biến …», «Hội thảo …», «Hội thi …», «Hội chợ …»: an event, not an association.
_VERB_OPENINGS = (
    "ban hanh", "bao cao", "phong chong", "phong, chong", "phong ngua",
    "hoi nghi", "hoi thao", "hoi thi", "hoi cho",
)  # fmt: skip
# A body's name is a few words; a row of a dozen words is a task or a heading.
_MAX_WORDS = 10


def _is_verb_phrase(text: str) -> bool:
    """«Ban hành kế hoạch …», «Phòng chống …»: a verb opens it, not a body's name."""
    return fold(text).startswith(_VERB_OPENINGS)


def names_body(text: str) -> bool:
    """«Sở Tư pháp», «Bộ Công an», «UBND tỉnh»: an organisation word and its name, alone."""
    if _is_verb_phrase(text):
        return False
    tokens = [token for token in tokenize(text.strip(" .:")) if token.kind is not TokenKind.DASH]
    if any(token.kind is not TokenKind.WORD for token in tokens):
        return False  # a list or a remark: «Sở A, Sở B», «Sở A (chủ trì)»
    if not tokens or len(tokens) > _MAX_WORDS or words.starts_collective(tokens):
        return False
    return words.names_organisation(tokens) and words.is_capitalised(tokens[0])


def starts_with_body(text: str) -> bool:
    """«BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH», «UBND THÀNH PHỐ HÀ NỘI VÀ …»: opens with a body's name
    (a list or a name with a comma in it, which ``names_body`` leaves out)."""
    tokens = [token for token in tokenize(text) if token.kind is TokenKind.WORD]
    if _is_verb_phrase(text):
        return False
    return words.names_organisation(tokens[:_MAX_WORDS]) and not words.starts_collective(tokens)
