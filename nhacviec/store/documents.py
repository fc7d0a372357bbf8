"""Plan files sent to the bot, kept until the office decides (``BotDocument``): save one, take
one for a decision (locked), close it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from nhacviec.store.models import BotDocument


@dataclass(frozen=True)
class NewDocument:
    chat_id: str
    user_id: str
    file_name: str
    content: bytes
    sha256: str
    amends_plan_id: int | None = None


def save_document(session: Session, document: NewDocument, now: datetime) -> int:
    """Keep the file until it is decided on; its id (the buttons carry it)."""
    row = BotDocument(
        chat_id=document.chat_id,
        user_id=document.user_id,
        file_name=document.file_name,
        content=document.content,
        sha256=document.sha256,
        amends_plan_id=document.amends_plan_id,
        created_at=now,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def take_document(session: Session, document_id: int, chat_id: str) -> BotDocument | None:
    """The chat's document ``document_id``, locked until the caller's transaction ends (two
    presses of «Nhập kế hoạch» import once); None if there is none in that chat."""
    query = select(BotDocument).where(BotDocument.id == document_id, BotDocument.chat_id == chat_id)
    return session.exec(query.with_for_update()).first()


def close_document(
    session: Session,
    row: BotDocument,
    decision: str,
    by: str,
    now: datetime,
    plan_id: int | None = None,
) -> None:
    """Record the decision; the file's bytes go (the plan keeps its source's name and hash)."""
    row.decision, row.decided_by, row.decided_at = decision, by[:300], now
    row.plan_id, row.content = plan_id, b""
    session.add(row)
