"""What the numbers offered to a chat mean, kept in the process for a while.

A reply that offers numbered choices replaces the chat's earlier ones; a bare number ("1", or
"2 <words>") then acts on what it stood for. Kept in a bounded in-process map with expiry,
not in the store: a choice is a conversational shortcut worth minutes to hours; the occurrence's
version travels with it, so a choice that outlived a change is refused as a stale button is
(``ConflictError``), and one lost to a restart or expiry is answered with a sentence asking for
``/viec`` again. Bounded so that no number of chats grows it without end (least recently used
chats go first). One process only: a reminder sent by another process (a cron ``send``) offers
numbers the bot's process does not know — they are answered with that same sentence.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from nhacviec.bot.core.messages import Choice

DEFAULT_TTL = timedelta(hours=24)  # a morning reminder answered in the afternoon still works
DEFAULT_CHATS = 10_000


class ChoiceBook:
    def __init__(self, ttl: timedelta = DEFAULT_TTL, max_chats: int = DEFAULT_CHATS) -> None:
        if max_chats < 1:
            raise ValueError("max_chats must be at least 1")
        self.ttl, self.max_chats = ttl, max_chats
        self._kept: OrderedDict[tuple[str, str], tuple[datetime, dict[int, Choice]]]
        self._kept = OrderedDict()
        self._lock = threading.Lock()  # the core runs in worker threads

    def remember(
        self, messenger: str, chat_id: str, choices: Iterable[Choice], now: datetime
    ) -> None:
        """The chat's choices from now on (none: the earlier ones stay)."""
        numbered = {choice.number: choice for choice in choices}
        if not numbered:
            return
        key = (messenger, chat_id)
        with self._lock:
            self._kept.pop(key, None)
            self._kept[key] = (now + self.ttl, numbered)
            while len(self._kept) > self.max_chats:
                self._kept.popitem(last=False)

    def add(
        self, messenger: str, chat_id: str, choices: Iterable[Choice], now: datetime
    ) -> tuple[Choice, ...]:
        """``choices`` added to the chat's live ones, numbered after them (a reminder after a
        reminder: each keeps its numbers); the choices as numbered."""
        key = (messenger, chat_id)
        with self._lock:
            kept = self._kept.pop(key, None)
            numbered = dict(kept[1]) if kept is not None and now < kept[0] else {}
            start = max(numbered, default=0)
            added = tuple(
                replace(choice, number=start + index)
                for index, choice in enumerate(choices, start=1)
            )
            numbered.update({choice.number: choice for choice in added})
            self._kept[key] = (now + self.ttl, numbered)
            while len(self._kept) > self.max_chats:
                self._kept.popitem(last=False)
        return added

    def recall(self, messenger: str, chat_id: str, number: int, now: datetime) -> Choice | None:
        """What ``number`` means in the chat now; ``None`` if nothing (or it expired)."""
        key = (messenger, chat_id)
        with self._lock:
            kept = self._kept.get(key)
            if kept is None:
                return None
            expires, numbered = kept
            if now >= expires:
                del self._kept[key]
                return None
            self._kept.move_to_end(key)
            return numbered.get(number)

    def knows(self, messenger: str, chat_id: str, now: datetime) -> bool:
        """Whether the chat has live choices."""
        with self._lock:
            kept = self._kept.get((messenger, chat_id))
            return kept is not None and now < kept[0]

    def __len__(self) -> int:
        with self._lock:
            return len(self._kept)
