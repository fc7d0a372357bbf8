"""What a unit's calendar feed reads: the tasks naming the unit, and how many times each
occurrence's due date was set or moved (the plan event log: the feed's SEQUENCE)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, func, select

from nhacviec.store.models import PlanEvent, Task, TaskUnit, UnitGroupMember
from workflows.plan_events import EventKind

DATE_KINDS = (EventKind.DUE_DATE_SET.value, EventKind.DUE_DATE_CHANGED.value)


def date_changes(session: Session, occurrence_ids: Iterable[int]) -> dict[int, int]:
    """Per occurrence: how many times its due date was set or moved (the plan event log)."""
    ids = list(occurrence_ids)
    found: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        query = (
            select(PlanEvent.occurrence_id, func.count())
            .where(
                col(PlanEvent.occurrence_id).in_(ids[start : start + 500]),
                col(PlanEvent.kind).in_(DATE_KINDS),
            )
            .group_by(col(PlanEvent.occurrence_id))
        )
        for occurrence_id, count in session.exec(query).all():
            if occurrence_id is not None:
                found[occurrence_id] = int(count)
    return found


def tasks_naming(session: Session, unit_id: int, plan_id: int | None = None) -> set[int]:
    """Tasks naming the unit as lead or partner, itself or through a group it belongs to, by
    the unit's id (never by words: another organisation's unit of the same name is another)."""
    groups = select(UnitGroupMember.group_id).where(UnitGroupMember.unit_id == unit_id)
    query = select(TaskUnit.task_id).where(
        (col(TaskUnit.unit_id) == unit_id) | col(TaskUnit.group_id).in_(groups)
    )
    if plan_id is not None:
        query = query.join(Task, col(Task.id) == col(TaskUnit.task_id)).where(
            col(Task.plan_id) == plan_id
        )
    return set(session.exec(query).all())
