"""SMTP sessions kept open across a batch of sends (aiosmtplib).

``SmtpConnection`` is one session: opened (TLS, login) on first use, reused by the next send,
reopened once, transparently, when the server dropped it while it sat unused; closed with a
polite QUIT. ``ConnectionPool`` hands out up to ``size`` of them, the most recently used first,
so sends one after another (the dispatcher's way) always share a single session.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Literal

import aiosmtplib
from aiosmtplib import SMTPException, SMTPServerDisconnected
from pydantic import SecretStr

Security = Literal["starttls", "tls", "none"]
SECURITIES: tuple[Security, ...] = ("starttls", "tls", "none")


@dataclass(frozen=True)
class SmtpOptions:
    """How to reach and log in to the mail server. The password never appears in ``repr``."""

    host: str
    port: int
    security: Security = "starttls"
    user: str = ""
    password: SecretStr | None = None
    tls_context: ssl.SSLContext | None = None  # None with TLS: the system's trusted CAs
    timeout_s: float = 30.0  # each command (aiosmtplib's own timeout)
    local_hostname: str | None = None  # EHLO name; None: this machine's FQDN

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"

    def client(self) -> aiosmtplib.SMTP:
        """An aiosmtplib client: certificate checks on whenever TLS is used."""
        password = self.password.get_secret_value() if self.password is not None else None
        return _Client(
            hostname=self.host,
            port=self.port,
            use_tls=self.security == "tls",
            start_tls=self.security == "starttls",  # required: never silently plain text
            tls_context=self.tls_context if self.security != "none" else None,
            validate_certs=True,
            username=self.user or None,
            password=password if self.user else None,
            timeout=self.timeout_s,
            local_hostname=self.local_hostname,
        )


class _Client(aiosmtplib.SMTP):
    """aiosmtplib's client, closing a TLS session's socket at once.

    A TLS transport's ``close()`` waits for the server's close_notify before it closes the
    socket; a server that keeps the session open (after a refused login, say) leaves that
    socket to the garbage collector once the event loop is gone. Nothing is left to say by
    then (QUIT is answered, or the session is broken), so aborting loses nothing.
    """

    def close(self) -> None:
        transport = self.transport
        tls = transport is not None and transport.get_extra_info("sslcontext") is not None
        if tls and isinstance(transport, asyncio.Transport):
            transport.abort()
        super().close()


class SmtpConnection:
    """One SMTP session used by one send at a time (the pool guarantees it)."""

    def __init__(self, options: SmtpOptions) -> None:
        self.options = options
        self.opened = 0  # sessions opened so far (for tests and the bench)
        self._client = options.client()

    @property
    def is_open(self) -> bool:
        return self._client.is_connected

    async def send(self, mail: EmailMessage, *, sender: str, recipient: str) -> str:
        """Send one message; the server's reply to DATA. Raises aiosmtplib's errors."""
        reused = self.is_open
        if not reused:
            await self._open()
        try:
            return await self._transmit(mail, sender, recipient)
        except SMTPServerDisconnected:
            self.drop()
            if not reused:
                raise
        # The server had dropped the idle session (its own timeout, a restart): one fresh try.
        await self._open()
        return await self._transmit(mail, sender, recipient)

    async def close(self) -> None:
        """QUIT if the session is open (bounded by the timeout), then close the socket."""
        if self.is_open:
            with contextlib.suppress(SMTPException, OSError, TimeoutError):
                await self._client.quit()
        self.drop()

    def drop(self) -> None:
        """Close the socket at once (the session's state is unknown, or the loop is gone)."""
        self._client.close()

    def abandon(self) -> None:
        """Forget a session that belongs to an event loop no longer running."""
        with contextlib.suppress(RuntimeError):
            self._client.close()
        self._client = self.options.client()

    async def _open(self) -> None:
        await self._client.connect()  # closes itself again when it fails
        self.opened += 1

    async def _transmit(self, mail: EmailMessage, sender: str, recipient: str) -> str:
        try:
            _, reply = await self._client.send_message(mail, sender=sender, recipients=[recipient])
        except (aiosmtplib.SMTPResponseException, aiosmtplib.SMTPRecipientsRefused):
            raise  # an answer: aiosmtplib has reset the envelope, the session stays in step
        except BaseException:
            self.drop()  # cancelled, timed out, broken: the session's state is unknown
            raise
        return reply


class ConnectionPool:
    """Up to ``size`` sessions, bound to the event loop that uses them."""

    def __init__(self, options: SmtpOptions, size: int = 1) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one connection")
        self.options, self.size = options, size
        self._all = [SmtpConnection(options) for _ in range(size)]
        self._free = list(self._all)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots: asyncio.Semaphore | None = None
        self._closing: asyncio.Lock | None = None

    @property
    def opened(self) -> int:
        return sum(connection.opened for connection in self._all)

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[SmtpConnection]:
        slots, _ = self._bind()
        async with slots:
            connection = self._free.pop()  # the most recently used: still open, most likely
            try:
                yield connection
            finally:
                self._free.append(connection)

    async def close_all(self) -> None:
        """Close every session, once the sends under way are done."""
        slots, closing = self._bind()
        async with closing:
            for _ in range(self.size):
                await slots.acquire()
            try:
                for connection in self._all:
                    await connection.close()
            finally:
                for _ in range(self.size):
                    slots.release()

    def _bind(self) -> tuple[asyncio.Semaphore, asyncio.Lock]:
        loop = asyncio.get_running_loop()
        if self._slots is None or self._closing is None or loop is not self._loop:
            if self._loop is not None:  # a new loop (another asyncio.run): old sockets are dead
                for connection in self._all:
                    connection.abandon()
            self._loop, self._free = loop, list(self._all)
            self._slots, self._closing = asyncio.Semaphore(self.size), asyncio.Lock()
        return self._slots, self._closing
