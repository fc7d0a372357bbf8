"""Plain text cut into messages Zalo accepts: at most 2,000 characters each.

Zalo's documentation says a ``sendMessage`` text holds "from 1 to 2000 characters" without
saying how it counts them; we count UTF-16 code units (an emoji counts two), which is never
fewer than the code points, so a part that fits here fits whichever way Zalo counts. A longer
text is cut at a blank line (between items) when one is not too far back, else at a line break,
else at a space, else anywhere; the parts carry no markup (Zalo shows text as written).
"""

from __future__ import annotations

MESSAGE_LIMIT = 2000  # characters of one Zalo text message (documented)


def text_length(text: str) -> int:
    """``text``'s length in UTF-16 code units (the stricter of the two ways to count)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """``text`` as one or more parts of at most ``limit`` characters; blank parts dropped."""
    if limit < 2:
        raise ValueError("a message must hold at least two characters")
    parts: list[str] = []
    rest = text.strip()
    while rest:
        if text_length(rest) <= limit:
            parts.append(rest)
            break
        cut = _cut(rest, limit)
        part, rest = rest[:cut].rstrip(), rest[cut:].lstrip()
        if part:
            parts.append(part)
    return parts


def _cut(text: str, limit: int) -> int:
    """Where the first part of ``text`` ends: a blank line in the last three quarters of the
    budget, else a line break or a space in its second half, else the budget itself."""
    budget = _fitting(text, limit)
    window = text[:budget]
    for marker, least in (("\n\n", budget // 4), ("\n", budget // 2), (" ", budget // 2)):
        found = window.rfind(marker)
        if found >= least and found > 0:
            return found
    return budget


def _fitting(text: str, limit: int) -> int:
    """How many characters of ``text`` fit in ``limit`` UTF-16 code units (a surrogate pair is
    never cut in two: Python's characters are whole code points)."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return index
    return len(text)
