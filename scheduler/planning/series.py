"""The reminder series of one occurrence, as dated steps, before anyone is addressed.

A ``Step`` is a reminder planned for a local working day, sent at the policy's send time, and
*current* from that instant until ``until``: the instant the next step of its series would be
sent, so a "due in 3 working days" stops being current when "due in 1 working day" is due, and
every step before the due date stops being current when the occurrence becomes overdue (00:00
local after the due day). A partner hears fewer steps, so its steps stay current until the
partner's own next one. Catch-up sends a missed step only while it is current.

Working-day arithmetic (``WorkingCalendar``), with ``due`` the last on-time day:

- window start: the first working day on or after ``start``;
- before due N: ``add_working_days(due, -N)``, counted back from the due date itself; a step
  that falls on the due reminder's day or before the window start is dropped;
- due: ``due``, or the last working day before it when ``due`` is not a working day;
- overdue notice k: the first working day after ``due`` (so on or after 00:00 local after the
  due day), then every ``overdue_every_days`` working days, at most ``overdue_max_notices``;
- escalation: ``add_working_days(due, escalate_after_days)``: the day the occurrence has been
  late for that many working days, counting that day (the first late working day counts 1);
- verify pending k: ``verify_after_days`` working days after the report's local day, then every
  ``verify_every_days``, at most ``verify_max_notices``.

The series depend only on dates, the policy and the calendar, so they are memoised: plans share
a few due dates across thousands of occurrences.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache

from notifiers.message import ReminderKind
from scheduler.planning.slots import (
    send_slot,
    working_day_on_or_after,
    working_day_on_or_before,
)
from scheduler.policy import ReminderPolicy
from workflows.calendar import WorkingCalendar
from workflows.standing import overdue_from

_CACHE_SIZE = 4096
_PRE_DUE = frozenset({ReminderKind.WINDOW_START, ReminderKind.BEFORE_DUE, ReminderKind.DUE})


@dataclass(frozen=True)
class Step:
    kind: ReminderKind
    stage: int
    day: date  # the local working day it is planned for
    at: datetime  # UTC: the send time on that day
    until: datetime  # UTC, exclusive: when it stops describing the occurrence


@lru_cache(maxsize=_CACHE_SIZE)
def lead_series(
    due: date, start: date | None, policy: ReminderPolicy, calendar: WorkingCalendar
) -> tuple[Step, ...]:
    """What a lead unit hears about an open, unreported occurrence: before due, then overdue."""
    return _pre_due_steps(due, start, policy, calendar) + overdue_steps(due, policy, calendar)


@lru_cache(maxsize=_CACHE_SIZE)
def partner_series(
    due: date, start: date | None, policy: ReminderPolicy, calendar: WorkingCalendar
) -> tuple[Step, ...]:
    """The lead's steps a partner hears; each current until the partner's own next one."""
    heard = [
        step
        for step in lead_series(due, start, policy, calendar)
        if policy.partner_hears(step.kind, step.stage)
    ]
    ends = [overdue_from(due) if step.kind in _PRE_DUE else step.until for step in heard]
    nexts = [step.at for step in heard[1:]]
    return tuple(
        replace(step, until=min([end, *nexts[index : index + 1]]))
        for index, (step, end) in enumerate(zip(heard, ends, strict=True))
    )


@lru_cache(maxsize=_CACHE_SIZE)
def check_in_series(
    due: date, policy: ReminderPolicy, calendar: WorkingCalendar
) -> tuple[Step, ...]:
    """Continuous work: one check-in on the due day, never overdue."""
    if not policy.remind_on_due_day:
        return ()
    day = working_day_on_or_before(due, calendar)
    return (Step(ReminderKind.DUE, 0, day, send_slot(day, policy), overdue_from(due)),)


@lru_cache(maxsize=_CACHE_SIZE)
def overdue_steps(due: date, policy: ReminderPolicy, calendar: WorkingCalendar) -> tuple[Step, ...]:
    first = calendar.add_working_days(due, 1)
    return _series(
        ReminderKind.OVERDUE,
        first,
        policy.overdue_every_days,
        policy.overdue_max_notices,
        policy,
        calendar,
    )


@lru_cache(maxsize=_CACHE_SIZE)
def escalation_step(due: date, policy: ReminderPolicy, calendar: WorkingCalendar) -> Step:
    """Current until the overdue series would have ended, and for one working day at least."""
    day = calendar.add_working_days(due, policy.escalate_after_days)
    at = send_slot(day, policy)
    series_end = _after_series(
        calendar.add_working_days(due, 1),
        policy.overdue_every_days,
        policy.overdue_max_notices,
        calendar,
    )
    one_day = calendar.next_working_day(day)
    until = send_slot(max(series_end, one_day), policy)
    return Step(ReminderKind.ESCALATION, policy.escalate_after_days, day, at, until)


@lru_cache(maxsize=_CACHE_SIZE)
def verify_steps(
    report_day: date, policy: ReminderPolicy, calendar: WorkingCalendar
) -> tuple[Step, ...]:
    first = calendar.add_working_days(report_day, policy.verify_after_days)
    return _series(
        ReminderKind.VERIFY_PENDING,
        first,
        policy.verify_every_days,
        policy.verify_max_notices,
        policy,
        calendar,
    )


def _pre_due_steps(
    due: date, start: date | None, policy: ReminderPolicy, calendar: WorkingCalendar
) -> tuple[Step, ...]:
    due_day = working_day_on_or_before(due, calendar)
    opens = working_day_on_or_after(start, calendar) if start is not None else None
    planned: list[tuple[ReminderKind, int, date]] = []
    if opens is not None and policy.remind_at_window_start and opens <= due_day:
        planned.append((ReminderKind.WINDOW_START, 0, opens))
    for days in sorted(policy.before_due_days, reverse=True):
        # Counted back from the day the unit must deliver by (a Saturday due date is met on
        # Friday): "1 working day before" is then Thursday, not the due-day reminder itself.
        day = calendar.add_working_days(due_day, -days)
        if day < due_day and (opens is None or day >= opens):
            planned.append((ReminderKind.BEFORE_DUE, days, day))
    if policy.remind_on_due_day:
        planned.append((ReminderKind.DUE, 0, due_day))
    return _chain(planned, overdue_from(due), policy)


def _chain(
    planned: list[tuple[ReminderKind, int, date]], end: datetime, policy: ReminderPolicy
) -> tuple[Step, ...]:
    """Steps in order of their days, each current until the next one (or ``end``)."""
    planned.sort(key=lambda item: item[2])
    ats = [send_slot(day, policy) for _, _, day in planned]
    untils = [min(at, end) for at in ats[1:]] + [end]
    return tuple(
        Step(kind, stage, day, at, until)
        for (kind, stage, day), at, until in zip(planned, ats, untils, strict=True)
    )


def _series(
    kind: ReminderKind,
    first: date,
    every: int,
    count: int,
    policy: ReminderPolicy,
    calendar: WorkingCalendar,
) -> tuple[Step, ...]:
    """Steps 1..count from ``first``, every ``every`` working days; the last one stays current
    until the one after it would have been sent."""
    days = [first]
    while len(days) <= count:
        days.append(calendar.add_working_days(days[-1], every))
    ats = [send_slot(day, policy) for day in days]
    return tuple(Step(kind, k + 1, days[k], ats[k], ats[k + 1]) for k in range(count))


def _after_series(first: date, every: int, count: int, calendar: WorkingCalendar) -> date:
    """The day a series of ``count`` steps from ``first`` would send its next step."""
    return calendar.add_working_days(first, every * count)
