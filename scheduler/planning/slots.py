"""When a reminder may go out: the send time on working days, quiet hours, action items.

Days are local (Asia/Ho_Chi_Minh); every instant returned is aware and in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from scheduler.model import require_aware
from scheduler.policy import ReminderPolicy
from workflows.calendar import WorkingCalendar
from workflows.standing import LOCAL_TZ


def local_day(instant: datetime) -> date:
    return require_aware(instant).astimezone(LOCAL_TZ).date()


def at_local(day: date, moment: time) -> datetime:
    """``moment`` on local ``day``, as a UTC instant."""
    return datetime.combine(day, moment, tzinfo=LOCAL_TZ).astimezone(UTC)


def send_slot(day: date, policy: ReminderPolicy) -> datetime:
    """The scheduled send instant of a reminder planned for local ``day``."""
    return at_local(day, policy.send_at)


def working_day_on_or_after(day: date, calendar: WorkingCalendar) -> date:
    return day if calendar.is_working_day(day) else calendar.next_working_day(day)


def working_day_on_or_before(day: date, calendar: WorkingCalendar) -> date:
    return day if calendar.is_working_day(day) else calendar.add_working_days(day, -1)


def next_send_slot(now: datetime, policy: ReminderPolicy, calendar: WorkingCalendar) -> datetime:
    """The earliest instant at or after ``now`` when a late (caught-up) reminder may go out.

    That is ``now`` itself on a working day between the send time and the quiet hours; else the
    send time of the same or the next working day.
    """
    local = require_aware(now).astimezone(LOCAL_TZ)
    day, moment = local.date(), local.time()
    if calendar.is_working_day(day):
        if moment < policy.send_at:
            return send_slot(day, policy)
        if not policy.in_quiet_hours(moment):
            return now.astimezone(UTC)
        if policy.quiet_start < policy.quiet_end:  # a quiet spell inside the day: its end
            return at_local(day, policy.quiet_end)
    return send_slot(calendar.next_working_day(day), policy)


def action_slot(now: datetime, policy: ReminderPolicy) -> datetime:
    """When an action item goes: at once, any day; inside quiet hours, at the first send time
    after them (the later of quiet end and send time that day), joining the morning digest."""
    local = require_aware(now).astimezone(LOCAL_TZ)
    if not policy.in_quiet_hours(local.time()):
        return now.astimezone(UTC)
    end_day = local.date()
    if local.time() >= policy.quiet_end:  # the quiet hours end tomorrow
        end_day += timedelta(days=1)
    return at_local(end_day, max(policy.quiet_end, policy.send_at))
