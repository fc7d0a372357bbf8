"""Plan files kept until the office decides (``KeptDocument``): sent to the bot or uploaded to
the web console. Save one, take one for a decision (locked), keep the office's corrections,
close it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from nhacviec.store.models import KeptDocument

TELEGRAM = "telegram"
WEB = "web"


@dataclass(frozen=True)
class NewDocument:
    chat_id: str | None  # the Telegram chat it was sent to; None for a web upload
    user_id: str  # who sent it: a Telegram user id, or the web account's login
    file_name: str
    content: bytes
    sha256: str
    amends_plan_id: int | None = None
    source: str = TELEGRAM
    account_id: int | None = None  # the web account that uploaded it
    unit_id: int | None = None  # the office unit it is kept for


def save_document(session: Session, document: NewDocument, now: datetime) -> int:
    """Keep the file until it is decided on; its id (the buttons and the page carry it)."""
    row = KeptDocument(
        source=document.source,
        chat_id=document.chat_id,
        user_id=document.user_id,
        account_id=document.account_id,
        unit_id=document.unit_id,
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


def take_document(
    session: Session, document_id: int, chat_id: str | None = None
) -> KeptDocument | None:
    """The document ``document_id`` (in chat ``chat_id`` when given), locked until the caller's
    transaction ends (two presses of «Nhập kế hoạch» import once); None if there is none."""
    query = select(KeptDocument).where(KeptDocument.id == document_id)
    if chat_id is not None:
        query = query.where(KeptDocument.chat_id == chat_id)
    return session.exec(query.with_for_update()).first()


def get_document(session: Session, document_id: int) -> KeptDocument | None:
    return session.get(KeptDocument, document_id)


def keep_corrections(session: Session, row: KeptDocument, corrections: dict[str, Any]) -> None:
    row.corrections = dict(corrections)  # a new object: the JSON column sees the change
    session.add(row)


def close_document(
    session: Session,
    row: KeptDocument,
    decision: str,
    by: str,
    now: datetime,
    plan_id: int | None = None,
) -> None:
    """Record the decision; the file's bytes go (the plan keeps its source's name and hash)."""
    row.decision, row.decided_by, row.decided_at = decision, by[:300], now
    row.plan_id, row.content = plan_id, b""
    session.add(row)
