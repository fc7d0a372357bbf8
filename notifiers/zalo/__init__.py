"""The Zalo notifier: each message as plain text through the Zalo Bot API (``api.ZaloBotApi``).

Zalo shows text as written (no markup): the message's plain-text form (``Rendered.text``, the
console's) goes out, cut into parts of at most 2,000 characters between items (``split``). Sends
are paced (``notifiers.pacer``) to limits of our own choosing: Zalo publishes none, so the
defaults are conservative (``DEFAULT_LIMITS``: five messages a second overall, one a second per
chat) and configurable (``zalo.overall_per_s``, ``zalo.chat_interval_s``).

What Zalo answers, and what the dispatcher hears:

- ok → ``ACCEPTED``, ``provider_id`` the message id(s), comma-separated;
- 429 → the chat is held for ``retry_after`` (Zalo's, when it gives one; else
  ``rate_limit_wait_s``); a wait up to ``max_retry_wait_s`` is waited out and the part re-sent
  once, a longer one (or a second 429) → ``TEMPORARY`` with ``retry_after``;
- 5xx, 408, time-outs, network errors, a rejected token (401) → ``TEMPORARY`` (retried with
  backoff by the dispatcher; a time-out may have delivered: the retry can show it twice);
- 400 (chat not found, text refused), 403 (the user blocked the bot), 404 → ``PERMANENT``: a dead
  letter the office hears of.

Messages to one chat go one at a time (the parts of a long one stay together); when a later part
fails, the parts accepted are remembered under the send's ``key`` and a retry continues with the
part that failed. May import httpx, the channels' own modules and the ground; never the store,
the scheduler or the settings.
"""

from __future__ import annotations

import asyncio
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from notifiers.base import Address, Delivery
from notifiers.message import Message
from notifiers.pacer import Clock, Limits, Pacer, SystemClock
from notifiers.parts import Unfinished, part_failed
from notifiers.render import render, resolve_language
from notifiers.zalo import outcome
from notifiers.zalo.api import (
    DEFAULT_BASE_URL,
    TOKEN_SHAPE,
    ZaloApiError,
    ZaloBotApi,
    ZaloNetworkError,
)
from notifiers.zalo.split import MESSAGE_LIMIT, split_text

# Zalo publishes no rate limits: ours stay well under Telegram's published ones.
DEFAULT_LIMITS = Limits(overall_per_s=5.0, chat_interval_s=1.0, group_count=None)
CHAT_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")  # "e4ea2cd5189df1c3a88c"; the docs' "abc.xyz"
# The bot's numbered replies under a reminder (Zalo has no buttons): given the chat and the
# message, the lines to add (the bot remembers what the numbers mean). Handed in by the faces.
Numbered = Callable[[str, Message], str]

__all__ = [
    "CHAT_ID",
    "DEFAULT_BASE_URL",
    "DEFAULT_LIMITS",
    "MESSAGE_LIMIT",
    "TOKEN_SHAPE",
    "Numbered",
    "ZaloNotifier",
]


@dataclass
class _Progress:
    fingerprint: int
    ids: list[str] = field(default_factory=list)


class ZaloNotifier:
    """Sends messages to Zalo chats (``Address.value``: the chat id Zalo gave the chat)."""

    channel = "zalo"

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout_s: float = 30.0,
        language: str | None = None,
        limits: Limits | None = DEFAULT_LIMITS,
        clock: Clock | None = None,
        max_retry_wait_s: float = 5.0,
        rate_limit_wait_s: float = 30.0,
        numbered: Numbered | None = None,
    ) -> None:
        self.numbered = numbered
        self.api = ZaloBotApi(token, base_url=base_url, timeout_s=timeout_s)
        self.server = outcome.server_name(base_url)
        self.timeout_s = timeout_s
        self.language = language
        self.clock: Clock = clock or SystemClock()
        self.pacer = Pacer(limits, self.clock) if limits is not None else None
        self.max_retry_wait_s = max_retry_wait_s
        self.rate_limit_wait_s = rate_limit_wait_s
        self._unfinished = Unfinished(_Progress)
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self._closed = False

    async def send(self, address: Address, message: Message, *, key: str) -> Delivery:
        language = resolve_language(self.language or message.language)
        text = render(message, language=language).text
        if self.numbered is not None and address.channel == self.channel:
            offered = self.numbered(address.value.strip(), message)
            text = f"{text}\n\n{offered}" if offered else text
        return await self.deliver(address, text, key=key, language=language)

    async def deliver(
        self, address: Address, text: str, *, key: str, language: str | None = None
    ) -> Delivery:
        """Send plain text (split, paced, retried as ``send`` does); ``language`` words the
        ``detail`` (default: the notifier's, else Vietnamese)."""
        if self._closed:
            raise RuntimeError("deliver() after aclose()")
        lang = resolve_language(language or self.language)
        if address.channel != self.channel:
            return Delivery.permanent(
                outcome.wrong_channel(address.channel, address.value, language=lang)
            )
        chat = address.value.strip()
        if not CHAT_ID.fullmatch(chat):
            return Delivery.permanent(outcome.bad_chat_id(address.value, language=lang))
        parts = split_text(text)
        if not parts:
            raise ValueError("an empty message has nothing to say; do not send it")
        async with self._lock(chat):
            return await self._deliver_parts(chat, parts, key, lang)

    async def aclose(self) -> None:
        self._closed = True
        await self.api.aclose()

    # -- parts ---------------------------------------------------------------------------------

    async def _deliver_parts(
        self, chat: str, parts: list[str], key: str, language: str
    ) -> Delivery:
        progress = self._unfinished.resume(key, parts)
        for index in range(len(progress.ids), len(parts)):
            sent = await self._send_part(chat, parts[index], language)
            if isinstance(sent, Delivery):
                self._unfinished.interrupted(key, progress, sent)
                return part_failed(sent, index, len(parts), outcome.part, language)
            progress.ids.append(sent)
        self._unfinished.done(key)
        return Delivery.accepted(provider_id=",".join(progress.ids))

    async def _send_part(self, chat: str, text: str, language: str) -> str | Delivery:
        """One part, waiting out one short 429; the message id, or the failure."""
        waited = False
        while True:
            held = self.pacer.held_for(chat) if self.pacer else 0.0
            if held > self.max_retry_wait_s:
                return Delivery.temporary(outcome.held(chat, held, language=language), _s(held))
            try:
                if self.pacer is not None:
                    await self.pacer.wait(chat)
                result = await self.api.send_message(chat, text)
            except ZaloApiError as exc:
                if outcome.kind(exc) == "rate_limited":
                    wait = exc.retry_after_s or self.rate_limit_wait_s
                    if waited or wait > self.max_retry_wait_s:
                        self._hold(chat, wait)
                        detail = outcome.rate_limited(
                            chat, wait, f"{exc.code} {exc.description}", language=language
                        )
                        return Delivery.temporary(detail, _s(wait))
                    waited = True
                    await self._wait_out(chat, wait)
                    continue
                return self._failed(exc, chat, language)
            except ZaloNetworkError as exc:
                return self._failed(exc, chat, language)
            return str(result.get("message_id") or "")

    def _failed(self, error: ZaloApiError | ZaloNetworkError, chat: str, language: str) -> Delivery:
        detail = outcome.failure(
            error, chat, language=language, server=self.server, timeout_s=self.timeout_s
        )
        if outcome.kind(error) in outcome.PERMANENT:
            return Delivery.permanent(detail)
        return Delivery.temporary(detail)

    def _hold(self, chat: str, seconds: float) -> None:
        if self.pacer is not None:
            self.pacer.hold(chat, seconds)

    async def _wait_out(self, chat: str, seconds: float) -> None:
        if self.pacer is not None:
            self.pacer.hold(chat, seconds)
        else:
            await self.clock.sleep(seconds)

    def _lock(self, chat: str) -> asyncio.Lock:
        lock = self._locks.get(chat)
        if lock is None:
            lock = self._locks[chat] = asyncio.Lock()
        return lock


def _s(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)
