"""What the numbers offered to a chat mean, kept for a while.

A reply that offers numbered choices replaces the chat's earlier ones; a bare number ("1", or
"2 <words>") then acts on what it stood for. A choice is a conversational shortcut worth
minutes to hours (``DEFAULT_TTL``); the occurrence's version travels with it, so a choice that
outlived a change is refused as a stale button is (``ConflictError``), and one that expired is
answered with a sentence asking for ``/viec`` again. Bounded so that no number of chats grows
it without end (least recently used chats go first).

Where the book keeps them (a ``Shelf``): in the process (``MemoryShelf``, the default: tests,
a book of one's own), or in the database (``StoredShelf``, ``ChoiceBook.stored``), so that
numbers survive a restart, a reminder sent by one process (a cron ``send``) offers numbers the
bot's process knows, and a webhook behind a load balancer may reach any instance.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import asdict, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlmodel import Session

from nhacviec.bot.core.messages import Choice, ChoiceKind
from nhacviec.store import chat_choices
from workflows.workflow import Action

DEFAULT_TTL = timedelta(hours=24)  # a morning reminder answered in the afternoon still works
DEFAULT_CHATS = 10_000

Key = tuple[str, str]  # (messenger, chat id)
Kept = tuple[datetime, dict[int, Choice]]  # until when, what each number means


class Sessions(Protocol):
    """Units of work on the database (``nhacviec.app.App`` is one): a write transaction,
    committed at its end, and a read."""

    def transaction(self) -> AbstractContextManager[Session]: ...

    def reading(self) -> AbstractContextManager[Session]: ...


class Shelf(Protocol):
    """Where a book keeps each chat's live choices."""

    def live(self, key: Key, now: datetime, *, touch: bool) -> Kept | None:
        """The chat's choices unless expired (``touch``: the chat counts as used now)."""
        ...

    def change(self, key: Key, changed: Callable[[Kept | None], Kept], now: datetime) -> None:
        """The chat's choices become ``changed(the live ones)``, atomically."""
        ...

    def __len__(self) -> int: ...


class ChoiceBook:
    def __init__(
        self,
        ttl: timedelta = DEFAULT_TTL,
        max_chats: int = DEFAULT_CHATS,
        *,
        shelf: Shelf | None = None,
    ) -> None:
        if max_chats < 1:
            raise ValueError("max_chats must be at least 1")
        self.ttl, self.max_chats = ttl, max_chats
        self.shelf: Shelf = shelf if shelf is not None else MemoryShelf(max_chats)

    @classmethod
    def stored(
        cls, store: Sessions, ttl: timedelta = DEFAULT_TTL, max_chats: int = DEFAULT_CHATS
    ) -> ChoiceBook:
        """A book kept in the database of ``store`` (its units of work, such as ``App``):
        every book on that database reads the same numbers."""
        return cls(ttl, max_chats, shelf=StoredShelf(store, max_chats))

    def remember(
        self, messenger: str, chat_id: str, choices: Iterable[Choice], now: datetime
    ) -> None:
        """The chat's choices from now on (none: the earlier ones stay)."""
        numbered = {choice.number: choice for choice in choices}
        if not numbered:
            return
        self.shelf.change((messenger, chat_id), lambda _: (now + self.ttl, numbered), now)

    def add(
        self, messenger: str, chat_id: str, choices: Iterable[Choice], now: datetime
    ) -> tuple[Choice, ...]:
        """``choices`` added to the chat's live ones, numbered after them (a reminder after a
        reminder: each keeps its numbers); the choices as numbered."""
        offered = tuple(choices)
        added: tuple[Choice, ...] = ()

        def changed(kept: Kept | None) -> Kept:
            nonlocal added
            numbered = dict(kept[1]) if kept is not None else {}
            start = max(numbered, default=0)
            added = tuple(
                replace(choice, number=start + index)
                for index, choice in enumerate(offered, start=1)
            )
            numbered.update({choice.number: choice for choice in added})
            return now + self.ttl, numbered

        self.shelf.change((messenger, chat_id), changed, now)
        return added

    def recall(self, messenger: str, chat_id: str, number: int, now: datetime) -> Choice | None:
        """What ``number`` means in the chat now; ``None`` if nothing (or it expired)."""
        kept = self.shelf.live((messenger, chat_id), now, touch=True)
        return None if kept is None else kept[1].get(number)

    def knows(self, messenger: str, chat_id: str, now: datetime) -> bool:
        """Whether the chat has live choices."""
        return self.shelf.live((messenger, chat_id), now, touch=False) is not None

    def __len__(self) -> int:
        return len(self.shelf)


class MemoryShelf:
    """The process's own: a bounded map, the least recently used chats going first."""

    def __init__(self, max_chats: int = DEFAULT_CHATS) -> None:
        self.max_chats = max_chats
        self._kept: OrderedDict[Key, Kept] = OrderedDict()
        self._lock = threading.Lock()  # the core runs in worker threads

    def live(self, key: Key, now: datetime, *, touch: bool) -> Kept | None:
        with self._lock:
            kept = self._kept.get(key)
            if kept is None:
                return None
            if now >= kept[0]:
                if touch:
                    del self._kept[key]
                return None
            if touch:
                self._kept.move_to_end(key)
            return kept

    def change(self, key: Key, changed: Callable[[Kept | None], Kept], now: datetime) -> None:
        with self._lock:
            kept = self._kept.pop(key, None)
            self._kept[key] = changed(kept if kept is not None and now < kept[0] else None)
            while len(self._kept) > self.max_chats:
                self._kept.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._kept)


class StoredShelf:
    """The database's (``nhacviec.store.chat_choices``): shared by every process on it. The
    least recently offered chats go first beyond ``max_chats``; expired rows go at each write."""

    def __init__(self, store: Sessions, max_chats: int) -> None:
        self.store, self.max_chats = store, max_chats

    def live(self, key: Key, now: datetime, *, touch: bool) -> Kept | None:
        with self.store.reading() as session:
            kept = chat_choices.live(session, *key, now)
        return None if kept is None else (kept[0], _choices(kept[1]))

    def change(self, key: Key, changed: Callable[[Kept | None], Kept], now: datetime) -> None:
        def stored(kept: chat_choices.Kept | None) -> chat_choices.Kept:
            expires, numbered = changed(None if kept is None else (kept[0], _choices(kept[1])))
            return expires, [_json(choice) for choice in numbered.values()]

        with self.store.transaction() as session:
            chat_choices.change(session, *key, stored, now, self.max_chats)

    def __len__(self) -> int:
        with self.store.reading() as session:
            return chat_choices.count(session)


def _json(choice: Choice) -> dict[str, Any]:
    return asdict(choice)


def _choices(rows: list[dict[str, Any]]) -> dict[int, Choice]:
    """The stored choices read back; a row the code no longer understands is left out."""
    numbered: dict[int, Choice] = {}
    for row in rows:
        try:
            action = row.get("action")
            choice = Choice(
                number=int(row["number"]),
                kind=ChoiceKind(row["kind"]),
                tag=str(row.get("tag", "")),
                occurrence_id=int(row.get("occurrence_id", 0)),
                action=None if action is None else Action(action),
                version=None if row.get("version") is None else int(row["version"]),
                listing=str(row.get("listing", "")),
                page=int(row.get("page", 0)),
                days=int(row.get("days", 0)),
            )
        except (KeyError, TypeError, ValueError):
            continue
        numbered[choice.number] = choice
    return numbered
