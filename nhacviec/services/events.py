"""External events: deadlines that run from something outside the plan.

A task read as ``event`` ("trong vòng 05 ngày làm việc sau khi Bộ, ngành trung ương công bố")
has one occurrence without a date. When the office records that the event happened, every
task of the plan waiting on it gets its due date, counted in working or calendar days.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from nhacviec.errors import EventAmbiguous, EventNotAwaited, EventRefused, InputError
from nhacviec.services.tasks import Actor, NewDate, change_date, pick_occurrence
from nhacviec.store import tasks as stored
from nhacviec.store.journal import append_event, append_history
from nhacviec.store.models import ExternalEvent, HistoryEntry, Occurrence, Plan, Task
from workflows.calendar import WorkingCalendar
from workflows.deadlines.events import event_occurrence
from workflows.event_payloads import DueSource, ExternalEventRecorded, PlanAction
from workflows.plan import Period
from workflows.plan_events import EventKind
from workflows.schedule import EventTrigger
from workflows.text import fold
from workflows.workflow import OPEN_STATES, State

_SIMILAR_ENOUGH = 0.75


@dataclass(frozen=True)
class AwaitedEvent:
    plan: Plan
    name: str  # the plan's words for the event
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class DatedTask:
    task: Task
    occurrence: Occurrence  # now with its due date


@dataclass(frozen=True)
class RecordedEvent:
    event: ExternalEvent
    dated: tuple[DatedTask, ...]  # waiting tasks that now have a due date
    undated: tuple[Task, ...]  # tasks whose plan gives no offset: the office sets their date


def awaited_events(session: Session, plan_id: int | None = None) -> list[AwaitedEvent]:
    """Events not recorded yet, with the tasks waiting on each, plan by plan."""
    query = select(Task, Plan).join(Plan, col(Plan.id) == col(Task.plan_id))
    query = query.where(Task.schedule_kind == "event", col(Task.event_text).is_not(None))
    if plan_id is not None:
        query = query.where(Task.plan_id == plan_id)
    waiting: dict[tuple[int, str], tuple[Plan, str, list[Task]]] = {}
    for task, plan in session.exec(query.order_by(col(Task.plan_id), col(Task.position))).all():
        assert plan.id is not None
        assert task.event_text is not None
        if _recorded(session, plan.id, task.event_text) or not _waiting(session, task):
            continue
        entry = waiting.setdefault((plan.id, _key(task.event_text)), (plan, task.event_text, []))
        entry[2].append(task)
    return [AwaitedEvent(plan, name, tuple(tasks)) for plan, name, tasks in waiting.values()]


def recorded_events(session: Session, plan_id: int | None = None) -> Sequence[ExternalEvent]:
    query = select(ExternalEvent)
    if plan_id is not None:
        query = query.where(ExternalEvent.plan_id == plan_id)
    return session.exec(query.order_by(col(ExternalEvent.id))).all()


def record_event(
    session: Session,
    name: str,
    occurred_on: date,
    actor: Actor,
    now: datetime,
    calendar: WorkingCalendar,
    *,
    plan_id: int | None = None,
    note: str = "",
) -> RecordedEvent:
    """The office records that ``name`` happened on ``occurred_on``; waiting tasks get dates."""
    awaited = match_awaited(name, awaited_events(session, plan_id))
    plan = awaited.plan
    assert plan.id is not None
    if actor.unit_id is None or actor.unit_id != plan.office_unit_id:
        raise EventRefused(awaited.name, plan.id)
    event = ExternalEvent(
        plan_id=plan.id,
        name=awaited.name,
        occurred_on=occurred_on,
        recorded_at=now,
        recorded_by_unit_id=actor.unit_id,
        note=note,
    )
    session.add(event)
    session.flush()
    append_event(
        session,
        EventKind.EXTERNAL_EVENT_RECORDED,
        now,
        plan_id=plan.id,
        payload=ExternalEventRecorded(awaited.name, occurred_on),
    )
    period = Period(plan.period_start, plan.period_end)
    dated, undated = [], []
    for task in awaited.tasks:
        outcome = _date_task(session, plan, task, occurred_on, actor, now, calendar, period)
        if outcome is None:
            _note_undated(session, plan, task, occurred_on, actor, now)
            undated.append(task)
        else:
            dated.append(outcome)
    return RecordedEvent(event, tuple(dated), tuple(undated))


def _date_task(
    session: Session,
    plan: Plan,
    task: Task,
    occurred_on: date,
    actor: Actor,
    now: datetime,
    calendar: WorkingCalendar,
    period: Period,
) -> DatedTask | None:
    assert task.event_text is not None
    trigger = EventTrigger(task.event_text, task.event_offset_days, task.event_working_days)
    reading = event_occurrence(trigger, occurred_on, calendar, period)
    if reading is None:
        return None
    occurrence = pick_occurrence(session, task, None)
    new = NewDate(
        reading.due,
        reading.start,
        DueSource.EVENT,
        due_words=reading.due_words,
        label=reading.label,
    )
    change_date(session, plan, task, occurrence, new, actor, now)
    return DatedTask(task, occurrence)


def _note_undated(
    session: Session, plan: Plan, task: Task, occurred_on: date, actor: Actor, now: datetime
) -> None:
    assert plan.id is not None
    assert task.id is not None
    append_history(
        session,
        HistoryEntry(
            plan_id=plan.id,
            task_id=task.id,
            action=PlanAction.EVENT.value,
            at=now,
            actor_unit_id=actor.unit_id,
            channel=actor.channel.value,
            actor_name=actor.name,
            details={"event": task.event_text, "occurred_on": occurred_on.isoformat()},
        ),
    )


def match_awaited(name: str, awaited: list[AwaitedEvent]) -> AwaitedEvent:
    """The awaited event ``name`` means: the same words, words contained in the other's, or
    words similar enough; refused when several events fit equally."""
    wanted = _key(name)
    if not wanted:
        raise InputError("events.no_name")
    exact = [event for event in awaited if _key(event.name) == wanted]
    close = exact or [event for event in awaited if _close(wanted, _key(event.name))]
    names = {(event.plan.id, _key(event.name)) for event in close}
    if len(names) == 1:
        return close[0]
    if not close:
        listed = "; ".join(f"«{event.name}» (KH {event.plan.id})" for event in awaited) or "—"
        raise EventNotAwaited(name, listed)
    listed = "; ".join(f"«{event.name}» (KH {event.plan.id})" for event in close)
    raise EventAmbiguous(name, listed)


def _close(wanted: str, candidate: str) -> bool:
    if wanted in candidate or candidate in wanted:
        return True
    return difflib.SequenceMatcher(None, wanted, candidate).ratio() >= _SIMILAR_ENOUGH


def _key(text: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split())


def _recorded(session: Session, plan_id: int, event_text: str) -> bool:
    names = session.exec(select(ExternalEvent.name).where(ExternalEvent.plan_id == plan_id)).all()
    return _key(event_text) in {_key(name) for name in names}


def _waiting(session: Session, task: Task) -> bool:
    assert task.id is not None
    return any(
        occurrence.due_date is None and State(occurrence.state) in OPEN_STATES
        for occurrence in stored.occurrences_of(session, task.id)
    )
