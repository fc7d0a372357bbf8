"""What an SMTP failure means for a reminder: try again later, or never.

* A reply code decides when there is one: 4xx → ``TEMPORARY``, 5xx → ``PERMANENT`` (a refused
  recipient, a refused message, a refused sender alike). A 454 during login is temporary.
* A failed login (535 and other 5xx to AUTH) is ``PERMANENT``: retrying cannot fix a wrong
  password, and repeated failed logins get the account locked on many government mail servers.
  The notifier also stops logging in after one (see ``EmailNotifier``).
* Everything about reaching the server — DNS, refused or dropped connections, timeouts, a TLS
  handshake or certificate failure — is ``TEMPORARY``: the outbox retries with backoff, and a
  certificate is often fixed on the server's side (renewed) without anyone touching nhacviec.
  Each says what failed (DNS, TLS certificate, …) so ``check-channels`` and the delivery log
  can tell the office.
* A server that cannot take a non-ASCII address (no SMTPUTF8) is ``PERMANENT`` for it.

Details are sentences from the catalogue with the server's own words in them.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from typing import TypeVar

from aiosmtplib import (
    SMTPAuthenticationError,
    SMTPException,
    SMTPNotSupported,
    SMTPRecipientsRefused,
    SMTPResponseException,
    SMTPServerDisconnected,
)

from nhacviec.i18n import translate
from notifiers.base import Delivery

_KEY = "notifiers.email."
_E = TypeVar("_E", bound=BaseException)


def outcome(error: BaseException, *, server: str, timeout_s: float, language: str) -> Delivery:
    """The delivery an exception raised while sending stands for; programming errors (not
    SMTP, not OS-level) are raised again."""
    delivery = _by_reply(error, language) or _by_transport(error, server, timeout_s, language)
    if delivery is None:
        raise error
    return delivery


def _by_reply(error: BaseException, language: str) -> Delivery | None:
    if isinstance(error, SMTPRecipientsRefused) and error.recipients:
        refused = error.recipients[0]
        kind = "recipient_refused" if _permanent(refused.code) else "recipient_deferred"
        return _delivery(
            refused.code,
            kind,
            language,
            recipient=refused.recipient,
            reply=_reply(refused.code, refused.message),
        )
    if isinstance(error, SMTPAuthenticationError):
        kind = "auth_failed" if _permanent(error.code) else "auth_deferred"
        return _delivery(error.code, kind, language, reply=_reply(error.code, error.message))
    if isinstance(error, SMTPResponseException):
        kind = "refused" if _permanent(error.code) else "deferred"
        return _delivery(error.code, kind, language, reply=_reply(error.code, error.message))
    return None


def _by_transport(
    error: BaseException, server: str, timeout_s: float, language: str
) -> Delivery | None:
    chain = list(_causes(error))
    certificate = _first(chain, ssl.SSLCertVerificationError)
    if certificate is not None:
        reason = certificate.verify_message or str(certificate)
        return _temporary("certificate", language, server=server, reason=reason)
    tls = _first(chain, ssl.SSLError)
    if tls is not None:
        return _temporary(
            "tls", language, server=server, reason=getattr(tls, "reason", None) or _words(tls)
        )
    if _first(chain, socket.gaierror) is not None:
        return _temporary("dns", language, server=server, reason=_words(error))
    if isinstance(error, TimeoutError):
        return _temporary("timeout", language, server=server, seconds=f"{timeout_s:g}")
    if isinstance(error, SMTPServerDisconnected):
        return _temporary("disconnected", language, server=server, reason=_words(error))
    if isinstance(error, SMTPNotSupported):
        return Delivery.permanent(
            translate(_KEY + "not_supported", language, server=server, reason=_words(error))
        )
    if isinstance(error, OSError):  # aiosmtplib's SMTPConnectError is one
        return _temporary("unreachable", language, server=server, reason=_words(error))
    if isinstance(error, SMTPException):
        return _temporary("error", language, server=server, reason=_words(error))
    return None


def _permanent(code: int) -> bool:
    return 500 <= code < 600


def _delivery(code: int, kind: str, language: str, **params: str) -> Delivery:
    text = translate(_KEY + kind, language, **params)
    return Delivery.permanent(text) if _permanent(code) else Delivery.temporary(text)


def _temporary(kind: str, language: str, **params: str) -> Delivery:
    return Delivery.temporary(translate(_KEY + kind, language, **params))


def _reply(code: int, message: str) -> str:
    return " ".join(f"{code} {message}".split())


def _words(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _first(chain: list[BaseException], kind: type[_E]) -> _E | None:
    return next((error for error in chain if isinstance(error, kind)), None)
