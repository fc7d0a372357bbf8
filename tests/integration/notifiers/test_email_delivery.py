"""Email through a real SMTP server on loopback: what arrives, and how sessions are reused."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from typing import TypeVar

import pytest

from notifiers.base import Address, DeliveryStatus
from notifiers.email import EmailNotifier
from notifiers.email.message import Envelope, build_email, message_id
from notifiers.message import Message
from notifiers.render import render
from tests.smtp_server import SENDER, Received, SmtpServer
from tests.unit.notifiers import messages

T = TypeVar("T")
UNIT = Address("email", "vhxh@xa.gov.vn", "Phòng Văn hóa - Xã hội")
OFFICE_MAIL = "vanphong@stc.gov.vn"
KEY = "o12:due:0:u7:lead:d20250829:email:vhxh@xa.gov.vn"
NOW = datetime(2025, 8, 29, 1, 0, tzinfo=UTC)  # 08:00 in Vietnam


def run(scenario: Callable[[], Awaitable[T]]) -> T:
    async def wrapped() -> T:
        return await scenario()

    return asyncio.run(wrapped())


def lines(text: str) -> str:
    """Line breaks as one \\n (CRLF on the wire, LF in the templates), and a final one: a MIME
    text body always ends with a line break."""
    text = re.sub(r"\r\n?", "\n", text)
    return text if text.endswith("\n") else text + "\n"


def message_id_of(received: Received) -> str:
    """A long Message-ID is folded onto its own line; unfolding leaves the space before it."""
    return str(received.message()["Message-ID"]).strip()


def with_office(message: Message) -> Message:
    return Message(
        recipient_unit=message.recipient_unit,
        recipient_name=message.recipient_name,
        role=message.role,
        day=message.day,
        sections=message.sections,
        language=message.language,
        reply_to=OFFICE_MAIL,
        office_name="Văn phòng Sở Tài chính",
    )


@pytest.fixture
def server() -> Iterator[SmtpServer]:
    with SmtpServer() as running:
        yield running


def send_one(server: SmtpServer, message: Message, address: Address = UNIT, key: str = KEY) -> str:
    async def scenario() -> str:
        notifier = server.notifier(clock=lambda: NOW)
        delivery = await notifier.send(address, message, key=key)
        await notifier.aclose()
        assert delivery.status is DeliveryStatus.ACCEPTED, delivery.detail
        return delivery.provider_id

    return run(scenario)


def test_a_digest_arrives_with_every_header_in_exact_vietnamese(server: SmtpServer) -> None:
    message = with_office(messages.digest())
    provider_id = send_one(server, message)
    [received] = server.received
    mail = received.message()
    assert received.mail_from == SENDER
    assert received.rcpt_tos == ("vhxh@xa.gov.vn",)
    assert str(mail["Subject"]) == render(message).subject
    assert mail["From"].addresses[0].display_name == "Nhắc việc"
    assert mail["From"].addresses[0].addr_spec == SENDER
    assert mail["To"].addresses[0].display_name == "Phòng Văn hóa - Xã hội"
    assert mail["To"].addresses[0].addr_spec == "vhxh@xa.gov.vn"
    assert mail["Reply-To"].addresses[0].display_name == "Văn phòng Sở Tài chính"
    assert mail["Reply-To"].addresses[0].addr_spec == OFFICE_MAIL
    assert message_id_of(received) == provider_id
    assert provider_id == "<o12.due.0.u7.lead.d20250829.email.vhxh=40xa=2Egov=2Evn@stc.gov.vn>"
    assert mail["Date"].datetime == NOW
    assert mail["Date"].datetime.utcoffset().total_seconds() == 7 * 3600
    assert mail["Content-Language"] == "vi"
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail.get_content_type() == "multipart/alternative"


def test_both_parts_carry_the_rendered_message_exactly(server: SmtpServer) -> None:
    message = messages.digest()
    send_one(server, message)
    mail = server.received[0].message()
    rendered = render(message)
    plain, html = mail.iter_parts()
    assert plain.get_content_type() == "text/plain"
    assert plain.get_content_charset() == "utf-8"
    assert lines(plain.get_content()) == lines(rendered.text)
    assert html.get_content_type() == "text/html"
    assert lines(html.get_content()) == lines(rendered.html)
    assert "Rà soát, đơn giản hóa thủ tục hành chính" in plain.get_content()
    assert plain["Content-Transfer-Encoding"] == "8bit"  # readable as is, no base64
    assert "BODY=8BITMIME" in server.received[0].mail_options


def test_an_english_message_says_so(server: SmtpServer) -> None:
    message = messages.digest(language="en")
    send_one(server, message)
    mail = server.received[0].message()
    assert mail["Content-Language"] == "en"
    english, vietnamese = render(message), render(messages.digest())
    assert english.subject != vietnamese.subject
    assert str(mail["Subject"]) == english.subject
    plain = mail.get_body(("plain",))
    assert plain is not None
    assert lines(plain.get_content()) == lines(english.text)


def test_the_unit_name_falls_back_to_the_message_and_reply_to_is_left_out_without_office(
    server: SmtpServer,
) -> None:
    send_one(server, messages.action(), Address("email", "ubnd@xa.gov.vn"))
    mail = server.received[0].message()
    assert mail["To"].addresses[0].display_name == "Phòng Văn hóa - Xã hội"
    assert mail["Reply-To"] is None


def test_a_resend_carries_the_same_message_id(server: SmtpServer) -> None:
    first = send_one(server, messages.digest())
    again = send_one(server, messages.digest())
    other = send_one(server, messages.digest(), key=KEY.replace("due:0", "overdue:1"))
    ids = [message_id_of(received) for received in server.received]
    assert ids == [first, first, other]
    assert again == first != other


def test_sends_one_after_another_share_one_connection(server: SmtpServer) -> None:
    async def scenario() -> EmailNotifier:
        notifier = server.notifier()
        for number in range(5):
            delivery = await notifier.send(UNIT, messages.digest(), key=f"{KEY}:{number}")
            assert delivery.ok, delivery.detail
        assert server.open_connections == 1
        await notifier.aclose()
        return notifier

    notifier = run(scenario)
    assert len(server.received) == 5
    assert {received.connection for received in server.received} == {1}
    assert server.connections == notifier.connections_opened == 1
    assert server.wait_closed(1)  # aclose() said QUIT


def test_a_session_the_server_dropped_is_reopened_without_a_failure(server: SmtpServer) -> None:
    async def scenario() -> None:
        notifier = server.notifier()
        assert (await notifier.send(UNIT, messages.digest(), key="a")).ok
        server.drop_connections()  # the server's idle timeout
        delivery = await notifier.send(UNIT, messages.digest(), key="b")
        assert delivery.ok, delivery.detail
        await notifier.aclose()

    run(scenario)
    assert [received.connection for received in server.received] == [1, 2]
    assert server.connections == 2


def test_an_idle_session_is_closed_and_the_next_send_opens_another(server: SmtpServer) -> None:
    async def scenario() -> None:
        notifier = server.notifier(idle_s=0.05)
        assert (await notifier.send(UNIT, messages.digest(), key="a")).ok
        # the server sees the session end while the notifier sits idle (no aclose)
        assert await asyncio.to_thread(server.wait_closed, 1)
        assert server.open_connections == 0
        assert (await notifier.send(UNIT, messages.digest(), key="b")).ok
        await notifier.aclose()

    run(scenario)
    assert server.connections == 2


def test_concurrent_sends_use_at_most_the_pool_and_each_arrives_once(server: SmtpServer) -> None:
    keys = [f"{KEY}:{number}" for number in range(12)]

    async def scenario() -> None:
        notifier = server.notifier(connections=3)
        deliveries = await asyncio.gather(
            *(notifier.send(UNIT, messages.digest(), key=key) for key in keys)
        )
        assert all(delivery.ok for delivery in deliveries)
        await notifier.aclose()

    run(scenario)
    assert 1 <= server.connections <= 3
    ids = sorted(message_id_of(received) for received in server.received)
    assert len(ids) == len(set(ids)) == len(keys)


def test_a_notifier_closed_in_one_event_loop_works_in_the_next(server: SmtpServer) -> None:
    notifier = server.notifier()

    async def once(key: str) -> DeliveryStatus:
        delivery = await notifier.send(UNIT, messages.digest(), key=key)
        await notifier.aclose()
        return delivery.status

    assert asyncio.run(once("a")) is DeliveryStatus.ACCEPTED
    assert asyncio.run(once("b")) is DeliveryStatus.ACCEPTED  # `nhacviec tick` run twice
    assert len(server.received) == 2


def test_a_prebuilt_email_is_delivered_as_built(server: SmtpServer) -> None:
    envelope = Envelope(SENDER, "Nhắc việc", "kt@xa.gov.vn", "Phòng Kinh tế")
    mail = build_email(render(messages.action()), envelope, key="check:1", now=NOW)

    async def scenario() -> str:
        notifier = server.notifier()
        delivery = await notifier.deliver(mail, "kt@xa.gov.vn", key="check:1")
        await notifier.aclose()
        assert delivery.ok, delivery.detail
        return delivery.provider_id

    assert run(scenario) == message_id("check:1", SENDER) == "<check.1@stc.gov.vn>"
    [received] = server.received
    assert received.rcpt_tos == ("kt@xa.gov.vn",)
    assert message_id_of(received) == "<check.1@stc.gov.vn>"
