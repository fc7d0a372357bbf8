"""How Telegram reads a message's text, for the loopback Bot API server (``tests/telegram_api``).

Written from TDLib's rules (``parse_html``, ``clean_input_string``), independently of the
notifier's own splitter, so that an escaping bug in our templates or splitter meets the same
refusal it would meet at Telegram:

- ``parse_mode=HTML``: only Telegram's tags (b, strong, i, em, u, ins, s, strike, del, a, code,
  pre, blockquote, tg-spoiler, span class="tg-spoiler", tg-emoji), properly nested; an entity is
  ``&lt; &gt; &amp; &quot;`` or numeric, with or without ``;``, anything else after ``&`` is
  literal text; a ``<`` that does not open a supported tag is an error. Errors carry TDLib's
  words and UTF-8 byte offsets ("Unsupported start tag "x" at byte offset 4");
- then the text is cleaned (control characters become spaces, ``\\r`` and U+2028–U+202E are
  dropped) and trimmed; what is left must be 1–4,096 UTF-16 code units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MESSAGE_LIMIT = 4096

ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_SPACE = " \t\r\n\x00\x0b\x0c"
_PLAIN = re.compile(r"[^<&]+")
_ENTITY = re.compile(r"&(?:#x([0-9a-fA-F]*)|#([0-9]*)|([a-zA-Z]*))(;?)")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
# clean_input_string: controls (but \n) become spaces; \r, U+2028-U+202E and three combining
# marks (U+030A, U+0333, U+033F) are dropped.
_CONTROLS = dict.fromkeys((*range(0, 10), 11, 12, *range(14, 32)), " ")
_DROPPED = dict.fromkeys((13, *range(0x2028, 0x202F), 0x030A, 0x0333, 0x033F))
_CLEAN = str.maketrans({**_CONTROLS, **_DROPPED})


class TextRefused(ValueError):
    """Telegram would refuse this text; ``description`` is its answer."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


@dataclass(frozen=True)
class FormattedText:
    """A message's text as Telegram stores it: plain text and entities (UTF-16 offsets)."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def clean(text: str) -> str:
    return text.translate(_CLEAN)


def visible_text(html: str) -> str:
    """The text of Telegram HTML as Telegram's parser reads it, before cleaning and trimming:
    what the sender meant to show. ``TextRefused`` if Telegram would not parse it."""
    try:
        segments, _ = _parse_html(html)
    except _ParseError as exc:
        raise TextRefused(f"Bad Request: can't parse entities: {exc}") from exc
    return "".join(piece for piece, _ in segments)


def format_text(text: str, parse_mode: str | None, entities: list[Any] | None) -> FormattedText:
    """The text Telegram would show for a sendMessage/editMessageText, or ``TextRefused``."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        try:
            segments, specs = _parse_html(text)
        except _ParseError as exc:
            raise TextRefused(f"Bad Request: can't parse entities: {exc}") from exc
        result = _finish(segments, specs)
    elif mode in ("", "none"):
        result = FormattedText(clean(text).strip(" \n"), list(entities or []))
    elif mode in ("markdown", "markdownv2"):  # not emulated: shown as sent
        result = FormattedText(clean(text).strip(" \n"))
    else:
        raise TextRefused("Bad Request: unsupported parse_mode")
    length = utf16_length(result.text)
    if length == 0:
        raise TextRefused("Bad Request: message text is empty")
    if length > MESSAGE_LIMIT:
        raise TextRefused("Bad Request: message is too long")
    return result


# -- HTML, as TDLib parses it --------------------------------------------------------------


class _ParseError(ValueError):
    pass


@dataclass
class _Spec:
    tag: str
    attributes: dict[str, str]


Segment = tuple[str, tuple[int, ...]]  # visible text, and the specs open around it


def _parse_html(text: str) -> tuple[list[Segment], list[_Spec]]:
    segments: list[Segment] = []
    specs: list[_Spec] = []
    stack: list[int] = []
    index = 0
    while index < len(text):
        plain = _PLAIN.match(text, index)
        if plain:
            segments.append((plain.group(), tuple(stack)))
            index = plain.end()
        elif text[index] == "&":
            char, index = _entity(text, index)
            segments.append((char, tuple(stack)))
        elif text.startswith("</", index):
            index = _end_tag(text, index, stack, specs)
        else:
            index = _start_tag(text, index, stack, specs)
    if stack:
        tag = specs[stack[-1]].tag
        raise _ParseError(f'Can\'t find end tag corresponding to start tag "{tag}"')
    return segments, specs


def _entity(text: str, index: int) -> tuple[str, int]:
    """A decoded entity and where reading resumes; a lone "&" when it is none."""
    match = _ENTITY.match(text, index)
    if match is None:
        return "&", index + 1
    hexadecimal, decimal, name, _ = match.groups()
    body_length = match.end() - index - len(match.group(4))
    char: str | None = None
    if name is not None and name:
        char = _NAMED.get(name)
    elif (hexadecimal or decimal) and body_length < 10:
        code = int(hexadecimal, 16) if hexadecimal else int(decimal)
        char = chr(code) if 0 < code < 0x10FFFF else None
    return (char, match.end()) if char is not None else ("&", index + 1)


def _offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8", "surrogatepass"))


def _end_tag(text: str, index: int, stack: list[int], specs: list[_Spec]) -> int:
    begin = _offset(text, index)
    if not stack:
        raise _ParseError(f"Unexpected end tag at byte offset {begin}")
    cursor = index + 2
    while cursor < len(text) and text[cursor] not in _SPACE and text[cursor] != ">":
        cursor += 1
    name = text[index + 2 : cursor]
    while cursor < len(text) and text[cursor] in _SPACE:
        cursor += 1
    if cursor >= len(text) or text[cursor] != ">":
        raise _ParseError(f"Unclosed end tag at byte offset {begin}")
    expected = specs[stack[-1]].tag
    if name and name != expected:
        raise _ParseError(
            f'Unmatched end tag at byte offset {begin}, expected "</{expected}>", found "</{name}>"'
        )
    stack.pop()
    return cursor + 1


def _start_tag(text: str, index: int, stack: list[int], specs: list[_Spec]) -> int:
    begin = _offset(text, index)
    cursor = index + 1
    while cursor < len(text) and text[cursor] not in _SPACE and text[cursor] != ">":
        cursor += 1
    if cursor >= len(text):
        raise _ParseError(f"Unclosed start tag at byte offset {begin}")
    tag = text[index + 1 : cursor].lower()
    if tag not in ENTITY_TYPES:
        raise _ParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
    attributes, cursor = _attributes(text, cursor, tag, begin)
    if tag == "span" and attributes.get("class") != "tg-spoiler":
        raise _ParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
    specs.append(_Spec(tag, attributes))
    stack.append(len(specs) - 1)
    return cursor + 1


def _attributes(text: str, cursor: int, tag: str, begin: int) -> tuple[dict[str, str], int]:
    """Attributes up to the closing ">" (whose index is returned), read as TDLib reads them."""
    found: dict[str, str] = {}
    size = len(text)
    while True:
        while cursor < size and text[cursor] in _SPACE:
            cursor += 1
        if cursor >= size:
            raise _ParseError(f"Unclosed start tag at byte offset {begin}")
        if text[cursor] == ">":
            return found, cursor
        start = cursor
        while cursor < size and text[cursor] not in _SPACE and text[cursor] not in "=>":
            cursor += 1
        name = text[start:cursor].lower()
        while cursor < size and text[cursor] in _SPACE:
            cursor += 1
        if tag == "blockquote" and name == "expandable" and text[cursor : cursor + 1] != "=":
            found[name] = ""
            continue
        if not name or cursor >= size or text[cursor] != "=":
            raise _ParseError(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                f"at byte offset {begin}"
            )
        value, cursor = _attribute_value(text, cursor + 1, begin)
        found[name] = value


def _attribute_value(text: str, cursor: int, begin: int) -> tuple[str, int]:
    size = len(text)
    while cursor < size and text[cursor] in _SPACE:
        cursor += 1
    if cursor >= size:
        raise _ParseError(f"Unclosed start tag at byte offset {begin}")
    quote = text[cursor]
    if quote not in "'\"":
        start = cursor
        while cursor < size and (text[cursor].isalnum() or text[cursor] in ".-"):
            cursor += 1
        if cursor >= size or (text[cursor] not in _SPACE and text[cursor] != ">"):
            raise _ParseError(f"Unexpected end of name token at byte offset {_offset(text, start)}")
        return text[start:cursor].lower(), cursor
    end = text.find(quote, cursor + 1)
    if end < 0:
        raise _ParseError(f"Unclosed start tag at byte offset {begin}")
    value = "".join(_decoded(text[cursor + 1 : end]))
    return value, end + 1


def _decoded(raw: str) -> list[str]:
    pieces, index = [], 0
    while index < len(raw):
        if raw[index] == "&":
            char, index = _entity(raw, index)
            pieces.append(char)
        else:
            pieces.append(raw[index])
            index += 1
    return pieces


def _finish(segments: list[Segment], specs: list[_Spec]) -> FormattedText:
    """Clean and trim the visible text; entities in UTF-16 offsets of what is left."""
    cleaned = [(clean(piece), open_specs) for piece, open_specs in segments]
    full = "".join(piece for piece, _ in cleaned)
    text = full.strip(" \n")
    lead = utf16_length(full[: len(full) - len(full.lstrip(" \n"))])
    limit = utf16_length(text)
    spans: dict[int, list[int]] = {}
    offset = 0
    for piece, open_specs in cleaned:
        size = utf16_length(piece)
        for spec in open_specs:
            span = spans.setdefault(spec, [offset, offset])
            span[1] = offset + size
        offset += size
    entities = []
    for spec_index, (start, end) in sorted(spans.items(), key=lambda item: item[1][0]):
        start, end = max(0, start - lead), min(limit, end - lead)
        if end > start:
            entities.append(_entity_object(specs[spec_index], start, end - start))
    return FormattedText(text, entities)


def _entity_object(spec: _Spec, offset: int, length: int) -> dict[str, Any]:
    entity: dict[str, Any] = {"offset": offset, "length": length, "type": ENTITY_TYPES[spec.tag]}
    if spec.tag == "a":
        entity["url"] = spec.attributes.get("href", "")
    elif spec.tag == "pre" and "class" in spec.attributes:
        entity["language"] = spec.attributes["class"].removeprefix("language-")
    elif spec.tag == "blockquote" and "expandable" in spec.attributes:
        entity["type"] = "expandable_blockquote"
    elif spec.tag == "tg-emoji":
        entity["custom_emoji_id"] = spec.attributes.get("emoji-id", "")
    return entity
