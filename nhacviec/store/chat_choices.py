"""The numbers offered to a chat and what they stand for (``nhacviec.bot.core.choices``), kept in
the database so that a restart keeps them and any instance behind a load balancer answers them.

Beside ``models`` (which re-exports the table, so the metadata and the migrations see it).

One row per chat (messenger and chat id): the choices as JSON (the bot core's ``Choice`` fields;
the store does not read them), when they expire, and when they were last offered. The table
stays small: expired rows are deleted on every write, and beyond ``keep`` chats the least
recently offered go.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col, select

from nhacviec.store.types import required_instant

Numbered = list[dict[str, Any]]  # the choices, as the bot core writes them
Kept = tuple[datetime, Numbered]  # until when, what


class ChatChoice(SQLModel, table=True):
    """What the numbers offered to one chat mean, until ``expires_at``."""

    messenger: str = Field(primary_key=True, max_length=20)
    chat_id: str = Field(primary_key=True, max_length=64)
    choices: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    expires_at: datetime = required_instant()
    offered_at: datetime = required_instant()


def live(session: Session, messenger: str, chat_id: str, now: datetime) -> Kept | None:
    """The chat's choices while they last (``None`` after ``expires_at``)."""
    row = session.get(ChatChoice, (messenger, chat_id))
    if row is None or now >= row.expires_at:
        return None
    return row.expires_at, list(row.choices)


def change(
    session: Session,
    messenger: str,
    chat_id: str,
    changed: Callable[[Kept | None], Kept],
    now: datetime,
    keep: int,
) -> None:
    """The chat's choices become ``changed(live ones)``, read and written under the row's lock
    (two instances offering numbers to one chat at once number one after the other); then the
    expired rows and those beyond ``keep`` chats go."""
    query = select(ChatChoice).where(
        ChatChoice.messenger == messenger, ChatChoice.chat_id == chat_id
    )
    row = session.exec(query.with_for_update()).first()
    current = None if row is None or now >= row.expires_at else (row.expires_at, row.choices)
    expires, choices = changed(current)
    if row is None:
        row = ChatChoice(messenger=messenger, chat_id=chat_id, expires_at=expires, offered_at=now)
        try:
            with session.begin_nested():
                row.choices = choices
                session.add(row)
                session.flush()
        except IntegrityError:  # another instance wrote the chat's first numbers meanwhile
            row = session.exec(query.with_for_update()).one()
            current = None if now >= row.expires_at else (row.expires_at, row.choices)
            expires, choices = changed(current)
    row.choices, row.expires_at, row.offered_at = list(choices), expires, now
    session.add(row)
    session.flush()
    prune(session, now, keep)


def prune(session: Session, now: datetime, keep: int) -> None:
    """Delete the expired rows and, beyond ``keep`` chats, the least recently offered."""
    session.execute(delete(ChatChoice).where(col(ChatChoice.expires_at) <= now))
    over = count(session) - keep
    if over <= 0:
        return
    by_age = (col(ChatChoice.offered_at), col(ChatChoice.messenger), col(ChatChoice.chat_id))
    oldest = session.exec(
        select(ChatChoice.messenger, ChatChoice.chat_id).order_by(*by_age).limit(over)
    ).all()
    for messenger, chat_id in oldest:
        session.execute(
            delete(ChatChoice).where(
                col(ChatChoice.messenger) == messenger, col(ChatChoice.chat_id) == chat_id
            )
        )


def count(session: Session) -> int:
    """How many chats have numbers kept (live or not yet pruned)."""
    return int(session.exec(select(func.count()).select_from(ChatChoice)).one())
