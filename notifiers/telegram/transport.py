"""python-telegram-bot beneath the channel: one ``Bot`` per event loop (httpx connections belong
to the loop that opened them), initialised once, with a lock per chat; and Telegram's 429 raised
as ``FloodWait`` with the seconds to wait (PTB's own ``RetryAfter`` warns when it is built)."""

from __future__ import annotations

import asyncio
import json
import warnings
import weakref
from dataclasses import dataclass, field
from datetime import timedelta
from http import HTTPStatus
from typing import Any

from telegram import Bot
from telegram.error import RetryAfter, TelegramError
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from notifiers.pacer import ChatKey


class FloodWait(TelegramError):
    """Telegram answered 429: wait ``retry_after_s`` seconds before sending to the chat again.

    Raised in place of PTB's ``RetryAfter``, whose constructor warns (PTB 22.2+) that its
    ``retry_after`` will become a ``timedelta`` — a warning our tests rightly treat as an error.
    """

    def __init__(self, retry_after_s: float, description: str) -> None:
        super().__init__(description)
        self.retry_after_s = retry_after_s


class _Request(HTTPXRequest):
    """PTB's HTTPX transport, answering a 429 with ``FloodWait`` (PTB passes its own errors
    through unchanged)."""

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        code, payload = await super().do_request(*args, **kwargs)
        if code == HTTPStatus.TOO_MANY_REQUESTS:
            answer = _json_object(payload)
            retry_after = (answer.get("parameters") or {}).get("retry_after")
            if isinstance(retry_after, int | float):
                description = str(answer.get("description") or "Too Many Requests")
                raise FloodWait(float(retry_after), description)
        return code, payload


def retry_after_s(error: FloodWait | RetryAfter) -> float:
    """Seconds Telegram asked us to wait, whichever error carried them."""
    if isinstance(error, FloodWait):
        return error.retry_after_s
    with warnings.catch_warnings():  # PTB warns that the int form will become a timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _json_object(payload: bytes) -> dict[str, Any]:
    try:
        answer = json.loads(payload.decode("utf-8", "replace"))
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


@dataclass
class LoopBot:
    """The bot of one event loop (httpx connections belong to the loop that opened them)."""

    loop: asyncio.AbstractEventLoop
    bot: Bot
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    ready: bool = False
    chats: weakref.WeakValueDictionary[ChatKey, asyncio.Lock] = field(
        default_factory=weakref.WeakValueDictionary
    )

    def chat_lock(self, chat: ChatKey) -> asyncio.Lock:
        """One message at a time per chat, so the parts of a long one stay together."""
        lock = self.chats.get(chat)
        if lock is None:
            lock = self.chats[chat] = asyncio.Lock()
        return lock

    async def initialized(self) -> Bot:
        """The bot, initialised (``getMe``) by the first caller; later callers wait for it."""
        if not self.ready:
            async with self.lock:
                if not self.ready:
                    await self.bot.initialize()
                    self.ready = True
        return self.bot


def new_bot(token: str, *, base_url: str, timeout_s: float, connection_pool_size: int) -> Bot:
    request = _Request(
        connection_pool_size=connection_pool_size,
        read_timeout=timeout_s,
        write_timeout=timeout_s,
        connect_timeout=timeout_s,
        pool_timeout=timeout_s,
    )
    return Bot(token, base_url=base_url, request=request)
