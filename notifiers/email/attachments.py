"""An email with files attached: ``multipart/mixed``, the words first (the usual
``multipart/alternative`` of text and HTML, as ``notifiers.email.message`` builds it), then one
part per file.

A file's part carries its media type and is base64 encoded. Its name is written per RFC 2231
(``filename*=utf-8''B%C3%A1o...``), cut into numbered continuations (``filename*0*``,
``filename*1*``, …) so that no header line passes 78 characters; the ``Content-Type``'s
``name`` keeps a plain ASCII fall-back for old readers.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage, MIMEPart
from urllib.parse import quote

from notifiers.attachment import Attachment
from notifiers.email.message import _POLICY, Envelope, _text_part, build_headers

_ATTR_SAFE = "!#$&+-.^_`|~"  # RFC 2231 attribute-char beyond letters and digits, %-free
_CHUNK = 50  # characters of an encoded name per continuation line (with its name: < 78)


def build_email_with_files(
    subject: str,
    text: str,
    html: str,
    envelope: Envelope,
    attachments: Sequence[Attachment],
    *,
    key: str,
    now: datetime,
    language: str,
) -> EmailMessage:
    """The whole email: the words as text and HTML, then the files."""
    mail = EmailMessage(policy=_POLICY)
    build_headers(mail, subject, envelope, key=key, now=now)
    words = MIMEPart(policy=_POLICY)
    inner = f"=_nhacviec_{secrets.token_hex(12)}"
    words.set_raw("Content-Type", f'multipart/alternative;\n boundary="{inner}"')
    words.set_payload([_text_part(text, "plain"), _text_part(html, "html")])
    outer = f"=_nhacviec_{secrets.token_hex(12)}"
    mail.set_raw("Content-Type", f'multipart/mixed;\n boundary="{outer}"')
    mail.set_raw("Content-Language", language)
    mail.set_payload([words, *(file_part(attachment) for attachment in attachments)])
    return mail


def file_part(attachment: Attachment) -> MIMEPart:
    part = MIMEPart(policy=_POLICY)
    fallback = attachment.fallback_name.replace('"', "")
    part.set_raw("Content-Type", f'{attachment.media_type};\n name="{fallback}"')
    part.set_raw(
        "Content-Disposition", "attachment;" + rfc2231_parameter("filename", attachment.name)
    )
    part.set_raw("Content-Transfer-Encoding", "base64")
    part.set_payload(base64.encodebytes(attachment.content).decode("ascii"))
    return part


def rfc2231_parameter(name: str, value: str) -> str:
    """``value`` as RFC 2231 parameter ``name``: UTF-8, percent-encoded, continued over lines
    (each line begins with a space: folded header text)."""
    encoded = quote(value, safe=_ATTR_SAFE)
    chunks: list[str] = []
    while encoded:
        cut = min(_CHUNK, len(encoded))
        while cut < len(encoded) and "%" in encoded[cut - 2 : cut]:  # never split a %XX
            cut -= 1
        chunks.append(encoded[:cut])
        encoded = encoded[cut:]
    if len(chunks) <= 1:
        return f"\n {name}*=utf-8''{chunks[0] if chunks else ''}"
    first, *rest = chunks
    lines = [f"\n {name}*0*=utf-8''{first}"]
    lines += [f";\n {name}*{index}*={chunk}" for index, chunk in enumerate(rest, start=1)]
    return "".join(lines)
