"""What each SMTP failure means for a reminder, with the exceptions aiosmtplib raises."""

from __future__ import annotations

import socket
import ssl

import pytest
from aiosmtplib import (
    SMTPAuthenticationError,
    SMTPConnectError,
    SMTPDataError,
    SMTPException,
    SMTPNotSupported,
    SMTPReadTimeoutError,
    SMTPRecipientRefused,
    SMTPRecipientsRefused,
    SMTPResponseException,
    SMTPSenderRefused,
    SMTPServerDisconnected,
)

from notifiers.base import Delivery, DeliveryStatus
from notifiers.email.outcome import outcome

SERVER = "mail.stc.gov.vn:587"
TEMPORARY, PERMANENT = DeliveryStatus.TEMPORARY, DeliveryStatus.PERMANENT


def classify(error: BaseException, language: str = "vi") -> Delivery:
    return outcome(error, server=SERVER, timeout_s=30.0, language=language)


def raised_from(error: Exception, cause: BaseException) -> Exception:
    """``error`` as aiosmtplib raises it: ``raise error from cause``."""
    try:
        raise error from cause
    except Exception as caught:
        return caught


def refused(code: int) -> SMTPRecipientsRefused:
    return SMTPRecipientsRefused(
        [SMTPRecipientRefused(code, "5.1.1 Mailbox unavailable", "vhxh@xa.gov.vn")]
    )


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (refused(550), PERMANENT),
        (refused(553), PERMANENT),
        (refused(450), TEMPORARY),  # greylisting answers at RCPT
        (refused(452), TEMPORARY),
        (SMTPDataError(554, "5.7.1 Transaction failed"), PERMANENT),
        (SMTPDataError(451, "4.3.0 Local error"), TEMPORARY),
        (SMTPSenderRefused(553, "5.7.1 Sender not owned", "nhacviec@stc.gov.vn"), PERMANENT),
        (SMTPResponseException(421, "4.3.2 Closing"), TEMPORARY),
        (SMTPResponseException(-1, "Malformed SMTP response line"), TEMPORARY),
        (SMTPAuthenticationError(535, "5.7.8 Authentication credentials invalid"), PERMANENT),
        (SMTPAuthenticationError(454, "4.7.0 Temporary authentication failure"), TEMPORARY),
        (SMTPServerDisconnected("Connection lost"), TEMPORARY),
        (SMTPReadTimeoutError("Timed out waiting for server response"), TEMPORARY),
        (TimeoutError(), TEMPORARY),
        (ConnectionRefusedError(111, "Connection refused"), TEMPORARY),
        (SMTPException("SMTP STARTTLS extension not supported by server."), TEMPORARY),
        (SMTPNotSupported("SMTPUTF8 is not supported by this server"), PERMANENT),
    ],
)
def test_status_by_reply_code_or_kind_of_trouble(error: Exception, status: DeliveryStatus) -> None:
    delivery = classify(error)
    assert delivery.status is status
    assert delivery.detail


def test_a_refused_recipient_names_it_and_quotes_the_server() -> None:
    assert classify(refused(550)).detail == (
        "Máy chủ thư từ chối người nhận vhxh@xa.gov.vn (550 5.1.1 Mailbox unavailable)"
    )
    assert classify(refused(550), "en").detail == (
        "the mail server refused recipient vhxh@xa.gov.vn (550 5.1.1 Mailbox unavailable)"
    )


def test_a_failed_login_says_what_to_fix() -> None:
    detail = classify(SMTPAuthenticationError(535, "5.7.8 Authentication credentials invalid"))
    assert detail.detail.startswith("Đăng nhập máy chủ thư không thành công (535 5.7.8")
    assert "NHACVIEC_SMTP_USER" in detail.detail
    assert "NHACVIEC_SMTP_PASSWORD" in detail.detail


def test_dns_failure_is_named() -> None:
    error = raised_from(
        SMTPConnectError("Error connecting to mail.stc.gov.vn on port 587"),
        socket.gaierror(-2, "Name or service not known"),
    )
    delivery = classify(error)
    assert delivery.status is TEMPORARY
    assert delivery.detail.startswith("Không tìm thấy máy chủ thư mail.stc.gov.vn:587 trong DNS")


def test_an_untrusted_certificate_is_named_with_the_reason() -> None:
    cause = ssl.SSLCertVerificationError(1, "certificate verify failed")
    cause.verify_message = "unable to get local issuer certificate"
    error = raised_from(SMTPConnectError("Error connecting to mail.stc.gov.vn"), cause)
    delivery = classify(error, "en")
    assert delivery.status is TEMPORARY
    assert delivery.detail.startswith(
        "the TLS certificate of mail server mail.stc.gov.vn:587 is not trusted "
        "(unable to get local issuer certificate)"
    )
    assert "smtp.ca_file" in delivery.detail


def test_other_tls_trouble_is_temporary() -> None:
    error = raised_from(SMTPServerDisconnected("lost"), ssl.SSLError(1, "WRONG_VERSION_NUMBER"))
    delivery = classify(error)
    assert delivery.status is TEMPORARY
    assert delivery.detail.startswith("Không thiết lập được kết nối TLS")


def test_a_timeout_names_the_seconds() -> None:
    delivery = outcome(TimeoutError(), server=SERVER, timeout_s=2.5, language="vi")
    assert delivery.detail == (
        "Máy chủ thư mail.stc.gov.vn:587 không trả lời trong 2.5 giây; sẽ thử lại sau"
    )


def test_a_programming_error_is_not_a_delivery_outcome() -> None:
    with pytest.raises(KeyError):
        classify(KeyError("bug"))
