"""What an amendment diff is made of: the stored side, the changes, the whole diff.

The stored side is a plain snapshot the store hands over (``StoredTask``); the new side is the
amended plan as read (``workflows.plan.Task``). Every ``OccurrenceChange`` in a diff is an
action to apply as it is: the diff never asks to cancel work that is already closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from workflows.plan import Task
from workflows.schedule import Occurrence

# Occurrence states whose work is over: an amendment never cancels or re-opens them.
VERIFIED = "verified"
CANCELLED = "cancelled"
CLOSED_STATES = frozenset({VERIFIED, CANCELLED})


@dataclass(frozen=True)
class StoredOccurrence:
    id: int
    seq: int
    label: str
    start: date | None
    due: date | None  # None: a task the plan left undated, or waiting on an event
    state: str

    @property
    def is_open(self) -> bool:
        return self.state not in CLOSED_STATES


@dataclass(frozen=True)
class StoredTask:
    id: int
    ref: str
    task_text: str
    activity: str
    time_text: str
    schedule_kind: str  # a ScheduleKind value
    occurrences: tuple[StoredOccurrence, ...]
    cancelled: bool  # every occurrence cancelled already


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    REDATED = "redated"
    REWORDED = "reworded"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class OccurrenceChange:
    """One action on an occurrence.

    ``redate``: give ``stored`` the dates (and label) of ``new``, state kept.
    ``add``: create ``new`` as a fresh occurrence. ``cancel``: cancel ``stored`` (always open).
    """

    kind: Literal["redate", "add", "cancel"]
    stored: StoredOccurrence | None
    new: Occurrence | None


@dataclass(frozen=True)
class TaskChange:
    """How one task moves from the stored plan to the amended one.

    ``kind`` is REDATED when the deadline changed (its text, or its occurrences), even if the
    text changed too (then ``text_changed`` is set); REWORDED when only the text changed.
    ``kept``: occurrences the amended plan no longer has but whose work is verified — left as
    they are, listed so the office sees them. For REMOVED, ``occurrences`` holds a ``cancel``
    for every open occurrence.
    """

    kind: ChangeKind
    stored: StoredTask | None
    new: Task | None
    similarity: float  # 0..1 text similarity of the pair (1.0 for added/removed)
    occurrences: tuple[OccurrenceChange, ...] = ()
    ref_changed: bool = False  # matched by text although the ref differs (renumbered)
    text_changed: bool = False  # task or activity words differ
    kept: tuple[StoredOccurrence, ...] = ()

    @property
    def ref(self) -> str:
        """The task's ref in the amended plan, or the stored one for a removed task."""
        if self.new is not None:
            return self.new.ref
        assert self.stored is not None
        return self.stored.ref


@dataclass(frozen=True)
class PlanDiff:
    changes: tuple[TaskChange, ...]  # in the new plan's document order, then removed ones

    def counts(self) -> dict[ChangeKind, int]:
        """How many changes of every kind (zero included)."""
        totals = dict.fromkeys(ChangeKind, 0)
        for change in self.changes:
            totals[change.kind] += 1
        return totals

    @property
    def renumbered(self) -> int:
        return sum(change.ref_changed for change in self.changes)

    @property
    def is_empty(self) -> bool:
        """Nothing to apply: every task unchanged and none renumbered."""
        return all(c.kind is ChangeKind.UNCHANGED and not c.ref_changed for c in self.changes)
