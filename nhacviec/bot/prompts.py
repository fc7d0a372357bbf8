"""Questions the bot waits on: a pressed "Đã báo cáo" or "Trả lại" needs words, asked for with a
ForceReply and kept in the store (``BotPrompt``) until the presser's reply answers it, once.

The prompt remembers the occurrence's version under the button, so the reply acts on what the
presser saw (a change in between is a conflict), and the pressed message, so it can be redrawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from nhacviec.bot.parsing import report_words
from nhacviec.errors import NhacviecError
from nhacviec.store.models import BotPrompt
from workflows.workflow import Action, Request

PROMPT_LIFETIME = timedelta(days=1)
ASKS_FOR_WORDS = frozenset({Action.REPORT, Action.RETURN, Action.REFUSE_EXTENSION})


@dataclass(frozen=True)
class PendingPrompt:
    chat_id: str
    message_id: int  # the prompt's own message
    user_id: str  # who pressed the button
    action: Action
    occurrence_id: int
    version: int
    source_message_id: int | None = None
    source_card: bool = False
    source_markup: dict[str, Any] = field(default_factory=dict)


def request(action: Action, text: str) -> Request:
    """The workflow request a reply's words make: a report's note or document number, or a
    return's reason."""
    if action is Action.REPORT:
        note, evidence = report_words(text)
        return Request(action, note=note, evidence=evidence)
    return Request(action, note=text.strip())


def save(session: Session, prompt: PendingPrompt, now: datetime) -> None:
    session.add(
        BotPrompt(
            chat_id=prompt.chat_id,
            message_id=prompt.message_id,
            user_id=prompt.user_id,
            action=prompt.action.value,
            occurrence_id=prompt.occurrence_id,
            version=prompt.version,
            source_message_id=prompt.source_message_id,
            source_card=prompt.source_card,
            source_markup=prompt.source_markup,
            created_at=now,
        )
    )


def take(
    session: Session, chat_id: str, message_id: int, user_id: str, now: datetime
) -> PendingPrompt | None:
    """The prompt ``message_id`` answered by ``user_id`` (marked answered in the caller's
    transaction); None if that message asked nothing. Refused when someone else replies, or the
    prompt was answered already or is too old."""
    query = select(BotPrompt).where(
        BotPrompt.chat_id == chat_id, BotPrompt.message_id == message_id
    )
    row = session.exec(query.with_for_update()).first()
    if row is None:
        return None
    if row.answered_at is not None:
        raise NhacviecError("bot.prompt_answered")
    if row.user_id != user_id:
        raise NhacviecError("bot.prompt_other_user")
    if row.created_at + PROMPT_LIFETIME <= now:
        raise NhacviecError("bot.prompt_expired")
    row.answered_at = now
    session.add(row)
    return PendingPrompt(
        row.chat_id,
        row.message_id,
        row.user_id,
        Action(row.action),
        row.occurrence_id,
        row.version,
        row.source_message_id,
        row.source_card,
        dict(row.source_markup),
    )
