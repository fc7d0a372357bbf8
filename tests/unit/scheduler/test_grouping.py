"""One message per address: the due rows grouped by (channel, address), action items apart from
routine reminders, routine reminders held back once the address had its message of the day."""

from __future__ import annotations

from datetime import UTC, date

from notifiers.message import DigestItem, DigestSection, RecipientRole, ReminderKind
from scheduler.config import SchedulerConfig
from scheduler.digest import build_message
from scheduler.dispatch import group_by_address, local_midnight, next_routine_slot
from scheduler.store.base import OutboxEntry
from tests.unit.scheduler.build import CALENDAR, LEAD, OFFICE, PARTNER, POLICY, local

MAIL, CHAT = ("email", "vp@so.gov.vn"), ("telegram", "-100123")


def reminder(
    kind: ReminderKind, unit: int, where: tuple[str, str], occurrence: int = 1
) -> OutboxEntry:
    channel, address = where
    instant = local(2025, 7, 1).astimezone(UTC)
    return OutboxEntry(
        id=occurrence * 100 + unit,
        key=f"o{occurrence}:{kind.value}:u{unit}:{channel}:{address}",
        plan_id=7,
        occurrence_id=occurrence,
        kind=kind.value,
        stage=0,
        recipient_unit_id=unit,
        role=RecipientRole.LEAD.value,
        channel=channel,
        address=address,
        due_at=instant,
        next_attempt_at=instant,
    )


def test_an_address_serving_several_units_gets_one_routine_message() -> None:
    rows = [
        reminder(ReminderKind.BEFORE_DUE, LEAD, MAIL, occurrence=1),
        reminder(ReminderKind.OVERDUE, PARTNER, MAIL, occurrence=2),
        reminder(ReminderKind.OFFICE_WEEKLY, OFFICE, MAIL, occurrence=3),
        reminder(ReminderKind.DUE, LEAD, CHAT, occurrence=1),
    ]
    groups = group_by_address(rows)
    assert set(groups) == {MAIL, CHAT}
    (mail,) = groups[MAIL].messages(heard_today=False)
    assert [row.recipient_unit_id for row in mail] == [LEAD, PARTNER, OFFICE]
    assert groups[CHAT].messages(heard_today=False) == [[rows[3]]]


def test_action_items_go_alone_even_when_the_routine_message_waits() -> None:
    returned = reminder(ReminderKind.RETURNED, LEAD, MAIL, occurrence=4)
    new_plan = reminder(ReminderKind.NEW_PLAN, LEAD, MAIL, occurrence=5)
    routine = reminder(ReminderKind.BEFORE_DUE, LEAD, MAIL, occurrence=1)
    group = group_by_address([routine, returned, new_plan])[MAIL]
    assert group.messages(heard_today=False) == [[returned, new_plan], [routine]]
    assert group.messages(heard_today=True) == [[returned, new_plan]]
    assert group.routine == [routine]  # what is deferred


def test_held_back_routine_reminders_go_at_the_next_working_days_send_time() -> None:
    config = SchedulerConfig(policy=POLICY, calendar=CALENDAR)
    friday_evening = local(2025, 8, 29, 17)
    # Saturday 30/8, Sunday, then the National Day holidays 1/9 and 2/9.
    assert next_routine_slot(friday_evening, config) == local(2025, 9, 3, 8)
    assert next_routine_slot(local(2025, 7, 1, 10), config) == local(2025, 7, 2, 8)
    assert local_midnight(local(2025, 7, 1, 6)) == local(2025, 7, 1, 0)
    assert local_midnight(local(2025, 7, 1, 23, 30)) == local(2025, 7, 1, 0)


def test_one_task_for_two_units_of_one_address_is_listed_for_each() -> None:
    def item(recipient: str) -> DigestItem:
        return DigestItem(
            kind=ReminderKind.BEFORE_DUE,
            plan_id=7,
            task_ref="I.1",
            task_text="Xây dựng kế hoạch",
            lead="Văn phòng Sở",
            due=date(2025, 7, 31),
            due_words="",
            time_text="Tháng 7/2025",
            occurrence_id=1,
            recipient=recipient,
        )

    both = build_message(
        LEAD, "A; B", RecipientRole.LEAD, date(2025, 7, 1), [item("A"), item("B"), item("A")]
    )
    assert [i.recipient for i in both.sections[DigestSection.UPCOMING]] == ["A", "B"]
