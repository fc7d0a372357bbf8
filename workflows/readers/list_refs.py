"""Refs for list items that print no number of their own.

Under one heading a plan may print several bullets, each with its own field block («4.» then
«- Tăng cường …» + fields, «- Tổ chức tập huấn …» + fields). They are the heading's tasks in
order: «4a», «4b», «4c» — never an empty ref, never the same ref twice.
"""

from __future__ import annotations

from dataclasses import replace

from workflows.plan import TaskRow

_VI_LETTERS = tuple("abcdđeghiklmnopqrstuvxy")


def letter_refs(rows: list[TaskRow]) -> list[TaskRow]:
    """``rows`` with every run under one heading lettered when one of them has no ref."""
    result: list[TaskRow] = []
    index = 0
    while index < len(rows):
        heading = _heading_of(rows[index])
        end = index + 1
        while heading and end < len(rows) and _heading_of(rows[end]) == heading:
            end += 1
        run = rows[index:end]
        refs = [row.ref_hint for row in run]
        if heading and (not all(refs) or len(set(refs)) < len(refs)):
            letters = len(run) > 1
            run = [
                replace(row, ref_hint=f"{heading}{_letter(i) if letters else ''}")
                for i, row in enumerate(run)
            ]
        result.extend(run)
        index = end
    return result


def _heading_of(row: TaskRow) -> str:
    """The heading number a row sits under («4» for «4b» or an unnumbered bullet), or ""."""
    ref, number = row.ref_hint, row.number
    if not ref or ref == number or (ref[:-1] == number and ref[-1].isalpha()):
        return number
    return ""


def _letter(position: int) -> str:
    return _VI_LETTERS[position] if position < len(_VI_LETTERS) else f"-{position + 1}"
