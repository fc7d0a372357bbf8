"""Linking Telegram and Zalo chats to units: one-time invite codes, ``/start <code>``, revocation.

The office runs ``nhacviec unit invite "<unit>"`` and hands the code to the unit's head, who sends
``/start <code>`` to the bot from a private chat or the unit's group. The code is random (50 bits),
shown once, stored only as its SHA-256, usable once, for seven days. A chat has at most one
active link; an ``--office`` invite (for the plan office's own unit only) gives the chat the
office's powers: verify, return, cancel, set dates, record events.

Nothing is deleted: invites and links keep who created, used and revoked them (the audit).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from nhacviec.errors import InputError
from nhacviec.store.models import ChatInvite, ChatLink, Unit

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or copied by hand
CODE_LENGTH = 10  # 32**10 ≈ 2**50 codes
INVITE_LIFETIME = timedelta(days=7)


@dataclass(frozen=True)
class Invitation:
    unit: str
    code: str  # "K7M2Q-9XDPA", shown once
    expires_at: datetime
    office: bool


@dataclass(frozen=True)
class ChatInfo:
    """The chat a ``/start`` came from, as its messenger describes it."""

    chat_id: str
    chat_type: str = "private"
    title: str = ""
    channel: str = "telegram"  # the messenger: telegram | zalo


@dataclass(frozen=True)
class Linked:
    link: ChatLink
    unit: Unit
    already: bool  # the chat was linked to this unit (in this role) before: nothing changed


def invite(session: Session, unit: Unit, *, office: bool, now: datetime, by: str) -> Invitation:
    """A new one-time code for ``unit``; ``office`` only for an office unit."""
    if office and not unit.is_office:
        raise InputError("links.not_office", unit=unit.name)
    assert unit.id is not None
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    expires = now + INVITE_LIFETIME
    session.add(
        ChatInvite(
            code_hash=_hash(code),
            unit_id=unit.id,
            office=office,
            created_at=now,
            created_by=by,
            expires_at=expires,
        )
    )
    return Invitation(unit.name, display_code(code), expires, office)


def redeem(session: Session, code: str, chat: ChatInfo, *, by: str, now: datetime) -> Linked:
    """Link ``chat`` to the invite's unit; ``InputError`` for a code that is unknown, used,
    revoked or expired (one message for all: a guesser learns nothing)."""
    found = _usable_invite(session, code, now)
    unit = session.get(Unit, found.unit_id)
    assert unit is not None and unit.id is not None
    current = active_link(session, chat.chat_id, chat.channel)
    if current is not None and current.unit_id != unit.id:
        other = session.get(Unit, current.unit_id)
        raise InputError("links.chat_taken", unit=other.name if other else "?")
    if current is not None and current.office == found.office:
        return Linked(current, unit, already=True)
    if current is not None:  # the same unit, another role: the new invite decides
        current.revoked_at, current.revoked_by = now, by
        session.add(current)
    found.used_at, found.used_by_chat = now, chat.chat_id
    session.add(found)
    link = ChatLink(
        channel=chat.channel,
        chat_id=chat.chat_id,
        chat_type=chat.chat_type,
        chat_title=chat.title[:300],
        unit_id=unit.id,
        office=found.office,
        invite_id=found.id,
        linked_at=now,
        linked_by=by[:300],
    )
    session.add(link)
    session.flush()
    return Linked(link, unit, already=False)


def revoke(
    session: Session, unit: Unit, *, now: datetime, by: str, chat_id: str | None = None
) -> int:
    """Unlink the unit's chats (or one of them) and cancel its unused invites; how many links."""
    links = [link for link in links_of(session, [unit.id or 0]) if chat_id in (None, link.chat_id)]
    for link in links:
        link.revoked_at, link.revoked_by = now, by
        session.add(link)
    if chat_id is None:
        pending = session.exec(
            select(ChatInvite).where(
                ChatInvite.unit_id == unit.id,
                col(ChatInvite.used_at).is_(None),
                col(ChatInvite.revoked_at).is_(None),
            )
        ).all()
        for row in pending:
            row.revoked_at = now
            session.add(row)
    return len(links)


def active_link(session: Session, chat_id: str, channel: str = "telegram") -> ChatLink | None:
    """The chat's active link on its messenger (``channel``), if any."""
    query = select(ChatLink).where(
        ChatLink.channel == channel,
        ChatLink.chat_id == chat_id,
        col(ChatLink.revoked_at).is_(None),
    )
    return session.exec(query.order_by(col(ChatLink.id).desc())).first()


def links_of(session: Session, unit_ids: Iterable[int] | None = None) -> Sequence[ChatLink]:
    """Active links (of ``unit_ids``, or all), oldest first."""
    query = select(ChatLink).where(col(ChatLink.revoked_at).is_(None))
    if unit_ids is not None:
        query = query.where(col(ChatLink.unit_id).in_(list(unit_ids)))
    return session.exec(query.order_by(col(ChatLink.id))).all()


def display_code(code: str) -> str:
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def normalise_code(text: str) -> str:
    """What a person typed or pasted ("k7m2q 9xdpa", "K7M2Q-9XDPA") as the bare code."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _usable_invite(session: Session, code: str, now: datetime) -> ChatInvite:
    query = select(ChatInvite).where(ChatInvite.code_hash == _hash(normalise_code(code)))
    found = session.exec(query.with_for_update()).first()  # two chats, one code: one wins
    if found is None or found.used_at or found.revoked_at or found.expires_at <= now:
        raise InputError("links.code_invalid")
    return found


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()
