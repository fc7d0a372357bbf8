"""Refs: how a clerk quotes a task ("II.1b").

Section numeral + task number when numbering restarts per section, the number alone when it
is unique in the plan, plus a letter (a, b, …) when the task has several activity rows. A ref
the layout prints itself (``ref_hint``, list layouts) is kept.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from dataclasses import replace

from workflows.plan import TaskRow


def assign_refs(groups: Iterable[Sequence[TaskRow]]) -> list[TaskRow]:
    """Every row of every task group with a unique ``ref_hint``, in order."""
    groups = [group for group in groups if group]
    prefix_section = _numbering_restarts(groups)
    seen: set[str] = set()
    rows: list[TaskRow] = []
    for position, group in enumerate(groups, start=1):
        base = _base_ref(group[0], prefix_section, position)
        # An unnumbered task quoted by its section alone ("D") takes its letters after a dot.
        joint = "." if base == group[0].section else ""
        for index, row in enumerate(group):
            ref = row.ref_hint or (base + joint + _letter(index) if len(group) > 1 else base)
            rows.append(replace(row, ref_hint=_unique(ref, seen)))
    return rows


def distinct_refs(rows: Sequence[TaskRow]) -> list[TaskRow]:
    """The rows with refs unique in the plan: a ref printed twice (a list whose numbering
    restarts without a section, a repeated item) gets "-2", "-3"…; a missing one its position
    ("#4"). The plan's reading, hence its preview, holds the refs the store will keep."""
    seen: set[str] = set()
    return [
        replace(row, ref_hint=_unique(row.ref_hint or f"#{position}", seen))
        for position, row in enumerate(rows, start=1)
    ]


def _numbering_restarts(groups: Sequence[Sequence[TaskRow]]) -> bool:
    numbers = [group[0].number for group in groups if group[0].number]
    return len(numbers) != len(set(numbers))


def _base_ref(first: TaskRow, prefix_section: bool, position: int) -> str:
    if not first.number and first.section:
        return first.section  # a pasted table lost the number: "D" (then "D-2" if needed)
    number = first.number or f"#{position}"
    if prefix_section and first.section:
        return f"{first.section}.{number}"
    return number


def _letter(index: int) -> str:
    letters = string.ascii_lowercase
    return letters[index] if index < len(letters) else f"{index + 1}"


def _unique(ref: str, seen: set[str]) -> str:
    candidate, count = ref, 1
    while candidate in seen:
        count += 1
        candidate = f"{ref}-{count}"
    seen.add(candidate)
    return candidate
