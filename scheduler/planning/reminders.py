"""Planning: the reminders an occurrence should produce, still relevant at ``now``. Pure.

Who hears what (``series`` says when):

- lead units: window start, before due, due, overdue notices;
- partner units: only the ``(kind, stage)`` pairs in ``policy.partner_reminders`` (by default
  the window start and "3 working days before due"); a unit that also leads hears as lead;
- the plan's office: the escalation, and "reported, not verified" reminders;
- the head of each lead unit (role ``head``, addressed through the lead unit's id): the
  escalation;
- a reported occurrence: only the office's verify reminders (the unit's clock stopped);
- a check-in of continuous work: only the due-day check-in (kind ``due``) to the lead units;
- closed (verified, cancelled) or undated occurrences: nothing.

Catch-up rule (first planning after an import or a downtime, and every re-planning): a
reminder whose send time is still ahead is returned as planned; one whose time has passed is
returned only while it is *current* (see ``series``) and then at ``now``'s next send
slot. Series steps are current one after another, so at most one missed reminder per series
comes back: the latest overdue notice, not five stale ones; a "before due" for work now overdue
is not current any more and is dropped. Finally an addressee hears of one occurrence at most
once per day: the most relevant reminder wins (an escalation over the overdue notice to the same
unit, "due" over "before due").

Keys depend only on the occurrence, the kind, the stage and the recipient, so planning twice
yields the same keys and the outbox stores each reminder once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta

from notifiers.message import RecipientRole, ReminderKind
from scheduler.catchup import ACTION_KINDS
from scheduler.model import OccurrenceFacts, PlannedReminder, require_aware
from scheduler.planning.choice import DailyChoice
from scheduler.planning.series import (
    Step,
    check_in_series,
    escalation_step,
    lead_series,
    partner_series,
    verify_steps,
)
from scheduler.planning.slots import (
    action_slot,
    local_day,
    send_slot,
)
from scheduler.policy import ReminderPolicy
from workflows.calendar import WorkingCalendar
from workflows.workflow import OPEN_STATES, State

Audience = tuple[int, RecipientRole, tuple[Step, ...]]
_WEEKS_AHEAD = 8  # enough to pass any run of holidays (Tết is one week)


def plan_occurrence(
    facts: OccurrenceFacts, policy: ReminderPolicy, calendar: WorkingCalendar, now: datetime
) -> list[PlannedReminder]:
    """Every reminder this occurrence should still produce at ``now`` (see the module doc)."""
    require_aware(now)
    if facts.due is None or State(facts.state) not in OPEN_STATES:
        return []
    chosen = DailyChoice(now, policy, calendar)
    for unit, role, steps in _audiences(facts, facts.due, policy, calendar):
        chosen.add(unit, role, steps)
    return chosen.reminders(facts)


def plan_office_weekly(
    plan_id: int,
    office_unit: int,
    policy: ReminderPolicy,
    calendar: WorkingCalendar,
    now: datetime,
) -> PlannedReminder:
    """The office's next weekly list at or after ``now``: on ``policy.office_weekday`` at the
    send time, or the week's next working day when that day is off; a week without a working
    day from then on (Tết) has no list. ``stage`` is ISO year * 100 + ISO week."""
    today = local_day(now)
    monday = today - timedelta(days=today.weekday())
    for week in range(_WEEKS_AHEAD):
        week_start = monday + timedelta(weeks=week)
        day = _weekly_day(week_start, policy, calendar)
        if day is not None and send_slot(day, policy) >= now:
            iso = week_start.isocalendar()
            return PlannedReminder(
                occurrence_id=None,
                plan_id=plan_id,
                kind=ReminderKind.OFFICE_WEEKLY,
                stage=iso.year * 100 + iso.week,
                recipient_unit=office_unit,
                role=RecipientRole.OFFICE,
                due_at=send_slot(day, policy),
            )
    raise ValueError(f"no working day in the {_WEEKS_AHEAD} weeks from {today}")


def plan_action(
    kind: ReminderKind,
    occurrence_id: int | None,
    plan_id: int,
    recipient_unit: int,
    role: RecipientRole,
    task_ref: str,
    policy: ReminderPolicy,
    now: datetime,
    *,
    stage: int = 0,
) -> PlannedReminder:
    """An action item (returned report, new plan): at once, or after the quiet hours.

    Pass ``stage`` to tell repeated actions apart (the occurrence's version after a return),
    so a second return is a new reminder, not a duplicate of the first.
    """
    if kind not in ACTION_KINDS:
        raise ValueError(f"{kind.value} is not an action item (returned, new_plan)")
    return PlannedReminder(
        occurrence_id=occurrence_id,
        plan_id=plan_id,
        kind=kind,
        stage=stage,
        recipient_unit=recipient_unit,
        role=role,
        due_at=action_slot(now, policy),
        task_ref=task_ref,
    )


def _audiences(
    facts: OccurrenceFacts, due: date, policy: ReminderPolicy, calendar: WorkingCalendar
) -> Iterator[Audience]:
    leads = facts.lead_units
    if facts.check_in:
        if facts.state != State.REPORTED:
            yield from _each(leads, RecipientRole.LEAD, check_in_series(due, policy, calendar))
        return
    if facts.state == State.REPORTED:
        if facts.office_unit is not None and facts.reported_at is not None:
            steps = verify_steps(local_day(facts.reported_at), policy, calendar)
            yield facts.office_unit, RecipientRole.OFFICE, steps
        return
    series = lead_series(due, facts.start, policy, calendar)
    yield from _each(leads, RecipientRole.LEAD, series)
    partners = [unit for unit in facts.partner_units if unit not in leads]
    heard = partner_series(due, facts.start, policy, calendar)
    yield from _each(partners, RecipientRole.PARTNER, heard)
    escalation = (escalation_step(due, policy, calendar),)
    if facts.office_unit is not None:
        yield facts.office_unit, RecipientRole.OFFICE, escalation
    yield from _each(leads, RecipientRole.HEAD, escalation)


def _each(units: Iterable[int], role: RecipientRole, steps: tuple[Step, ...]) -> Iterator[Audience]:
    if steps:
        for unit in dict.fromkeys(units):
            yield unit, role, steps


def _weekly_day(week_start: date, policy: ReminderPolicy, calendar: WorkingCalendar) -> date | None:
    for offset in range(policy.office_weekday, 7):
        day = week_start + timedelta(days=offset)
        if calendar.is_working_day(day):
            return day
    return None
