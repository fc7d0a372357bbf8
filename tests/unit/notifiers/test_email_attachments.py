"""An email with a file attached (``notifiers.email.attachments``): multipart/mixed, the words
then the file; the Vietnamese file name per RFC 2231, within header line limits, read back
whole by the standard library's parser."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime

from notifiers.attachment import Attachment
from notifiers.email.attachments import build_email_with_files
from notifiers.email.message import Envelope
from workflows.standing import LOCAL_TZ

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NAME = "Báo cáo kết quả thực hiện Kế hoạch KH1 – 6 tháng cuối năm 2025 (bản trình ký).docx"


def _mail(name: str = NAME) -> bytes:
    content = bytes(range(256)) * 40  # binary: every byte value
    mail = build_email_with_files(
        "Báo cáo kết quả thực hiện – tháng 10/2025",
        "Kính gửi Văn phòng Sở,\n\nXin gửi kèm báo cáo.",
        "<p>Kính gửi Văn phòng Sở,</p>",
        Envelope("nhacviec@stc.gov.vn", "Nhắc việc", "vp@example.org", "Văn phòng Sở"),
        [Attachment(name, content, DOCX, ascii_name="bao-cao-kh1-20251020.docx")],
        key="report:p1:monthly:2025-10:email:vp@example.org",
        now=datetime(2025, 10, 20, 8, tzinfo=LOCAL_TZ),
        language="vi",
    )
    return mail.as_bytes()


def test_the_file_arrives_whole_with_its_vietnamese_name() -> None:
    raw = _mail()
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed.get_content_type() == "multipart/mixed"
    words, file = parsed.iter_parts()
    assert words.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in words.iter_parts()] == ["text/plain", "text/html"]
    assert file.get_content_type() == DOCX
    assert file.get_content_disposition() == "attachment"
    assert file.get_filename() == NAME
    assert file.get_payload(decode=True) == bytes(range(256)) * 40
    body = words.get_body(("plain",))
    assert body is not None
    assert "Kính gửi Văn phòng Sở" in body.get_content()


def test_the_name_is_rfc_2231_continuations_on_short_lines() -> None:
    raw = _mail()
    assert b"filename*0*=utf-8''B%C3%A1o%20c%C3%A1o" in raw
    assert b"filename*1*=" in raw
    assert b'name="bao-cao-kh1-20251020.docx"' in raw  # the plain fall-back
    names = [line for line in raw.split(b"\r\n") if b"filename" in line]
    assert len(names) > 2
    assert max(len(line) for line in names) <= 78


def test_a_short_name_is_one_parameter() -> None:
    raw = _mail("Báo cáo.docx")
    assert b"filename*=utf-8''B%C3%A1o%20c%C3%A1o.docx" in raw
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert next(parsed.iter_attachments()).get_filename() == "Báo cáo.docx"
