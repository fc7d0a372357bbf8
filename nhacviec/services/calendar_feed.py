"""A unit's calendar feed: its dated work as events, and the secret links that serve it.

What the feed holds (``unit_feed``): one entry per dated occurrence of a task naming the unit
as lead or partner, in plan and document order —

- open work, with alarms at the reminders the scheduler plans for it before and on its due
  date (the same series, policy and working calendar as ``scheduler.planning``: window start,
  N working days before, the due day; a partner hears what the policy gives partners, and
  nothing of a check-in; reported work, waiting on the office, has none);
- cancelled work, marked cancelled so a subscribed calendar removes it;
- verified work is left out (done: nothing to remind of).

``sequence`` counts the times the occurrence's date was set or moved (the plan event log),
plus one once it is cancelled: stable across runs, raised by every change a calendar must see.

Links (``issue_link``): a random token (192 bits) shown once, stored as its SHA-256; a new link
replaces the unit's old one; ``revoke`` ends them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from nhacviec.store import calendar_links
from nhacviec.store import tasks as stored
from nhacviec.store.feeds import date_changes, tasks_naming
from nhacviec.store.models import Occurrence, Unit
from notifiers.message import ReminderKind
from scheduler.planning.series import Step, check_in_series, lead_series, partner_series
from scheduler.policy import ReminderPolicy
from workflows.calendar import WorkingCalendar
from workflows.progress import tracked
from workflows.workflow import State

TOKEN_BYTES = 24  # 192 bits, 32 characters in a URL
PRE_DUE = frozenset({ReminderKind.WINDOW_START, ReminderKind.BEFORE_DUE, ReminderKind.DUE})
REMINDED = frozenset({State.ASSIGNED, State.IN_PROGRESS, State.RETURNED, State.REOPENED})


@dataclass(frozen=True)
class Alarm:
    kind: ReminderKind
    stage: int  # BEFORE_DUE: working days before the due date
    at: datetime  # UTC: when the scheduler sends it


@dataclass(frozen=True)
class FeedEntry:
    occurrence_id: int
    task_id: int
    plan_id: int
    plan_title: str
    ref: str
    label: str  # the occurrence's period ("Quý III"), "" for a single one
    task: str  # the task's words
    due: date
    due_words: str  # the occurrence's deadline in words ("trước ngày 31/07/2025")
    time_text: str  # the plan's time cell as written ("Trước 31/7/2025", "Quý III, IV")
    lead: bool  # the unit leads the task (else it is a partner)
    cancelled: bool
    sequence: int
    changed_at: datetime  # UTC: the occurrence's last change
    alarms: tuple[Alarm, ...]


@dataclass(frozen=True)
class UnitFeed:
    unit: str
    entries: tuple[FeedEntry, ...]


def unit_feed(
    session: Session,
    unit: Unit,
    *,
    policy: ReminderPolicy,
    calendar: WorkingCalendar,
    plan_id: int | None = None,
) -> UnitFeed:
    """The unit's feed (of one plan when ``plan_id`` is given): the tasks naming the unit
    itself, or a group it belongs to (by id: another organisation's namesake is not it)."""
    assert unit.id is not None
    views = stored.views_of(session, tasks_naming(session, unit.id, plan_id))
    roles = stored.units_of_tasks(session, {view.task.id for view in views if view.task.id})
    shown = [
        (view, occurrence)
        for view in views
        for occurrence in view.occurrences
        if _shown(occurrence, view.plan.period_start)
    ]
    changes = date_changes(session, [o.id for _, o in shown if o.id is not None])
    entries = []
    for view, occurrence in shown:
        assert view.task.id is not None and occurrence.id is not None
        assert occurrence.due_date is not None
        leads = view.task.id in roles and unit.id in roles[view.task.id].lead
        cancelled = occurrence.state == State.CANCELLED
        entries.append(
            FeedEntry(
                occurrence_id=occurrence.id,
                task_id=view.task.id,
                plan_id=view.task.plan_id,
                plan_title=view.plan.title,
                ref=view.task.ref,
                label=occurrence.label,
                task=view.task.task_text or view.task.activity,
                due=occurrence.due_date,
                due_words=occurrence.due_words,
                time_text=view.task.time_text,
                lead=leads,
                cancelled=cancelled,
                sequence=changes.get(occurrence.id, 0) + int(cancelled),
                changed_at=occurrence.updated_at,
                alarms=_alarms(occurrence, leads, policy, calendar),
            )
        )
    return UnitFeed(unit.name, tuple(entries))


def _shown(occurrence: Occurrence, period_start: date) -> bool:
    return (
        occurrence.due_date is not None
        and occurrence.state != State.VERIFIED
        and tracked(occurrence, period_start)
    )


def _alarms(
    occurrence: Occurrence, leads: bool, policy: ReminderPolicy, calendar: WorkingCalendar
) -> tuple[Alarm, ...]:
    """The reminders the scheduler plans for the unit before and on the due date."""
    due = occurrence.due_date
    if due is None or State(occurrence.state) not in REMINDED:
        return ()
    steps: tuple[Step, ...]
    if occurrence.check_in:  # a check-in of continuous work: the lead's alone
        steps = check_in_series(due, policy, calendar) if leads else ()
    elif leads:
        steps = lead_series(due, occurrence.start_date, policy, calendar)
    else:
        steps = partner_series(due, occurrence.start_date, policy, calendar)
    return tuple(Alarm(step.kind, step.stage, step.at) for step in steps if step.kind in PRE_DUE)


# -- links --------------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_link(session: Session, unit: Unit, *, now: datetime, by: str) -> str:
    """A new feed token for ``unit`` (shown once); the unit's older links stop working."""
    assert unit.id is not None
    calendar_links.revoke_links(session, unit.id, now, by)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    calendar_links.add_link(session, unit.id, token_hash(token), now, by)
    return token


def revoke(session: Session, unit: Unit, *, now: datetime, by: str) -> int:
    """End the unit's feed links; how many were active."""
    assert unit.id is not None
    return calendar_links.revoke_links(session, unit.id, now, by)


def unit_of_token(session: Session, token: str) -> Unit | None:
    """The unit whose active link has this token, else ``None`` (unknown or revoked alike)."""
    if not token or len(token) > 200:
        return None
    unit_id = calendar_links.unit_of_link(session, token_hash(token))
    return None if unit_id is None else session.get(Unit, unit_id)
