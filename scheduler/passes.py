"""The scheduler's two passes over the store.

* **Planning** follows the plan event log from the stored position: every occurrence an event
  touches is planned again (``scheduler.planning``, pure), the outbox gets the reminders it
  lacks and loses the pending ones no longer wanted; action items go in at once. The position
  moves in the same transaction, so no event is missed or handled twice.
* **Dispatching** leases the due rows of whole addresses, drops those no longer relevant
  (``scheduler.catchup``), and makes of the rest one message per address: its action items
  alone, at once; its routine reminders (for every unit it serves) as one digest, at most one a
  local day — an address that already had it today hears of the rest on the next working day.
  It hands each message to its channel and records the outcome: sent only once the channel
  accepted it; a temporary failure is retried later with backoff; a permanent one, or too many,
  is a dead letter that the plan's office hears about in its next message.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from nhacviec.store import journal, outbox
from nhacviec.store import plans as stored_plans
from nhacviec.store import tasks as stored
from nhacviec.store import units as stored_units
from nhacviec.store.journal import EventKind, events_after
from nhacviec.store.models import Delivery as DeliveryRow
from nhacviec.store.models import Plan, PlanEvent, Reminder, UnitContact
from notifiers.base import Address, Delivery, DeliveryStatus, Notifier
from notifiers.message import RecipientRole, ReminderKind
from scheduler.catchup import fold, still_relevant
from scheduler.config import SchedulerConfig
from scheduler.messages import Envelope, MessageBuilder
from scheduler.model import OccurrenceFacts, PlannedReminder
from scheduler.planning.reminders import plan_action, plan_occurrence, plan_office_weekly
from scheduler.planning.slots import at_local, local_day, send_slot
from scheduler.retry import gives_up, next_attempt
from workflows.event_payloads import sends_back
from workflows.standing import LOCAL_TZ

if TYPE_CHECKING:
    from nhacviec.app import App

log = logging.getLogger("nhacviec.scheduler")

CONSUMER = "scheduler"
# The kinds planned from an occurrence's dates and state (action items are not: see add_actions).
PLANNED_KINDS = tuple(
    kind.value
    for kind in (
        ReminderKind.WINDOW_START,
        ReminderKind.BEFORE_DUE,
        ReminderKind.DUE,
        ReminderKind.OVERDUE,
        ReminderKind.ESCALATION,
        ReminderKind.VERIFY_PENDING,
    )
)
# Action items go at once, in a message of their own; every other kind is routine: an address
# gets at most one routine message a local day.
ACTION_KINDS = frozenset({ReminderKind.RETURNED.value, ReminderKind.NEW_PLAN.value})
ROUTINE_KINDS = tuple(kind.value for kind in ReminderKind if kind.value not in ACTION_KINDS)
PSEUDO_CHANNELS = frozenset({"console", "file", "memory"})  # one address per unit: its id


@dataclass
class PassStats:
    events: int = 0
    planned: int = 0
    cancelled: int = 0
    claimed: int = 0
    sent: int = 0
    superseded: int = 0
    retried: int = 0
    dead: int = 0
    messages: int = 0
    deferred: int = 0  # routine rows held back: the address had its routine message today

    def add(self, other: PassStats) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


# -- planning ---------------------------------------------------------------------------------


def plan_pass(session: Session, config: SchedulerConfig, now: datetime) -> PassStats:
    """Handle the next batch of plan events; call again while it reports events."""
    stats = PassStats()
    position = outbox.lock_position(session, CONSUMER, now)
    events = list(events_after(session, position, config.batch))
    stats.events = len(events)
    touched = _Touched()
    for event in events:
        touched.take(session, event)
    planner = _Planner(session, config, now)
    planner.replan(touched.occurrences)
    planner.add_actions(touched.actions)
    planner.ensure_weekly(_plans_with_office(session))  # next week's list, every week
    stats.planned, stats.cancelled = planner.added, planner.cancelled
    if events:
        outbox.set_position(session, CONSUMER, events[-1].seq, now)
    return stats


def _plans_with_office(session: Session) -> set[int]:
    query = select(Plan.id).where(col(Plan.office_unit_id).is_not(None))
    return {plan_id for plan_id in session.exec(query).all() if plan_id is not None}


_WHOLE_PLAN = {EventKind.PLAN_IMPORTED, EventKind.PLAN_AMENDED, EventKind.UNITS_LINKED}


@dataclass
class _Touched:
    """What a batch of events asks to plan again."""

    occurrences: set[int] = field(default_factory=set)
    plans: set[int] = field(default_factory=set)
    actions: list[tuple[ReminderKind, int, int | None]] = field(default_factory=list)

    def take(self, session: Session, event: PlanEvent) -> None:
        kind = EventKind(event.kind)
        if kind in _WHOLE_PLAN and event.plan_id:
            self.occurrences |= set(stored.occurrence_ids_of(session, plan_id=event.plan_id))
            self.plans.add(event.plan_id)
            if kind is EventKind.PLAN_IMPORTED:
                self.actions.append((ReminderKind.NEW_PLAN, event.plan_id, None))
        elif kind in {EventKind.TASK_ADDED, EventKind.TASK_REMOVED, EventKind.TASK_REWORDED}:
            if event.task_id is not None:
                self.occurrences |= set(stored.occurrence_ids_of(session, task_id=event.task_id))
        elif event.occurrence_id is not None:
            self.occurrences.add(event.occurrence_id)
            if sends_back(kind, event.payload) and event.plan_id:
                self.actions.append((ReminderKind.RETURNED, event.plan_id, event.occurrence_id))
        if event.plan_id is not None:
            self.plans.add(event.plan_id)


class _Planner:
    def __init__(self, session: Session, config: SchedulerConfig, now: datetime) -> None:
        self.session, self.config, self.now = session, config, now
        self.added = self.cancelled = 0
        self._addresses_found: dict[int, list[Address]] = {}
        self._contacts: dict[int, list[UnitContact]] = {}
        # Console, file and memory reach a unit by its id: no contact to read for them.
        self._needs_contacts = any(c not in PSEUDO_CHANNELS for c in config.channels)

    def replan(self, occurrence_ids: Iterable[int]) -> None:
        ids = sorted(occurrence_ids)
        for start in range(0, len(ids), self.config.batch):
            chunk = ids[start : start + self.config.batch]
            facts = stored.occurrence_facts(self.session, chunk)
            self._read_contacts(
                unit
                for fact in facts.values()
                for unit in (*fact.lead_units, *fact.partner_units, fact.office_unit)
                if unit is not None
            )
            rows = [
                row
                for fact in facts.values()
                for planned in plan_occurrence(
                    fact, self.config.policy, self.config.calendar, self.now
                )
                for row in self._rows(planned, _epoch(planned, fact), fact.due)
            ]
            keep = {row.key for row in rows}
            self.cancelled += outbox.cancel_pending_except(
                self.session, chunk, keep, kinds=PLANNED_KINDS
            )
            self.added += outbox.add_rows(self.session, rows, self.now)

    def add_actions(self, actions: Sequence[tuple[ReminderKind, int, int | None]]) -> None:
        rows = []
        for kind, plan_id, occurrence_id in actions:
            for planned in self._actions_for(kind, plan_id, occurrence_id):
                rows.extend(self._rows(planned))
        self.added += outbox.add_rows(self.session, rows, self.now)

    def _actions_for(
        self, kind: ReminderKind, plan_id: int, occurrence_id: int | None
    ) -> list[PlannedReminder]:
        facts = None
        if occurrence_id is not None:
            facts = stored.occurrence_facts(self.session, [occurrence_id]).get(occurrence_id)
            leads = facts.lead_units if facts else ()
            ref = facts.task_ref if facts else ""
            reporter = journal.last_actor(self.session, occurrence_id, "report")
            if kind is ReminderKind.RETURNED and reporter in leads:
                leads = (reporter,)  # the unit that reported hears its report came back
        else:
            leads = tuple(sorted(self._plan_leads(plan_id)))
            ref = ""
        policy = self.config.policy
        stage = facts.version if occurrence_id is not None and facts else 0  # one per return
        return [
            plan_action(
                kind,
                occurrence_id,
                plan_id,
                unit,
                RecipientRole.LEAD,
                ref,
                policy,
                self.now,
                stage=stage,
            )
            for unit in leads
        ]

    def _plan_leads(self, plan_id: int) -> set[int]:
        facts = stored.occurrence_facts(
            self.session, stored.occurrence_ids_of(self.session, plan_id=plan_id)
        )
        return {unit for fact in facts.values() for unit in fact.lead_units}

    def ensure_weekly(self, plan_ids: Iterable[int]) -> None:
        """Every plan with an office has its next weekly list in the outbox."""
        offices = stored_plans.offices_of(self.session, plan_ids)
        self._read_contacts(offices.values())
        rows = []
        for plan_id, office in sorted(offices.items()):
            weekly = plan_office_weekly(
                plan_id, office, self.config.policy, self.config.calendar, self.now
            )
            rows.extend(self._rows(weekly))
        self.added += outbox.add_rows(self.session, rows, self.now)

    def _rows(
        self, planned: PlannedReminder, epoch: str = "", due: date | None = None
    ) -> list[outbox.OutboxRow]:
        base = f"{planned.key}:{epoch}" if epoch else planned.key
        return [
            outbox.OutboxRow(
                key=f"{base}:{address.channel}:{address.value}",
                plan_id=planned.plan_id,
                occurrence_id=planned.occurrence_id,
                kind=planned.kind.value,
                stage=planned.stage,
                recipient_unit_id=planned.recipient_unit,
                role=planned.role.value,
                channel=address.channel,
                address=address.value,
                due_at=planned.due_at,
                due_date=due or planned.due,
            )
            for address in self._addresses(planned.recipient_unit, planned.role)
        ]

    def _addresses(self, unit_id: int, role: RecipientRole) -> list[Address]:
        cache_key = unit_id * 2 + (role is RecipientRole.HEAD)
        if cache_key not in self._addresses_found:
            self._read_contacts([unit_id])
            contacts = self._contacts.get(unit_id, [])
            self._addresses_found[cache_key] = addresses_in(
                contacts, unit_id, role, self.config.channels
            )
        return self._addresses_found[cache_key]

    def _read_contacts(self, unit_ids: Iterable[int]) -> None:
        """The contacts of these units, read at once (once per pass), if a channel needs them."""
        if self._needs_contacts:
            missing = {unit_id for unit_id in unit_ids if unit_id not in self._contacts}
            if missing:
                self._contacts |= stored_units.contacts_of(self.session, missing)


def addresses_of(
    session: Session, unit_id: int, role: RecipientRole, channels: Sequence[str]
) -> list[Address]:
    """Where a unit (or its head) is reached on the enabled channels."""
    contacts = stored_units.contacts_of(session, [unit_id])[unit_id]
    return addresses_in(contacts, unit_id, role, channels)


def addresses_in(
    contacts: Sequence[UnitContact], unit_id: int, role: RecipientRole, channels: Sequence[str]
) -> list[Address]:
    """Where a unit (or its head) is reached on the enabled channels, among its contacts."""
    for_head = role is RecipientRole.HEAD
    found = []
    for channel in channels:
        if channel in PSEUDO_CHANNELS:
            if not for_head:
                found.append(Address(channel, f"unit:{unit_id}"))
            continue
        found.extend(
            Address(channel, contact.address, contact.label)
            for contact in contacts
            if contact.channel == channel and contact.for_head == for_head
        )
    return found


# -- dispatching ------------------------------------------------------------------------------


async def dispatch_pass(
    app: App,
    notifiers: Mapping[str, Notifier],
    config: SchedulerConfig,
    now: datetime,
    rng: random.Random,
    clock: Callable[[], datetime] | None = None,
) -> PassStats:
    """Send what is due now; call again while it reports claimed rows. Nothing is ever sent
    in quiet hours: what falls due then (a catch-up, a retry) waits for the morning.

    Each message's rows have their lease renewed (from ``clock``, default ``now``) just before
    the send, and only by the dispatcher still holding them: a batch that outlived its lease
    never sends what another dispatcher has taken over.
    """
    stats = PassStats()
    if config.policy.in_quiet_hours(now.astimezone(LOCAL_TZ).time()):
        return stats
    with app.transaction() as session:
        claimed = outbox.claim_due(session, now, config.owner, config.lease, config.batch)
    stats.claimed = len(claimed)
    if not claimed:
        return stats
    with app.transaction() as session:
        batch = _prepare(session, claimed, config, now)
        outbox.set_status(session, batch.dropped, outbox.SUPERSEDED)
        outbox.defer(session, batch.deferred, next_routine_slot(now, config), owner=config.owner)
    stats.superseded, stats.deferred = len(batch.dropped), len(batch.deferred)
    slots = asyncio.Semaphore(config.senders)

    sender = _Sender(app, notifiers, config, now, clock or (lambda: now), rng, stats)

    async def deliver_in_turn(envelopes: list[Envelope]) -> None:
        for envelope in envelopes:  # one address: in order, never two at once
            async with slots:
                await sender.deliver(envelope)

    async with asyncio.TaskGroup() as group:
        for envelopes in _by_address(batch.envelopes).values():
            group.create_task(deliver_in_turn(envelopes))
    return stats


def _by_address(envelopes: Sequence[Envelope]) -> dict[Address, list[Envelope]]:
    found: dict[Address, list[Envelope]] = {}
    for envelope in envelopes:
        found.setdefault(envelope.address, []).append(envelope)
    return found


@dataclass(frozen=True)
class _Batch:
    envelopes: list[Envelope]
    dropped: list[int]
    deferred: list[int] = field(default_factory=list)  # routine rows that wait a working day


def _prepare(
    session: Session, claimed: Sequence[Reminder], config: SchedulerConfig, now: datetime
) -> _Batch:
    occurrence_ids = {row.occurrence_id for row in claimed if row.occurrence_id is not None}
    facts = stored.occurrence_facts(session, occurrence_ids)
    relevant, dropped = [], []
    for row in claimed:
        if row.occurrence_id is None or still_relevant(
            _planned(row), facts.get(row.occurrence_id), now
        ):
            relevant.append(row)
        else:
            dropped.append(row)
    send, superseded = _fold(relevant)
    dropped.extend(superseded)
    groups = group_by_address(send)
    heard = outbox.heard_since(
        session,
        groups,
        local_midnight(now),
        now,
        kinds=ROUTINE_KINDS,
        owner=config.owner,
    )
    builder = MessageBuilder(session, config, now)
    envelopes: list[Envelope] = []
    deferred: list[Reminder] = []
    builder.prefetch(group.action + group.routine for group in groups.values())
    for address, group in groups.items():
        if address in heard:  # the day's routine message is out: the rest waits a working day
            deferred.extend(group.routine)
        envelopes.extend(builder.envelope(rows) for rows in group.messages(address in heard))
    kept = [e for e in envelopes if not e.message.is_empty]
    dropped.extend(row for e in envelopes if e.message.is_empty for row in e.rows)
    return _Batch(
        kept,
        [row.id for row in dropped if row.id is not None],
        [row.id for row in deferred if row.id is not None],
    )


def local_midnight(now: datetime) -> datetime:
    """The start of ``now``'s local (Asia/Ho_Chi_Minh) day, in UTC."""
    return at_local(local_day(now), time(0, 0))


def next_routine_slot(now: datetime, config: SchedulerConfig) -> datetime:
    """When a routine reminder held back today goes: the next working day's send time."""
    return send_slot(config.calendar.next_working_day(local_day(now)), config.policy)


@dataclass
class AddressRows:
    """What one address is due to hear: action items (at once, alone) and routine reminders
    (at most one message a local day)."""

    action: list[Reminder] = field(default_factory=list)
    routine: list[Reminder] = field(default_factory=list)

    def messages(self, heard_today: bool) -> list[list[Reminder]]:
        """The rows of each message to send: the action items, then (unless the address has had
        its routine message today) every routine reminder, whichever units they are for."""
        found = [self.action] if self.action else []
        if self.routine and not heard_today:
            found.append(self.routine)
        return found


def group_by_address(rows: Sequence[Reminder]) -> dict[tuple[str, str], AddressRows]:
    """The rows by (channel, address), each split into action items and routine reminders."""
    groups: dict[tuple[str, str], AddressRows] = defaultdict(AddressRows)
    for row in rows:
        group = groups[(row.channel, row.address)]
        (group.action if row.kind in ACTION_KINDS else group.routine).append(row)
    return dict(groups)


def _planned(row: Reminder) -> PlannedReminder:
    return PlannedReminder(
        occurrence_id=row.occurrence_id,
        plan_id=row.plan_id,
        kind=ReminderKind(row.kind),
        stage=row.stage,
        recipient_unit=row.recipient_unit_id,
        role=RecipientRole(row.role),
        due_at=row.due_at,
        due=row.due_date,
    )


def _epoch(planned: PlannedReminder, fact: OccurrenceFacts) -> str:
    """What a reminder's key must also name so that a new due date (or a new report awaiting
    verification) gets its own reminders instead of colliding with ones already sent."""
    due = f"d{fact.due:%Y%m%d}" if fact.due else "d-"
    if planned.kind is ReminderKind.VERIFY_PENDING and fact.reported_at is not None:
        return f"{due}r{fact.reported_at:%Y%m%d%H%M}"
    return due


def _fold(rows: Sequence[Reminder]) -> tuple[list[Reminder], list[Reminder]]:
    """Per address and occurrence, only the most relevant of several due reminders is sent."""
    by_target: dict[tuple[str, str, int | None], list[Reminder]] = defaultdict(list)
    for row in rows:
        by_target[(row.channel, row.address, row.occurrence_id)].append(row)
    send: list[Reminder] = []
    superseded: list[Reminder] = []
    for group in by_target.values():
        if group[0].occurrence_id is None:
            send.extend(group)
            continue
        by_key = {_planned(row).key: row for row in group}
        keep, drop = fold([_planned(row) for row in group])
        send.extend(by_key[planned.key] for planned in keep)
        superseded.extend(by_key[planned.key] for planned in drop)
    return send, superseded


@dataclass
class _Sender:
    """Sends one batch's messages and records each outcome."""

    app: App
    notifiers: Mapping[str, Notifier]
    config: SchedulerConfig
    now: datetime  # the step's instant: the delivery log's and the retries' clock
    clock: Callable[[], datetime]  # the real time, for leases
    rng: random.Random
    stats: PassStats

    async def deliver(self, envelope: Envelope) -> None:
        ids = [row.id for row in envelope.rows if row.id is not None]
        if not self._renew(ids):
            log.warning("lease lost", extra={"reminders": len(ids), "owner": self.config.owner})
            return
        delivery = await self._send(envelope)
        self._settle(envelope, ids, delivery)
        log.info(
            "delivery",
            extra={
                "channel": envelope.address.channel,
                "recipient": envelope.message.recipient_name,
                "reminders": len(ids),
                "outcome": delivery.status.value,
            },
        )

    def _renew(self, ids: list[int]) -> bool:
        """Hold the rows for one more lease, if they are still ours; else let go of the rest."""
        until = self.clock() + self.config.lease
        with self.app.transaction() as session:
            renewed = outbox.renew_lease(session, ids, self.config.owner, until)
            if renewed == len(ids):
                return True
            outbox.release(session, ids, self.config.owner)
        return False

    async def _send(self, envelope: Envelope) -> Delivery:
        notifier = self.notifiers.get(envelope.address.channel)
        if notifier is None:
            return Delivery.permanent(f"channel {envelope.address.channel} is off")
        try:
            return await notifier.send(envelope.address, envelope.message, key=envelope.key)
        except Exception as exc:  # a notifier bug must not stop the service: retried, logged
            log.exception("notifier failed", extra={"channel": envelope.address.channel})
            return Delivery.temporary(f"{type(exc).__name__}: {exc}")

    def _settle(self, envelope: Envelope, ids: list[int], delivery: Delivery) -> None:
        attempts = max(row.attempts for row in envelope.rows) + 1
        owner, stats, now = self.config.owner, self.stats, self.now
        with self.app.transaction() as session:
            _record(session, envelope, delivery, now)
            if delivery.status is DeliveryStatus.ACCEPTED:
                stats.sent += outbox.mark_sent(session, ids, now, owner=owner)
                outbox.mark_told(session, envelope.failures_told, now)
                stats.messages += 1
            elif delivery.status is DeliveryStatus.PERMANENT or gives_up(
                attempts, self.config.max_attempts
            ):
                stats.dead += outbox.mark_dead(session, ids, attempts, delivery.detail, owner=owner)
            else:
                retry_at = next_attempt(
                    attempts, now, rng=self.rng, retry_after=delivery.retry_after
                )
                stats.retried += outbox.mark_retry(
                    session, ids, attempts, retry_at, delivery.detail, owner=owner
                )


def _record(session: Session, envelope: Envelope, delivery: Delivery, now: datetime) -> None:
    outbox.record_delivery(
        session,
        DeliveryRow(
            at=now,
            channel=envelope.address.channel,
            address=envelope.address.value,
            recipient_unit_id=envelope.message.recipient_unit,
            message_key=envelope.key,
            reminders=len(envelope.rows),
            outcome=delivery.status.value,
            detail=delivery.detail[:2000],
        ),
    )


# -- preview ----------------------------------------------------------------------------------


def preview(session: Session, config: SchedulerConfig, now: datetime) -> list[PlannedReminder]:
    """Every reminder planning would produce at ``now``, without writing anything."""
    planned = []
    plan_ids = {plan.id for plan in session.exec(select(Plan)).all() if plan.id is not None}
    for plan_id in sorted(plan_ids):
        ids = stored.occurrence_ids_of(session, plan_id=plan_id)
        for fact in stored.occurrence_facts(session, ids).values():
            planned.extend(plan_occurrence(fact, config.policy, config.calendar, now))
        plan = session.get(Plan, plan_id)
        if plan is not None and plan.office_unit_id is not None:
            planned.append(
                plan_office_weekly(
                    plan_id, plan.office_unit_id, config.policy, config.calendar, now
                )
            )
    return sorted(planned, key=lambda p: (p.due_at, p.recipient_unit, p.key))
