"""Building the email notifier: from arguments or settings, refusing what cannot work."""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path

import pytest
from pydantic import SecretStr

from config.settings import SmtpSettings
from nhacviec.app import email_notifier, system_time
from nhacviec.errors import ConfigError
from nhacviec.i18n.errors import render_error
from notifiers.base import Address, DeliveryStatus, Notifier
from notifiers.email import EmailNotifier, tls_context
from tests.unit.notifiers import messages

PASSWORD = "mật-khẩu bí mật"


def test_from_settings_takes_every_field() -> None:
    smtp = SmtpSettings(
        host="mail.stc.gov.vn",
        port=465,
        security="tls",
        user="nhacviec",
        password=SecretStr(PASSWORD),
        from_address="nhacviec@stc.gov.vn",
        from_name="Nhắc việc Sở Tài chính",
        timeout_s=12.0,
    )
    notifier = email_notifier(smtp, language="en", clock=system_time)
    assert isinstance(notifier, Notifier)
    assert notifier.channel == "email"
    assert notifier.server == "mail.stc.gov.vn:465"
    assert (notifier.from_address, notifier.from_name) == (smtp.from_address, smtp.from_name)
    assert notifier.timeout_s == 12.0
    assert notifier.language == "en"
    assert notifier.connections_opened == 0  # nothing happens before the first send


def test_the_password_is_never_shown() -> None:
    notifier = EmailNotifier(
        "mail.stc.gov.vn",
        from_address="nhacviec@stc.gov.vn",
        clock=system_time,
        user="u",
        password=PASSWORD,
    )
    shown = repr(vars(notifier)) + repr(vars(notifier._pool)) + repr(notifier._pool.options)
    assert PASSWORD not in shown


@pytest.mark.parametrize(
    ("options", "key"),
    [
        ({"host": "", "from_address": "a@stc.gov.vn"}, "notifiers.email.no_host"),
        ({"host": "mail.stc.gov.vn", "from_address": ""}, "notifiers.email.no_sender"),
        ({"host": "mail.stc.gov.vn", "from_address": "nhacviec"}, "notifiers.email.no_sender"),
        (
            {"host": "mail.stc.gov.vn", "from_address": "a@stc.gov.vn", "security": "ssl"},
            "notifiers.email.bad_security",
        ),
    ],
)
def test_what_cannot_work_is_refused_at_start(options: dict[str, str], key: str) -> None:
    host = options.pop("host")
    with pytest.raises(ConfigError) as caught:
        EmailNotifier(host, clock=system_time, **options)  # type: ignore[arg-type]
    assert caught.value.key == key
    assert render_error(caught.value, "vi")


def test_a_login_in_clear_is_refused_except_to_this_machine() -> None:
    with pytest.raises(ConfigError) as caught:
        EmailNotifier(
            "mail.stc.gov.vn",
            from_address="a@stc.gov.vn",
            clock=system_time,
            security="none",
            user="vp",
        )
    assert caught.value.key == "notifiers.email.login_in_clear"
    assert "mail.stc.gov.vn" in render_error(caught.value, "vi")
    for local in ("127.0.0.1", "::1", "localhost"):
        EmailNotifier(
            local, from_address="a@stc.gov.vn", clock=system_time, security="none", user="vp"
        )
    EmailNotifier(
        "mail.stc.gov.vn", from_address="a@stc.gov.vn", clock=system_time, security="none"
    )  # no login


def test_a_missing_ca_file_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "ca.pem"
    with pytest.raises(ConfigError) as caught:
        EmailNotifier(
            "mail.stc.gov.vn", from_address="a@stc.gov.vn", clock=system_time, ca_file=missing
        )
    assert caught.value.key == "notifiers.email.bad_ca_file"
    assert str(missing) in render_error(caught.value, "vi")


def test_certificate_and_host_name_checks_are_on() -> None:
    context = tls_context(None)
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname


def test_an_address_of_another_channel_is_permanent_without_connecting() -> None:
    notifier = EmailNotifier(
        "mail.invalid", from_address="a@stc.gov.vn", clock=system_time, security="none"
    )
    delivery = asyncio.run(notifier.send(Address("telegram", "-1001"), messages.digest(), key="k"))
    assert delivery.status is DeliveryStatus.PERMANENT
    assert delivery.detail == "Địa chỉ -1001 thuộc kênh telegram, không phải thư điện tử"
    assert notifier.connections_opened == 0
