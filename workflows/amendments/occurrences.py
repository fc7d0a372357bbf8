"""How a paired task's occurrences move to the amended schedule. Pure.

Old and new occurrences pair by label first ("Quý IV/2025" stays "Quý IV/2025" when "Quý III"
is dropped), the rest by position (a deadline's label carries its date, so "Trước ngày
18/11/2025" becoming "Trước ngày 30/11/2025" pairs here). A pair whose (start, due) differ is
re-dated; a new occurrence left over is added; a stored one left over is cancelled when still
open, kept as it is when verified (its work is done and accepted), ignored when cancelled.
A task whose every occurrence is cancelled stays so: it gets no new occurrence.

An occurrence whose due date an approved extension moved keeps the granted date: when the
amended plan gives it the date the stored version gave, nothing changes; when another, the
granted date is held (``HeldDate``) and the office decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from workflows.amendments.matching import compact
from workflows.amendments.model import (
    VERIFIED,
    HeldDate,
    OccurrenceChange,
    StoredOccurrence,
    StoredTask,
)
from workflows.event_payloads import DueSource
from workflows.extensions import DeadlineHistory
from workflows.schedule import Occurrence, Schedule, ScheduleKind

# Schedules that carry no dates of their own: their stored occurrences come from the office
# (``task set-date``) or from a recorded event, not from the plan's text.
UNDATED_KINDS = frozenset({ScheduleKind.EVENT.value, ScheduleKind.UNSCHEDULED.value})


@dataclass(frozen=True)
class OccurrenceDiff:
    changes: tuple[OccurrenceChange, ...] = ()
    kept: tuple[StoredOccurrence, ...] = ()  # verified work the amended plan no longer lists
    held: tuple[HeldDate, ...] = ()  # granted dates kept against the amended plan's

    def __bool__(self) -> bool:
        return bool(self.changes or self.kept or self.held)


NO_CHANGE = OccurrenceDiff()


def diff_occurrences(
    stored: StoredTask, schedule: Schedule, *, wording_changed: bool
) -> OccurrenceDiff:
    """The occurrence actions that take ``stored`` to ``schedule``.

    ``wording_changed`` says whether the deadline's wording changed. A new schedule without dates
    of its own leaves the stored occurrences alone, unless its wording changed and the stored
    dates came from the old wording: then the open ones are cancelled. A task already cancelled
    gets no new occurrence.
    """
    if schedule.kind.value in UNDATED_KINDS:
        if wording_changed and stored.schedule_kind not in UNDATED_KINDS:
            return _vanished(_by_seq(stored.occurrences))
        return NO_CHANGE
    moves = _match(_by_seq(stored.occurrences), schedule.occurrences)
    if stored.cancelled:  # the office dropped this task: the amendment brings no new work
        kept_changes = tuple(c for c in moves.changes if c.kind != "add")
        return OccurrenceDiff(kept_changes, moves.kept, moves.held)
    return moves


# Who may give an occurrence the date its plan means: the plan, an amendment, the office for
# undated work, a recorded event. An extension, a redo date or a resumption moves it past that.
_PLAN_SOURCES = frozenset({DueSource.PLAN, DueSource.AMENDMENT, DueSource.OFFICE, DueSource.EVENT})


def plan_due(history: DeadlineHistory) -> date | None:
    """The due date the plan (its stored version) gives an occurrence, before the office's
    extensions, redo dates and resumptions moved it."""
    due = history.original
    for change in history.changes:
        if change.source in _PLAN_SOURCES:
            due = change.after
    return due


def cancel_all(stored: StoredTask) -> OccurrenceDiff:
    """What removing ``stored`` from the plan does to its occurrences."""
    return _vanished(_by_seq(stored.occurrences))


def _by_seq(occurrences: Sequence[StoredOccurrence]) -> list[StoredOccurrence]:
    return sorted(occurrences, key=lambda occurrence: occurrence.seq)


def _match(old: list[StoredOccurrence], new: Sequence[Occurrence]) -> OccurrenceDiff:
    partner = _pair_by_label(old, new)
    free_old = [o for o in old if o.id not in {p.id for p in partner.values()}]
    free_new = [i for i in range(len(new)) if i not in partner]
    partner.update(zip(free_new, free_old, strict=False))  # the rest in order of position
    changes: list[OccurrenceChange] = []
    held: list[HeldDate] = []
    for index, occurrence in enumerate(new):
        paired = partner.get(index)
        if paired is None:
            changes.append(OccurrenceChange("add", None, occurrence))
        elif paired.extended:  # the granted date holds; told when the plan's date moves
            if (paired.start, paired.plan_due) != (occurrence.start, occurrence.due):
                held.append(HeldDate(paired, occurrence))
        elif (paired.start, paired.due) != (occurrence.start, occurrence.due):
            changes.append(OccurrenceChange("redate", paired, occurrence))
    paired_ids = {p.id for p in partner.values()}
    gone = _vanished([o for o in old if o.id not in paired_ids])
    return OccurrenceDiff(tuple(changes) + gone.changes, gone.kept, tuple(held))


def _pair_by_label(
    old: list[StoredOccurrence], new: Sequence[Occurrence]
) -> dict[int, StoredOccurrence]:
    """New index → stored occurrence with the same label (equal labels pair in order)."""
    waiting: dict[str, list[StoredOccurrence]] = {}
    for stored in old:
        waiting.setdefault(compact(stored.label), []).append(stored)
    partner: dict[int, StoredOccurrence] = {}
    for index, occurrence in enumerate(new):
        same_label = waiting.get(compact(occurrence.label))
        if same_label:
            partner[index] = same_label.pop(0)
    return partner


def _vanished(gone: Sequence[StoredOccurrence]) -> OccurrenceDiff:
    cancels = tuple(OccurrenceChange("cancel", o, None) for o in gone if o.is_open)
    kept = tuple(o for o in gone if o.state == VERIFIED)
    return OccurrenceDiff(cancels, kept)
