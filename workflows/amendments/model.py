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
    # An approved extension moved ``due`` (issue 14): ``plan_due`` is the date the plan's
    # stored version gave it. The granted date holds against an amendment (``HeldDate``).
    extended: bool = False
    plan_due: date | None = None

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
    lead_text: str = ""  # the lead cell as the stored version of the plan wrote it
    lead: tuple[str, ...] = ()  # the lead units now (the office's choice once reassigned)
    reassigned: bool = False  # the office reassigned the lead (issue 14): it holds


@dataclass(frozen=True)
class HeldDate:
    """An occurrence the amended plan re-dates while an extension the office granted holds:
    the granted date is kept, and the office is told (it decides, e.g. ``task set-date``)."""

    stored: StoredOccurrence
    new: Occurrence

    @property
    def granted(self) -> date | None:
        return self.stored.due

    @property
    def amended(self) -> date | None:
        return self.new.due


@dataclass(frozen=True)
class KeptLead:
    """A reassigned task whose lead the amended plan rewrites: the office's lead is kept, and
    the office is told (it decides, e.g. ``task reassign``)."""

    lead: tuple[str, ...]  # the lead units kept (the office's reassignment)
    amended: tuple[str, ...]  # the lead the amended plan names


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
    held: tuple[HeldDate, ...] = ()  # granted dates kept against the amended plan's
    keep_lead: bool = False  # reassigned: the stored lead units stay whatever the plan says
    kept_lead: KeptLead | None = None  # ... and the amended plan names another lead

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
    def notices(self) -> tuple[tuple[str, HeldDate | KeptLead], ...]:
        """What the amendment leaves to the office, by task ref: granted dates and reassigned
        leads kept against the amended plan."""
        found: list[tuple[str, HeldDate | KeptLead]] = []
        for change in self.changes:
            if change.kept_lead is not None:
                found.append((change.ref, change.kept_lead))
            found.extend((change.ref, held) for held in change.held)
        return tuple(found)

    @property
    def renumbered(self) -> int:
        return sum(change.ref_changed for change in self.changes)

    @property
    def is_empty(self) -> bool:
        """Nothing to apply: every task unchanged and none renumbered."""
        return all(c.kind is ChangeKind.UNCHANGED and not c.ref_changed for c in self.changes)
