"""Building the email: headers, Message-ID from the key, names, bodies and their encodings."""

from __future__ import annotations

import email
import email.policy
import io
import re
from datetime import UTC, datetime
from email.generator import BytesGenerator
from email.header import decode_header, make_header
from email.message import EmailMessage

import pytest
from aiosmtplib.email import flatten_message
from hypothesis import given
from hypothesis import strategies as st

from notifiers.email.message import Envelope, build_email, is_mailbox, message_id, one_line
from notifiers.render import Rendered, render
from tests.unit.notifiers import messages

NOW = datetime(2025, 8, 29, 1, 0, tzinfo=UTC)
LONG_NAME = "Phòng Văn hóa và Thông tin - Ủy ban nhân dân xã Hòa Bình, tỉnh Thái Nguyên"
ENVELOPE = Envelope(
    sender="nhacviec@stc.gov.vn",
    sender_name="Nhắc việc",
    recipient="vhxh@xa.gov.vn",
    recipient_name=LONG_NAME,
    reply_to="vanphong@stc.gov.vn",
    reply_to_name="Văn phòng Sở Tài chính",
)
ID_LEFT = re.compile(r"[A-Za-z0-9_=-]+(\.[A-Za-z0-9_=-]+)*")  # dot-atom-text, as we write it


def wire(mail: EmailMessage) -> bytes:
    out = io.BytesIO()
    BytesGenerator(out, policy=email.policy.SMTP).flatten(mail)
    return out.getvalue()


def decoded(raw: bytes, header: str) -> str:
    """A header as an RFC 2047 reader shows it (adjacent encoded words joined)."""
    return str(make_header(decode_header(email.message_from_bytes(raw)[header])))


def rendered_with(text: str, html: str = "<p>x</p>") -> Rendered:
    return Rendered(subject="Nhắc việc", text=text, html=html, telegram_html="", language="vi")


# -- Message-ID ---------------------------------------------------------------------------------


def test_message_id_reads_like_the_key() -> None:
    key = "o12:due:0:u7:lead:d20250829:email:vhxh@xa.gov.vn"
    assert message_id(key, "nhacviec@stc.gov.vn") == (
        "<o12.due.0.u7.lead.d20250829.email.vhxh=40xa=2Egov=2Evn@stc.gov.vn>"
    )


def test_message_id_escapes_colons_that_would_leave_empty_parts() -> None:
    assert message_id("a::b", "x@y.vn") == "<a=3A=3Ab@y.vn>"
    assert message_id(":a", "x@y.vn") == "<=3Aa@y.vn>"
    assert message_id("ý kiến", "x@y.vn") == "<=C3=BD=20ki=E1=BA=BFn@y.vn>"


def test_message_id_needs_a_key() -> None:
    with pytest.raises(ValueError, match="key"):
        message_id("", "x@y.vn")


@given(st.text(min_size=1, max_size=80), st.text(min_size=1, max_size=80))
def test_message_ids_are_valid_and_different_keys_never_share_one(first: str, second: str) -> None:
    one, other = message_id(first, "a@stc.gov.vn"), message_id(second, "a@stc.gov.vn")
    assert (one == other) == (first == second)
    left, _, domain = one[1:-1].rpartition("@")
    assert ID_LEFT.fullmatch(left)
    assert domain == "stc.gov.vn"
    parsed = email.policy.default.header_factory("Message-ID", one)
    assert not parsed.defects


# -- addresses and names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("vhxh@xa.gov.vn", True),
        ("van.phong+nhac@stc.gov.vn", True),
        ("unit:7", False),
        ("vhxh@xa", False),
        ("vhxh@xa gov.vn", False),
        ("Phòng <vhxh@xa.gov.vn>", False),
        ("a@b.vn\r\nRCPT TO:<x@y.vn>", False),
        ("", False),
    ],
)
def test_is_mailbox(value: str, ok: bool) -> None:
    assert is_mailbox(value) is ok


def test_one_line_drops_control_characters_and_folds_whitespace() -> None:
    assert one_line("Phòng\r\nBcc: x@y.vn\x00\x1b[31m \t A") == "Phòng Bcc: x@y.vn[31m A"


# -- the whole message --------------------------------------------------------------------------


def test_headers_decode_to_the_exact_vietnamese() -> None:
    rendered = render(messages.digest())
    raw = wire(build_email(rendered, ENVELOPE, key="o1:due:0", now=NOW))
    mail = email.message_from_bytes(raw, policy=email.policy.default)
    assert decoded(raw, "To") == f"{LONG_NAME} <vhxh@xa.gov.vn>"
    assert decoded(raw, "From") == "Nhắc việc <nhacviec@stc.gov.vn>"
    assert decoded(raw, "Reply-To") == "Văn phòng Sở Tài chính <vanphong@stc.gov.vn>"
    assert str(mail["Subject"]) == rendered.subject
    assert str(mail["Message-ID"]).strip() == "<o1.due.0@stc.gov.vn>"
    assert mail["Date"].datetime == NOW
    assert str(mail["Date"]).endswith("+0700")
    assert mail["Content-Language"] == "vi"
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail["X-Auto-Response-Suppress"] == "All"
    assert all(len(line) <= 78 for line in raw.split(b"\r\n\r\n")[0].split(b"\r\n"))


@given(st.text(max_size=120))
def test_any_display_name_decodes_back_to_its_one_line_form(name: str) -> None:
    envelope = Envelope("a@stc.gov.vn", name, "b@xa.gov.vn", name)
    raw = wire(build_email(rendered_with("x"), envelope, key="k", now=NOW))
    expected = one_line(name)
    assert decoded(raw, "To") == (f"{expected} <b@xa.gov.vn>" if expected else "b@xa.gov.vn")


def test_no_reply_to_without_an_office_address() -> None:
    envelope = Envelope("a@stc.gov.vn", "Nhắc việc", "b@xa.gov.vn", "Phòng Kinh tế")
    mail = build_email(rendered_with("x"), envelope, key="k", now=NOW)
    assert mail["Reply-To"] is None


def test_two_parts_text_then_html() -> None:
    mail = build_email(rendered_with("Chào\n", "<p>Chào</p>"), ENVELOPE, key="k", now=NOW)
    assert mail.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in mail.iter_parts()] == ["text/plain", "text/html"]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Nhắc việc: báo cáo quý III\n", "8bit"),
        ("Reminders: third quarter report\n", "7bit"),
        ("Báo cáo \x00 kết quả \x1b[31m\n", "base64"),
        ("Ý kiến: " + "rà soát, đơn giản hóa thủ tục; " * 60 + "\n", "base64"),
        ("plain ascii " * 120 + "\n", "quoted-printable"),
    ],
)
def test_bodies_travel_in_an_encoding_smtp_takes_and_decode_exactly(
    text: str, encoding: str
) -> None:
    raw = wire(build_email(rendered_with(text), ENVELOPE, key="k", now=NOW))
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    mail = email.message_from_bytes(raw, policy=email.policy.default)
    plain = mail.get_body(("plain",))
    assert plain is not None
    assert plain["Content-Transfer-Encoding"] == encoding
    assert plain.get_content().replace("\r\n", "\n") == text


def test_a_server_without_8bitmime_gets_the_same_text_in_base64() -> None:
    text = "Nhắc việc: báo cáo quý III\nRà soát thủ tục\n"
    raw = flatten_message(
        build_email(rendered_with(text), ENVELOPE, key="k", now=NOW), cte_type="7bit"
    )
    assert raw.isascii()
    mail = email.message_from_bytes(raw, policy=email.policy.default)
    plain = mail.get_body(("plain",))
    assert plain is not None
    assert plain["Content-Transfer-Encoding"] == "base64"
    assert plain.get_content().replace("\r\n", "\n") == text
