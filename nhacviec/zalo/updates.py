"""Zalo's updates read into what the bot needs: the chat, the sender and the text.

Documented: ``{"event_name": "message.text.received", "message": {"message_id", "date" (ms),
"text", "chat": {"id", "chat_type": "PRIVATE" | "GROUP"}, "from": {"id", "display_name"}}}``.
Seen besides: no ``event_name`` at all (the docs' own ``getUpdates`` sample), the sender's name as
``first_name`` or ``name``, ids as numbers. Images, stickers and unsupported messages carry no
text and are skipped (``None``).

A file sent to the bot: the Zalo Bot API has no document messages (its methods send texts,
photos, stickers and chat actions; its events are ``message.{text,image,sticker}.received``
and ``message.unsupported.received`` for whatever else came, such as a PDF). A photo or an
unsupported message is read as ``IncomingFile`` (``incoming_file``), so that the bot can say
where evidence files go; stickers are conversation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TEXT_EVENT = "message.text.received"
FILE_EVENTS = {"message.image.received": "image", "message.unsupported.received": "unsupported"}


@dataclass(frozen=True)
class IncomingText:
    """A text someone wrote to the bot."""

    chat_id: str
    chat_type: str  # "private" | "group" (Zalo's PRIVATE / GROUP, lower-cased)
    text: str
    sender_id: str
    sender_name: str
    message_id: str = ""


def incoming_text(update: dict[str, Any]) -> IncomingText | None:
    """The text message an update carries; ``None`` for anything else."""
    event = update.get("event_name")
    if event is not None and event != TEXT_EVENT:
        return None
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    text, chat = message.get("text"), message.get("chat")
    if not isinstance(text, str) or not text.strip() or not isinstance(chat, dict):
        return None
    chat_id = _id(chat.get("id"))
    if not chat_id:
        return None
    sender = message.get("from") if isinstance(message.get("from"), dict) else {}
    assert isinstance(sender, dict)
    name = next(
        (str(sender[key]) for key in ("display_name", "first_name", "name") if sender.get(key)),
        "",
    )
    chat_type = str(chat.get("chat_type") or "PRIVATE").lower()
    return IncomingText(
        chat_id=chat_id,
        chat_type=chat_type,
        text=text.strip(),
        sender_id=_id(sender.get("id")) or chat_id,
        sender_name=name,
        message_id=_id(message.get("message_id")),
    )


@dataclass(frozen=True)
class IncomingFile:
    """A photo or a file (an unsupported message) someone sent the bot."""

    chat_id: str
    chat_type: str  # "private" | "group"
    sender_id: str
    kind: str  # "image" | "unsupported"


def incoming_file(update: dict[str, Any]) -> IncomingFile | None:
    """The photo or file an update carries; ``None`` for anything else."""
    kind = FILE_EVENTS.get(str(update.get("event_name")))
    message = update.get("message")
    if kind is None or not isinstance(message, dict) or not isinstance(message.get("chat"), dict):
        return None
    chat = message["chat"]
    chat_id = _id(chat.get("id"))
    if not chat_id:
        return None
    sender = message.get("from") if isinstance(message.get("from"), dict) else {}
    assert isinstance(sender, dict)
    chat_type = str(chat.get("chat_type") or "PRIVATE").lower()
    return IncomingFile(chat_id, chat_type, _id(sender.get("id")) or chat_id, kind)


def _id(value: Any) -> str:
    return str(value).strip() if isinstance(value, str | int) else ""
