"""Which stored plan a reading is: identity from the content, not from the file or the title.

Two copies of one plan (the DOCX and its PDF, a copy whose title came out damaged, a scan
re-typed) share their issuer, number and signing date and, above all, their tasks. A plan is
the same as a stored one when at least two of issuer, number and signing date agree (none of
those printed on both may disagree) and their task sets nearly coincide; words are compared
folded (no diacritics, case or punctuation), so a damaged accent changes nothing.

An amended plan is issued anew: another number, signed no earlier, by the same issuer, keeping
much of its plan's tasks (``new_version_of``). The title usually says which plan it amends;
when the title came out damaged, these facts are what is left to tell it by.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from workflows.plan import ParsedPlan
from workflows.text import fold

SAME_TASKS = 0.9  # shared tasks / tasks of the larger plan: a few damaged rows still agree
AMENDED_TASKS = 0.5  # an amendment keeps at least half of its plan's tasks word for word
_NOT_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class PlanIdentity:
    issuer: str
    number: str
    signed_on: date | None
    tasks: frozenset[str]


def identity(
    issuer: str, number: str, signed_on: date | None, task_texts: Iterable[str]
) -> PlanIdentity:
    """The identity of a plan from its printed facts and its tasks' words."""
    keys = frozenset(key for key in (_words(text) for text in task_texts) if key)
    return PlanIdentity(_words(issuer), _words(number), signed_on, keys)


def identity_of(parsed: ParsedPlan) -> PlanIdentity:
    meta = parsed.metadata
    texts = (task_text(task.row.task, task.row.activity) for task in parsed.tasks)
    return identity(meta.issuer, meta.number, meta.signed_on, texts)


def task_text(task: str, activity: str) -> str:
    """The words that name a task: its text and its activity (a table's sub-row)."""
    return f"{task} {activity}"


def same_plan(reading: PlanIdentity, stored: PlanIdentity) -> bool:
    if _disagree(reading, stored):
        return False
    agreeing = sum(
        (
            bool(reading.issuer) and reading.issuer == stored.issuer,
            bool(reading.number) and reading.number == stored.number,
            reading.signed_on is not None and reading.signed_on == stored.signed_on,
        )
    )
    return agreeing >= 2 and task_overlap(reading.tasks, stored.tasks) >= SAME_TASKS


def new_version_of(reading: PlanIdentity, stored: PlanIdentity) -> bool:
    """Whether ``reading`` looks like an amended version of ``stored``: the same issuer,
    another printed number, signed no earlier, and at least half the tasks shared. A hint to
    be confirmed by a person (the diff is shown first), never applied on its own."""
    if not reading.issuer or reading.issuer != stored.issuer:
        return False
    if not reading.number or reading.number == stored.number:
        return False
    if reading.signed_on and stored.signed_on and reading.signed_on < stored.signed_on:
        return False
    return task_overlap(reading.tasks, stored.tasks) >= AMENDED_TASKS


def _disagree(reading: PlanIdentity, stored: PlanIdentity) -> bool:
    """A number or a signing date printed on both and different: two plans (an amendment is
    issued under a new number)."""
    numbers = reading.number and stored.number and reading.number != stored.number
    dates = reading.signed_on and stored.signed_on and reading.signed_on != stored.signed_on
    return bool(numbers or dates)


def task_overlap(ours: frozenset[str], theirs: frozenset[str]) -> float:
    if not ours or not theirs:
        return 0.0
    return len(ours & theirs) / max(len(ours), len(theirs))


def _words(text: str) -> str:
    return _NOT_WORD.sub(" ", fold(text)).strip()
