"""The matching form of a cell and its split into parts (lines and bullets).

Matching happens on a lower-cased copy that has exactly the same length as the cleaned cell,
so every span found in it slices the user's own words out of the cleaned text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from workflows.text import clean_lines

_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))

# A dash (or +, •) that starts a bullet: at the start of the cell, or after a space or a
# punctuation mark, when what follows is not a time word or a numeral. "Quý IV/2025- Quý
# II/2026", "2026 - 2030" and "Quý III - IV" are ranges; "… UBND tỉnh - Trước ngày" is a bullet.
_BULLET = re.compile(
    r"(?:^|(?<=[\s.;:,]))[-+•]\s*"
    r"(?!\s*(?:qu[ýíy]|tháng|năm|ngày|\d|(?:iv|iii|ii|i|v|x)(?!\w)))"
)


@dataclass(frozen=True)
class Part:
    """One bullet of a cell: its words as written and their matching form."""

    text: str
    folded: str


def matching_form(cleaned: str) -> str:
    """Lower-case, one kind of dash; same length as ``cleaned`` (char by char)."""
    lowered = cleaned.lower()
    if len(lowered) != len(cleaned):  # rare letters ("İ") lower to two characters
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in cleaned)
    return lowered.translate(_DASHES)


def split_parts(text: str) -> tuple[Part, ...]:
    """Cut the cell at its line breaks and bullets; a cell with neither is one part."""
    return tuple(part for line in clean_lines(text) for part in _bullets(line))


def _bullets(line: str) -> Iterator[Part]:
    folded = matching_form(line)
    cuts = [match.start() for match in _BULLET.finditer(folded)]
    bounds = [0, *[cut for cut in cuts if cut > 0], len(line)]
    for start, end in itertools.pairwise(bounds):
        if line[start:end].strip(" -+•"):
            yield Part(line[start:end], folded[start:end])
