"""Issue 14's use cases: extension requests and the office's answer, reassignment of the lead
unit, suspension and resumption, and «trả lại» with «thực hiện lại trước ngày …».

Each call is part of one transaction the caller owns, like ``services.tasks``: the transition
table authorizes the move (``services.tasks.act``), ``workflows.extensions`` checks the dates,
and the history entry and plan event are written with the change. A changed due date goes
through ``services.tasks.change_date``: its ``due_date_changed`` event makes the scheduler plan
the occurrence's reminders again from the new date. Nothing is written when a check fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from nhacviec.errors import InputError, keyed
from nhacviec.services import tasks as operations
from nhacviec.services.tasks import Actor, Change, NewDate, Outcome
from nhacviec.store import extensions as stored
from nhacviec.store import tasks as stored_tasks
from nhacviec.store.journal import append_event
from nhacviec.store.models import ExtensionRequest, Occurrence, Task, Unit
from nhacviec.store.occurrences import OccurrenceUpdate
from workflows.event_payloads import DueSource, LeadReassigned, StateChanged
from workflows.extensions import (
    Ask,
    DeadlineChange,
    DeadlineHistory,
    ExtensionStatus,
    check_grant,
    check_redo,
    check_refusal,
    check_request,
    deadline_history,
    resumed_due,
)
from workflows.plan_events import EventKind
from workflows.workflow import Action, Move, Refusal, Request, State


@dataclass(frozen=True)
class ExtensionOutcome:
    outcome: Outcome
    request: ExtensionRequest


def request_extension(
    session: Session,
    task: Task,
    requested: date,
    reason: str,
    actor: Actor,
    now: datetime,
    *,
    cap: int,
    occurrence_seq: int | None = None,
) -> ExtensionOutcome:
    """The lead asks for ``requested`` as the new due date, saying why."""
    occurrence = operations.pick_occurrence(session, task, occurrence_seq)
    plan = stored_tasks.plan_of(session, task)
    operations.authorize(session, plan, task, occurrence, actor, Request(Action.EXTEND, reason))
    earlier = [ExtensionStatus(r.status) for r in stored.requests_of(session, _id(occurrence))]
    checked = check_request(
        due=occurrence.due_date, requested=requested, earlier=earlier, cap=cap, now=now
    )
    ask: Ask = _or_raise(checked)
    row = stored.add_request(
        session,
        ExtensionRequest(
            occurrence_id=_id(occurrence),
            task_id=_id(task),
            due_before=occurrence.due_date,
            requested_due=ask.requested,
            reason=reason.strip(),
            late=ask.late,
            requested_at=now,
            requested_by_unit_id=actor.unit_id,
            requested_by=actor.name,
        ),
    )
    details = {"request": row.id, "requested": requested.isoformat(), "late": ask.late}
    outcome = _record_move(session, task, occurrence, Action.EXTEND, reason, actor, now, details)
    return ExtensionOutcome(outcome, row)


def approve_extension(
    session: Session,
    task: Task,
    actor: Actor,
    now: datetime,
    *,
    granted: date | None = None,
    note: str = "",
    occurrence_seq: int | None = None,
    expected_version: int | None = None,
) -> ExtensionOutcome:
    """The office grants the waiting request: the day asked for, or ``granted``. The new due
    date is recorded in the deadline history; reminders follow it."""
    occurrence = operations.pick_occurrence(session, task, occurrence_seq)
    _check_version(task, occurrence, expected_version)
    plan = stored_tasks.plan_of(session, task)
    request = Request(Action.APPROVE_EXTENSION, note)
    move = operations.authorize(session, plan, task, occurrence, actor, request)
    pending = stored.pending_of(session, _id(occurrence))
    if pending is None:
        _or_raise(check_refusal(pending=False))
    assert pending is not None
    wanted = granted or pending.requested_due
    checked = _or_raise(check_grant(due=occurrence.due_date, pending=True, granted=wanted))
    stored.close_request(
        session, pending, ExtensionStatus.APPROVED, at=now, unit_id=actor.unit_id, granted=checked
    )
    new = NewDate(checked, occurrence.start_date, DueSource.EXTENSION, move.action, note.strip())
    operations.change_date(session, plan, task, occurrence, new, actor, now)
    _update(session, task, occurrence, OccurrenceUpdate(updated_at=now, extended=True))
    return ExtensionOutcome(Outcome(task, occurrence, move), pending)


def refuse_extension(
    session: Session,
    task: Task,
    reason: str,
    actor: Actor,
    now: datetime,
    *,
    occurrence_seq: int | None = None,
    expected_version: int | None = None,
) -> ExtensionOutcome:
    """The office refuses the waiting request, saying why; the due date stays."""
    occurrence = operations.pick_occurrence(session, task, occurrence_seq)
    _check_version(task, occurrence, expected_version)
    plan = stored_tasks.plan_of(session, task)
    request = Request(Action.REFUSE_EXTENSION, reason)
    operations.authorize(session, plan, task, occurrence, actor, request)
    pending = stored.pending_of(session, _id(occurrence))
    _or_raise(check_refusal(pending=pending is not None))
    assert pending is not None
    stored.close_request(
        session, pending, ExtensionStatus.REFUSED, at=now, unit_id=actor.unit_id, reason=reason
    )
    details = {"request": pending.id, "requested": pending.requested_due.isoformat()}
    outcome = _record_move(
        session, task, occurrence, Action.REFUSE_EXTENSION, reason, actor, now, details
    )
    return ExtensionOutcome(outcome, pending)


def reassign(
    session: Session, task: Task, unit_name: str, reason: str, actor: Actor, now: datetime
) -> Outcome:
    """The office makes another unit the task's lead (chuyển đơn vị chủ trì), saying why."""
    plan = stored_tasks.plan_of(session, task)
    occurrence = operations.pick_occurrence(session, task, None)
    operations.authorize(session, plan, task, occurrence, actor, Request(Action.REASSIGN, reason))
    unit_id = operations.find_unit_id(session, unit_name, plan)
    unit = session.get(Unit, unit_id)
    assert unit is not None
    view = stored_tasks.task_view(session, _id(task))
    before = stored_tasks.task_units(session, _id(task)).lead
    if before == {unit_id}:
        raise InputError("extensions.refused.reassign_same_lead", unit=unit.name)
    stored.replace_lead(session, _id(task), unit)
    details = {"lead_before": list(view.lead), "lead_after": unit.name, "unit": unit_id}
    outcome = _record_move(session, task, occurrence, Action.REASSIGN, reason, actor, now, details)
    # Every occurrence of the task is planned again for its new lead, who gets an action
    # item about the current one; the former lead units a notice.
    append_event(
        session,
        EventKind.LEAD_REASSIGNED,
        now,
        plan_id=task.plan_id,
        task_id=task.id,
        occurrence_id=occurrence.id,
        payload=LeadReassigned(task.ref, tuple(sorted(before - {unit_id})), unit_id),
    )
    return outcome


def suspend(
    session: Session,
    task: Task,
    reason: str,
    actor: Actor,
    now: datetime,
    *,
    occurrence_seq: int | None = None,
) -> Outcome:
    """The office pauses the work: no reminders, no overdue clock until it resumes."""
    request = Request(Action.SUSPEND, reason)
    return operations.act(session, task, request, actor, now, occurrence_seq=occurrence_seq)


def resume(
    session: Session,
    task: Task,
    reason: str,
    actor: Actor,
    now: datetime,
    *,
    occurrence_seq: int | None = None,
) -> Outcome:
    """The office resumes the work in the state it was paused in; the due date moves on by
    the days suspended (``workflows.extensions.resumed_due``)."""
    occurrence = operations.pick_occurrence(session, task, occurrence_seq)
    paused_at, due = occurrence.suspended_at, occurrence.due_date
    outcome = operations.act(
        session, task, Request(Action.RESUME, reason), actor, now, occurrence_seq=occurrence.seq
    )
    moved = resumed_due(due, paused_at, now)
    if moved is not None and moved != due:
        plan = stored_tasks.plan_of(session, task)
        new = NewDate(moved, occurrence.start_date, DueSource.SUSPENSION, Action.RESUME)
        operations.change_date(session, plan, task, occurrence, new, actor, now)
    return outcome


def return_for_redo(
    session: Session,
    task: Task,
    reason: str,
    actor: Actor,
    now: datetime,
    *,
    redo_by: date | None = None,
    occurrence_seq: int | None = None,
    expected_version: int | None = None,
) -> Outcome:
    """«Trả lại», optionally with «thực hiện lại trước ngày …»: the returned work's new due
    date, which its reminders follow."""
    if redo_by is not None:
        _or_raise(check_redo(redo_by, now))
    outcome = operations.act(
        session,
        task,
        Request(Action.RETURN, reason),
        actor,
        now,
        occurrence_seq=occurrence_seq,
        expected_version=expected_version,
    )
    occurrence = outcome.occurrence
    if redo_by is not None and redo_by != occurrence.due_date:
        plan = stored_tasks.plan_of(session, task)
        new = NewDate(redo_by, occurrence.start_date, DueSource.RETURN, Action.RETURN)
        operations.change_date(session, plan, task, occurrence, new, actor, now)
    return outcome


# -- reading ----------------------------------------------------------------------------------


def deadline_history_of(session: Session, occurrence: Occurrence) -> DeadlineHistory:
    """The occurrence's original due date and every change since (from its history)."""
    changes = [
        DeadlineChange(
            date.fromisoformat(entry.details["from"]) if entry.details.get("from") else None,
            date.fromisoformat(entry.details["to"]),
            DueSource(entry.details["source"]),
            entry.at,
        )
        for entry in stored.due_changes(session, _id(occurrence))
    ]
    return deadline_history(occurrence.due_date, changes)


def requests_of(session: Session, occurrence: Occurrence) -> list[ExtensionRequest]:
    return stored.requests_of(session, _id(occurrence))


@dataclass(frozen=True)
class Deadlines:
    """One occurrence's deadline history and extension requests, for the faces to word."""

    occurrence: Occurrence
    history: DeadlineHistory
    requests: list[ExtensionRequest]

    @property
    def label(self) -> str:
        return self.occurrence.label or str(self.occurrence.seq)

    @property
    def pending(self) -> bool:
        return any(r.status == ExtensionStatus.PENDING.value for r in self.requests)


def deadlines_of(session: Session, task: Task) -> list[Deadlines]:
    """Every occurrence's deadline history and requests (oldest first)."""
    return [
        Deadlines(o, deadline_history_of(session, o), requests_of(session, o))
        for o in stored_tasks.occurrences_of(session, _id(task))
    ]


@dataclass(frozen=True)
class PendingRequest:
    task: Task
    occurrence: Occurrence
    request: ExtensionRequest


def pending_requests(session: Session, plan_id: int | None = None) -> list[PendingRequest]:
    """Extension requests waiting for the office, oldest first."""
    return [PendingRequest(*found) for found in stored.pending_requests(session, plan_id)]


# -- helpers ----------------------------------------------------------------------------------


def _record_move(
    session: Session,
    task: Task,
    occurrence: Occurrence,
    action: Action,
    note: str,
    actor: Actor,
    now: datetime,
    details: dict[str, Any],
) -> Outcome:
    """The history entry and event of a move that keeps the state (request, refusal, …)."""
    state = State(occurrence.state)
    payload = StateChanged(action, state, state, False)
    change = Change(payload, action, note=note.strip(), details=details)
    operations.record_change(session, task, occurrence, change, actor, now)
    move = Move(action, state, state, False, False, False, False)
    return Outcome(task, occurrence, move)


def _update(session: Session, task: Task, occurrence: Occurrence, change: OccurrenceUpdate) -> None:
    operations.write(session, task, occurrence, occurrence.version, change)


def _check_version(task: Task, occurrence: Occurrence, expected: int | None) -> None:
    if expected is not None and occurrence.version != expected:
        operations.conflict(task, occurrence)


_KEYS = keyed(
    "extensions.refused.extension_no_due_date",
    "extensions.refused.extension_not_later",
    "extensions.refused.extension_already_pending",
    "extensions.refused.extension_cap_reached",
    "extensions.refused.extension_none_pending",
    "extensions.refused.redo_in_past",
)


def _or_raise(checked: Any) -> Any:
    if isinstance(checked, Refusal):
        params = {name: _shown(value) for name, value in checked.params.items()}
        raise InputError(_KEYS[checked.code], None, **params)
    return checked


def _shown(value: str) -> str:
    """An ISO day as a clerk writes it (30/09/2025); other params as they are."""
    try:
        return f"{date.fromisoformat(value):%d/%m/%Y}"
    except ValueError:
        return value


def _id(row: Task | Occurrence) -> int:
    assert row.id is not None
    return row.id
