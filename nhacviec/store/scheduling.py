"""The scheduler's store port (``scheduler.store.base.SchedulerStore``) on SQL: one session,
one transaction; every query is the store's own (``outbox``, ``journal``, ``tasks``, ``plans``,
``units``), and what crosses the port is the port's plain values, never a table row."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from nhacviec.store import evidence as stored_evidence
from nhacviec.store import journal, outbox
from nhacviec.store import plans as stored_plans
from nhacviec.store import tasks as stored
from nhacviec.store import units as stored_units
from nhacviec.store.models import Delivery, Occurrence, Plan, PlanEvent, Reminder, Task, UnitContact
from scheduler.model import OccurrenceFacts, RequestFacts
from scheduler.store.base import (
    SUPERSEDED,
    Contact,
    DeliveryRecord,
    Event,
    OutboxEntry,
    OutboxRow,
    PlanHeadline,
    TaskLine,
)

# The external events a plan's tasks still wait on: a use case's reading (``services.events``),
# handed in by the composition root.
AwaitedNames = Callable[[Session, int], Sequence[str]]


class SqlSchedulerStore:
    """``SchedulerStore`` on one SQLModel session (the caller commits or rolls back)."""

    def __init__(self, session: Session, awaited: AwaitedNames | None = None) -> None:
        self.session = session
        self._awaited = awaited

    # -- the event log ----------------------------------------------------------------------

    def lock_position(self, consumer: str, now: datetime) -> int:
        return journal.lock_position(self.session, consumer, now)

    def set_position(self, consumer: str, position: int, now: datetime) -> None:
        journal.set_position(self.session, consumer, position, now)

    def events_after(self, position: int, limit: int) -> list[Event]:
        return [_event(row) for row in journal.events_after(self.session, position, limit)]

    # -- facts ------------------------------------------------------------------------------

    def occurrence_ids_of(
        self, *, plan_id: int | None = None, task_id: int | None = None
    ) -> list[int]:
        return stored.occurrence_ids_of(self.session, plan_id=plan_id, task_id=task_id)

    def occurrence_facts(self, occurrence_ids: Iterable[int]) -> dict[int, OccurrenceFacts]:
        return stored.occurrence_facts(self.session, occurrence_ids)

    def last_actor(self, occurrence_id: int, action: str) -> int | None:
        return journal.last_actor(self.session, occurrence_id, action)

    def latest_notes(self, occurrence_ids: Sequence[int], *, action: str) -> dict[int, str]:
        return journal.latest_notes(self.session, occurrence_ids, action=action)

    def plan_ids(self) -> list[int]:
        query = select(Plan.id).order_by(col(Plan.id))
        return [plan_id for plan_id in self.session.exec(query).all() if plan_id is not None]

    def offices_of(self, plan_ids: Iterable[int]) -> dict[int, int]:
        return stored_plans.offices_of(self.session, plan_ids)

    def plans_with_office(self) -> set[int]:
        query = select(Plan.id).where(col(Plan.office_unit_id).is_not(None))
        return {plan_id for plan_id in self.session.exec(query).all() if plan_id is not None}

    def plan_headline(self, plan_id: int) -> PlanHeadline | None:
        plan = self.session.get(Plan, plan_id)
        if plan is None or plan.id is None:
            return None
        return PlanHeadline(plan.id, plan.number or "", plan.title)

    def contacts_of(self, unit_ids: Iterable[int]) -> dict[int, list[Contact]]:
        found = stored_units.contacts_of(self.session, unit_ids)
        return {unit: [_contact(c) for c in contacts] for unit, contacts in found.items()}

    def unit_names(self, unit_ids: Iterable[int]) -> dict[int, str]:
        return stored_units.names_of(self.session, unit_ids)

    def task_lines(self, occurrence_ids: Iterable[int]) -> dict[int, TaskLine]:
        found = stored.details_of(self.session, occurrence_ids)
        return {i: _line(task, occurrence) for i, (task, occurrence) in found.items()}

    def lead_names(self, task_ids: set[int]) -> dict[int, tuple[str, ...]]:
        return stored.lead_names(self.session, task_ids)

    def lead_dues_by_unit(self, plan_id: int) -> dict[int, list[date | None]]:
        return stored.lead_dues_by_unit(self.session, plan_id)

    def undated_open(self, plan_id: int) -> list[TaskLine]:
        return [_line(task, o) for task, o in stored.undated_open(self.session, plan_id)]

    def dated_open(self, plan_id: int, *, due_before: date) -> list[TaskLine]:
        found = stored.dated_open(self.session, plan_id, due_before=due_before)
        return [_line(task, occurrence) for task, occurrence in found]

    def awaited_events(self, plan_id: int) -> tuple[str, ...]:
        return tuple(self._awaited(self.session, plan_id)) if self._awaited else ()

    def partner_requests(self, occurrence_ids: Iterable[int]) -> list[RequestFacts]:
        return stored_evidence.request_facts(self.session, occurrence_ids)

    # -- the outbox -------------------------------------------------------------------------

    def add_rows(self, rows: Sequence[OutboxRow], now: datetime) -> int:
        return outbox.add_rows(self.session, rows, now)

    def cancel_pending_except(
        self, occurrence_ids: Iterable[int], keep: set[str], *, kinds: Iterable[str]
    ) -> int:
        return outbox.cancel_pending_except(self.session, occurrence_ids, keep, kinds=kinds)

    def claim_due(
        self, now: datetime, owner: str, lease: timedelta, limit: int
    ) -> list[OutboxEntry]:
        return outbox.claim_due(self.session, now, owner, lease, limit)

    def heard_since(
        self,
        addresses: Iterable[tuple[str, str]],
        since: datetime,
        now: datetime,
        *,
        kinds: Iterable[str],
        owner: str,
    ) -> set[tuple[str, str]]:
        return outbox.heard_since(self.session, addresses, since, now, kinds=kinds, owner=owner)

    def defer(self, ids: Sequence[int], until: datetime, *, owner: str) -> int:
        return outbox.defer(self.session, ids, until, owner=owner)

    def supersede(self, ids: Sequence[int]) -> int:
        return outbox.set_status(self.session, ids, SUPERSEDED)

    def renew_lease(self, ids: Sequence[int], owner: str, until: datetime) -> int:
        return outbox.renew_lease(self.session, ids, owner, until)

    def release(self, ids: Sequence[int], owner: str) -> int:
        return outbox.release(self.session, ids, owner)

    def mark_sent(self, ids: Sequence[int], now: datetime, *, owner: str | None = None) -> int:
        return outbox.mark_sent(self.session, ids, now, owner=owner)

    def mark_retry(
        self,
        ids: Sequence[int],
        attempts: int,
        next_at: datetime,
        error: str,
        *,
        owner: str | None = None,
    ) -> int:
        return outbox.mark_retry(self.session, ids, attempts, next_at, error, owner=owner)

    def mark_dead(
        self, ids: Sequence[int], attempts: int, error: str, *, owner: str | None = None
    ) -> int:
        return outbox.mark_dead(self.session, ids, attempts, error, owner=owner)

    def pull_retries(self, channel: str, now: datetime, limit: int) -> int:
        return outbox.pull_retries(self.session, channel, now, limit)

    def untold_failures(self, plan_ids: Iterable[int]) -> list[OutboxEntry]:
        return [_entry(row) for row in outbox.untold_failures(self.session, plan_ids)]

    def mark_told(self, ids: Sequence[int], now: datetime) -> int:
        return outbox.mark_told(self.session, ids, now)

    def record_delivery(self, record: DeliveryRecord) -> None:
        outbox.record_delivery(self.session, Delivery(**vars(record)))


def _event(row: PlanEvent) -> Event:
    return Event(row.seq, row.kind, row.plan_id, row.task_id, row.occurrence_id, row.payload)


def _entry(row: Reminder) -> OutboxEntry:
    assert row.id is not None
    return OutboxEntry(
        id=row.id,
        key=row.key,
        plan_id=row.plan_id,
        occurrence_id=row.occurrence_id,
        kind=row.kind,
        stage=row.stage,
        recipient_unit_id=row.recipient_unit_id,
        role=row.role,
        channel=row.channel,
        address=row.address,
        due_at=row.due_at,
        next_attempt_at=row.next_attempt_at,
        due_date=row.due_date,
        attempts=row.attempts,
        last_error=row.last_error,
    )


def _contact(row: UnitContact) -> Contact:
    return Contact(row.channel, row.address, row.for_head, row.label)


def _line(task: Task, occurrence: Occurrence) -> TaskLine:
    assert task.id is not None
    assert occurrence.id is not None
    return TaskLine(
        occurrence_id=occurrence.id,
        task_id=task.id,
        plan_id=task.plan_id,
        ref=task.ref,
        text=task.activity or task.task_text,
        lead_text=task.lead_text,
        time_text=task.time_text,
        due=occurrence.due_date,
        due_words=occurrence.due_words,
        label=occurrence.label,
        state=occurrence.state,
        version=occurrence.version,
        check_in=occurrence.check_in,
    )
