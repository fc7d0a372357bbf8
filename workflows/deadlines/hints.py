"""Review hints from the other columns of a task row (rule 8, last sentence).

An event or a condition written in the objective, task or activity ("… trong vòng 05 ngày sau
khi Bộ, ngành trung ương công bố", "Triển khai thực hiện khi có …", "(nếu có)") does not change
the schedule, but the office should look at the row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from workflows.deadlines.reasons import ReasonCode, reason
from workflows.deadlines.words import matching_form
from workflows.schedule import Reason
from workflows.text import clean

_B = r"(?<!\w)"
_HINTS = re.compile(
    # "trong vòng 05 ngày sau khi …", "sau khi có hướng dẫn …", "kể từ ngày … được phê duyệt"
    rf"(?P<event_in_text>{_B}(?:trong\s*(?:vòng|thời\s*hạn)\s*\d+\s*(?:ngày(?:\s*làm\s*việc)?\s*)?)?"
    r"(?:sau\s*khi|kể\s*từ\s*(?:ngày|khi))\s*[^.;()]+)"
    # "Triển khai thực hiện khi có sửa đổi …": work waits for something to happen
    rf"|(?P<condition_in_text>{_B}khi\s*có\s*[^.;()]+|\(\s*nếu\s*có\s*\))"
)
_MAX_WORDS = 160  # characters of the phrase shown in a hint


def review_hints(texts: Iterable[str]) -> tuple[Reason, ...]:
    """Review reasons for event or condition phrases in ``texts`` (other columns). Pure."""
    found: list[Reason] = []
    for text in texts:
        cleaned = clean(text)
        for match in _HINTS.finditer(matching_form(cleaned)):
            assert match.lastgroup is not None
            phrase = cleaned[match.start() : match.end()].strip(" ,:-")
            if len(phrase) > _MAX_WORDS:
                phrase = phrase[: _MAX_WORDS - 1].rstrip() + "…"
            hint = reason(ReasonCode(match.lastgroup), text=phrase)
            if hint not in found:
                found.append(hint)
    return tuple(found)
