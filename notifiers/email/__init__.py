"""The email notifier: each message as a multipart (text + HTML) email through an SMTP server.

    notifier = EmailNotifier("mail.stc.gov.vn", 587, from_address="nhacviec@stc.gov.vn",
                             clock=clock, user="nhacviec", password=SecretStr("…"), ca_file=None)
    delivery = await notifier.send(Address("email", "vhxh@xa.gov.vn", "Phòng VH-XH"), message,
                                   key=envelope.key)
    await notifier.aclose()

* Security ``starttls`` (required, never a silent fall-back to plain text), ``tls`` (TLS from
  the first byte) or ``none``; certificates are always checked, against ``ca_file`` when given,
  else the system's CAs. Login when ``user`` is set.
* ``timeout_s`` bounds each send as a whole (connect, TLS, login, the transaction).
* Connections are reused: sends one after another share one SMTP session (``connections``
  sessions at most, for concurrent senders). A session the server dropped is reopened once,
  transparently. Sessions are closed by ``aclose()`` and after ``idle_s`` seconds without a
  send — an idle timer rather than "end of each dispatch pass", because the notifier cannot see
  passes, and a timer shorter than the service's interval (30 s) and longer than the gaps
  within a pass (database writes, milliseconds) gives the same effect with no coupling.
* Outcomes: see ``notifiers.email.outcome`` (4xx and connection trouble temporary, 5xx and
  failed logins permanent). After a failed login every later send answers the same permanent
  delivery without connecting, so a wrong password cannot get the account locked; fixing it
  means restarting the service (the password is read from the environment at start).
* The message: see ``notifiers.email.message`` (Message-ID from the key, Reply-To the plan's
  office). The password is held as a ``SecretStr`` and never logged or shown.

The package: ``connection`` (the SMTP session pool), ``message`` (building the MIME message),
``outcome`` (an SMTP answer as a delivery); this module is the channel (``EmailNotifier``).
May import aiosmtplib, the channels' own modules (``notifiers.base``, ``render``) and the
ground; never the store, the scheduler or the composition root (today's ``scheduler.model`` and
``config.settings`` imports are listed in ``pyproject.toml``: issue 10.3).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import ssl
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from aiosmtplib import SMTPAuthenticationError
from pydantic import SecretStr

from nhacviec.errors import ConfigError
from nhacviec.i18n import translate
from notifiers.base import Address, Delivery, DeliveryStatus
from notifiers.email.connection import SECURITIES, ConnectionPool, Security, SmtpOptions
from notifiers.email.message import Envelope, build_email, is_mailbox, message_id
from notifiers.email.outcome import outcome
from notifiers.message import Message
from notifiers.render import render, resolve_language

DEFAULT_IDLE_S = 15.0  # close the session after this long without a send
DEFAULT_FROM_NAME = "Nhắc việc"
Clock = Callable[[], datetime]


class EmailNotifier:
    """Delivers messages as email through one SMTP server."""

    channel = "email"

    def __init__(
        self,
        host: str,
        port: int = 587,
        *,
        from_address: str,
        clock: Clock,
        from_name: str = DEFAULT_FROM_NAME,
        security: Security = "starttls",
        user: str = "",
        password: SecretStr | str | None = None,
        ca_file: Path | str | None = None,
        timeout_s: float = 30.0,
        idle_s: float = DEFAULT_IDLE_S,
        connections: int = 1,
        language: str | None = None,
        local_hostname: str | None = None,
    ) -> None:
        _check(host, from_address, security)
        _check_login(host, security, user)
        secret = SecretStr(password) if isinstance(password, str) else password
        options = SmtpOptions(
            host=host,
            port=port,
            security=security,
            user=user,
            password=secret,
            tls_context=tls_context(ca_file) if security != "none" else None,
            timeout_s=timeout_s,
            local_hostname=local_hostname,
        )
        self.from_address, self.from_name = from_address, from_name
        self.timeout_s, self.idle_s = timeout_s, idle_s
        self.language = language  # None: each message's own language
        self._clock = clock  # the Date header; from the composition root
        self._pool = ConnectionPool(options, connections)
        self._auth_failure: Delivery | None = None
        self._in_flight = 0
        self._idle_timer: asyncio.TimerHandle | None = None
        self._idle_task: asyncio.Task[None] | None = None

    @property
    def server(self) -> str:
        return self._pool.options.server

    @property
    def connections_opened(self) -> int:
        """SMTP sessions opened so far (each means a connect, TLS and login)."""
        return self._pool.opened

    async def send(self, address: Address, message: Message, *, key: str) -> Delivery:
        refusal = self._refusal(address, resolve_language(self.language or message.language))
        if refusal is not None:
            return refusal
        rendered = render(message, language=self.language)
        mail = build_email(rendered, self._envelope(address, message), key=key, now=self._clock())
        return await self.deliver(mail, address.value, key=key, language=rendered.language)

    async def deliver(
        self, mail: EmailMessage, recipient: str, *, key: str, language: str = "vi"
    ) -> Delivery:
        """Send an email already built (``build_email``) to one mailbox: what ``send`` does
        after rendering (also for a test message from ``check-channels``). ``language`` is the
        one of the failure details."""
        if self._auth_failure is not None:
            return self._auth_failure
        self._in_flight += 1
        try:
            reply = await self._transmit(mail, recipient, language)
        finally:
            self._in_flight -= 1
            self._arm_idle_timer()
        if isinstance(reply, Delivery):
            return reply
        return Delivery.accepted(provider_id=message_id(key, self.from_address), detail=reply)

    async def aclose(self) -> None:
        """QUIT every open session. A later send opens a new one."""
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        task, self._idle_task = self._idle_task, None
        if task is not None and not task.done() and task.get_loop() is asyncio.get_running_loop():
            with contextlib.suppress(Exception):
                await task
        await self._pool.close_all()

    # -- sending ----------------------------------------------------------------------------

    async def _transmit(self, mail: EmailMessage, recipient: str, language: str) -> str | Delivery:
        """The server's reply to the message, or the failed delivery."""
        async with self._pool.connection() as connection:
            try:
                async with asyncio.timeout(self.timeout_s):
                    return await connection.send(
                        mail, sender=self.from_address, recipient=recipient
                    )
            except Exception as exc:  # cancellation goes through; programming errors re-raised
                delivery = outcome(
                    exc, server=self.server, timeout_s=self.timeout_s, language=language
                )
                permanent = delivery.status is DeliveryStatus.PERMANENT
                if isinstance(exc, SMTPAuthenticationError) and permanent:
                    self._auth_failure = delivery
                return delivery

    def _refusal(self, address: Address, language: str) -> Delivery | None:
        if address.channel != self.channel:
            text = translate(
                "notifiers.email.wrong_channel",
                language,
                value=address.value,
                channel=address.channel,
            )
            return Delivery.permanent(text)
        if not is_mailbox(address.value):
            text = translate("notifiers.email.bad_address", language, value=address.value)
            return Delivery.permanent(text)
        return None

    def _envelope(self, address: Address, message: Message) -> Envelope:
        reply_to = message.reply_to if is_mailbox(message.reply_to) else ""
        return Envelope(
            sender=self.from_address,
            sender_name=self.from_name,
            recipient=address.value,
            recipient_name=address.name or message.recipient_name,
            reply_to=reply_to,
            reply_to_name=message.office_name if reply_to else "",
        )

    # -- idle sessions ----------------------------------------------------------------------

    def _arm_idle_timer(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        if self._in_flight == 0:
            loop = asyncio.get_running_loop()
            self._idle_timer = loop.call_later(self.idle_s, self._on_idle)

    def _on_idle(self) -> None:
        self._idle_timer = None
        if self._in_flight == 0 and (self._idle_task is None or self._idle_task.done()):
            self._idle_task = asyncio.get_running_loop().create_task(self._pool.close_all())


def tls_context(ca_file: Path | str | None) -> ssl.SSLContext:
    """Certificate and host name checks on; trust ``ca_file`` when given, else the system."""
    try:
        return ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError("notifiers.email.bad_ca_file", path=str(ca_file), reason=exc) from exc


def _check(host: str, from_address: str, security: str) -> None:
    if not host:
        raise ConfigError("notifiers.email.no_host")
    if not is_mailbox(from_address):
        raise ConfigError("notifiers.email.no_sender", value=from_address)
    if security not in SECURITIES:
        raise ConfigError("notifiers.email.bad_security", value=security)


def _check_login(host: str, security: str, user: str) -> None:
    """A login over a plain connection sends the password in clear: only to this machine."""
    if user and security == "none" and not _loopback(host):
        raise ConfigError("notifiers.email.login_in_clear", server=host)


def _loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
