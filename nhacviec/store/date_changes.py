"""How many times each occurrence's due date was set or moved, from the plan event log: the
calendar feed's SEQUENCE (stable across runs, raised by every change of date)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, func, select

from nhacviec.store.models import PlanEvent
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
