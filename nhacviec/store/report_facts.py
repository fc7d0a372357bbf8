"""What a report upward reads beside the tasks: the evidence each report cited, the office."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from nhacviec.store.models import HistoryEntry, Occurrence, Plan, Task, Unit


@dataclass(frozen=True)
class CitedEvidence:
    """A report that named its evidence (số/ký hiệu văn bản, a link, a file name)."""

    task_id: int
    ref: str
    occurrence_seq: int | None
    at: datetime
    unit: str  # the unit that reported (or the office, on its behalf)
    evidence: str
    on_behalf: bool


def cited_evidence(session: Session, plan_id: int, until: datetime) -> list[CitedEvidence]:
    """Every report of the plan's tasks made up to ``until`` that cited evidence, in the order
    they were made."""
    query = (
        select(HistoryEntry, Task.ref, Occurrence.seq, Unit.name)
        .join(Task, col(Task.id) == col(HistoryEntry.task_id))
        .outerjoin(Occurrence, col(Occurrence.id) == col(HistoryEntry.occurrence_id))
        .outerjoin(Unit, col(Unit.id) == col(HistoryEntry.actor_unit_id))
        .where(HistoryEntry.plan_id == plan_id)
        .where(col(HistoryEntry.action) == "report")
        .where(col(HistoryEntry.evidence) != "")
        .where(col(HistoryEntry.at) <= until)
        .order_by(col(HistoryEntry.at), col(HistoryEntry.id))
    )
    return [
        CitedEvidence(
            task_id=entry.task_id,
            ref=ref,
            occurrence_seq=seq,
            at=entry.at,
            unit=name or entry.actor_name,
            evidence=entry.evidence,
            on_behalf=entry.on_behalf,
        )
        for entry, ref, seq, name in session.exec(query).all()
    ]


def office_name(session: Session, plan: Plan) -> str:
    """The name of the plan's office (cơ quan thường trực), empty when it has none."""
    if plan.office_unit_id is None:
        return ""
    unit = session.get(Unit, plan.office_unit_id)
    return unit.name if unit is not None else ""
