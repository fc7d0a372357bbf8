"""What each occurrence of some tasks carries beside its dates: the evidence files its reports
and answers brought, and the requests its lead made to partner units — read in batches (two
statements per ``_CHUNK`` tasks, whatever the number of tasks), as plain rows.

A file is described by its name, size, type, SHA-256 and who sent it when: never its bytes,
never where the store keeps them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select as core_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from nhacviec.store.evidence_tables import EvidenceFile, EvidenceLink, PartnerRequest
from nhacviec.store.models import HistoryEntry, Unit

_CHUNK = 500  # task ids per IN (...): well under every backend's limit of bound parameters


@dataclass(frozen=True, slots=True)
class FileRow:
    id: int  # the link's id: ``GET /api/v1/evidence/{id}`` for the plan's office
    name: str
    size: int
    media_type: str
    sha256: str
    uploaded_at: datetime
    uploaded_by: str  # the unit that sent it


@dataclass(frozen=True, slots=True)
class RequestRow:
    id: int
    asked_at: datetime
    asked_by: str  # the lead unit that asked
    partner: str  # the partner unit asked
    due: date
    text: str
    answered_at: datetime | None
    answer: str  # the answer's words ("" while open)


@dataclass(frozen=True)
class OccurrenceExtras:
    """Files and requests by occurrence id, oldest first."""

    files: dict[int, list[FileRow]] = field(default_factory=dict)
    requests: dict[int, list[RequestRow]] = field(default_factory=dict)

    def files_of(self, occurrence_id: int | None) -> list[FileRow]:
        return self.files.get(occurrence_id or 0, [])

    def requests_of(self, occurrence_id: int | None) -> list[RequestRow]:
        return self.requests.get(occurrence_id or 0, [])


NO_EXTRAS = OccurrenceExtras()


def extras_of_tasks(session: Session, task_ids: Iterable[int]) -> OccurrenceExtras:
    """The files and partner requests of every occurrence of these tasks."""
    ids = sorted(set(task_ids))
    extras = OccurrenceExtras()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        _read_files(session, chunk, extras.files)
        _read_requests(session, chunk, extras.requests)
    return extras


def _read_files(session: Session, ids: list[int], into: dict[int, list[FileRow]]) -> None:
    query = (
        core_select(
            col(EvidenceLink.occurrence_id),
            col(EvidenceLink.id),
            col(EvidenceLink.name),
            col(EvidenceFile.size),
            col(EvidenceFile.media_type),
            col(EvidenceFile.sha256),
            col(EvidenceLink.added_at),
            col(Unit.name),
        )
        .join(EvidenceFile, col(EvidenceFile.id) == col(EvidenceLink.file_id))
        .join(HistoryEntry, col(HistoryEntry.id) == col(EvidenceLink.entry_id))
        .outerjoin(Unit, col(Unit.id) == col(HistoryEntry.actor_unit_id))
        .where(col(EvidenceLink.task_id).in_(ids))
        .where(col(EvidenceLink.occurrence_id).is_not(None))
        .order_by(col(EvidenceLink.id))
    )
    for occurrence_id, link_id, name, size, media, sha256, at, unit in session.execute(query):
        row = FileRow(link_id, name, size, media, sha256, at, unit or "")
        into.setdefault(occurrence_id, []).append(row)


def _read_requests(session: Session, ids: list[int], into: dict[int, list[RequestRow]]) -> None:
    partner = aliased(Unit)
    asker = aliased(Unit)
    query = (
        core_select(  # type: ignore[call-overload]
            col(PartnerRequest.occurrence_id),
            col(PartnerRequest.id),
            col(PartnerRequest.asked_at),
            asker.name,
            partner.name,
            col(PartnerRequest.due_date),
            col(PartnerRequest.text),
            col(PartnerRequest.answered_at),
            col(HistoryEntry.note),
            col(HistoryEntry.evidence),
        )
        .join(partner, partner.id == col(PartnerRequest.partner_unit_id))
        .join(asker, asker.id == col(PartnerRequest.asked_by_unit_id))
        .outerjoin(HistoryEntry, col(HistoryEntry.id) == col(PartnerRequest.answer_entry_id))
        .where(col(PartnerRequest.task_id).in_(ids))
        .order_by(col(PartnerRequest.id))
    )
    for (
        occurrence_id,
        request_id,
        asked_at,
        by,
        to,
        due,
        text,
        answered,
        note,
        evidence,
    ) in session.execute(query):
        words = note or evidence or ""  # the answer entry's words, as `task show` reads them
        row = RequestRow(request_id, asked_at, by, to, due, text, answered, words)
        into.setdefault(occurrence_id, []).append(row)
