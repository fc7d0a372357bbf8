"""Text clean-up shared by every reader: Unicode form, spaces, invisible characters."""

from __future__ import annotations

import re
import unicodedata

# Zero-width and bidi marks, soft hyphens and BOMs that Word and PDF exports leave behind.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\ufeff]")
# Any run of Unicode whitespace (no-break spaces, tabs, thin spaces...) becomes one space.
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """NFC, visible characters only, single spaces, trimmed. Line breaks become spaces."""
    if _already_clean(text):  # most cells: skip the regular expressions
        return text
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _already_clean(text: str) -> bool:
    # isprintable() is False for line breaks, tabs, no-break and zero-width spaces, soft hyphens.
    return (
        text.isprintable()
        and "  " not in text
        and text == text.strip()
        and unicodedata.is_normalized("NFC", text)
    )


def clean_lines(text: str) -> tuple[str, ...]:
    """Split on line breaks and clean each line, dropping empty ones."""
    if _already_clean(text):  # one clean line: the common case in spreadsheets
        return (text,) if text else ()
    lines = (clean(line) for line in re.split(r"[\r\n\v\u2028\u2029]+", text))
    return tuple(line for line in lines if line)


_WRAPPED_HYPHEN = re.compile(r"\w-$")


def join_wrapped(lines: list[str] | tuple[str, ...]) -> str:
    """Join lines that were wrapped only for layout (PDF cells, PDF paragraphs).

    A line ending in a hyphen glued to a word ("Phòng VH-" / "XH") continues without a
    space; a free-standing dash ("kinh tế -" / "xã hội") keeps its space.
    """
    out = ""
    for raw in lines:
        line = clean(raw)
        if not line:
            continue
        if not out:
            out = line
        elif _WRAPPED_HYPHEN.search(out):
            out += line
        else:
            out += " " + line
    return out


def fold(text: str) -> str:
    """A key for comparing words: no diacritics, casefolded, single spaces ("Quí" ~ "quy")."""
    decomposed = unicodedata.normalize("NFD", clean(text).replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.casefold()
