"""What the bot answers on Zalo: the bot core's reply (``nhacviec.bot.core``), as plain text
messages of at most 2,000 characters cut between items.

A Zalo text becomes the core's ``Incoming`` (messenger ``zalo``: links are kept under that
channel, so a Zalo chat is never taken for a Telegram one); the core links a chat that sends an
invite code, answers commands and numbered replies, and keeps what the numbers it offered mean
(``ChoiceBook``); a photo or a file sent in a private chat is answered with where files go
(Zalo's Bot API carries no documents). A failure that is no refusal (a bug, the database
down) is logged and answered with the bot's "failed" sentence: the poll goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from nhacviec.bot.core.dispatcher import ChatCore
from nhacviec.bot.core.messages import ChatKind, Incoming
from nhacviec.i18n import translate
from nhacviec.zalo.updates import IncomingFile, IncomingText
from notifiers.zalo.split import MESSAGE_LIMIT, split_text, text_length

CHANNEL = "zalo"
log = logging.getLogger("nhacviec.zalo")


class Responder(Protocol):
    """Answers one text, or one file, with the messages to send back (``None``: no answer)."""

    def answer(self, incoming: IncomingText) -> list[str] | None: ...

    def answer_file(self, incoming: IncomingFile) -> list[str] | None: ...


class CoreResponder:
    def __init__(self, core: ChatCore) -> None:
        self.core = core

    def answer(self, incoming: IncomingText) -> list[str] | None:
        try:
            reply = self.core.answer(incoming_of(incoming))
        except Exception:
            log.exception("zalo update failed")
            return [translate("bot.failed", self.core.language)]
        return None if reply is None else pack(reply.parts)

    def answer_file(self, incoming: IncomingFile) -> list[str] | None:
        """A photo or file sent in a private chat: the bot cannot take files on Zalo, so it
        says where they go (the console, or the Telegram bot). In a group, photos are the
        group's own conversation: no answer."""
        if incoming.chat_type == "group":
            return None
        return [translate("zalo_ops.files.elsewhere", self.core.language)]


def incoming_of(text: IncomingText) -> Incoming:
    """A Zalo text as the bot core reads it (the same ``Incoming`` a Telegram message makes)."""
    return Incoming(
        messenger=CHANNEL,
        chat_id=text.chat_id,
        chat_kind=ChatKind.GROUP if text.chat_type == "group" else ChatKind.PRIVATE,
        sender_id=text.sender_id,
        sender_name=text.sender_name,
        text=text.text,
    )


def pack(parts: Sequence[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """``parts`` (items) joined line by line into messages of at most ``limit`` characters,
    each cut between items; an item longer than a message is cut by ``split_text``."""
    messages: list[str] = []
    current = ""
    for part in parts:
        joined = f"{current}\n{part}" if current else part
        if text_length(joined.strip()) <= limit:
            current = joined
            continue
        if current.strip():
            messages.append(current.strip())
        if text_length(part.strip()) <= limit:
            current = part
        else:
            *whole, current = split_text(part, limit) or [""]
            messages += whole
    if current.strip():
        messages.append(current.strip())
    return messages
