"""An occurrence as it stood at a past instant, replayed from the plan event log (pure).

A report «as of» a past day tells that day's truth: the state, the due date (with the
extensions granted by then), the report and verification instants and the suspension the
occurrence had at the end of that day, and the lead its task had then. The store keeps each
occurrence as it stands now and the log keeps every change with its instant; the past is the
present with the changes made after the instant taken back, and the instants only the log
knows (the report then, not the latest one) read forward from it.

Work created after the instant (an amendment's new task or occurrence) did not exist then;
work cancelled later was still open then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from workflows.event_payloads import DueDateChanged, DueSource, StateChanged
from workflows.workflow_rules import Action, State


@dataclass(frozen=True)
class OccurrenceFacts:
    """What the standings read of an occurrence (as stored now, or as replayed)."""

    created_at: datetime
    state: State
    due_date: date | None
    start_date: date | None
    due_source: str
    reported_at: datetime | None
    reported_on_behalf: bool
    verified_at: datetime | None
    extended: bool
    suspended_at: datetime | None
    suspended_from: str | None


@dataclass(frozen=True)
class Logged:
    """One change of the occurrence's log: its instant and what it says, in log order."""

    at: datetime
    payload: StateChanged | DueDateChanged


@dataclass(frozen=True)
class Reassigned:
    """The office gave a task another lead at ``at``: ``before`` led it until then."""

    at: datetime
    before: tuple[str, ...]


def occurrence_as_of(
    current: OccurrenceFacts, log: Sequence[Logged], instant: datetime
) -> OccurrenceFacts | None:
    """The occurrence at ``instant`` from its stored facts and its whole log (in log order);
    None when it was created after ``instant``. With nothing logged after ``instant``, the
    stored facts themselves: today and the future are the present."""
    if current.created_at > instant:
        return None
    later = [change for change in log if change.at > instant]
    if not later:
        return current
    earlier = [change for change in log if change.at <= instant]
    state = current.state
    due = current.due_date
    moves = [c.payload for c in later if isinstance(c.payload, StateChanged)]
    if moves:
        state = moves[0].from_state
    dates = [c.payload for c in later if isinstance(c.payload, DueDateChanged)]
    if dates:
        due = dates[0].before
    past = _forward(earlier, current)
    touched = {c.payload.action for c in later if isinstance(c.payload, StateChanged)}
    # What no later change touched is as stored (a row older than the log keeps its facts).
    if not touched & _REPORTS:
        past = replace(past, reported_at=current.reported_at)
        past = replace(past, reported_on_behalf=current.reported_on_behalf)
    if not touched & (_REPORTS | {Action.VERIFY}):
        past = replace(past, verified_at=current.verified_at)
    if not touched & _PAUSES:
        past = replace(past, suspended_at=current.suspended_at)
        past = replace(past, suspended_from=current.suspended_from)
    if not dates:
        past = replace(past, due_source=current.due_source, extended=current.extended)
    return replace(past, state=state, due_date=due)


_REPORTS = frozenset({Action.REPORT, Action.RETURN, Action.REOPEN})
_PAUSES = frozenset({Action.SUSPEND, Action.RESUME})


def _forward(earlier: Sequence[Logged], current: OccurrenceFacts) -> OccurrenceFacts:
    """The instants and flags the changes up to the instant left (read forward)."""
    reported_at: datetime | None = None
    on_behalf = False
    verified_at: datetime | None = None
    suspended_at: datetime | None = None
    suspended_from: str | None = None
    extended = False
    source = DueSource.PLAN.value  # the plan's, or the import's (the first change says before)
    start = current.start_date  # the import's is not logged: as stored when none was logged
    for change in earlier:
        payload = change.payload
        if isinstance(payload, DueDateChanged):
            source, start = payload.source.value, payload.start
            extended = extended or payload.source is DueSource.EXTENSION
            continue
        action = payload.action
        if action is Action.REPORT:
            reported_at, on_behalf = change.at, bool(payload.on_behalf)
        elif action in (Action.RETURN, Action.REOPEN):
            reported_at, on_behalf, verified_at = None, False, None
        elif action is Action.VERIFY:
            verified_at = change.at
        elif action is Action.SUSPEND:
            suspended_at, suspended_from = change.at, payload.from_state.value
        elif action is Action.RESUME:
            suspended_at, suspended_from = None, None
    return replace(
        current,
        due_source=source,
        start_date=start,
        reported_at=reported_at,
        reported_on_behalf=on_behalf,
        verified_at=verified_at,
        extended=extended,
        suspended_at=suspended_at,
        suspended_from=suspended_from,
    )


def lead_as_of(
    current: tuple[str, ...], reassignments: Sequence[Reassigned], instant: datetime
) -> tuple[str, ...]:
    """The task's lead at ``instant``: the units the first later reassignment took it from."""
    later = [r for r in reassignments if r.at > instant]
    return later[0].before if later else current
