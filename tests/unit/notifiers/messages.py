"""Hand-built messages for the notifier tests: one of each kind, with realistic plan words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from notifiers.message import DigestItem, DigestSection, Message, RecipientRole, ReminderKind

VHXH = "Phòng Văn hóa - Xã hội"
KINH_TE = "Phòng Kinh tế"
OFFICE = "Văn phòng Sở Công Thương"
FRIDAY = date(2025, 8, 29)
MONDAY = date(2025, 9, 1)


def item(kind: ReminderKind, ref: str, title: str, due: date | None, **fields: Any) -> DigestItem:
    values: dict[str, Any] = {
        "plan_id": 1,
        "lead": VHXH,
        "due_words": "",
        "time_text": "Trước ngày 31/8/2025",
    }
    values.update(fields)
    return DigestItem(kind=kind, task_ref=ref, task_text=title, due=due, **values)


def message(
    sections: dict[DigestSection, tuple[DigestItem, ...]],
    *,
    name: str = VHXH,
    role: RecipientRole = RecipientRole.LEAD,
    day: date = FRIDAY,
    awaited: tuple[str, ...] = (),
    language: str = "vi",
) -> Message:
    return Message(
        recipient_unit=7,
        recipient_name=name,
        role=role,
        day=day,
        sections=sections,
        awaited_events=awaited,
        language=language,
    )


def digest(**options: Any) -> Message:
    """Two overdue tasks and one due today (the issue's example subject), nothing upcoming."""
    return message(
        {
            DigestSection.OVERDUE: (
                item(
                    ReminderKind.OVERDUE,
                    "I.2",
                    "Rà soát, đơn giản hóa thủ tục hành chính",
                    date(2025, 8, 26),
                    days=3,
                    label="Quý III/2025",
                    time_text="Quý III",
                ),
                item(
                    ReminderKind.OVERDUE,
                    "II.1",
                    "Báo cáo kết quả số hóa hồ sơ",
                    date(2025, 8, 15),
                    days=9,
                ),
            ),
            DigestSection.DUE_TODAY: (
                item(
                    ReminderKind.DUE,
                    "III.4",
                    "Xây dựng báo cáo CCHC quý III",
                    FRIDAY,
                    due_words="trước ngày 31/08/2025",
                ),
            ),
            DigestSection.UPCOMING: (),
        },
        **options,
    )


def action(**options: Any) -> Message:
    return message(
        {
            DigestSection.ACTION: (
                item(
                    ReminderKind.RETURNED,
                    "I.2",
                    "Rà soát, đơn giản hóa thủ tục hành chính",
                    date(2025, 9, 5),
                    note="Báo cáo chưa có số liệu quý III, đề nghị bổ sung",
                ),
                item(
                    ReminderKind.NEW_PLAN,
                    "13/KH-SCT",
                    "Kế hoạch cải cách hành chính năm 2026",
                    date(2026, 1, 15),
                    count=5,
                    lead="",
                    time_text="",
                ),
            )
        },
        **options,
    )


def escalation(**options: Any) -> Message:
    options.setdefault("name", OFFICE)
    options.setdefault("role", RecipientRole.OFFICE)
    return message(
        {
            DigestSection.OVERDUE: (
                item(ReminderKind.ESCALATION, "I.2", "Rà soát TTHC", date(2025, 8, 18), days=8),
                item(
                    ReminderKind.ESCALATION,
                    "II.1",
                    "Số hóa hồ sơ",
                    date(2025, 8, 20),
                    days=6,
                    lead=KINH_TE,
                ),
                item(
                    ReminderKind.ESCALATION, "II.3", "Cập nhật dữ liệu", date(2025, 8, 19), days=7
                ),
            )
        },
        **options,
    )


def office_weekly(**options: Any) -> Message:
    options.setdefault("name", OFFICE)
    options.setdefault("role", RecipientRole.OFFICE)
    options.setdefault("day", MONDAY)
    options.setdefault("awaited", ("Bộ, ngành trung ương công bố thủ tục hành chính",))
    return message(
        {
            DigestSection.OFFICE_LIST: (
                item(
                    ReminderKind.OFFICE_WEEKLY,
                    "V.1",
                    "Đào tạo, bồi dưỡng CBCCVC",
                    None,
                    time_text="Theo Kế hoạch phê duyệt",
                ),
            ),
            DigestSection.FAILED: (
                item(
                    ReminderKind.BEFORE_DUE,
                    "I.2",
                    "Rà soát TTHC",
                    date(2025, 9, 5),
                    days=4,
                    recipient=KINH_TE,
                    note="550 5.1.1 mailbox unavailable",
                ),
            ),
        },
        **options,
    )


def everything(**options: Any) -> Message:
    """Every section and every kind at once (a digest), for rendering every path."""
    parts = [digest(), action(), escalation(), office_weekly()]
    sections: dict[DigestSection, tuple[DigestItem, ...]] = {}
    for part in parts:
        for section, items in part.sections.items():
            sections[section] = sections.get(section, ()) + items
    sections[DigestSection.UPCOMING] = (
        item(ReminderKind.BEFORE_DUE, "IV.1", "Tuyên truyền CCHC", date(2025, 9, 5), days=4),
    )
    sections[DigestSection.STARTING] = (window_opens(),)
    sections[DigestSection.TO_VERIFY] = (
        item(ReminderKind.VERIFY_PENDING, "I.5", "Niêm yết TTHC", date(2025, 8, 22)),
    )
    options.setdefault("awaited", ("Bộ, ngành trung ương công bố thủ tục hành chính",))
    return message(sections, **options)


def window_opens(ref: str = "IV.2", **fields: Any) -> DigestItem:
    """Quý III opens on 01/07: the work starts, the due date is three months away."""
    values = {"label": "Quý III/2025", "time_text": "Hằng quý", **fields}
    return item(
        ReminderKind.WINDOW_START, ref, "Khảo sát mức độ hài lòng", date(2025, 9, 30), **values
    )


def lead_and_partner(**options: Any) -> Message:
    """Sở Nội vụ on 01/07: it leads one task and supports four, as the plan assigns them."""
    lead = "Sở Nội vụ"
    ours = window_opens("I.1", lead=lead, role=RecipientRole.LEAD.value)
    theirs = tuple(
        window_opens(f"II.{n}", occurrence_id=n, role=RecipientRole.PARTNER.value)
        for n in range(1, 5)
    )
    soon = item(
        ReminderKind.BEFORE_DUE, "III.1", "Báo cáo CCHC", date(2025, 7, 4), days=3, role="partner"
    )
    return message(
        {DigestSection.UPCOMING: (soon,), DigestSection.STARTING: (*theirs, ours)},
        name=lead,
        day=date(2025, 7, 1),
        **options,
    )


def check(**options: Any) -> Message:
    """A channel check (``nhacviec check-channels``): no items, only the test words."""
    return replace(message({}, **options), probe=True)
