"""The advisory-lock leadership of ``scheduler.leader.Leadership``: of several services on one
PostgreSQL database, the one holding ``pg_try_advisory_lock`` polls Telegram (see
``scheduler.leader``)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging

import psycopg
from psycopg.rows import TupleRow
from sqlalchemy.engine import make_url

from scheduler.leader import Leadership, SoleLeadership

log = logging.getLogger("nhacviec.leader")


def lock_key(name: str) -> int:
    """The advisory lock's 64-bit key for ``name`` (the same in every process)."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class AdvisoryLeadership:
    """Leads while holding ``pg_try_advisory_lock(key)`` on a dedicated connection. The
    connection's ``application_name`` names the holder, so ``pg_locks`` joined with
    ``pg_stat_activity`` shows which instance leads."""

    def __init__(self, conninfo: str, name: str, *, holder: str, timeout_s: float = 10.0) -> None:
        self.conninfo = conninfo
        self.key = lock_key(name)
        self.holder = holder
        self.timeout_s = timeout_s
        self._connection: psycopg.AsyncConnection[TupleRow] | None = None
        self._leading = False

    async def try_lead(self) -> bool:
        try:
            async with asyncio.timeout(self.timeout_s):
                self._leading = await self._attempt()
        except (psycopg.Error, OSError, TimeoutError) as exc:
            # The connection is gone (and the lock with it) or too slow to trust: follow.
            log.warning("leader lock unavailable", extra={"error": str(exc) or repr(exc)})
            await self._drop()
        return self._leading

    async def _attempt(self) -> bool:
        connection = await self._connect()
        if self._leading:  # a session-level lock lasts as long as its session
            await connection.execute("SELECT 1")
            return True
        cursor = await connection.execute("SELECT pg_try_advisory_lock(%s)", (self.key,))
        row = await cursor.fetchone()
        return bool(row and row[0])

    async def _connect(self) -> psycopg.AsyncConnection[TupleRow]:
        if self._connection is None or self._connection.closed:
            self._leading = False
            self._connection = await psycopg.AsyncConnection.connect(
                self.conninfo,
                autocommit=True,
                application_name=self.holder[:63],
                connect_timeout=max(1, round(self.timeout_s)),
            )
        return self._connection

    async def resign(self) -> None:
        """Unlock first: the session ends a moment after its connection closes, and another
        instance taking over at once must find the lock free."""
        connection = self._connection
        if self._leading and connection is not None and not connection.closed:
            with contextlib.suppress(psycopg.Error, OSError, TimeoutError):
                async with asyncio.timeout(self.timeout_s):
                    await connection.execute("SELECT pg_advisory_unlock(%s)", (self.key,))
        await self._drop()

    async def _drop(self) -> None:
        """Closing the session releases the lock whatever happened (none can be forgotten)."""
        connection, self._connection, self._leading = self._connection, None, False
        if connection is not None:
            await connection.close()


def leadership_for(database_url: str, name: str, *, holder: str) -> Leadership:
    """Advisory-lock leadership on PostgreSQL; on SQLite the one service always leads."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        return SoleLeadership()
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    return AdvisoryLeadership(conninfo, name, holder=holder)
