"""Telegram's HTML measured the way Telegram counts it, and cut into messages that fit.

Telegram allows 4,096 characters of a message's *visible* text: tags removed, entities decoded
(only ``&lt; &gt; &amp; &quot;`` and numeric ones, with or without the ``;``, as its parser
reads them), counted in UTF-16 code units. ``split_html`` cuts a longer message at a blank line
(between items) when one is not too far back, else at a line break, else at a space, else
anywhere — never inside a tag or an entity. A tag still open at a cut is closed at the end of
that part and opened again at the start of the next, so every part is well-formed on its own
(the templates close their tags on the line that opens them, so this only matters for very
long lines). ``plain_text`` gives the visible text: the fallback Telegram cannot misread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

MESSAGE_LIMIT = 4096  # UTF-16 code units of visible text in one Telegram message

# A tag, an entity (as Telegram's parser recognises one), a line break, a run of other text.
_TOKEN = re.compile(r"<[^<>]*>|&(?:#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);?|\n|[^<&\n]+|[<&]")
_WORDS = re.compile(r" +|[^ ]+")
_TAG = re.compile(r"<[^<>]*>")
_MARKUP = re.compile(r"<[^<>]*>|&(?:#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);?")
_TAG_NAME = re.compile(r"</?\s*([^\s>/]*)")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_MAX_CODE_POINT = 0x10FFFF
# A character Telegram's text cleaning keeps and its trimming does not remove: not a control
# (those become spaces), not a space or line break, not "\r", U+2028-U+202E or the three
# combining marks it drops.
_SHOWN = re.compile("[^\x00-\x20\u2028-\u202e\u030a\u0333\u033f]")


class _Kind(Enum):
    TEXT = "text"
    SPACE = "space"
    NEWLINE = "newline"
    ENTITY = "entity"
    OPEN = "open"
    CLOSE = "close"


@dataclass(frozen=True, slots=True)
class _Atom:
    """A piece a message may be cut around (text is broken finer only where a cut needs it)."""

    raw: str
    kind: _Kind
    visible: str = ""  # what the reader sees ("" for tags)
    width: int = 0  # its UTF-16 length
    name: str = ""  # tag name, for OPEN/CLOSE


@dataclass(frozen=True, slots=True)
class _Cut:
    end: int  # atoms[start:end] form the part
    width: int  # its visible width
    open_tags: tuple[_Atom, ...]  # start tags still open at the cut


def utf16_length(text: str) -> int:
    """How long Telegram considers ``text``: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def decode_entity(raw: str) -> str | None:
    """The character an entity stands for, read as Telegram does; None: not an entity."""
    body = raw[1:].removesuffix(";")
    if not body.startswith("#"):
        return _NAMED.get(body)
    if len(body) >= 9:  # Telegram gives up on a reference of ten characters or more
        return None
    code = int(body[2:], 16) if body.startswith("#x") else int(body[1:])
    return chr(code) if 0 < code < _MAX_CODE_POINT else None


def plain_text(html: str) -> str:
    """The visible text of Telegram HTML: tags dropped, entities decoded."""
    if "&" not in html:  # the usual case, all in C
        return _TAG.sub("", html)
    return _MARKUP.sub(_shown, html)


def _shown(match: re.Match[str]) -> str:
    token = match.group()
    if token.startswith("<"):
        return ""
    char = decode_entity(token)
    return token if char is None else char


def visible_length(html: str) -> int:
    """The visible text's length as Telegram counts it."""
    return utf16_length(plain_text(html))


def shows_nothing(text: str) -> bool:
    """Whether Telegram would find ``text`` empty: it turns control characters into spaces,
    drops a few invisible ones, then trims spaces and line breaks."""
    return _SHOWN.search(text) is None


def split_html(html: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """``html`` as one or more messages whose visible text fits in ``limit``; blank parts are
    dropped (Telegram refuses an empty message)."""
    if limit < 2:
        raise ValueError("a message must hold at least two UTF-16 code units")
    if utf16_length(html) <= limit or visible_length(html) <= limit:  # the usual case
        return [] if shows_nothing(plain_text(html)) else [html]
    atoms = _atoms(html)
    parts: list[str] = []
    start = 0
    carried: tuple[_Atom, ...] = ()
    while (start := _skip_blank(atoms, start)) < len(atoms):
        cut = _cut(atoms, start, limit, carried)
        body = "".join(atom.raw for atom in atoms[start : cut.end])
        closing = "".join(f"</{tag.name}>" for tag in reversed(cut.open_tags))
        part = "".join(tag.raw for tag in carried) + body + closing
        if not shows_nothing(plain_text(part)):
            parts.append(part)
        start, carried = cut.end, cut.open_tags
    return parts


# -- atoms ----------------------------------------------------------------------------------


def _atoms(html: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    for match in _TOKEN.finditer(html):
        token = match.group()
        first = token[0]
        if first == "<" and len(token) > 1:
            atoms.append(_tag(token))
        elif first == "&" and len(token) > 1 and (char := decode_entity(token)) is not None:
            atoms.append(_Atom(token, _Kind.ENTITY, char, utf16_length(char)))
        elif first == "\n":
            atoms.append(_Atom(token, _Kind.NEWLINE, token, 1))
        else:  # text (or an "&" that is no entity: the characters as written)
            atoms.append(_text(token))
    return atoms


def _text(token: str) -> _Atom:
    kind = _Kind.SPACE if not token.strip(" ") else _Kind.TEXT
    return _Atom(token, kind, token, utf16_length(token))


def _finer(atom: _Atom) -> list[_Atom] | None:
    """A text run as words and spaces, a word as characters; None: nothing finer."""
    if atom.kind is not _Kind.TEXT or len(atom.raw) < 2:
        return None
    words = _WORDS.findall(atom.raw)
    pieces = words if len(words) > 1 else list(atom.raw)
    return [_text(piece) for piece in pieces]


def _tag(token: str) -> _Atom:
    match = _TAG_NAME.match(token)
    name = match.group(1).lower() if match else ""
    kind = _Kind.CLOSE if token.startswith("</") else _Kind.OPEN
    return _Atom(token, kind, name=name)


def _skip_blank(atoms: list[_Atom], index: int) -> int:
    """Past the spaces and line breaks a part would otherwise begin with."""
    while index < len(atoms) and atoms[index].kind in (_Kind.SPACE, _Kind.NEWLINE):
        index += 1
    return index


# -- choosing where to cut --------------------------------------------------------------------


def _cut(atoms: list[_Atom], start: int, limit: int, carried: tuple[_Atom, ...]) -> _Cut:
    """Where the part beginning at ``start`` ends: the whole rest if it fits, else the best of
    a blank line, a line break or a space in the later part of the budget, else the budget.
    Text runs are broken into words (then characters) only where the budget runs out."""
    stack = list(carried)
    width = 0
    best: dict[str, _Cut] = {}
    index = start
    while index < len(atoms):
        atom = atoms[index]
        candidate = _candidate(atoms, index)
        if candidate:
            best[candidate] = _Cut(index, width, tuple(stack))
        if width + atom.width > limit:
            chosen = _preferred(best, limit)
            if chosen is not None:
                return chosen
            finer = _finer(atom)
            if finer is None:
                return _Cut(index, width, tuple(stack))
            atoms[index : index + 1] = finer  # look again, closer
            continue
        width += atom.width
        _track(stack, atom)
        index += 1
    return _Cut(len(atoms), width, tuple(stack))


def _candidate(atoms: list[_Atom], index: int) -> str:
    kind = atoms[index].kind
    if kind is _Kind.NEWLINE:
        following = index + 1 < len(atoms) and atoms[index + 1].kind is _Kind.NEWLINE
        return "blank" if following else "line"
    return "space" if kind is _Kind.SPACE else ""


def _preferred(best: dict[str, _Cut], limit: int) -> _Cut | None:
    """A blank line in the last three quarters of the part, else a line break or a space in
    its second half: items stay whole unless one is very long."""
    for name, least in (("blank", limit // 4), ("line", limit // 2), ("space", limit // 2)):
        cut = best.get(name)
        if cut is not None and cut.width >= least:
            return cut
    return None


def _track(stack: list[_Atom], atom: _Atom) -> None:
    if atom.kind is _Kind.OPEN:
        stack.append(atom)
    elif atom.kind is _Kind.CLOSE:
        for position in range(len(stack) - 1, -1, -1):
            if stack[position].name == atom.name or not atom.name:
                del stack[position:]
                break
