"""Catch-up at dispatch time: drop what no longer holds, fold what says the same thing twice.

After a downtime the outbox hands over every row whose time has come. Two pure steps decide
what actually goes:

1. ``still_relevant`` checks each row against the occurrence as it is now: a closed, deleted or
   re-dated occurrence, a recipient no longer involved, or a reminder from the wrong phase ("due
   in 3 days" for work now overdue: folded into the overdue notice) is dropped.
2. ``fold`` keeps, for each addressee and occurrence, only the most relevant row: the latest
   overdue notice rather than five stale ones, an escalation rather than the overdue notice to
   the same unit, the latest weekly office list. Action items (returned, new plan) are never
   folded: each asks for something.

An addressee is a unit, except that a unit's head (role ``head``) is a person of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from notifiers.message import RecipientRole, ReminderKind
from scheduler.model import OccurrenceFacts, PlannedReminder, require_aware
from workflows.standing import overdue_from
from workflows.workflow import OPEN_STATES, State

# How much a reminder says about an occurrence; on one day or in one batch the highest wins.
_RANK: dict[ReminderKind, int] = {
    ReminderKind.WINDOW_START: 1,
    ReminderKind.BEFORE_DUE: 2,
    ReminderKind.DUE: 3,
    ReminderKind.VERIFY_PENDING: 4,
    ReminderKind.OVERDUE: 5,
    ReminderKind.ESCALATION: 6,
}
ACTION_KINDS = frozenset(
    {
        ReminderKind.RETURNED,
        ReminderKind.NEW_PLAN,
        ReminderKind.EXTENSION_ASKED,
        ReminderKind.LEAD_ASSIGNED,
        ReminderKind.LEAD_REMOVED,
        ReminderKind.PARTNER_REQUEST,
    }
)
_BEFORE_DUE_PHASE = frozenset({ReminderKind.WINDOW_START, ReminderKind.BEFORE_DUE})
_LATE_PHASE = frozenset({ReminderKind.OVERDUE, ReminderKind.ESCALATION})

Addressee = tuple[int, bool]  # (unit, is the unit's head)


def addressee(reminder: PlannedReminder) -> Addressee:
    return reminder.recipient_unit, reminder.role is RecipientRole.HEAD


def relevance(reminder: PlannedReminder) -> tuple[int, int]:
    """Ordering among reminders about one occurrence to one addressee: higher says more.

    A later overdue notice or verify reminder beats an earlier one; a nearer "before due"
    (fewer days left) beats a farther one; weekly lists compare by week.
    """
    return rank(reminder.kind, reminder.stage)


def rank(kind: ReminderKind, stage: int) -> tuple[int, int]:
    """``relevance`` of a reminder of ``kind`` and ``stage``."""
    return _RANK.get(kind, 0), -stage if kind is ReminderKind.BEFORE_DUE else stage


def fold(due: Sequence[PlannedReminder]) -> tuple[list[PlannedReminder], list[PlannedReminder]]:
    """``(send, superseded)``: the most relevant reminder per addressee and subject, in input
    order; action items all go."""
    best: dict[tuple[Addressee, str], PlannedReminder] = {}
    for reminder in due:
        if reminder.kind in ACTION_KINDS:
            continue
        group = (addressee(reminder), _subject(reminder))
        kept = best.get(group)
        if kept is None or relevance(reminder) > relevance(kept):
            best[group] = reminder
    chosen = {id(reminder) for reminder in best.values()}
    send = [r for r in due if r.kind in ACTION_KINDS or id(r) in chosen]
    superseded = [r for r in due if r.kind not in ACTION_KINDS and id(r) not in chosen]
    return send, superseded


def still_relevant(reminder: PlannedReminder, facts: OccurrenceFacts | None, now: datetime) -> bool:
    """Whether a due outbox row should still go, given the occurrence as read now.

    ``facts`` is None when the occurrence was deleted, and for plan-wide rows (weekly list,
    new plan), which always stay relevant.
    """
    require_aware(now)
    if reminder.occurrence_id is None:
        return True
    if facts is None or State(facts.state) not in OPEN_STATES:
        return False
    if reminder.kind is ReminderKind.LEAD_REMOVED:  # the former lead: no longer addressed
        return True
    if not _still_addressed(reminder, facts):
        return False
    if reminder.kind in ACTION_KINDS:
        return reminder.kind is not ReminderKind.RETURNED or facts.state == State.RETURNED
    return _fits_phase(reminder, facts, now)


def _subject(reminder: PlannedReminder) -> str:
    if reminder.occurrence_id is not None:
        return f"o{reminder.occurrence_id}"
    return f"p{reminder.plan_id}:{reminder.kind.value}"


def _still_addressed(reminder: PlannedReminder, facts: OccurrenceFacts) -> bool:
    """The recipient still holds the role the reminder was planned for (plans get amended)."""
    match reminder.role:
        case RecipientRole.LEAD | RecipientRole.HEAD:
            return reminder.recipient_unit in facts.lead_units
        case RecipientRole.PARTNER:
            return reminder.recipient_unit in facts.partner_units
        case RecipientRole.OFFICE:
            return reminder.recipient_unit == facts.office_unit
    return False


def _fits_phase(reminder: PlannedReminder, facts: OccurrenceFacts, now: datetime) -> bool:
    """The reminder matches the occurrence's due date, kind of work and phase at ``now``."""
    if facts.due is None or (reminder.due is not None and reminder.due != facts.due):
        return False
    reported = facts.state == State.REPORTED
    if reminder.kind is ReminderKind.VERIFY_PENDING:
        return reported and not facts.check_in and _after_report(reminder, facts)
    if reported or (facts.check_in and reminder.kind is not ReminderKind.DUE):
        return False
    late = now >= overdue_from(facts.due)
    if reminder.kind in _LATE_PHASE:
        return late
    return not late and (reminder.kind in _BEFORE_DUE_PHASE or reminder.kind is ReminderKind.DUE)


def _after_report(reminder: PlannedReminder, facts: OccurrenceFacts) -> bool:
    """A verify reminder planned for an earlier report (since returned) is stale."""
    return facts.reported_at is None or reminder.due_at >= facts.reported_at
