"""A unit cell cut into words and separators, with parenthesised remarks kept whole.

"Bộ Công an (Trung tâm Dữ liệu quốc gia); VTV, VOV" becomes the words "Bộ", "Công", "an",
one note "(Trung tâm Dữ liệu quốc gia)", a semicolon, "VTV", a comma and "VOV". Nothing
inside a note is ever a separator.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from workflows.units.normalize import nfc

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
BULLETS = "•·▪◦●+*\uf0b7\uf02d"
# What a printed name is trimmed of at both ends (the corpus comparison rule, plus bullets).
_TRIM = " -;,." + DASHES + BULLETS
_LINE_BREAKS = "\n\r\v\f\u2028\u2029"


class TokenKind(StrEnum):
    WORD = "word"
    COMMA = "comma"
    SEMICOLON = "semicolon"
    BREAK = "break"  # a line break
    DASH = "dash"  # a free-standing dash or a bullet glued to the next word ("-VP")
    NOTE = "note"  # a parenthesised remark, brackets included


@dataclass(frozen=True)
class Token:
    text: str
    kind: TokenKind

    @property
    def is_word(self) -> bool:
        return self.kind is TokenKind.WORD


Tokens = Sequence[Token]


def tokenize(text: str) -> list[Token]:
    return list(_scan(nfc(text)))


def render(tokens: Tokens) -> str:
    """The tokens as printed, single-spaced, trimmed of separators and full stops at the ends."""
    out = ""
    for token in tokens:
        if token.kind is TokenKind.COMMA or not out:
            out += token.text
        else:
            out += " " + token.text
    return out.strip(_TRIM)


def _scan(text: str) -> Iterator[Token]:
    word = ""
    index = 0
    while index < len(text):
        char = text[index]
        close = _closing_bracket(text, index) if char == "(" else -1
        if close >= 0:  # a bracketed remark stays whole, glued to any word around it
            word += " ".join(text[index : close + 1].split())
            index = close + 1
            continue
        if not _separates(char):
            word += char
        else:
            yield from _word_tokens(word)
            word = ""
            if char in _SEPARATORS:
                yield Token(char, _SEPARATORS[char])
            elif char in _LINE_BREAKS:
                yield Token("\n", TokenKind.BREAK)
        index += 1
    yield from _word_tokens(word)


_SEPARATORS = {",": TokenKind.COMMA, ";": TokenKind.SEMICOLON}


def _separates(char: str) -> bool:
    return char.isspace() or char in _SEPARATORS


def _word_tokens(word: str) -> Iterator[Token]:
    """A word, with a dash or bullet glued to its front split off ("-VP" → "-", "VP")."""
    if not word:
        return
    if word[0] in DASHES + BULLETS:
        rest = word.lstrip(DASHES + BULLETS)
        yield Token(word[: len(word) - len(rest)], TokenKind.DASH)
        word = rest
    if word:
        remark = word.startswith("(") and word.endswith(")")
        yield Token(word, TokenKind.NOTE if remark else TokenKind.WORD)


def _closing_bracket(text: str, start: int) -> int:
    """Index of the ")" that closes the "(" at ``start``, or -1 when it is never closed."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    return -1
