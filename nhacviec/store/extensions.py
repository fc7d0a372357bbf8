"""Extension requests, lead reassignment and deadline changes in the store (issue 14).

Queries only; the rules live in ``workflows.extensions`` and the use cases in
``nhacviec.services.extensions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from nhacviec.store.models import (
    ExtensionRequest,
    HistoryEntry,
    Occurrence,
    Task,
    TaskUnit,
    Unit,
)
from workflows.extensions import ExtensionStatus


def requests_of(session: Session, occurrence_id: int) -> list[ExtensionRequest]:
    """Every extension request of an occurrence, oldest first."""
    query = (
        select(ExtensionRequest)
        .where(ExtensionRequest.occurrence_id == occurrence_id)
        .order_by(col(ExtensionRequest.id))
    )
    return list(session.exec(query).all())


def pending_of(session: Session, occurrence_id: int) -> ExtensionRequest | None:
    found = [r for r in requests_of(session, occurrence_id) if r.status == ExtensionStatus.PENDING]
    return found[-1] if found else None


def add_request(session: Session, request: ExtensionRequest) -> ExtensionRequest:
    session.add(request)
    session.flush()
    return request


def close_request(
    session: Session,
    request: ExtensionRequest,
    status: ExtensionStatus,
    *,
    at: datetime,
    unit_id: int | None,
    granted: date | None = None,
    reason: str = "",
) -> None:
    """The office's answer: approved (with the day granted) or refused (with its reason)."""
    request.status = status.value
    request.decided_at = at
    request.decided_by_unit_id = unit_id
    request.granted_due = granted
    request.decision_reason = reason
    session.add(request)
    session.flush()


def pending_requests(
    session: Session, plan_id: int | None = None
) -> list[tuple[Task, Occurrence, ExtensionRequest]]:
    """Requests waiting for the office, oldest first (of one plan when ``plan_id`` is given)."""
    query = (
        select(Task, Occurrence, ExtensionRequest)
        .join(Occurrence, col(Occurrence.id) == col(ExtensionRequest.occurrence_id))
        .join(Task, col(Task.id) == col(ExtensionRequest.task_id))
        .where(ExtensionRequest.status == ExtensionStatus.PENDING.value)
        .order_by(col(ExtensionRequest.requested_at), col(ExtensionRequest.id))
    )
    if plan_id is not None:
        query = query.where(Task.plan_id == plan_id)
    return [(task, occurrence, request) for task, occurrence, request in session.exec(query)]


def replace_lead(session: Session, task_id: int, unit: Unit) -> None:
    """The task's lead cell now names ``unit`` alone (the former names stay in its history)."""
    session.execute(
        delete(TaskUnit).where(col(TaskUnit.task_id) == task_id, col(TaskUnit.role) == "lead")
    )
    session.add(TaskUnit(task_id=task_id, role="lead", position=0, name=unit.name, unit_id=unit.id))
    session.flush()


def due_changes(session: Session, occurrence_id: int) -> Sequence[HistoryEntry]:
    """The history entries that moved an occurrence's due date, oldest first."""
    query = (
        select(HistoryEntry)
        .where(HistoryEntry.occurrence_id == occurrence_id)
        .order_by(col(HistoryEntry.id))
    )
    return [e for e in session.exec(query).all() if "to" in e.details and "source" in e.details]
