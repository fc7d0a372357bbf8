"""The tables of evidence files and partner requests (queries: ``store.evidence``).

- ``EvidenceFile``: one row per distinct content (its SHA-256); the bytes live in the evidence
  folder (``store.blobs``), named by that hash, so the same file sent twice is kept once.
- ``EvidenceLink``: a file as one history entry carried it (a report, a partner's answer),
  under the name it was sent with.
- ``PartnerRequest``: the lead's request to a partner unit for its part by a date, and when
  (and by which history entry) the partner answered.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from nhacviec.store.types import UTCDateTime, required_instant


class EvidenceFile(SQLModel, table=True):
    """A file's content, once: its hash names the file in the evidence folder."""

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64, unique=True)
    size: int
    media_type: str = Field(max_length=100)
    created_at: datetime = required_instant()


class EvidenceLink(SQLModel, table=True):
    """A file as a history entry (a report, an answer) carried it, under its sent name."""

    __table_args__ = (Index("ix_evidencelink_task", "task_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    file_id: int = Field(foreign_key="evidencefile.id")
    entry_id: int = Field(foreign_key="historyentry.id", index=True)
    task_id: int = Field(foreign_key="task.id")
    occurrence_id: int | None = Field(default=None, foreign_key="occurrence.id")
    name: str = Field(max_length=255)
    added_at: datetime = required_instant()


class PartnerRequest(SQLModel, table=True):
    """The lead asks a partner for its contribution by ``due_date`` (the partner's own small
    deadline, reminded until it answers)."""

    __table_args__ = (
        Index("ix_partnerrequest_task", "task_id", "id"),
        Index("ix_partnerrequest_occurrence", "occurrence_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id")
    task_id: int = Field(foreign_key="task.id")
    occurrence_id: int = Field(foreign_key="occurrence.id")
    partner_unit_id: int = Field(foreign_key="unit.id")
    asked_by_unit_id: int = Field(foreign_key="unit.id")
    due_date: date
    text: str = ""
    asked_at: datetime = required_instant()
    asked_entry_id: int = Field(foreign_key="historyentry.id")
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    answer_entry_id: int | None = Field(default=None, foreign_key="historyentry.id")
