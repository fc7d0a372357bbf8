"""Plan text never breaks an email: it arrives intact in the text part, escaped in the HTML part,
and cannot add headers or recipients. Sent through a real SMTP server on loopback."""

from __future__ import annotations

import asyncio
import email
import itertools
import re
from collections.abc import Iterator
from datetime import date
from email.header import decode_header, make_header
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notifiers.base import Address
from notifiers.email.message import one_line
from notifiers.message import DigestSection, Message, ReminderKind
from notifiers.render import render, shorten
from tests.smtp_server import Received, SmtpServer
from tests.unit.notifiers import messages

HOSTILE = [
    "<b>",
    "</b>",
    "&",
    "&amp;",
    "*_[",
    "`",
    "<script>alert(1)</script>",
    "<!--",
    "\x00",
    "\x1b[31m",
    "\x07",
    "\n",
    "\r\n",
    "\r",
    "\u2028",
    "\x85",
    "\t",
    "\nBcc: attacker@example.com\n",
    "\r\n.\r\n",
    "=?utf-8?b?SGk=?=",  # looks like an encoded word: must stay these characters
    "Nhắc việc “quý III”",
]
_counter = itertools.count()


class Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.data: list[str] = []
        self.other: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_endtag(self, tag: str) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    def handle_comment(self, data: str) -> None:
        self.other.append(data)


def parse_html(html: str) -> Html:
    parser = Html()
    parser.feed(html)
    parser.close()
    return parser


def wire_name(received: Received, header: str) -> str:
    """The display name as RFC 2047 decodes it: adjacent encoded words joined (the modern
    parser puts a space before an encoded word that starts with '.')."""
    raw = email.message_from_bytes(received.data)[header]
    decoded = str(make_header(decode_header(raw)))
    name, bracket, _ = decoded.rpartition(" <")
    if not bracket:
        return ""
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = re.sub(r"\\(.)", r"\1", name[1:-1])
    return name


def lines(text: str) -> str:
    """Line breaks as one \\n and a final one (what MIME makes of a text body)."""
    text = re.sub(r"\r\n?", "\n", text)
    return text if text.endswith("\n") else text + "\n"


TEMPLATE_TAGS = set().union(
    *(
        parse_html(render(build()).html).tags
        for build in (messages.digest, messages.action, messages.escalation, messages.office_weekly)
    )
)


@pytest.fixture(scope="module")
def server() -> Iterator[SmtpServer]:
    with SmtpServer() as running:
        yield running


def deliver(server: SmtpServer, message: Message, address: Address) -> Received:
    """Send one message and return what the server received under its Message-ID."""
    key = f"escaping:{next(_counter)}"

    async def scenario() -> str:
        notifier = server.notifier()
        delivery = await notifier.send(address, message, key=key)
        await notifier.aclose()
        assert delivery.ok, delivery.detail
        return delivery.provider_id

    provider_id = asyncio.run(scenario())
    [received] = [r for r in server.received if provider_id in r.data.decode("ascii", "replace")]
    assert received.rcpt_tos == (address.value,)  # no recipient smuggled in
    return received


def hostile_message(title: str, name: str, note: str) -> Message:
    returned = messages.item(ReminderKind.RETURNED, "I.2", title, date(2025, 9, 5), note=note)
    overdue = messages.item(ReminderKind.OVERDUE, "II.1", title, date(2025, 8, 15), days=9)
    return messages.message(
        {DigestSection.ACTION: (returned,), DigestSection.OVERDUE: (overdue,)}, name=name
    )


def assert_intact(received: Received, message: Message, name: str, words: list[str]) -> None:
    mail = received.message()
    rendered = render(message)
    plain, html = mail.iter_parts()
    text = plain.get_content()
    assert lines(text) == lines(rendered.text)
    assert lines(html.get_content()) == lines(rendered.html)
    for word in words:  # as the plan wrote them (a lone CR is a line break in MIME text)
        assert lines(word).rstrip("\n") in lines(text)
    parsed = parse_html(html.get_content())
    assert parsed.tags <= TEMPLATE_TAGS  # plan text added no element
    assert not parsed.other
    shown = lines("".join(parsed.data))
    for word in words:
        assert lines(word).rstrip("\n") in shown
    assert wire_name(received, "To") == one_line(name)
    assert [a.addr_spec for a in mail["To"].addresses] == [received.rcpt_tos[0]]
    assert mail["Bcc"] is None
    assert str(mail["Subject"]) == rendered.subject
    assert (mail.defects, plain.defects, html.defects) == ([], [], [])


def test_tags_ampersands_markdown_and_control_characters_arrive_intact(
    server: SmtpServer,
) -> None:
    title = "<b>Báo cáo</b> & *_[ kết quả]\x00\x1b[31m đỏ \x07 “quý III” &amp;"
    name = "Phòng <b>Văn hóa</b>\r\nBcc: attacker@example.com"
    note = "Thiếu số liệu <i>quý III</i> & phụ lục *_[1]"
    message = hostile_message(title, name, note)
    received = deliver(server, message, Address("email", "vhxh@xa.gov.vn", name))
    assert_intact(received, message, name, [shorten(title), note])
    plain = received.message().get_body(("plain",))
    assert plain is not None
    assert plain["Content-Transfer-Encoding"] == "base64"  # NUL, ESC


def test_a_line_longer_than_smtp_allows_arrives_whole(server: SmtpServer) -> None:
    note = "Đề nghị bổ sung số liệu chi tiết theo từng xã, phường & thị trấn; " * 40
    assert len(note.encode()) > 2000
    message = hostile_message("Báo cáo kết quả", "Phòng Kinh tế", note)
    received = deliver(server, message, Address("email", "kt@xa.gov.vn"))
    assert_intact(received, message, "Phòng Kinh tế", [note])
    plain = received.message().get_body(("plain",))
    assert plain is not None
    assert plain["Content-Transfer-Encoding"] in {"quoted-printable", "base64"}


plan_text = st.lists(
    st.one_of(st.text(max_size=12), st.sampled_from(HOSTILE)), min_size=1, max_size=8
).map("".join)
long_text = st.one_of(plan_text, plan_text.map(lambda words: (words + " ") * 120))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=long_text, name=plan_text, note=long_text)
def test_arbitrary_plan_text_arrives_intact(
    server: SmtpServer, title: str, name: str, note: str
) -> None:
    message = hostile_message(title, name, note)
    received = deliver(server, message, Address("email", "vhxh@xa.gov.vn", name))
    assert_intact(received, message, name, [shorten(title), note])
