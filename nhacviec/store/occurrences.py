"""Writing an occurrence: the versioned update (optimistic locking) and what it may change."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col

from nhacviec.store.models import Occurrence
from workflows.event_payloads import DueSource
from workflows.workflow import State


class Keep(Enum):
    """A column an ``OccurrenceUpdate`` leaves as it is (``None`` is a value: it clears one)."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True)
class OccurrenceUpdate:
    """The columns one write changes: a move through the workflow, or a new date."""

    updated_at: datetime
    state: State | Keep = KEEP
    reported_at: datetime | Keep | None = KEEP
    reported_on_behalf: bool | Keep = KEEP
    verified_at: datetime | Keep | None = KEEP
    due_date: date | Keep = KEEP
    start_date: date | Keep | None = KEEP
    due_words: str | Keep = KEEP
    due_source: DueSource | Keep = KEEP
    in_period: bool | Keep = KEEP
    label: str | Keep = KEEP
    extended: bool | Keep = KEEP  # issue 14: an approved extension moved the due date
    suspended_at: datetime | Keep | None = KEEP
    suspended_from: State | Keep | None = KEEP

    def values(self) -> dict[str, Any]:
        """Column → value for the columns that change (enums as their stored strings)."""
        changed = {f.name: getattr(self, f.name) for f in fields(self)}
        return {
            name: value.value if isinstance(value, Enum) else value
            for name, value in changed.items()
            if value is not KEEP
        }


def update_occurrence(
    session: Session, occurrence: Occurrence, expected_version: int, change: OccurrenceUpdate
) -> bool:
    """Write ``change`` only if nobody changed the occurrence since ``expected_version``.

    Returns False when the version moved on (the other writer won); the caller reports a
    conflict. The in-memory object is refreshed either way.
    """
    assert occurrence.id is not None
    result = session.execute(
        update(Occurrence)
        .where(col(Occurrence.id) == occurrence.id, col(Occurrence.version) == expected_version)
        .values(version=expected_version + 1, **change.values())
        .execution_options(synchronize_session=False)
    )
    session.refresh(occurrence)
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def get_occurrence(session: Session, occurrence_id: int) -> Occurrence | None:
    return session.get(Occurrence, occurrence_id)
