"""Moving task occurrences through the workflow: the one code path for the CLI and the bot.

Each call is part of one transaction the caller owns: it reads the occurrence, asks the pure
state machine (``workflows.workflow.decide``) whether the actor may do it, writes the change
with an optimistic version check, appends the audit entry and the plan event.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any, NoReturn

from sqlmodel import Session

from nhacviec.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    RefusedError,
    TaskAmbiguous,
    TaskNotFound,
)
from nhacviec.store import tasks as stored
from nhacviec.store.journal import record
from nhacviec.store.models import HistoryEntry, Occurrence, Plan, Task
from nhacviec.store.occurrences import KEEP, OccurrenceUpdate, update_occurrence
from nhacviec.store.units import find_units
from workflows.deadlines.periods import until_words
from workflows.event_payloads import DueDateChanged, DueSource, HistoryAction, StateChanged
from workflows.progress import current_occurrence
from workflows.workflow import Action, Move, Refusal, Request, Role, State, decide


class Channel(StrEnum):
    CLI = "cli"
    TELEGRAM = "telegram"
    ZALO = "zalo"
    EMAIL = "email"
    WEB = "web"
    SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """Who acts: a unit (None for the system), through which channel, and the person if known."""

    unit_id: int | None
    channel: Channel
    name: str = ""
    ref: str = ""  # e.g. the Telegram user and chat ids


SYSTEM = Actor(unit_id=None, channel=Channel.SYSTEM)


@dataclass(frozen=True)
class Outcome:
    task: Task
    occurrence: Occurrence
    move: Move


# -- finding what a command is about ----------------------------------------------------------


def find_task(session: Session, target: str, plan_id: int | None = None) -> Task:
    """A task by its ref ("II.1b", within ``plan_id`` when several plans have it), by its id
    written "#12", or by a bare number that is no ref (then taken as the id)."""
    text = target.strip()
    if text.startswith("#") and _ascii_number(text[1:]):  # "#12": the task's id, never a ref
        task = stored.get_task(session, int(text[1:]))
        if task is None or (plan_id is not None and task.plan_id != plan_id):
            raise TaskNotFound(text)
        return task
    found = stored.find_tasks_by_ref(session, text, plan_id)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        plans = ", ".join(str(task.plan_id) for task in found)
        raise TaskAmbiguous(text, plans)
    if _ascii_number(text):  # refs first ("6" is a ref in plans without sections), then ids
        task = stored.get_task(session, int(text))
        if task is not None and (plan_id is None or task.plan_id == plan_id):
            return task
    raise TaskNotFound(text)


def _ascii_number(text: str) -> bool:
    """Digits 0-9 only: ``str.isdigit`` also accepts "²" and other digits ``int`` refuses."""
    return text.isascii() and text.isdigit() and len(text) <= 18


def find_unit_id(session: Session, name: str, plan: Plan) -> int:
    """The unit an actor names (``--as``), among the units of the plan's organisation."""
    found = find_units(session, name, plan.organisation)
    if not found:
        raise NotFoundError("tasks.unit_not_found", name=name)
    if len(found) > 1:
        names = "; ".join(unit.name for unit in found)
        raise InputError("tasks.unit_ambiguous", name=name, units=names)
    assert found[0].id is not None
    return found[0].id


def pick_occurrence(session: Session, task: Task, seq: int | None) -> Occurrence:
    """The named occurrence, else the earliest open one (else the last)."""
    assert task.id is not None
    occurrences = stored.occurrences_of(session, task.id)
    if seq is not None:
        chosen = next((o for o in occurrences if o.seq == seq), None)
        if chosen is None:
            raise NotFoundError(
                "tasks.occurrence_not_found", ref=task.ref, seq=seq, count=len(occurrences)
            )
        return chosen
    plan = stored.plan_of(session, task)
    current = current_occurrence(occurrences, plan.period_start) or current_occurrence(occurrences)
    assert current is not None, "every task has at least one occurrence"
    return current


def roles_of(session: Session, task: Task, plan: Plan, unit_id: int | None) -> frozenset[Role]:
    """The roles a unit holds in a task: lead, partner, and the plan's office."""
    if unit_id is None:
        return frozenset()
    assert task.id is not None
    named = stored.task_units(session, task.id)
    roles = set()
    if unit_id in named.lead:
        roles.add(Role.LEAD)
    if unit_id in named.partners:
        roles.add(Role.PARTNER)
    if plan.office_unit_id == unit_id:
        roles.add(Role.OFFICE)
    return frozenset(roles)


# -- acting -----------------------------------------------------------------------------------


def act(
    session: Session,
    task: Task,
    request: Request,
    actor: Actor,
    now: datetime,
    *,
    occurrence_seq: int | None = None,
    expected_version: int | None = None,
) -> Outcome:
    """Apply ``request`` to the task's occurrence, or raise RefusedError / ConflictError.

    ``expected_version`` is the version the actor saw (a button pressed under a message);
    without it, the version read here is the one that must still hold when writing.
    """
    plan = stored.plan_of(session, task)
    occurrence = pick_occurrence(session, task, occurrence_seq)
    version = occurrence.version if expected_version is None else expected_version
    if occurrence.version != version:  # the actor decided on what is no longer there
        _conflict(task, occurrence)
    decision = authorize(session, plan, task, occurrence, actor, request)
    if decision.action not in _UNWRITTEN:
        _write(session, task, occurrence, version, _changes(decision, now))
    _record(session, task, occurrence, decision, request, actor, now)
    return Outcome(task, occurrence, decision)


# Moves that change no column: a note; an extension request, its refusal and a reassignment
# write their own rows (``services.extensions``); an approval writes the new date.
_UNWRITTEN = frozenset(
    {
        Action.NOTE,
        Action.EXTEND,
        Action.APPROVE_EXTENSION,
        Action.REFUSE_EXTENSION,
        Action.REASSIGN,
    }
)


def authorize(
    session: Session, plan: Plan, task: Task, occurrence: Occurrence, actor: Actor, request: Request
) -> Move:
    """The move the state machine allows, or RefusedError naming the state and what is allowed."""
    roles = roles_of(session, task, plan, actor.unit_id)
    paused_in = State(occurrence.suspended_from) if occurrence.suspended_from else None
    decision = decide(State(occurrence.state), roles, request, resume_to=paused_in)
    if isinstance(decision, Refusal):
        raise RefusedError(decision.code, decision.params, _label(task, occurrence))
    return decision


def _changes(move: Move, now: datetime) -> OccurrenceUpdate:
    change = OccurrenceUpdate(updated_at=now, state=move.to_state)
    if move.records_report:
        change = replace(change, reported_at=now, reported_on_behalf=move.on_behalf)
    if move.clears_report:
        change = replace(change, reported_at=None, reported_on_behalf=False, verified_at=None)
    if move.action is Action.VERIFY:
        change = replace(change, verified_at=now)
    if move.action is Action.SUSPEND:  # issue 14: resumption goes back to this state
        change = replace(change, suspended_at=now, suspended_from=move.from_state)
    if move.action is Action.RESUME:
        change = replace(change, suspended_at=None, suspended_from=None)
    return change


def _write(
    session: Session, task: Task, occurrence: Occurrence, version: int, change: OccurrenceUpdate
) -> None:
    if not update_occurrence(session, occurrence, version, change):
        _conflict(task, occurrence)


def _conflict(task: Task, occurrence: Occurrence) -> NoReturn:
    raise ConflictError(_label(task, occurrence), occurrence.state)


# For the use cases beside this one (``services.extensions``).
write = _write
conflict = _conflict


@dataclass(frozen=True)
class Change:
    """One change to an occurrence, as its history entry and its plan event tell it."""

    payload: StateChanged | DueDateChanged
    action: HistoryAction
    note: str = ""
    evidence: str = ""
    details: Mapping[str, Any] | None = None  # the entry's; a new date's are its payload


def _record(
    session: Session,
    task: Task,
    occurrence: Occurrence,
    move: Move,
    request: Request,
    actor: Actor,
    now: datetime,
) -> None:
    payload = StateChanged(move.action, move.from_state, move.to_state, move.on_behalf)
    change = Change(payload, move.action, note=request.note, evidence=request.evidence)
    record_change(session, task, occurrence, change, actor, now)


def record_change(
    session: Session,
    task: Task,
    occurrence: Occurrence,
    change: Change,
    actor: Actor,
    now: datetime,
) -> None:
    """Append the history entry and the plan event of one change: the one place both are
    written, so the audit trail and the log the scheduler follows always agree."""
    assert task.id is not None
    payload = change.payload
    if isinstance(payload, StateChanged):
        states = payload.from_state.value, payload.to_state.value
        details = dict(change.details or {})
    else:  # a new date keeps the state
        states = occurrence.state, occurrence.state
        details = payload.to_json()
    entry = HistoryEntry(
        plan_id=task.plan_id,
        task_id=task.id,
        occurrence_id=occurrence.id,
        action=change.action.value,
        from_state=states[0],
        to_state=states[1],
        at=now,
        actor_unit_id=actor.unit_id,
        actor_name=actor.name,
        channel=actor.channel.value,
        actor_ref=actor.ref,
        on_behalf=bool(isinstance(payload, StateChanged) and payload.on_behalf),
        note=change.note,
        evidence=change.evidence,
        details=details,
    )
    record(session, entry, payload)


# -- dates ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewDate:
    """A due date (and start) an occurrence gets, who gave it, and how the entry names it."""

    due: date
    start: date | None
    source: DueSource
    action: HistoryAction = Action.SET_DATE
    note: str = ""
    due_words: str | None = None  # None: «đến ngày …», written from the date
    label: str | None = None  # None: the occurrence keeps its label


def set_date(
    session: Session,
    task: Task,
    due: date,
    actor: Actor,
    now: datetime,
    *,
    start: date | None = None,
    occurrence_seq: int | None = None,
    note: str = "",
) -> Outcome:
    """The office sets a date the plan leaves open, or moves one (recorded as an event)."""
    plan = stored.plan_of(session, task)
    occurrence = pick_occurrence(session, task, occurrence_seq)
    decision = authorize(
        session, plan, task, occurrence, actor, Request(Action.SET_DATE, note=note)
    )
    new = NewDate(due, start, DueSource.OFFICE, note=note)
    change_date(session, plan, task, occurrence, new, actor, now)
    return Outcome(task, occurrence, decision)


def change_date(
    session: Session,
    plan: Plan,
    task: Task,
    occurrence: Occurrence,
    new: NewDate,
    actor: Actor,
    now: datetime,
) -> None:
    """Give an occurrence a new due date (and start), with its history entry and event."""
    before, due = occurrence.due_date, new.due
    change = OccurrenceUpdate(
        updated_at=now,
        due_date=due,
        start_date=new.start,
        due_words=new.due_words or until_words(due),
        due_source=new.source,
        in_period=plan.period_start <= due <= plan.period_end,
        label=KEEP if new.label is None else new.label,
    )
    _write(session, task, occurrence, occurrence.version, change)
    payload = DueDateChanged(before, due, new.start, new.source)
    record_change(session, task, occurrence, Change(payload, new.action, new.note), actor, now)


def _label(task: Task, occurrence: Occurrence) -> str:
    return f"{task.ref} ({occurrence.seq})" if occurrence.seq > 1 else task.ref
