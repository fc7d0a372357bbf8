"""The tables of the chats the bot talks to: invitations, links, the questions it waits on and
the plan files sent to it.

Beside ``models`` (which re-exports them, so the metadata and the migrations see every table).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from nhacviec.store.types import UTCDateTime, required_instant


class ChatInvite(SQLModel, table=True):
    """A one-time code that links a Telegram chat to a unit (``nhacviec unit invite``).

    Only the code's SHA-256 is kept: the code itself is shown once, to the office. Rows are never
    deleted, so who invited whom, and which chat used the code, stays on record.
    """

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(unique=True, max_length=64)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    office: bool = False  # the chat acts as the unit's office (verifies, returns, sets dates)
    created_at: datetime = required_instant()
    created_by: str = Field(default="", max_length=200)
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    used_by_chat: str = Field(default="", max_length=40)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class ChatLink(SQLModel, table=True):
    """A Telegram or Zalo chat linked to a unit: the bot answers it, and the unit's reminders go
    there. A unit may have chats on both messengers.

    A chat (a messenger and its id) has at most one active link (``revoked_at`` unset). Revoked
    links are kept (audit).
    """

    __table_args__ = (Index("ix_chatlink_chat", "channel", "chat_id", "revoked_at"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(
        default="telegram", max_length=20, sa_column_kwargs={"server_default": "telegram"}
    )  # telegram | zalo: the messenger the chat is on (a notifier's channel)
    chat_id: str = Field(max_length=40)  # Telegram ids exceed 32 bits; kept as text
    chat_type: str = Field(default="", max_length=20)  # private | group | supergroup
    chat_title: str = Field(default="", max_length=300)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    office: bool = False
    invite_id: int | None = Field(default=None, foreign_key="chatinvite.id")
    linked_at: datetime = required_instant()
    linked_by: str = Field(default="", max_length=300)  # "Nguyễn Văn An (tg:700000001)"
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    revoked_by: str = Field(default="", max_length=200)


class BotPrompt(SQLModel, table=True):
    """A question the bot asked in a chat (a ForceReply) and waits on: the words a pressed
    button's action needs (a report's note, a return's reason).

    Only the reply of the person who pressed the button answers it, once; the action then runs
    on the occurrence as it stood when the button was drawn (``version``). Rows are kept (audit).
    """

    __table_args__ = (UniqueConstraint("chat_id", "message_id", name="uq_botprompt_message"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: str = Field(max_length=40)
    message_id: int  # the prompt's own message: the reply points at it
    user_id: str = Field(max_length=40)  # who pressed the button
    action: str = Field(max_length=20)  # a workflows.workflow.Action value
    occurrence_id: int = Field(foreign_key="occurrence.id")
    version: int  # the occurrence's version under the pressed button
    source_message_id: int | None = None  # the message whose button was pressed
    source_card: bool = False  # that message is a task card (else a reminder)
    source_markup: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )  # its inline keyboard when pressed (a reminder's row is then ticked)
    created_at: datetime = required_instant()
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class KeptDocument(SQLModel, table=True):
    """A plan file kept until the office decides: sent to the office's Telegram chat
    (``source`` telegram, ``chat_id`` and the sender's Telegram ``user_id``) or uploaded to the
    web console (``source`` web, the uploader's ``account_id``). «Nhập kế hoạch» imports it or
    «Hủy» drops it (then ``content`` is emptied); nothing else is written before. The office may
    correct flagged readings first (``corrections``, applied before the import). Rows are kept
    (audit: who sent, who decided, the plan it became).

    The table keeps its first name (``botdocument``, migration 0006): the rows stay in place."""

    __tablename__ = "botdocument"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(default="telegram", max_length=20)  # telegram | web
    chat_id: str | None = Field(default=None, max_length=40, index=True)  # telegram only
    user_id: str = Field(max_length=40)  # who sent it: a Telegram user id, or a web login
    account_id: int | None = Field(default=None, foreign_key="user.id")  # web only
    unit_id: int | None = Field(default=None, foreign_key="unit.id")  # the office it is kept for
    file_name: str = Field(max_length=255)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    sha256: str = Field(max_length=64)
    amends_plan_id: int | None = Field(default=None, foreign_key="plan.id")  # a new version
    corrections: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )  # the office's corrections by task position (``workflows.corrections``)
    created_at: datetime = required_instant()
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    decision: str = Field(default="", max_length=20)  # imported | amended | cancelled
    decided_by: str = Field(default="", max_length=300)  # "tg:user=…;chat=…", "web:user=…"
    plan_id: int | None = Field(default=None, foreign_key="plan.id")  # the plan it became
