"""Buttons under reminders: by the recipient's role and each item's state, the most urgent
first, a few rows then one "more" button; a pressed row ticked, the others left alone."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from telegram import InlineKeyboardMarkup

from nhacviec.telegram.callbacks import MAX_BYTES, ActOn, Page, ViewCard, decode
from nhacviec.telegram.keyboards import (
    MAX_REMINDER_ROWS,
    card_keyboard,
    markup_from,
    reminder_keyboard,
    tick_text,
    ticked,
)
from notifiers.message import DigestItem, DigestSection, Message, RecipientRole, ReminderKind
from workflows.workflow import Action, State

DAY = date(2026, 3, 2)


def item(
    number: int, state: str = "assigned", due: date | None = DAY, **extra: object
) -> DigestItem:
    fields: dict[str, object] = {
        "kind": ReminderKind.BEFORE_DUE,
        "plan_id": 1,
        "task_ref": f"II.{number}",
        "task_text": "Việc",
        "lead": "Phòng Kinh tế",
        "due": due,
        "due_words": "",
        "time_text": "",
        "state": state,
        "occurrence_id": number,
        "version": 3,
    }
    return DigestItem(**(fields | extra))  # type: ignore[arg-type]


def message(
    role: RecipientRole,
    sections: Mapping[DigestSection, tuple[DigestItem, ...]],
    language: str = "vi",
) -> Message:
    return Message(1, "Phòng Kinh tế", role, DAY, sections=dict(sections), language=language)


def rows(markup: InlineKeyboardMarkup | None) -> list[list[tuple[str, object]]]:
    assert markup is not None
    return [
        [(key.text, decode(str(key.callback_data))) for key in row]
        for row in markup.inline_keyboard
    ]


def test_a_lead_may_start_report_and_look() -> None:
    sent = message(RecipientRole.LEAD, {DigestSection.UPCOMING: (item(1), item(2, "in_progress"))})
    assert rows(reminder_keyboard(sent)) == [
        [
            ("Bắt đầu", ActOn(Action.START, 1, 3)),
            ("Đã báo cáo", ActOn(Action.REPORT, 1, 3)),
            ("Xem II.1", ViewCard(1)),
        ],
        [("Đã báo cáo", ActOn(Action.REPORT, 2, 3)), ("Xem II.2", ViewCard(2))],
    ]


def test_a_reported_item_and_a_partner_only_look() -> None:
    reported = message(RecipientRole.LEAD, {DigestSection.UPCOMING: (item(1, "reported"),)})
    assert rows(reminder_keyboard(reported)) == [[("Xem II.1", ViewCard(1))]]
    partner = message(RecipientRole.PARTNER, {DigestSection.OVERDUE: (item(1),)})
    assert rows(reminder_keyboard(partner)) == [[("Xem II.1", ViewCard(1))]]
    head = message(RecipientRole.HEAD, {DigestSection.OVERDUE: (item(1),)})
    assert rows(reminder_keyboard(head)) == [[("Xem II.1", ViewCard(1))]]


def test_in_a_mixed_digest_each_item_gets_the_buttons_of_its_own_role() -> None:
    mixed = message(
        RecipientRole.LEAD,  # the message speaks to the lead; one item is a partner's
        {DigestSection.UPCOMING: (item(1, role="lead"), item(2, role="partner"))},
    )
    assert rows(reminder_keyboard(mixed)) == [
        [
            ("Bắt đầu", ActOn(Action.START, 1, 3)),
            ("Đã báo cáo", ActOn(Action.REPORT, 1, 3)),
            ("Xem II.1", ViewCard(1)),
        ],
        [("Xem II.2", ViewCard(2))],
    ]


def test_the_office_verifies_or_returns_what_was_reported() -> None:
    sections = {
        DigestSection.TO_VERIFY: (item(1, "reported", label="Quý I/2026"),),
        DigestSection.OVERDUE: (item(2, kind=ReminderKind.ESCALATION),),
    }
    assert rows(reminder_keyboard(message(RecipientRole.OFFICE, sections))) == [
        [("Xem II.2", ViewCard(2))],  # overdue comes first
        [
            ("Xác nhận", ActOn(Action.VERIFY, 1, 3)),
            ("Trả lại", ActOn(Action.RETURN, 1, 3)),
            ("Xem II.1 · Quý I/2026", ViewCard(1)),
        ],
    ]


def test_items_without_an_occurrence_get_no_buttons() -> None:
    sections = {
        DigestSection.ACTION: (item(1, kind=ReminderKind.NEW_PLAN, occurrence_id=None),),
        DigestSection.OFFICE_LIST: (item(2),),
        DigestSection.FAILED: (item(3),),
    }
    assert reminder_keyboard(message(RecipientRole.OFFICE, sections)) is None


def test_many_items_keep_the_most_urgent_rows_and_a_way_to_the_rest() -> None:
    upcoming = tuple(item(n, due=date(2026, 3, 30 - n)) for n in range(1, 12))
    sections = {DigestSection.UPCOMING: upcoming, DigestSection.OVERDUE: (item(20),)}
    found = rows(reminder_keyboard(message(RecipientRole.LEAD, sections)))
    assert len(found) == MAX_REMINDER_ROWS + 1
    viewed = [row[-1][1] for row in found[:-1]]
    assert viewed == [ViewCard(20), *(ViewCard(n) for n in range(11, 4, -1))]
    assert found[-1] == [("Xem tất cả nhiệm vụ (12 trong tin nhắn)", Page("viec", 1))]


def test_an_item_in_two_sections_has_one_row() -> None:
    sections = {
        DigestSection.OVERDUE: (item(1),),
        DigestSection.ACTION: (item(1, kind=ReminderKind.RETURNED),),
    }
    assert len(rows(reminder_keyboard(message(RecipientRole.LEAD, sections)))) == 1


def test_english_labels_and_bounded_data() -> None:
    sent = message(RecipientRole.LEAD, {DigestSection.UPCOMING: (item(10**17),)}, language="en")
    markup = reminder_keyboard(sent)
    assert markup is not None
    assert [key.text for key in markup.inline_keyboard[0]] == [
        "Start",
        "Reported",
        f"Show II.{10**17}",
    ]
    assert all(
        len(str(key.callback_data).encode()) <= MAX_BYTES
        for row in markup.inline_keyboard
        for key in row
    )


def test_a_pressed_row_is_ticked_and_the_others_stay() -> None:
    sent = message(RecipientRole.LEAD, {DigestSection.UPCOMING: (item(1), item(2))})
    markup = reminder_keyboard(sent)
    assert markup is not None
    text = tick_text("II.2", "Quý I/2026", State.IN_PROGRESS, "vi")
    after = ticked(markup, 2, text)
    assert rows(after)[0] == rows(markup)[0]
    assert rows(after)[1] == [("✓ II.2 · Quý I/2026: đang thực hiện", ViewCard(2))]
    assert ticked(after, 7, "x").to_dict() == after.to_dict()  # nothing about 7: unchanged


def test_a_keyboard_survives_the_store() -> None:
    markup = card_keyboard(5, 2, (Action.START, Action.REPORT), "vi")
    assert markup is not None
    assert markup_from(markup.to_dict()) == markup
    assert markup_from({}) is None
    assert card_keyboard(5, 2, (), "vi") is None
    assert rows(markup) == [
        [
            ("Bắt đầu", ActOn(Action.START, 5, 2, True)),
            ("Đã báo cáo", ActOn(Action.REPORT, 5, 2, True)),
        ]
    ]
