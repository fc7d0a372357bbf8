"""Vietnamese messages: exact key phrases, in order, in the text, email HTML and Telegram forms."""

from __future__ import annotations

import re

from notifiers.message import RecipientRole
from notifiers.render import render
from tests.unit.notifiers import messages
from tests.unit.notifiers.messages import KINH_TE, OFFICE, VHXH


def in_order(text: str, *phrases: str) -> None:
    """Each phrase occurs in ``text``, each after the previous one."""
    position = 0
    for phrase in phrases:
        found = text.find(phrase, position)
        assert found >= 0, f"{phrase!r} missing after position {position} in:\n{text}"
        position = found + len(phrase)


def test_digest_subject_summarises_the_sections() -> None:
    rendered = render(messages.digest())
    assert rendered.subject == "[Nhắc việc] 2 nhiệm vụ quá hạn, 1 đến hạn hôm nay — 29/08/2025"


def test_digest_text_reads_as_an_administrative_notice() -> None:
    text = render(messages.digest()).text
    in_order(
        text,
        "NHẮC VIỆC — thứ Sáu, 29/08/2025",
        f"Kính gửi: {VHXH}",
        "Văn phòng trân trọng thông báo tình hình thực hiện các nhiệm vụ đơn vị được giao chủ trì,"
        " tính đến ngày 29/08/2025, như sau:",
        "1. QUÁ HẠN (2 nhiệm vụ)",
        "Văn phòng trân trọng đề nghị đơn vị khẩn trương hoàn thành và báo cáo kết quả.",
        "  - I.2 — Rà soát, đơn giản hóa thủ tục hành chính (Quý III/2025)\n"
        f"    Chủ trì: {VHXH}\n"
        "    Hạn: thứ Ba, 26/08/2025 — quá hạn 3 ngày làm việc\n"
        "    Thời gian theo kế hoạch: «Quý III»\n",
        "  - II.1 — Báo cáo kết quả số hóa hồ sơ",
        "Hạn: thứ Sáu, 15/08/2025 — quá hạn 9 ngày làm việc",
        "2. ĐẾN HẠN HÔM NAY (1 nhiệm vụ)",
        "Hôm nay là hạn cuối của các nhiệm vụ sau.",
        "  - III.4 — Xây dựng báo cáo CCHC quý III",
        "Hạn: thứ Sáu, 29/08/2025 (trước ngày 31/08/2025) — hôm nay là hạn cuối",
        "Thời gian theo kế hoạch: «Trước ngày 31/8/2025»",
        "Trân trọng.",
        "Tin nhắn này được gửi tự động từ hệ thống Nhắc việc.",
    )


def test_an_empty_section_is_not_shown() -> None:
    rendered = render(messages.digest())
    assert "SẮP ĐẾN HẠN" not in rendered.text
    assert "Sắp đến hạn" not in rendered.html
    assert "Sắp đến hạn" not in rendered.telegram_html


def test_text_has_no_trailing_spaces_or_runs_of_blank_lines() -> None:
    for build in (messages.digest, messages.action, messages.escalation, messages.office_weekly):
        text = render(build()).text
        assert not re.search(r"[ \t]+$", text, re.MULTILINE), text
        assert "\n\n\n" not in text, text
        assert not text.startswith("\n")


def test_partner_hears_of_its_supporting_role() -> None:
    text = render(messages.digest(role=RecipientRole.PARTNER)).text
    assert "các nhiệm vụ đơn vị được giao phối hợp thực hiện" in text
    assert "phối hợp chặt chẽ với đơn vị chủ trì" in text


def test_digest_html_is_a_document_of_headings_and_lists() -> None:
    rendered = render(messages.digest())
    html = rendered.html
    assert html.startswith('<!DOCTYPE html>\n<html lang="vi">')
    assert f"<title>{rendered.subject}</title>" in html
    assert "<table" not in html
    in_order(
        html,
        "<h1",
        "Nhắc việc — thứ Sáu, 29/08/2025</h1>",
        f"<p>Kính gửi: <strong>{VHXH}</strong></p>",
        "1. Quá hạn (2 nhiệm vụ)</h2>",
        "<ul>",
        "<div><strong>I.2</strong> — Rà soát, đơn giản hóa thủ tục hành chính (Quý III/2025)</div>",
        "<div>Hạn: thứ Ba, 26/08/2025 — <strong>quá hạn 3 ngày làm việc</strong></div>",
        "</ul>",
        "2. Đến hạn hôm nay (1 nhiệm vụ)</h2>",
        "<p>Trân trọng.</p>",
        "</html>",
    )


def test_digest_telegram_uses_bold_headings_and_plain_plan_text() -> None:
    telegram = render(messages.digest()).telegram_html
    in_order(
        telegram,
        "<b>NHẮC VIỆC — thứ Sáu, 29/08/2025</b>\n",
        f"Kính gửi: {VHXH}\n",
        "<b>1. Quá hạn (2 nhiệm vụ)</b>\n<i>Các nhiệm vụ sau đã quá thời hạn",
        "• I.2 — Rà soát, đơn giản hóa thủ tục hành chính (Quý III/2025)\n",
        "Hạn: thứ Ba, 26/08/2025 — <b>quá hạn 3 ngày làm việc</b>\n",
        "<b>2. Đến hạn hôm nay (1 nhiệm vụ)</b>",
        "Trân trọng.",
    )


def test_returned_task_gives_the_reason_and_asks_to_report_again() -> None:
    rendered = render(messages.action())
    assert rendered.subject == (
        "[Nhắc việc] Việc cần làm ngay: 1 nhiệm vụ bị trả lại, 1 kế hoạch mới được giao"
        " — 29/08/2025"
    )
    in_order(
        rendered.text,
        "VIỆC CẦN LÀM NGAY — thứ Sáu, 29/08/2025",
        "Văn phòng trân trọng thông báo và đề nghị đơn vị thực hiện ngay các việc sau:",
        "  - I.2 — Rà soát, đơn giản hóa thủ tục hành chính\n"
        "    Văn phòng đã trả lại báo cáo của đơn vị về nhiệm vụ này.\n"
        "    Lý do trả lại: «Báo cáo chưa có số liệu quý III, đề nghị bổ sung»\n"
        "    Đề nghị đơn vị bổ sung, hoàn thiện và báo cáo lại.\n",
        "Hạn: thứ Sáu, 05/09/2025",
        "  - Kế hoạch mới: 13/KH-SCT — Kế hoạch cải cách hành chính năm 2026\n"
        "    Đơn vị được giao 5 nhiệm vụ theo kế hoạch này.",
        "Hạn sớm nhất: thứ Năm, 15/01/2026",
    )
    assert "VIỆC CẦN LÀM NGAY (" not in rendered.text  # the title says it: no section heading


def test_escalation_names_each_late_unit_and_how_late() -> None:
    rendered = render(messages.escalation())
    assert rendered.subject == ("[Nhắc việc] 3 nhiệm vụ quá hạn kéo dài của 2 đơn vị — 29/08/2025")
    in_order(
        rendered.text,
        "NHIỆM VỤ QUÁ HẠN KÉO DÀI — thứ Sáu, 29/08/2025",
        f"Kính gửi: {OFFICE}",
        "Đề nghị quý cơ quan đôn đốc các đơn vị thực hiện",
        f"1. Chủ trì: {KINH_TE} (1 nhiệm vụ)",
        "  - II.1 — Số hóa hồ sơ\n    Hạn: thứ Tư, 20/08/2025 — quá hạn 6 ngày làm việc",
        f"2. Chủ trì: {VHXH} (2 nhiệm vụ)",
        "  - I.2 — Rà soát TTHC\n    Hạn: thứ Hai, 18/08/2025 — quá hạn 8 ngày làm việc",
        "  - II.3 — Cập nhật dữ liệu\n    Hạn: thứ Ba, 19/08/2025 — quá hạn 7 ngày làm việc",
    )
    head = render(messages.escalation(role=RecipientRole.HEAD, name=f"Trưởng {VHXH}")).text
    assert "Kính đề nghị lãnh đạo đơn vị quan tâm, chỉ đạo để sớm hoàn thành." in head


def test_office_weekly_lists_undated_tasks_events_and_failures_in_order() -> None:
    rendered = render(messages.office_weekly())
    assert rendered.subject == (
        "[Nhắc việc] Danh sách theo dõi trong tuần: 1 nhiệm vụ chưa có thời hạn,"
        " 1 sự kiện đang chờ, 1 nhắc việc không gửi được — 01/09/2025"
    )
    in_order(
        rendered.text,
        "DANH SÁCH THEO DÕI TRONG TUẦN — thứ Hai, 01/09/2025",
        "trong tuần bắt đầu từ thứ Hai, 01/09/2025:",
        "1. CHƯA CÓ THỜI HẠN (1 nhiệm vụ)",
        "Đề nghị quý cơ quan xác định thời hạn",
        "  - V.1 — Đào tạo, bồi dưỡng CBCCVC",
        "Hạn: chưa có thời hạn\n    Thời gian theo kế hoạch: «Theo Kế hoạch phê duyệt»",
        "2. SỰ KIỆN ĐANG CHỜ (1 sự kiện)",
        "  - «Bộ, ngành trung ương công bố thủ tục hành chính»",
        "3. NHẮC VIỆC KHÔNG GỬI ĐƯỢC (1 nhắc việc)",
        f"  - I.2 — Rà soát TTHC\n    Đơn vị nhận: {KINH_TE}\n"
        "    Lý do không gửi được: 550 5.1.1 mailbox unavailable\n",
    )


def test_the_office_is_asked_to_verify_reported_work() -> None:
    text = render(messages.everything(role=RecipientRole.OFFICE, name=OFFICE)).text
    in_order(
        text,
        "5. CẦN XÁC NHẬN (1 nhiệm vụ)",
        "Đề nghị quý cơ quan xem xét, xác nhận kết quả hoặc trả lại kèm lý do.",
        "  - I.5 — Niêm yết TTHC",
        "đơn vị đã báo cáo, chờ xác nhận",
    )


def test_every_section_in_the_documented_order() -> None:
    text = render(messages.everything()).text
    in_order(
        text,
        "1. QUÁ HẠN",
        "2. ĐẾN HẠN HÔM NAY",
        "3. SẮP ĐẾN HẠN",
        "4. BẮT ĐẦU THỰC HIỆN",
        "5. CẦN XÁC NHẬN",
        "6. VIỆC CẦN LÀM NGAY",
        "7. CHƯA CÓ THỜI HẠN",
        "8. SỰ KIỆN ĐANG CHỜ",
        "9. NHẮC VIỆC KHÔNG GỬI ĐƯỢC",
    )
    assert "còn 4 ngày làm việc" in text


def test_a_window_opening_says_the_work_starts_and_when_it_is_due_in_its_own_section() -> None:
    text = render(messages.lead_and_partner()).text
    in_order(
        text,
        "1. SẮP ĐẾN HẠN",
        "III.1",
        "2. BẮT ĐẦU THỰC HIỆN",
        "Khảo sát mức độ hài lòng (Quý III/2025)",
        "Bắt đầu thực hiện (hạn thứ Ba, 30/09/2025)",
    )
    upcoming = text[text.index("1. SẮP ĐẾN HẠN") : text.index("2. BẮT ĐẦU THỰC HIỆN")]
    assert "Khảo sát" not in upcoming
    subject = render(messages.lead_and_partner()).subject
    assert subject == "[Nhắc việc] 1 nhiệm vụ sắp đến hạn, 5 bắt đầu thực hiện — 01/07/2025"


def test_a_digest_shows_the_tasks_the_unit_leads_apart_from_those_it_supports() -> None:
    rendered = render(messages.lead_and_partner())
    text = rendered.text
    assert "các nhiệm vụ đơn vị được giao chủ trì và các nhiệm vụ đơn vị được giao phối hợp" in text
    in_order(
        text,
        "1. SẮP ĐẾN HẠN — NHIỆM VỤ ĐƠN VỊ PHỐI HỢP (1 nhiệm vụ)",
        "đề nghị đơn vị chủ động phối hợp với đơn vị chủ trì",
        "  - III.1",
        "2. BẮT ĐẦU THỰC HIỆN — NHIỆM VỤ ĐƠN VỊ CHỦ TRÌ (1 nhiệm vụ)",
        "đề nghị đơn vị chủ động triển khai",
        "  - I.1",
        "3. BẮT ĐẦU THỰC HIỆN — NHIỆM VỤ ĐƠN VỊ PHỐI HỢP (4 nhiệm vụ)",
        "đề nghị đơn vị chủ động phối hợp với đơn vị chủ trì",
        "  - II.1",
        "  - II.4",
    )
    assert "<b>2. Bắt đầu thực hiện — nhiệm vụ đơn vị chủ trì (1 nhiệm vụ)</b>" in (
        rendered.telegram_html
    )
    assert "3. Bắt đầu thực hiện — nhiệm vụ đơn vị phối hợp (4 nhiệm vụ)</h2>" in rendered.html


def test_a_digest_of_led_tasks_only_needs_no_role_headings() -> None:
    text = render(messages.digest()).text
    assert "các nhiệm vụ đơn vị được giao chủ trì, tính đến ngày" in text
    assert "NHIỆM VỤ ĐƠN VỊ" not in text
