"""What the Telegram notifier tells the office: the ``Delivery.detail`` of each outcome.

Details are stored in the delivery log, shown by ``check-channels`` and listed in the office's
weekly message of undelivered reminders, so each is a sentence from the catalogue (keys
``telegram.*``) saying what happened to which chat and what to do, with Telegram's own words
kept inside. Whether an outcome is temporary or permanent is the notifier's decision; this
module only words it. The bot token never appears: it is scrubbed from every text.
"""

from __future__ import annotations

import math
import re
from urllib.parse import urlsplit

from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    TelegramError,
    TimedOut,
)

from nhacviec.i18n import translate
from notifiers.pacer import ChatKey

_KEY = "telegram."
_NOT_FOUND = ("chat not found", "peer_id_invalid")
# Telegram's 403 descriptions, by what they mean for the office (first match wins).
_FORBIDDEN = (
    ("blocked", "blocked"),  # "bot was blocked by the user"
    ("kicked", "removed"),  # "bot was kicked from the group chat"
    ("not a member", "removed"),  # "bot is not a member of the channel chat"
    ("deactivated", "deactivated"),  # "user is deactivated"
    ("can't initiate", "not_started"),  # "bot can't initiate conversation with a user"
)


def server_name(base_url: str) -> str:
    """The Bot API server's host (and port) as the office may be shown it: no path (it holds
    the token), no user name or password."""
    return urlsplit(base_url).netloc.rpartition("@")[2] or base_url


def chat_name(chat: ChatKey, language: str) -> str:
    """The chat as the office reads it: a group (negative id), a person, or a channel."""
    if isinstance(chat, str):
        return translate(_KEY + "chat_channel", language, chat=chat)
    return translate(_KEY + ("chat_group" if chat < 0 else "chat_private"), language, chat=chat)


def failure(
    error: TelegramError,
    chat: ChatKey,
    *,
    language: str,
    server: str,
    timeout_s: float,
    token: str = "",
) -> str:
    """The detail for an error PTB raised while sending to ``chat`` (a 429 is worded by
    ``flood_wait``, which knows the seconds)."""
    words = _scrub(_telegram_words(error), token)
    params: dict[str, object] = {
        "where": chat_name(chat, language),
        "reason": words,
        "server": server,
        "seconds": f"{timeout_s:g}",
    }
    if isinstance(error, ChatMigrated):
        params["new_chat"] = error.new_chat_id
    return _scrub(translate(_KEY + _kind(error, words), language, **params), token)


def flood_wait(chat: ChatKey, seconds: float, words: str, *, language: str) -> str:
    """Telegram answered 429: sending to ``chat`` waits ``seconds``."""
    return translate(
        _KEY + "flood_wait",
        language,
        where=chat_name(chat, language),
        seconds=_whole_seconds(seconds),
        reason=words,
    )


def held(chat: ChatKey, seconds: float, *, language: str) -> str:
    """Not even asked: ``chat`` is still held ``seconds`` by an earlier 429."""
    where = chat_name(chat, language)
    return translate(_KEY + "held", language, where=where, seconds=_whole_seconds(seconds))


def wrong_channel(channel: str, value: str, *, language: str) -> str:
    return translate(_KEY + "wrong_channel", language, channel=channel, value=value)


def bad_chat_id(value: str, *, language: str) -> str:
    return translate(_KEY + "bad_chat_id", language, value=value)


def accepted_note(
    *,
    plain_because: str = "",
    moved_from: ChatKey | None = None,
    chat: ChatKey | None = None,
    language: str,
) -> str:
    """What the office should know about a part Telegram accepted: it went as plain text
    (``plain_because``: Telegram's parse error), or to the supergroup ``chat`` that the group
    ``moved_from`` became. Empty when neither."""
    notes = []
    if plain_because:
        notes.append(translate(_KEY + "sent_as_plain_text", language, reason=plain_because))
    if moved_from is not None:
        notes.append(
            translate(_KEY + "became_supergroup", language, old_chat=moved_from, new_chat=chat)
        )
    return " ".join(notes)


def part(index: int, count: int, detail: str, *, language: str) -> str:
    """``detail`` said of part ``index`` (from 1) of a message sent in ``count`` parts."""
    return translate(_KEY + "part", language, index=index, count=count, detail=detail)


def _kind(error: TelegramError, words: str) -> str:
    lowered = words.lower()
    if isinstance(error, ChatMigrated):
        return "migrated_again"
    if isinstance(error, Forbidden):
        return next((kind for marker, kind in _FORBIDDEN if marker in lowered), "forbidden")
    if isinstance(error, BadRequest):  # before NetworkError: PTB derives it from that
        return "chat_not_found" if any(m in lowered for m in _NOT_FOUND) else "bad_request"
    if isinstance(error, TimedOut):
        return "timeout"
    if isinstance(error, InvalidToken):
        return "token_rejected"
    if isinstance(error, NetworkError):
        return "network"
    return "error"


def _telegram_words(error: TelegramError) -> str:
    """Telegram's answer as Telegram wrote it (PTB strips a 400's "Bad Request: ")."""
    if isinstance(error, InvalidToken) and isinstance(error.__cause__, InvalidToken):
        error = error.__cause__  # PTB's "The token `…` was rejected" wraps Telegram's answer
    return f"Bad Request: {error.message}" if isinstance(error, BadRequest) else error.message


def _scrub(text: str, token: str) -> str:
    """``text`` without ``token``, in any case (PTB lower-cases a 400's description)."""
    if not token:
        return text
    return re.sub(re.escape(token), "<token>", text, flags=re.IGNORECASE)


def _whole_seconds(seconds: float) -> int:
    return max(1, math.ceil(seconds))
