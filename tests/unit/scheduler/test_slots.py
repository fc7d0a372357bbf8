"""Send slots, quiet hours, action items and the office's weekly list (dates by hand)."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from notifiers.message import RecipientRole, ReminderKind
from scheduler.planning.reminders import plan_action, plan_office_weekly
from scheduler.planning.slots import next_send_slot
from scheduler.policy import ReminderPolicy
from tests.unit.scheduler.build import CALENDAR, LEAD, OFFICE, POLICY, local


@pytest.mark.parametrize(
    ("now", "slot"),
    [
        (local(2025, 8, 12, 6, 0), local(2025, 8, 12, 8, 0)),  # Tuesday, before the send time
        (local(2025, 8, 12, 10, 15), local(2025, 8, 12, 10, 15)),  # working hours: at once
        (local(2025, 8, 12, 20, 59), local(2025, 8, 12, 20, 59)),
        (local(2025, 8, 12, 21, 0), local(2025, 8, 13, 8, 0)),  # quiet hours: next morning
        (local(2025, 8, 15, 22, 0), local(2025, 8, 18, 8, 0)),  # Friday night: Monday
        (local(2025, 8, 31, 10, 0), local(2025, 9, 3, 8, 0)),  # Sunday before Quốc khánh
        (local(2026, 2, 13, 21, 30), local(2026, 2, 23, 8, 0)),  # the eve of Tết 2026
    ],
)
def test_next_send_slot(now: datetime, slot: datetime) -> None:
    assert next_send_slot(now, POLICY, CALENDAR) == slot


def test_quiet_spell_inside_the_day_ends_the_wait() -> None:
    lunch = ReminderPolicy(quiet_start=time(12), quiet_end=time(13))
    assert next_send_slot(local(2025, 8, 12, 12, 30), lunch, CALENDAR) == local(2025, 8, 12, 13)


@pytest.mark.parametrize(
    ("now", "at"),
    [
        (local(2025, 8, 12, 14, 0), local(2025, 8, 12, 14, 0)),  # at once
        (local(2025, 8, 17, 10, 0), local(2025, 8, 17, 10, 0)),  # Sunday: action items go
        (local(2025, 8, 12, 22, 15), local(2025, 8, 13, 8, 0)),  # quiet: with the digest
        (local(2025, 8, 13, 6, 30), local(2025, 8, 13, 8, 0)),
        (local(2025, 8, 12, 7, 0), local(2025, 8, 12, 7, 0)),  # the quiet hours are over
    ],
)
def test_action_items_go_at_once_outside_quiet_hours(now: datetime, at: datetime) -> None:
    returned = plan_action(
        ReminderKind.RETURNED, 5, 7, LEAD, RecipientRole.LEAD, "II.3", POLICY, now, stage=4
    )
    assert returned.due_at == at
    assert returned.due_at.tzinfo is UTC
    assert returned.key == "o5:returned:4:u10:lead"
    assert returned.task_ref == "II.3"


def test_a_new_plan_is_an_action_item_about_the_whole_plan() -> None:
    now = local(2025, 7, 2, 9, 0)
    new_plan = plan_action(
        ReminderKind.NEW_PLAN, None, 7, LEAD, RecipientRole.LEAD, "", POLICY, now
    )
    assert new_plan.key == "p7:new_plan:0:u10:lead"
    assert new_plan.due_at == now


def test_only_action_kinds_are_action_items() -> None:
    with pytest.raises(ValueError, match="overdue is not an action item"):
        plan_action(
            ReminderKind.OVERDUE, 5, 7, LEAD, RecipientRole.LEAD, "", POLICY, local(2025, 8, 12)
        )


@pytest.mark.parametrize(
    ("now", "at", "stage"),
    [
        # Monday 1/9/2025 and Tuesday 2/9 are Quốc khánh: week 36's list goes on Wednesday 3/9
        (local(2025, 8, 27, 10, 0), local(2025, 9, 3), 202536),
        (local(2025, 9, 8, 7, 0), local(2025, 9, 8), 202537),
        (local(2025, 9, 8, 8, 0), local(2025, 9, 8), 202537),  # at or after now
        (local(2025, 9, 8, 9, 0), local(2025, 9, 15), 202538),
        # the whole week of Monday 16/2/2026 is Tết: no list; the next on Monday 23/2 (week 9)
        (local(2026, 2, 14, 10, 0), local(2026, 2, 23), 202609),
        # ISO weeks cross years: Monday 29/12/2025 opens week 1 of 2026
        (local(2025, 12, 23, 10, 0), local(2025, 12, 29), 202601),
    ],
)
def test_office_weekly_list(now: datetime, at: datetime, stage: int) -> None:
    weekly = plan_office_weekly(3, OFFICE, POLICY, CALENDAR, now)
    assert (weekly.due_at, weekly.stage) == (at, stage)
    assert weekly.key == f"p3:office_weekly:{stage}:u99:office"
    assert weekly.occurrence_id is None
    assert weekly.role is RecipientRole.OFFICE


def test_office_weekly_list_on_another_weekday() -> None:
    friday = ReminderPolicy(office_weekday=4)
    weekly = plan_office_weekly(3, OFFICE, friday, CALENDAR, local(2025, 8, 25, 10, 0))
    assert (weekly.due_at, weekly.stage) == (local(2025, 8, 29), 202535)
