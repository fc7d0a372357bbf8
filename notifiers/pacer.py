"""Pacing sends to Telegram's limits: about 30 messages a second overall, one a second per
chat, 20 a minute per group (a negative chat id, or a channel's @name).

``Pacer.reserve(chat)`` books the earliest instant a message to ``chat`` may leave and returns
how long to wait for it; callers then sleep on the same clock (``Pacer.wait`` does both). Booking
is synchronous, so concurrent senders get distinct instants without a lock:

- per chat, a new booking comes at least ``chat_interval_s`` after the chat's previous one, and
  no earlier than a hold set after Telegram answered 429 (``hold``);
- per group, at most ``group_count`` bookings fall in any ``group_window_s`` (a sliding window,
  as Telegram words the rule);
- overall, bookings are spaced ``1 / overall_per_s`` apart. A group waiting seconds for its
  window must not hold everyone else up, so a later chat may take an earlier free instant: the
  overall bookings are a sorted list searched for the first gap (spacing, not a burst budget,
  keeps a server's token bucket full and tolerant of jitter).

Time comes from a ``Clock``: ``SystemClock`` in production; ``ManualClock`` (which moves only
when told, or when slept on) in tests — pacing is tested without a single real wait.
"""

from __future__ import annotations

import asyncio
import time
from bisect import bisect_right, insort
from collections import deque
from dataclasses import dataclass, field
from typing import Protocol

ChatKey = int | str  # a chat id, or a public channel's @name
_MAX_CHATS = 10_000  # chat records kept before idle ones are forgotten


class Clock(Protocol):
    """Seconds on a monotonic scale, and a way to wait on that scale."""

    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock: ``time.monotonic`` and ``asyncio.sleep``."""

    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class ManualClock:
    """A clock for tests: it moves only by ``advance`` or when slept on (instantly), and keeps
    every sleep it was asked for."""

    def __init__(self, start: float = 0.0) -> None:
        self.time = start
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.time

    def advance(self, seconds: float) -> None:
        self.time += seconds

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.time += max(0.0, seconds)
        await asyncio.sleep(0)  # still let other tasks run, as a real wait would

    @property
    def slept(self) -> float:
        return sum(self.sleeps)


@dataclass(frozen=True)
class Limits:
    """Telegram's published limits for a bot; ``None`` turns one off."""

    overall_per_s: float | None = 30.0
    chat_interval_s: float | None = 1.0
    group_count: int | None = 20
    group_window_s: float = 60.0


@dataclass
class _Chat:
    last: float | None = None  # the latest booking
    held_until: float = float("-inf")  # Telegram asked us to wait (429) until then
    recent: deque[float] = field(default_factory=deque)  # groups: bookings in the window


class _Spacing:
    """Bookings at least ``interval`` apart, filling the first gap at or after an instant."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._slots: list[float] = []

    def book(self, earliest: float, now: float) -> float:
        slots, interval = self._slots, self.interval
        del slots[: bisect_right(slots, now - interval)]  # past ones constrain nothing
        instant = earliest
        index = bisect_right(slots, instant - interval)
        while index < len(slots) and slots[index] < instant + interval:
            instant = slots[index] + interval
            index += 1
        insort(slots, instant)
        return instant


class Pacer:
    """Books send instants that respect ``limits``; see the module's description."""

    def __init__(self, limits: Limits | None = None, clock: Clock | None = None) -> None:
        self.limits = limits or Limits()
        self.clock: Clock = clock or SystemClock()
        per_s = self.limits.overall_per_s
        self._overall = _Spacing(1.0 / per_s) if per_s else None
        self._chats: dict[ChatKey, _Chat] = {}

    def reserve(self, chat: ChatKey) -> float:
        """Book the earliest allowed instant for a message to ``chat``; seconds until it."""
        now = self.clock.now()
        state = self._chat(chat, now)
        instant = max(now, state.held_until, *self._chat_bounds(chat, state))
        if self._overall is not None:
            instant = self._overall.book(instant, now)
        state.last = instant
        if self._is_group(chat) and self.limits.group_count:
            state.recent.append(instant)
            while len(state.recent) > self.limits.group_count:
                state.recent.popleft()
        return instant - now

    async def wait(self, chat: ChatKey) -> None:
        """Reserve, then sleep until the booked instant."""
        delay = self.reserve(chat)
        if delay > 0:
            await self.clock.sleep(delay)

    def hold(self, chat: ChatKey, seconds: float) -> None:
        """Telegram answered 429: nothing more to ``chat`` for ``seconds``."""
        now = self.clock.now()
        state = self._chat(chat, now)
        state.held_until = max(state.held_until, now + seconds)

    def held_for(self, chat: ChatKey) -> float:
        """Seconds left of a hold on ``chat`` (0 when it may be sent to)."""
        state = self._chats.get(chat)
        return max(0.0, state.held_until - self.clock.now()) if state else 0.0

    def _chat_bounds(self, chat: ChatKey, state: _Chat) -> list[float]:
        bounds: list[float] = []
        interval = self.limits.chat_interval_s
        if interval and state.last is not None:
            bounds.append(state.last + interval)
        count = self.limits.group_count
        if self._is_group(chat) and count and len(state.recent) >= count:
            bounds.append(state.recent[-count] + self.limits.group_window_s)
        return bounds

    @staticmethod
    def _is_group(chat: ChatKey) -> bool:
        return isinstance(chat, str) or chat < 0

    def _chat(self, chat: ChatKey, now: float) -> _Chat:
        state = self._chats.get(chat)
        if state is None:
            if len(self._chats) >= _MAX_CHATS:
                self._forget_idle(now)
            state = self._chats[chat] = _Chat()
        return state

    def _forget_idle(self, now: float) -> None:
        """Drop chats whose bookings and holds no longer constrain anything."""
        horizon = now - max(self.limits.group_window_s, self.limits.chat_interval_s or 0.0)
        for chat, state in list(self._chats.items()):
            if (state.last is None or state.last < horizon) and state.held_until < now:
                del self._chats[chat]
