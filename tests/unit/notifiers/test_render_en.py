"""English messages: the same structure as Vietnamese, clear English, correct plurals."""

from __future__ import annotations

from notifiers.message import RecipientRole
from notifiers.render import render
from tests.unit.notifiers import messages
from tests.unit.notifiers.messages import KINH_TE, OFFICE, VHXH
from tests.unit.notifiers.test_render_vi import in_order


def test_digest_in_english() -> None:
    rendered = render(messages.digest(language="en"))
    assert rendered.subject == "[Reminders] 2 tasks overdue, 1 due today — 29/08/2025"
    assert rendered.language == "en"
    in_order(
        rendered.text,
        "REMINDERS — Friday, 29/08/2025",
        f"To: {VHXH}",
        "Here is where the tasks your unit leads stand, as of 29/08/2025:",
        "1. OVERDUE (2 tasks)",
        "Please complete them and report the results as soon as possible.",
        "  - I.2 — Rà soát, đơn giản hóa thủ tục hành chính (Quý III/2025)\n"
        f"    Lead unit: {VHXH}\n"
        "    Due: Tuesday, 26/08/2025 — 3 working days overdue\n"
        "    Deadline in the plan: “Quý III”\n",
        "2. DUE TODAY (1 task)",
        "Due: Friday, 29/08/2025 (trước ngày 31/08/2025) — due today",
        "Kind regards.",
        "This message was sent automatically by Nhắc việc.",
    )
    assert '<html lang="en">' in rendered.html
    assert "<b>1. Overdue (2 tasks)</b>" in rendered.telegram_html


def test_the_language_argument_overrides_the_message() -> None:
    assert render(messages.digest(), language="en").subject.startswith("[Reminders]")
    assert render(messages.digest(language="en"), language="vi").subject.startswith("[Nhắc việc]")


def test_an_unknown_language_falls_back_to_vietnamese() -> None:
    rendered = render(messages.digest(language="fr"))
    assert rendered.language == "vi"
    assert rendered.subject.startswith("[Nhắc việc]")


def test_singular_and_plural() -> None:
    single = messages.escalation(language="en")
    rendered = render(single)
    assert rendered.subject == "[Reminders] 3 long-overdue tasks in 2 units — 29/08/2025"
    in_order(
        rendered.text,
        f"1. Lead unit: {KINH_TE} (1 task)",
        "Due: Wednesday, 20/08/2025 — 6 working days overdue",
        f"2. Lead unit: {VHXH} (2 tasks)",
    )
    weekly = render(messages.office_weekly(language="en"))
    assert weekly.subject == (
        "[Reminders] Weekly follow-up: 1 task without a deadline, 1 awaited event,"
        " 1 undelivered reminder — 01/09/2025"
    )


def test_action_items_in_english() -> None:
    rendered = render(messages.action(language="en"))
    assert (
        rendered.subject
        == "[Reminders] Action needed: 1 task returned, 1 new plan assigned — 29/08/2025"
    )
    in_order(
        rendered.text,
        "ACTION NEEDED — Friday, 29/08/2025",
        "The office asks your unit to act on the following now:",
        "The office has returned your unit's report on this task.\n"
        "    Why it was returned: “Báo cáo chưa có số liệu quý III, đề nghị bổ sung”\n"
        "    Please complete it and report again.\n",
        "New plan: 13/KH-SCT — Kế hoạch cải cách hành chính năm 2026\n"
        "    This plan gives your unit 5 tasks.",
        "First deadline: Thursday, 15/01/2026",
    )


def test_office_and_head_in_english() -> None:
    office = render(messages.everything(role=RecipientRole.OFFICE, name=OFFICE, language="en"))
    in_order(
        office.text,
        "Here is where the plan's tasks stand, as of 29/08/2025:",
        "4. WORK STARTS (1 task)",
        "Work starts (due Tuesday, 30/09/2025)",
        "5. TO VERIFY (1 task)",
        "reported, awaiting verification",
        "8. AWAITED EVENTS (1 event)",
        "9. REMINDERS NOT DELIVERED (1 reminder)",
        f"Meant for: {KINH_TE}",
        "Why it failed: 550 5.1.1 mailbox unavailable",
    )
    head = render(messages.escalation(role=RecipientRole.HEAD, name=VHXH, language="en")).text
    assert "We would be grateful for your direction to complete them soon." in head


def test_tasks_led_and_supported_apart_in_english() -> None:
    rendered = render(messages.lead_and_partner(language="en"))
    assert rendered.subject == "[Reminders] 1 task due soon, 5 starting — 01/07/2025"
    in_order(
        rendered.text,
        "the tasks your unit leads and the tasks it supports as a partner stand",
        "1. DUE SOON — TASKS YOU SUPPORT (1 task)",
        "2. WORK STARTS — TASKS YOU LEAD (1 task)",
        "Work starts (due Tuesday, 30/09/2025)",
        "3. WORK STARTS — TASKS YOU SUPPORT (4 tasks)",
        "Please coordinate with the lead unit",
    )
