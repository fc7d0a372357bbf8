"""Evidence files and partner requests in the store: the queries (the tables, and what each
row stands for: ``store.evidence_tables``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from nhacviec.store.evidence_tables import EvidenceFile, EvidenceLink, PartnerRequest
from nhacviec.store.models import HistoryEntry, Occurrence, Task, Unit
from scheduler.model import RequestFacts

__all__ = ["EvidenceFile", "EvidenceItem", "EvidenceLink", "PartnerRequest"]


# -- files ------------------------------------------------------------------------------------


def file_by_hash(session: Session, sha256: str) -> EvidenceFile | None:
    return session.exec(select(EvidenceFile).where(EvidenceFile.sha256 == sha256)).first()


def add_file(session: Session, sha256: str, size: int, media_type: str, now: datetime) -> int:
    """The file row of this content: the existing one, or a new one."""
    found = file_by_hash(session, sha256)
    if found is None:
        found = EvidenceFile(sha256=sha256, size=size, media_type=media_type, created_at=now)
        session.add(found)
        session.flush()
    assert found.id is not None
    return found.id


def add_link(session: Session, link: EvidenceLink) -> None:
    session.add(link)
    session.flush()


@dataclass(frozen=True)
class EvidenceItem:
    """One file on a task, for display, download and the report upward."""

    link_id: int
    task_id: int
    seq: int | None  # the occurrence it was sent for
    name: str
    size: int
    media_type: str
    sha256: str
    added_at: datetime
    action: str  # the history entry's action: report, answer
    unit_name: str  # who sent it
    entry_id: int


def evidence_of_tasks(session: Session, task_ids: Iterable[int]) -> dict[int, list[EvidenceItem]]:
    """The files of each task, oldest first (tasks without files are left out)."""
    ids = list(task_ids)
    if not ids:
        return {}
    query = (
        select(  # type: ignore[call-overload]
            EvidenceLink, EvidenceFile, HistoryEntry.action, Occurrence.seq, Unit.name
        )
        .join(EvidenceFile, col(EvidenceFile.id) == col(EvidenceLink.file_id))
        .join(HistoryEntry, col(HistoryEntry.id) == col(EvidenceLink.entry_id))
        .outerjoin(Occurrence, col(Occurrence.id) == col(EvidenceLink.occurrence_id))
        .outerjoin(Unit, col(Unit.id) == col(HistoryEntry.actor_unit_id))
        .where(col(EvidenceLink.task_id).in_(ids))
        .order_by(col(EvidenceLink.task_id), col(EvidenceLink.id))
    )
    found: dict[int, list[EvidenceItem]] = {}
    for link, file, action, seq, unit_name in session.exec(query).all():
        assert link.id is not None
        found.setdefault(link.task_id, []).append(
            EvidenceItem(
                link.id,
                link.task_id,
                seq,
                link.name,
                file.size,
                file.media_type,
                file.sha256,
                link.added_at,
                action,
                unit_name or "",
                link.entry_id,
            )
        )
    return found


def evidence_item(session: Session, link_id: int) -> EvidenceItem | None:
    link = session.get(EvidenceLink, link_id)
    if link is None:
        return None
    return next(
        (
            item
            for item in evidence_of_tasks(session, [link.task_id])[link.task_id]
            if item.link_id == link_id
        ),
        None,
    )


def latest_entry(session: Session, occurrence_id: int) -> HistoryEntry:
    """The occurrence's newest history entry: the one the move just wrote."""
    query = (
        select(HistoryEntry)
        .where(col(HistoryEntry.occurrence_id) == occurrence_id)
        .order_by(col(HistoryEntry.id).desc())
        .limit(1)
    )
    found = session.exec(query).first()
    assert found is not None, "a move always writes its history entry"
    return found


# -- partner requests -------------------------------------------------------------------------


def request_facts(session: Session, occurrence_ids: Iterable[int]) -> list[RequestFacts]:
    """The requests on these occurrences as the scheduler plans them."""
    rows = requests_of_occurrences(session, occurrence_ids)
    refs = {
        task.id: task.ref
        for task in session.exec(
            select(Task).where(col(Task.id).in_({row.task_id for row in rows}))
        ).all()
    }
    return [
        RequestFacts(
            request_id=row.id or 0,
            occurrence_id=row.occurrence_id,
            plan_id=row.plan_id,
            task_ref=refs.get(row.task_id, ""),
            partner_unit=row.partner_unit_id,
            due=row.due_date,
            asked_at=row.asked_at,
            answered=row.answered_at is not None,
        )
        for row in rows
    ]


def add_request(session: Session, request: PartnerRequest) -> PartnerRequest:
    session.add(request)
    session.flush()
    return request


def requests_of_task(session: Session, task_id: int) -> Sequence[PartnerRequest]:
    query = select(PartnerRequest).where(PartnerRequest.task_id == task_id)
    return session.exec(query.order_by(col(PartnerRequest.id))).all()


def requests_of_occurrences(
    session: Session, occurrence_ids: Iterable[int]
) -> Sequence[PartnerRequest]:
    ids = list(occurrence_ids)
    if not ids:
        return []
    query = select(PartnerRequest).where(col(PartnerRequest.occurrence_id).in_(ids))
    return session.exec(query.order_by(col(PartnerRequest.id))).all()


def open_requests_to(session: Session, task_id: int, unit_id: int) -> Sequence[PartnerRequest]:
    """The unit's unanswered requests on the task, locked until the transaction ends."""
    query = select(PartnerRequest).where(
        PartnerRequest.task_id == task_id,
        PartnerRequest.partner_unit_id == unit_id,
        col(PartnerRequest.answered_at).is_(None),
    )
    return session.exec(query.order_by(col(PartnerRequest.id)).with_for_update()).all()


def has_open_request(session: Session, task_id: int, unit_id: int) -> bool:
    query = select(PartnerRequest.id).where(
        PartnerRequest.task_id == task_id,
        PartnerRequest.partner_unit_id == unit_id,
        col(PartnerRequest.answered_at).is_(None),
    )
    return session.exec(query.limit(1)).first() is not None


def mark_answered(
    session: Session, requests: Sequence[PartnerRequest], entry_id: int, now: datetime
) -> None:
    for request in requests:
        request.answered_at, request.answer_entry_id = now, entry_id
        session.add(request)


def entries(session: Session, entry_ids: Iterable[int]) -> dict[int, HistoryEntry]:
    ids = list(entry_ids)
    if not ids:
        return {}
    query = select(HistoryEntry).where(col(HistoryEntry.id).in_(ids))
    return {entry.id: entry for entry in session.exec(query).all() if entry.id is not None}


def unit_names(session: Session, unit_ids: Iterable[int]) -> dict[int, str]:
    ids = list(unit_ids)
    if not ids:
        return {}
    query = select(Unit).where(col(Unit.id).in_(ids))
    return {unit.id: unit.name for unit in session.exec(query).all() if unit.id is not None}


def task_of(session: Session, task_id: int) -> Task | None:
    return session.get(Task, task_id)
