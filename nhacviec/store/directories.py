"""Units directories kept in the store: the YAML text of each organisation's directory, once
imported or edited in the console (the files in the settings seed it; the store's copy wins).

Beside ``models`` (which re-exports the table, so the metadata and the migrations see it).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, Session, SQLModel, col, select

from nhacviec.store.types import required_instant


class DirectoryText(SQLModel, table=True):
    """One organisation's units directory, as the YAML ``config/units`` files are written."""

    organisation: str = Field(primary_key=True, max_length=200)
    text: str = Field(sa_column=Column(Text, nullable=False))
    source: str = Field(default="", max_length=300)  # the uploaded file's name, or "console"
    updated_at: datetime = required_instant()
    updated_by: str = Field(default="", max_length=300)


def stored_directory(session: Session, organisation: str) -> DirectoryText | None:
    return session.get(DirectoryText, organisation)


def stored_directories(session: Session) -> Sequence[DirectoryText]:
    query = select(DirectoryText).order_by(col(DirectoryText.organisation))
    return session.exec(query).all()


def keep_directory(
    session: Session, organisation: str, text: str, *, source: str, now: datetime, by: str
) -> DirectoryText:
    row = session.get(DirectoryText, organisation) or DirectoryText(
        organisation=organisation, text=text, updated_at=now
    )
    row.text, row.source, row.updated_at, row.updated_by = text, source[:300], now, by[:300]
    session.add(row)
    return row
