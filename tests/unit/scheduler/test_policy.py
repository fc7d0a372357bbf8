"""The reminder policy: the issue's defaults, reading it from settings, refusing bad values."""

from __future__ import annotations

from datetime import time

import pytest

from notifiers.message import ReminderKind
from scheduler.policy import ReminderPolicy, policy_from_mapping


def test_defaults_are_the_issue_s() -> None:
    policy = ReminderPolicy()
    assert policy.before_due_days == (7, 3, 1)
    assert policy.remind_on_due_day
    assert policy.remind_at_window_start
    assert (policy.overdue_every_days, policy.overdue_max_notices) == (2, 10)
    assert policy.escalate_after_days == 5
    assert (policy.verify_after_days, policy.verify_every_days) == (3, 3)
    assert policy.office_weekday == 0  # Monday
    assert policy.partner_reminders == {
        (ReminderKind.WINDOW_START, 0),
        (ReminderKind.BEFORE_DUE, 3),
    }
    assert (policy.send_at, policy.quiet_start, policy.quiet_end) == (time(8), time(21), time(7))


def test_an_empty_mapping_gives_the_defaults() -> None:
    assert policy_from_mapping({}) == ReminderPolicy()


def test_settings_spell_times_and_partner_stages_as_text() -> None:
    policy = policy_from_mapping(
        {
            "send_at": "07:30",
            "quiet_start": "22:00",
            "quiet_end": "06:00",
            "before_due_days": [1, 5, 5, 10],
            "partner_reminders": ["window_start", "before_due:5", "due"],
            "overdue_max_notices": 4,
        }
    )
    assert policy.send_at == time(7, 30)
    assert policy.before_due_days == (10, 5, 1)
    assert policy.partner_reminders == {
        (ReminderKind.WINDOW_START, 0),
        (ReminderKind.BEFORE_DUE, 5),
        (ReminderKind.DUE, 0),
    }
    assert policy.overdue_max_notices == 4


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ({"overdue_every_days": 0}, "reminders.overdue_every_days:"),
        ({"overdu_every_days": 2}, "reminders.overdu_every_days:"),
        ({"before_due_days": [3, 0]}, "reminders.before_due_days:"),
        ({"send_at": "8h"}, "reminders.send_at:"),
        ({"send_at": "22:00"}, "reminders.send_at: 22:00 falls inside the quiet hours"),
        ({"quiet_start": "07:00", "quiet_end": "09:00"}, "reminders.send_at: 08:00 falls"),
        ({"partner_reminders": ["soon"]}, "reminders.partner_reminders"),
        ({"partner_reminders": ["before_due:x"]}, "reminders.partner_reminders:"),
        ({"office_weekday": 7}, "reminders.office_weekday:"),
        ({"escalate_after_days": "five"}, "reminders.escalate_after_days:"),
    ],
)
def test_bad_values_are_refused_naming_the_key(data: dict[str, object], named: str) -> None:
    with pytest.raises(ValueError, match="^" + named.replace(".", r"\.")):
        policy_from_mapping(data)


def test_quiet_hours_across_midnight() -> None:
    policy = ReminderPolicy()
    assert policy.in_quiet_hours(time(21, 0))  # the start belongs to the quiet hours
    assert policy.in_quiet_hours(time(23, 59))
    assert policy.in_quiet_hours(time(6, 59))
    assert not policy.in_quiet_hours(time(7, 0))
    assert not policy.in_quiet_hours(time(20, 59))


def test_quiet_hours_inside_the_day_and_none_at_all() -> None:
    lunch = ReminderPolicy(quiet_start=time(12), quiet_end=time(13))
    assert lunch.in_quiet_hours(time(12, 30))
    assert not lunch.in_quiet_hours(time(13, 0))
    assert not lunch.in_quiet_hours(time(23, 0))
    never = ReminderPolicy(quiet_start=time(0), quiet_end=time(0))
    assert not never.in_quiet_hours(time(3, 0))


def test_the_policy_itself_refuses_a_send_time_in_quiet_hours() -> None:
    with pytest.raises(ValueError, match="send_at: 06:00 falls inside"):
        ReminderPolicy(send_at=time(6))
