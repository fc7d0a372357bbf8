"""Which instance polls Telegram: the one holding a PostgreSQL advisory lock.

Telegram serves ``getUpdates`` to one client at a time (a second poller ends the first with
409 Conflict), so of several services on one PostgreSQL database only the leader polls. The lock
is session-level, held on a connection of its own: when the leader dies its connection closes,
PostgreSQL releases the lock, and another instance takes it at its next attempt. On SQLite one
service runs at a time anyway (``scheduler.lock.RunLock``): it always leads.

The port (``Leadership``) and the sole instance live here; the advisory lock, which speaks SQL,
is the store's (``nhacviec.store.leader``).
"""

from __future__ import annotations

from typing import Protocol


class Leadership(Protocol):
    async def try_lead(self) -> bool:
        """Whether this instance leads now: takes the lead if it is free, and checks that a
        lead already held is still held."""
        ...

    async def resign(self) -> None:
        """Give the lead up (another instance may take it at once)."""
        ...


class SoleLeadership:
    """The only instance there can be (SQLite): it always leads."""

    async def try_lead(self) -> bool:
        return True

    async def resign(self) -> None:
        return None
