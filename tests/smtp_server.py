"""A real SMTP server on loopback (aiosmtpd) for tests, demos and benches.

    with SmtpServer() as server:                        # plain, on a free port of 127.0.0.1
        ... send to server.host, server.port ...
        server.received[0].message()["Subject"]

    SmtpServer(security="starttls", users={"vp": "mật khẩu"})  # STARTTLS required, AUTH LOGIN/PLAIN
    SmtpServer(security="tls", users=...)                     # implicit TLS (port-465 style)

TLS variants get a certificate for 127.0.0.1/localhost from a throw-away ``trustme`` authority;
``server.ca_file`` is the CA bundle a client must trust (``Authority.create`` makes another, for
"wrong CA" tests). Switches, callable from any thread:

* ``answer(450, at="rcpt", times=2)``: reply with that code at MAIL, RCPT or DATA (``times=None``:
  until ``answer_normally()``); a 421 also closes the connection, as real servers do;
* ``stop()`` / ``start()``: the server goes down (open connections are closed) and comes back
  on the same port;
* ``drop_connections()``: close every open session, like a server's idle timeout.

``server.notifier()`` builds an ``EmailNotifier`` pointed at it; ``server.environment()`` gives
the ``NHACVIEC_SMTP_*`` variables that do the same for the CLI.

It records every message with its envelope (``received``), and counts connections
(``connections``, ``closed``). ``python -m tests.smtp_server --port 8025`` runs a plain one and
prints what arrives, for trying the demo by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import email.policy
import socket
import ssl
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any, Literal

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from nhacviec.app import system_time
from notifiers.email import EmailNotifier

Security = Literal["none", "starttls", "tls"]
Stage = Literal["mail", "rcpt", "data"]
HOST = "127.0.0.1"
SENDER = "nhacviec@stc.gov.vn"  # the From of test mail
_TIMEOUT_S = 10.0  # bound on waiting for the server's own thread
_TEXTS = {
    421: "4.3.2 Service not available, closing transmission channel",
    450: "4.2.1 Mailbox busy, try again later",
    451: "4.3.0 Local error in processing",
    452: "4.3.1 Insufficient system storage",
    550: "5.1.1 Mailbox unavailable",
    552: "5.3.4 Message size exceeds fixed limit",
    553: "5.1.3 Mailbox name not allowed",
    554: "5.7.1 Transaction failed",
}


@dataclass(frozen=True)
class Received:
    """One message the server accepted, with its envelope and how it came."""

    connection: int  # which connection carried it (1, 2, … in order of arrival)
    mail_from: str
    rcpt_tos: tuple[str, ...]
    mail_options: tuple[str, ...]
    data: bytes  # exactly what came after DATA
    tls: bool
    login: str | None  # the user that authenticated, if any

    def message(self) -> EmailMessage:
        """The message parsed with the modern policy (headers decoded, ``get_body`` works)."""
        return BytesParser(policy=email.policy.default).parsebytes(self.data)


@dataclass(frozen=True)
class Authority:
    """A throw-away certificate authority and a server certificate for the loopback names."""

    ca: trustme.CA
    ca_file: Path

    @classmethod
    def create(cls, directory: Path) -> Authority:
        ca = trustme.CA()
        path = directory / f"ca-{id(ca):x}.pem"
        ca.cert_pem.write_to_path(str(path))
        return cls(ca, path)

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.ca.issue_cert(HOST, "localhost").configure_cert(context)
        return context


@dataclass
class _Answer:
    code: int
    at: Stage
    remaining: int | None  # None: every time


class _Handler:
    """aiosmtpd hooks: apply the chosen answer, check authentication, record messages."""

    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_MAIL(  # aiosmtpd's hook names
        self, smtp: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.server.users and not session.authenticated:
            return "530 5.7.0 Authentication required"
        forced = self.server.take_answer("mail", smtp)
        if forced:
            return forced
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, smtp: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        forced = self.server.take_answer("rcpt", smtp)
        if forced:
            return forced
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp: SMTP, session: Session, envelope: Envelope) -> str:
        forced = self.server.take_answer("data", smtp)
        if forced:
            return forced
        if self.server.latency_s:  # a distant server: the reply to DATA takes this long
            await asyncio.sleep(self.server.latency_s)
        self.server.record(smtp, session, envelope)
        return "250 2.0.0 OK queued"


class _Session(SMTP):
    """One connection: numbered and counted once it is established (after the TLS handshake,
    for implicit TLS), counted again when it closes."""

    def __init__(self, server: SmtpServer, counted: bool, **kwargs: Any) -> None:
        super().__init__(_Handler(server), **kwargs)
        self.number = 0
        self.owner = server if counted else None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        first = self.transport is None  # STARTTLS calls this again for the same session
        super().connection_made(transport)
        if first and self.owner is not None:
            self.owner.opened(self)

    def connection_lost(self, error: Exception | None) -> None:
        if self.owner is not None:
            self.owner.forget(self)
        super().connection_lost(error)


class _Controller(Controller):
    """Binds port 0 (a free port) and learns which one it got; builds numbered sessions."""

    def __init__(self, server: SmtpServer, port: int, **kwargs: Any) -> None:
        super().__init__(_Handler(server), hostname=server.host, port=port, **kwargs)
        self.owner = server

    def factory(self) -> SMTP:
        return self.owner.new_session(self.SMTP_kwargs)

    def _create_server(self) -> Any:
        return self._bind()

    async def _bind(self) -> asyncio.AbstractServer:
        server = await self.loop.create_server(
            self._factory_invoker, host=self.hostname, port=self.port, ssl=self.ssl_context
        )
        self.port = server.sockets[0].getsockname()[1]
        return server


@dataclass
class SmtpServer:
    """A loopback SMTP server; ``start()`` (or ``with``) runs it in its own thread."""

    security: Security = "none"
    users: Mapping[str, str] = field(default_factory=dict)
    authority: Authority | None = None  # made on start for TLS variants when not given
    host: str = HOST
    port: int = 0  # 0: a free port, kept across stop()/start()
    received: list[Received] = field(default_factory=list, init=False)
    connections: int = field(default=0, init=False)  # opened since start (all starts)
    closed: int = field(default=0, init=False)
    on_message: Callable[[Received], None] | None = None  # called in the server's thread
    latency_s: float = 0.0  # how long the reply to DATA takes (benches: a server far away)
    keep: bool = True  # False: count messages (``accepted``) without keeping them (benches)
    accepted: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._answers: list[_Answer] = []
        self._open: set[_Session] = set()
        self._controller: _Controller | None = None
        self._directory: tempfile.TemporaryDirectory[str] | None = None
        self._closed_event = threading.Condition(self._lock)
        self._counting = True

    # -- life -----------------------------------------------------------------------------

    def start(self) -> SmtpServer:
        if self._controller is not None:
            raise RuntimeError("the server is already running")
        if self.security != "none" and self.authority is None:
            self._directory = tempfile.TemporaryDirectory(prefix="nhacviec-smtp-")
            self.authority = Authority.create(Path(self._directory.name))
        controller = _Controller(self, self.port, **self._smtp_options())
        self._counting = False  # the controller's start-up probe is not a client's connection
        try:
            controller.start()
        finally:
            self._counting = True
        self.port = controller.port
        self._controller = controller
        return self

    def stop(self) -> None:
        """Go down: close open connections, stop listening. ``start()`` brings it back."""
        if self._controller is None:
            return
        self.drop_connections()
        self._controller.stop()
        self._controller = None

    def close(self) -> None:
        self.stop()
        if self._directory is not None:
            self._directory.cleanup()
            self._directory = None

    def __enter__(self) -> SmtpServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def running(self) -> bool:
        return self._controller is not None

    @property
    def ca_file(self) -> Path:
        if self.authority is None:
            raise RuntimeError("a plain server has no certificate authority")
        return self.authority.ca_file

    # -- switches ---------------------------------------------------------------------------

    def answer(self, code: int, *, at: Stage = "rcpt", times: int | None = None) -> None:
        """Reply ``code`` at stage ``at`` for the next ``times`` transactions (None: always)."""
        with self._lock:
            self._answers.append(_Answer(code, at, times))

    def answer_normally(self) -> None:
        with self._lock:
            self._answers.clear()

    def drop_connections(self) -> None:
        """Close every open session from the server's side."""
        controller = self._controller
        if controller is None:
            return
        with self._lock:
            sessions = list(self._open)
            target = self.closed + len(sessions)

        async def close_all() -> None:
            for session in sessions:
                if session.transport is not None:
                    session.transport.close()

        asyncio.run_coroutine_threadsafe(close_all(), controller.loop).result(_TIMEOUT_S)
        self.wait_closed(target)

    def wait_closed(self, count: int, timeout: float = _TIMEOUT_S) -> bool:
        """Block until ``closed`` reaches ``count`` (connections closed since start)."""
        with self._closed_event:
            return self._closed_event.wait_for(lambda: self.closed >= count, timeout)

    @property
    def open_connections(self) -> int:
        with self._lock:
            return len(self._open)

    def environment(
        self, *, from_address: str = SENDER, user: str = "", password: str = ""
    ) -> dict[str, str]:
        """The ``NHACVIEC_SMTP_*`` variables that point nhacviec at this server."""
        found = {
            "NHACVIEC_SMTP_HOST": self.host,
            "NHACVIEC_SMTP_PORT": str(self.port),
            "NHACVIEC_SMTP_SECURITY": self.security,
            "NHACVIEC_SMTP_FROM": from_address,
        }
        if user:
            found.update(NHACVIEC_SMTP_USER=user, NHACVIEC_SMTP_PASSWORD=password)
        if self.authority is not None:
            found["NHACVIEC_SMTP_CA_FILE"] = str(self.authority.ca_file)
        return found

    def notifier(self, **options: Any) -> EmailNotifier:
        """An ``EmailNotifier`` for this server (its security, its CA, the first user)."""
        user, password = next(iter(self.users.items()), ("", ""))
        settings: dict[str, Any] = {
            "security": self.security,
            "from_address": SENDER,
            "user": user,
            "password": password,
            "ca_file": self.authority.ca_file if self.authority is not None else None,
            "timeout_s": 10.0,
            "clock": system_time,
        }
        settings.update(options)
        return EmailNotifier(self.host, self.port, **settings)

    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return [received.message() for received in self.received]

    # -- called from the server's thread ----------------------------------------------------

    def new_session(self, options: Mapping[str, Any]) -> _Session:
        return _Session(self, self._counting, **options)

    def opened(self, session: _Session) -> None:
        with self._lock:
            self.connections += 1
            session.number = self.connections
            self._open.add(session)

    def forget(self, session: _Session) -> None:
        with self._closed_event:
            if session in self._open:
                self._open.discard(session)
                self.closed += 1
                self._closed_event.notify_all()

    def take_answer(self, stage: Stage, smtp: SMTP) -> str:
        with self._lock:
            for answer in self._answers:
                if answer.at != stage:
                    continue
                if answer.remaining is not None:
                    answer.remaining -= 1
                    if answer.remaining == 0:
                        self._answers.remove(answer)
                break
            else:
                return ""
        if answer.code == 421 and smtp.transport is not None:
            smtp.loop.call_soon(smtp.transport.close)  # after the reply is written
        return f"{answer.code} {_TEXTS.get(answer.code, 'Refused')}"

    def record(self, smtp: SMTP, session: Session, envelope: Envelope) -> None:
        login = session.auth_data.login if isinstance(session.auth_data, LoginPassword) else None
        tls = session.ssl is not None or (
            smtp.transport is not None and smtp.transport.get_extra_info("sslcontext") is not None
        )
        received = Received(
            connection=smtp.number if isinstance(smtp, _Session) else 0,
            mail_from=envelope.mail_from or "",
            rcpt_tos=tuple(envelope.rcpt_tos),
            mail_options=tuple(envelope.mail_options),
            data=bytes(envelope.original_content or b""),
            tls=tls,
            login=login.decode() if login is not None else None,
        )
        with self._lock:
            self.accepted += 1
            if self.keep:
                self.received.append(received)
        if self.on_message is not None:
            self.on_message(received)

    # -- options ----------------------------------------------------------------------------

    def _smtp_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {"server_hostname": "smtp.nhacviec.test"}
        if self.users:
            options["authenticator"] = self._authenticate
        if self.security == "starttls":
            assert self.authority is not None
            options.update(
                tls_context=self.authority.server_context(),
                require_starttls=True,
                auth_require_tls=True,
            )
        elif self.security == "tls":
            assert self.authority is not None
            # aiosmtpd only knows TLS it started itself; TLS from the first byte is as good
            options.update(ssl_context=self.authority.server_context(), auth_require_tls=False)
        else:
            options["auth_require_tls"] = False
        return options

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login, password = data.login.decode(), data.password.decode()
        ok = self.users.get(login) == password
        return AuthResult(success=ok, handled=False, auth_data=data if ok else None)


def free_port(host: str = HOST) -> int:
    """A port nobody listens on right now (for a client told to use a server that is down)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description="A plain loopback SMTP server that prints mail")
    parser.add_argument("--port", type=int, default=8025, help="0: a free port")
    parser.add_argument("--quiet", action="store_true", help="print nor keep messages")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay before each 250")
    args = parser.parse_args()

    def show(received: Received) -> None:
        message = received.message()
        print(f"{', '.join(received.rcpt_tos)}: {message['Subject']}", flush=True)

    server = SmtpServer(
        port=args.port,
        on_message=None if args.quiet else show,
        keep=False,
        latency_s=args.latency_ms / 1000,
    )
    server.start()
    print(f"listening on {server.host}:{server.port}; Ctrl-C stops", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.close()


if __name__ == "__main__":
    main()
