"""Calendar feed links: a unit's secret feed address (``nhacviec unit calendar-link``).

Beside ``models`` (which re-exports the table, so the metadata and the migrations see it).

Only the token's SHA-256 is kept: the token itself is shown once. A unit has at most one
active link; a new link revokes the old one. Rows are never deleted (the audit).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, Session, SQLModel, col, select

from nhacviec.store.types import UTCDateTime, required_instant


class CalendarLink(SQLModel, table=True):
    """A unit's calendar feed address, known by its token's hash."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, max_length=64)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    created_at: datetime = required_instant()
    created_by: str = Field(default="", max_length=200)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    revoked_by: str = Field(default="", max_length=200)


def add_link(session: Session, unit_id: int, token_hash: str, now: datetime, by: str) -> None:
    session.add(CalendarLink(token_hash=token_hash, unit_id=unit_id, created_at=now, created_by=by))


def revoke_links(session: Session, unit_id: int, now: datetime, by: str) -> int:
    """Revoke the unit's active links; how many there were."""
    query = select(CalendarLink).where(
        CalendarLink.unit_id == unit_id, col(CalendarLink.revoked_at).is_(None)
    )
    active = session.exec(query).all()
    for link in active:
        link.revoked_at, link.revoked_by = now, by
        session.add(link)
    session.flush()
    return len(active)


def unit_of_link(session: Session, token_hash: str) -> int | None:
    """The unit id of an active link with this hash, else ``None``."""
    query = select(CalendarLink.unit_id).where(
        CalendarLink.token_hash == token_hash, col(CalendarLink.revoked_at).is_(None)
    )
    return session.exec(query).first()
