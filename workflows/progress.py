"""A task's progress, derived from its occurrences (pure).

Occurrences are the unit of work; a task's own state is read from them, and a command aimed
at a task acts on its earliest open occurrence unless one is named.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol, TypeVar

from workflows.workflow import OPEN_STATES, State

# Work still to do: the open states and a suspension (paused, not finished).
LIVE_STATES = OPEN_STATES | {State.SUSPENDED}


class OccurrenceLike(Protocol):
    @property
    def seq(self) -> int: ...
    @property
    def state(self) -> str: ...
    @property
    def due_date(self) -> date | None: ...
    @property
    def in_period(self) -> bool: ...


def tracked(occurrence: OccurrenceLike, period_start: date) -> bool:
    """Whether an occurrence is followed up: one due before the plan period starts is kept and
    shown, flagged for review, but never reminded about nor counted (deadline semantics)."""
    due = occurrence.due_date
    return occurrence.in_period or due is None or due >= period_start


def task_state(states: Sequence[State]) -> State:
    """The state of the earliest open occurrence; verified when all are done (some verified);
    cancelled when every occurrence was cancelled."""
    open_states = [state for state in states if state in LIVE_STATES]
    if open_states:
        return open_states[0]
    if states and all(state is State.CANCELLED for state in states):
        return State.CANCELLED
    return State.VERIFIED if states else State.ASSIGNED


T = TypeVar("T", bound=OccurrenceLike)


def current_occurrence(occurrences: Sequence[T], period_start: date | None = None) -> T | None:
    """The occurrence a command aimed at the task acts on: the earliest open one (by due
    date, undated last, then order), skipping those before the plan period; when none is
    open, the last one."""
    followed = [o for o in occurrences if period_start is None or tracked(o, period_start)]
    open_ones = [o for o in followed if State(o.state) in LIVE_STATES]
    if open_ones:
        return min(open_ones, key=lambda o: (o.due_date is None, o.due_date or date.max, o.seq))
    return occurrences[-1] if occurrences else None
