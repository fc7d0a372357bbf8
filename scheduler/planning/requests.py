"""Planning a partner request's reminders: the partner's own small deadline. Pure.

A request to a partner is an action item (``ReminderKind.PARTNER_REQUEST``, never folded into
the day's digest): it is told at once when asked (after the quiet hours), again one working day
before the date asked for, and on that date (the last working day on or before it). A step
whose time has passed is dropped, except the first (a request asked while the service was down
is still told). An answered request has nothing left to plan; its pending rows are cancelled.

Stages: 0 asked, 1 the day before, 2 the date itself. The request's id goes into the outbox key
(``request_epoch``), so two requests on one occurrence never collide.
"""

from __future__ import annotations

from datetime import datetime

from notifiers.message import RecipientRole, ReminderKind
from scheduler.model import PlannedReminder, RequestFacts, require_aware
from scheduler.planning.slots import action_slot, send_slot, working_day_on_or_before
from scheduler.policy import ReminderPolicy
from workflows.calendar import WorkingCalendar

ASKED, DAY_BEFORE, ON_THE_DATE = 0, 1, 2


def plan_partner_request(
    request: RequestFacts, policy: ReminderPolicy, calendar: WorkingCalendar, now: datetime
) -> list[PlannedReminder]:
    """The reminders the partner should still get about ``request`` at ``now``."""
    require_aware(now)
    if request.answered:
        return []
    last_day = working_day_on_or_before(request.due, calendar)
    steps = {
        ASKED: action_slot(request.asked_at, policy),
        DAY_BEFORE: send_slot(calendar.add_working_days(last_day, -1), policy),
        ON_THE_DATE: send_slot(last_day, policy),
    }
    asked_at = steps[ASKED]
    return [
        PlannedReminder(
            occurrence_id=request.occurrence_id,
            plan_id=request.plan_id,
            kind=ReminderKind.PARTNER_REQUEST,
            stage=stage,
            recipient_unit=request.partner_unit,
            role=RecipientRole.PARTNER,
            due_at=max(when, now) if stage == ASKED else when,
            task_ref=request.task_ref,
            due=request.due,
        )
        for stage, when in steps.items()
        if stage == ASKED or (when > asked_at and when >= now)
    ]


def request_epoch(request: RequestFacts) -> str:
    """What an outbox key names beside the occurrence: the request."""
    return f"q{request.request_id}"
