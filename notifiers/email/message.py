"""One rendered message as an email: multipart/alternative (text, then HTML), UTF-8 headers.

Headers: ``From`` ("Nhắc việc" <sender>), ``To`` (the unit's name and mailbox), ``Reply-To``
(the plan's office, when it has a valid address), ``Subject``, ``Date`` (Vietnam time),
``Message-ID`` derived from the outbox key (a re-send carries the same one, so mail clients and
servers recognise it), ``Content-Language``, and the auto-reply suppressors
(``Auto-Submitted: auto-generated``, RFC 3834; ``X-Auto-Response-Suppress`` for Exchange).

Names are plan text: they are made one line without control characters, then written as
RFC 2047 encoded words by ``email.header.Header``, which keeps every space inside a word. (The
modern header folder may fold a long name at a space *between* two encoded words, which RFC 2047
readers drop: "Ủy ban nhân dân" came out "Ủy bannhân dân".) Every header is stored already
folded (``set_raw``) and so is written as is: this also makes building and sending about three
times faster than letting ``email.headerregistry`` parse and refold each header.

Bodies keep the rendered text exactly (line breaks are CRLF on the wire, as MIME wants for
text): 8bit, readable as is; base64 when the body has control characters, so no server chokes
on a NUL or an escape sequence; quoted-printable or base64 (the shorter) for lines longer than
SMTP's 998 octets. aiosmtplib re-encodes 8bit parts for a server without 8BITMIME.
"""

from __future__ import annotations

import base64
import email.policy
import quopri
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.message import EmailMessage, MIMEPart
from email.utils import format_datetime
from functools import lru_cache

from notifiers.render import Rendered
from workflows.standing import LOCAL_TZ

_ATOM_SAFE = re.compile(r"[A-Za-z0-9_-]")
# One mailbox, no display name: a local part and a domain, nothing an SMTP command could choke on.
_MAILBOX = re.compile(r"[^\s<>()\[\]\\,;:\"@]+@[^\s<>()\[\]\\,;:\"@]+\.[^\s<>()\[\]\\,;:\"@.]+")
# Unicode's control characters (category Cc) but tab, LF and CR.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The same in UTF-8: C0 and DEL are single bytes (never part of a longer character), C1 is
# \xc2 followed by \x80-\x9f. Looked for in the encoded body, twice as fast as ``_CONTROL``.
_C0_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_ID_SAFE = re.compile(r"[A-Za-z0-9_:-]*")  # a key written as is, but for its colons
_MAX_LINE_OCTETS = 998  # RFC 5321, without the CRLF
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what MIME calls a line break (not U+2028)
_HEADER_LINE = 78  # RFC 5322's recommended limit, which the policy keeps
_PHRASE = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]*")  # atoms and spaces: no quoting needed
_UNSTRUCTURED = re.compile(r"[\x20-\x7e]*")
_POLICY = email.policy.SMTP


@dataclass(frozen=True)
class Envelope:
    """Who an email is from and to (addresses already checked with ``is_mailbox``)."""

    sender: str
    sender_name: str
    recipient: str
    recipient_name: str
    reply_to: str = ""
    reply_to_name: str = ""


def is_mailbox(value: str) -> bool:
    """A plain ``local@domain.tld`` address (what the units directories hold)."""
    return _MAILBOX.fullmatch(value) is not None


def message_id(key: str, sender: str) -> str:
    """``<{key}@{sender's domain}>``, the key written with the characters a Message-ID allows.

    ``:`` becomes ``.`` (keys are colon-separated words); any other character outside
    ``[A-Za-z0-9_-]`` becomes ``=XX`` per UTF-8 byte, so different keys never share an id. A key
    whose colons would leave empty dot-separated parts has its colons escaped too (no ``.``).
    """
    if not key:
        raise ValueError("a message needs a key to derive its Message-ID")
    if _ID_SAFE.fullmatch(key):  # the usual key: nothing to escape
        left = key.replace(":", ".")
    else:
        left = "".join(_escape_char(char, colon_as_dot=True) for char in key)
    if left.startswith(".") or left.endswith(".") or ".." in left:
        left = "".join(_escape_char(char, colon_as_dot=False) for char in key)
    return f"<{left}@{_domain_of(sender)}>"


def one_line(text: str) -> str:
    """Plan text fit for a header: control characters dropped, whitespace runs as one space."""
    return " ".join(_CONTROL.sub("", text).split())


def build_email(rendered: Rendered, envelope: Envelope, *, key: str, now: datetime) -> EmailMessage:
    """The whole email for one rendered message."""
    mail = EmailMessage(policy=_POLICY)
    build_headers(mail, rendered.subject, envelope, key=key, now=now)
    boundary = f"=_nhacviec_{secrets.token_hex(12)}"  # "=_" never occurs in base64 or QP
    mail.set_raw("Content-Type", f'multipart/alternative;\n boundary="{boundary}"')
    mail.set_raw("Content-Language", rendered.language)
    mail.set_payload([_text_part(rendered.text, "plain"), _text_part(rendered.html, "html")])
    return mail


def build_headers(
    mail: EmailMessage, subject: str, envelope: Envelope, *, key: str, now: datetime
) -> None:
    """The headers every email of ours has, up to ``MIME-Version`` (the body's come after)."""
    mail.set_raw("From", _mailbox("From", envelope.sender_name, envelope.sender))
    mail.set_raw("To", _mailbox("To", envelope.recipient_name, envelope.recipient))
    if envelope.reply_to:
        mail.set_raw("Reply-To", _mailbox("Reply-To", envelope.reply_to_name, envelope.reply_to))
    mail.set_raw("Subject", _words("Subject", one_line(subject)))
    mail.set_raw("Date", format_datetime(now.astimezone(LOCAL_TZ)))
    mail.set_raw("Message-ID", _fitted("Message-ID", message_id(key, envelope.sender)))
    mail.set_raw("Auto-Submitted", "auto-generated")
    mail.set_raw("X-Auto-Response-Suppress", "All")
    mail.set_raw("MIME-Version", "1.0")


def _mailbox(header: str, name: str, address: str) -> str:
    """``name <address>``; the address on a line of its own when the name is long."""
    phrase = _words(header, one_line(name), phrase=True)
    if not phrase:
        return address
    last = phrase.rpartition("\n")[2] if "\n" in phrase else f"{header}: {phrase}"
    joint = "\n " if len(last) + len(address) + 3 > _HEADER_LINE else " "
    return f"{phrase}{joint}<{address}>"


@lru_cache(maxsize=4096)
def _words(header: str, text: str, *, phrase: bool = False) -> str:
    """``text`` as is when it is short and plain; else RFC 2047 encoded words, folded.

    Kept (by header, text and kind): the same names and subjects come back in email after
    email, and ``Header`` takes longer to encode one than building the rest of the email."""
    plain = _PHRASE if phrase else _UNSTRUCTURED
    short = len(header) + 2 + len(text) <= _HEADER_LINE
    if short and plain.fullmatch(text) and "=?" not in text:
        return text
    return Header(text, "utf-8", header_name=header).encode(linesep="\n") if text else ""


def _fitted(header: str, value: str) -> str:
    """A value without spaces, on the next line when it does not fit after the name."""
    return value if len(header) + 2 + len(value) <= _HEADER_LINE else f"\n {value}"


def _text_part(body: str, subtype: str) -> MIMEPart:
    encoding, payload = _encoded(body)
    part = MIMEPart(policy=_POLICY)
    part.set_raw("Content-Type", f'text/{subtype}; charset="utf-8"')
    part.set_raw("Content-Transfer-Encoding", encoding)
    part.set_payload(payload)
    return part


def _encoded(body: str) -> tuple[str, str]:
    """The transfer encoding for ``body`` and the payload written in it."""
    text = "\n".join(_LINE_BREAK.split(body)) if "\r" in body else body  # only LF: as is
    data = (text if text.endswith("\n") else text + "\n").encode("utf-8")
    if len(data.translate(None, _C0_BYTES)) != len(data) or _C1_UTF8.search(data):
        return "base64", base64.encodebytes(data).decode("ascii")
    if len(data) > _MAX_LINE_OCTETS and max(map(len, data.split(b"\n"))) > _MAX_LINE_OCTETS:
        quoted, based = quopri.encodestring(data), base64.encodebytes(data)
        if len(quoted) <= len(based):
            return "quoted-printable", quoted.decode("ascii")
        return "base64", based.decode("ascii")
    if data.isascii():
        return "7bit", data.decode("ascii")
    return "8bit", data.decode("ascii", "surrogateescape")  # the generator writes the bytes


def _escape_char(char: str, *, colon_as_dot: bool) -> str:
    if _ATOM_SAFE.fullmatch(char):
        return char
    if char == ":" and colon_as_dot:
        return "."
    return "".join(f"={byte:02X}" for byte in char.encode("utf-8"))


def _domain_of(sender: str) -> str:
    domain = sender.rpartition("@")[2] or "localhost"
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return "localhost"
