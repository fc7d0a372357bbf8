"""What the email notifier answers when the server refuses, defers, is down, or cannot be trusted.

Every case runs against a real aiosmtpd server on loopback (tests/smtp_server.py)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from nhacviec.app import system_time
from notifiers.base import Address, Delivery, DeliveryStatus
from notifiers.email import EmailNotifier
from tests.smtp_server import Authority, SmtpServer, Stage, free_port
from tests.unit.notifiers import messages

UNIT = Address("email", "vhxh@xa.gov.vn", "Phòng Văn hóa - Xã hội")
USERS = {"vanphong": "mật-khẩu đúng"}


def send(notifier: EmailNotifier, *keys: str, address: Address = UNIT) -> list[Delivery]:
    """Send one digest per key, one after another, then close; in one event loop."""

    async def scenario() -> list[Delivery]:
        try:
            return [await notifier.send(address, messages.digest(), key=key) for key in keys]
        finally:
            await notifier.aclose()

    return asyncio.run(scenario())


@pytest.fixture
def server() -> Iterator[SmtpServer]:
    with SmtpServer() as running:
        yield running


@pytest.fixture
def secure(request: pytest.FixtureRequest) -> Iterator[SmtpServer]:
    with SmtpServer(security=request.param, users=USERS) as running:
        yield running


# -- the server's answers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "stage"),
    [(421, "mail"), (450, "rcpt"), (451, "data"), (452, "rcpt")],
)
def test_a_4xx_answer_is_temporary(server: SmtpServer, code: int, stage: Stage) -> None:
    server.answer(code, at=stage, times=1)
    failed, then = send(server.notifier(), "a", "b")
    assert failed.status is DeliveryStatus.TEMPORARY
    assert str(code) in failed.detail
    assert then.ok, then.detail  # the session (or a new one after 421) carries on
    assert len(server.received) == 1


@pytest.mark.parametrize(
    ("code", "stage"),
    [(550, "rcpt"), (553, "rcpt"), (554, "data"), (552, "data"), (554, "mail")],
)
def test_a_5xx_answer_is_permanent(server: SmtpServer, code: int, stage: Stage) -> None:
    server.answer(code, at=stage, times=1)
    failed, then = send(server.notifier(), "a", "b")
    assert failed.status is DeliveryStatus.PERMANENT
    assert str(code) in failed.detail
    assert then.ok, then.detail
    assert server.connections == 1  # a refusal does not cost the session


def test_a_refused_recipient_is_named_in_vietnamese(server: SmtpServer) -> None:
    server.answer(550, at="rcpt")
    [failed] = send(server.notifier(), "a")
    assert failed.detail == (
        "Máy chủ thư từ chối người nhận vhxh@xa.gov.vn (550 5.1.1 Mailbox unavailable)"
    )


def test_an_address_that_is_not_a_mailbox_is_permanent_without_connecting(
    server: SmtpServer,
) -> None:
    notifier = server.notifier()
    bad, other_channel = send(notifier, "a", address=Address("email", "vhxh@xa gov")) + send(
        notifier, "b", address=Address("telegram", "-100123")
    )
    assert bad.status is other_channel.status is DeliveryStatus.PERMANENT
    assert "vhxh@xa gov" in bad.detail
    assert "telegram" in other_channel.detail
    assert server.connections == 0


# -- the server is down -----------------------------------------------------------------------


def test_down_is_temporary_and_every_message_arrives_once_when_it_is_back(
    server: SmtpServer,
) -> None:
    notifier = server.notifier()
    assert [d.status for d in send(notifier, "before")] == [DeliveryStatus.ACCEPTED]
    server.stop()
    down = send(notifier, "k1", "k2", "k3")
    assert {d.status for d in down} == {DeliveryStatus.TEMPORARY}
    assert "127.0.0.1" in down[0].detail
    server.start()
    back = send(notifier, "k1", "k2", "k3")  # the outbox retries with the same keys
    assert all(delivery.ok for delivery in back)
    ids = [received.message()["Message-ID"].strip() for received in server.received]
    assert len(ids) == len(set(ids)) == 4


def test_nothing_listening_is_temporary() -> None:
    notifier = EmailNotifier(
        "127.0.0.1", free_port(), security="none", from_address="a@b.vn", clock=system_time
    )
    [failed] = send(notifier, "a")
    assert failed.status is DeliveryStatus.TEMPORARY
    assert "Không kết nối được máy chủ thư" in failed.detail


def test_a_server_that_never_answers_times_out_as_temporary() -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never greets
        port = silent.getsockname()[1]
        notifier = EmailNotifier(
            "127.0.0.1",
            port,
            security="none",
            from_address="a@b.vn",
            clock=system_time,
            timeout_s=0.2,
        )
        [failed] = send(notifier, "a")
    assert failed.status is DeliveryStatus.TEMPORARY
    assert failed.detail == (
        "Máy chủ thư 127.0.0.1:" + str(port) + " không trả lời trong 0.2 giây; sẽ thử lại sau"
    )


# -- TLS and login ----------------------------------------------------------------------------


@pytest.mark.parametrize("secure", ["starttls", "tls"], indirect=True)
def test_tls_with_login_delivers_over_tls_as_the_user(secure: SmtpServer) -> None:
    deliveries = send(secure.notifier(), "a", "b")
    assert all(delivery.ok for delivery in deliveries)
    assert [(r.tls, r.login) for r in secure.received] == [(True, "vanphong")] * 2
    assert secure.connections == 1


@pytest.mark.parametrize("secure", ["starttls", "tls"], indirect=True)
def test_a_certificate_from_another_authority_is_temporary_and_says_why(
    secure: SmtpServer, tmp_path: Path
) -> None:
    stranger = Authority.create(tmp_path)
    [failed] = send(secure.notifier(ca_file=stranger.ca_file), "a")
    assert failed.status is DeliveryStatus.TEMPORARY
    assert "Chứng chỉ TLS của máy chủ thư" in failed.detail
    assert "smtp.ca_file" in failed.detail
    assert secure.received == []


@pytest.mark.parametrize("secure", ["starttls"], indirect=True)
def test_the_system_cas_do_not_trust_a_private_certificate(secure: SmtpServer) -> None:
    [failed] = send(secure.notifier(ca_file=None), "a")
    assert failed.status is DeliveryStatus.TEMPORARY
    assert failed.detail.startswith("Chứng chỉ TLS của máy chủ thư 127.0.0.1:")


@pytest.mark.parametrize("secure", ["starttls", "tls"], indirect=True)
def test_a_wrong_password_is_permanent_and_never_tried_again(secure: SmtpServer) -> None:
    notifier = secure.notifier(password="sai mật khẩu")
    first, second = send(notifier, "a", "b")
    assert first.status is DeliveryStatus.PERMANENT
    assert "535" in first.detail
    assert "NHACVIEC_SMTP_PASSWORD" in first.detail
    assert second == first
    assert secure.connections == 1  # no second login: the account is not locked
    assert "sai mật khẩu" not in repr(notifier.__dict__)


def test_starttls_required_never_falls_back_to_plain_text(server: SmtpServer) -> None:
    [failed] = send(server.notifier(security="starttls", ca_file=None), "a")
    assert failed.status is DeliveryStatus.TEMPORARY
    assert "STARTTLS" in failed.detail
    assert server.received == []


@pytest.mark.parametrize("secure", ["starttls"], indirect=True)
def test_without_tls_the_server_refuses_to_take_the_password(secure: SmtpServer) -> None:
    [failed] = send(secure.notifier(security="none"), "a")
    assert failed.status is DeliveryStatus.TEMPORARY
    assert "AUTH" in failed.detail
    assert secure.received == []
