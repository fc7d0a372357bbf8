"""The planning pass over the scheduler's store (its port, ``scheduler.store.base``).

**Planning** follows the plan event log from the stored position: every occurrence an event
touches is planned again (``scheduler.planning``, pure), the outbox gets the reminders it lacks
and loses the pending ones no longer wanted; action items go in at once. The position moves in
the same transaction, so no event is missed or handled twice. Dispatching is
``scheduler.dispatch``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from notifiers.base import Address
from notifiers.message import RecipientRole, ReminderKind
from scheduler.config import SchedulerConfig
from scheduler.model import OccurrenceFacts, PlannedReminder
from scheduler.planning.reminders import plan_action, plan_occurrence, plan_office_weekly
from scheduler.planning.requests import plan_partner_request, request_epoch
from scheduler.store.base import Contact, Event, Facts, OutboxRow, SchedulerStore
from workflows.event_payloads import (
    LeadReassigned,
    asks_extension,
    moves_requests,
    read_payload,
    sends_back,
)
from workflows.plan_events import EventKind

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
    pulled: int = 0  # retries made due at once: their channel took a retry again

    def add(self, other: PassStats) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def plan_pass(store: SchedulerStore, config: SchedulerConfig, now: datetime) -> PassStats:
    """Handle the next batch of plan events (in the transaction ``store`` is); call again
    while it reports events."""
    stats = PassStats()
    position = store.lock_position(CONSUMER, now)
    events = list(store.events_after(position, config.batch))
    stats.events = len(events)
    touched = _Touched()
    for event in events:
        touched.take(store, event)
    planner = _Planner(store, config, now)
    planner.replan(touched.occurrences)
    planner.replan_requests(touched.requests)
    planner.add_actions(touched.actions, touched.stages, touched.recipients)
    planner.ensure_weekly(store.plans_with_office())  # next week's list, every week
    stats.planned, stats.cancelled = planner.added, planner.cancelled
    if events:
        store.set_position(CONSUMER, events[-1].seq, now)
    return stats


_WHOLE_PLAN = {EventKind.PLAN_IMPORTED, EventKind.PLAN_AMENDED, EventKind.UNITS_LINKED}
_REASSIGNED = frozenset({ReminderKind.LEAD_ASSIGNED, ReminderKind.LEAD_REMOVED})
_WHOLE_TASK = {
    EventKind.TASK_ADDED,
    EventKind.TASK_REMOVED,
    EventKind.TASK_REWORDED,
    EventKind.LEAD_REASSIGNED,  # issue 14: every occurrence is planned for its new lead
}


@dataclass
class _Touched:
    """What a batch of events asks to plan again."""

    occurrences: set[int] = field(default_factory=set)
    plans: set[int] = field(default_factory=set)
    actions: list[tuple[ReminderKind, int, int | None]] = field(default_factory=list)
    stages: dict[int, int] = field(default_factory=dict)  # occurrence → its request's event
    # issue 14: who hears of a reassignment (the new lead; the former ones)
    recipients: dict[tuple[ReminderKind, int], tuple[int, ...]] = field(default_factory=dict)
    requests: set[int] = field(default_factory=set)  # occurrences whose partner requests moved

    def take(self, store: Facts, event: Event) -> None:
        kind = EventKind(event.kind)
        if kind in _WHOLE_PLAN and event.plan_id:
            self.occurrences |= set(store.occurrence_ids_of(plan_id=event.plan_id))
            self.plans.add(event.plan_id)
            if kind is EventKind.PLAN_IMPORTED:
                self.actions.append((ReminderKind.NEW_PLAN, event.plan_id, None))
        elif kind in _WHOLE_TASK:
            if event.task_id is not None:
                self.occurrences |= set(store.occurrence_ids_of(task_id=event.task_id))
            if kind is EventKind.LEAD_REASSIGNED and event.plan_id and event.occurrence_id:
                self._reassigned(event)
        elif event.occurrence_id is not None:
            self.occurrences.add(event.occurrence_id)
            if sends_back(kind, event.payload) and event.plan_id:
                self.actions.append((ReminderKind.RETURNED, event.plan_id, event.occurrence_id))
            if asks_extension(kind, event.payload) and event.plan_id:  # issue 14: the office
                self.actions.append(
                    (ReminderKind.EXTENSION_ASKED, event.plan_id, event.occurrence_id)
                )
                self.stages[event.occurrence_id] = event.seq  # each request its own item
            if moves_requests(kind, event.payload):
                self.requests.add(event.occurrence_id)
        if event.plan_id is not None:
            self.plans.add(event.plan_id)

    def _reassigned(self, event: Event) -> None:
        """Issue 14: the new lead's action item, the former leads' notice (``LeadReassigned``)."""
        moved = read_payload(event.kind, event.payload)
        assert isinstance(moved, LeadReassigned)
        assert event.plan_id is not None and event.occurrence_id is not None
        self.actions.append((ReminderKind.LEAD_ASSIGNED, event.plan_id, event.occurrence_id))
        self.stages[event.occurrence_id] = event.seq
        self.recipients[(ReminderKind.LEAD_ASSIGNED, event.occurrence_id)] = (moved.after,)
        if moved.before:
            self.actions.append((ReminderKind.LEAD_REMOVED, event.plan_id, event.occurrence_id))
            self.recipients[(ReminderKind.LEAD_REMOVED, event.occurrence_id)] = moved.before


class _Planner:
    def __init__(self, store: SchedulerStore, config: SchedulerConfig, now: datetime) -> None:
        self.store, self.config, self.now = store, config, now
        self.added = self.cancelled = 0
        self._addresses_found: dict[int, list[Address]] = {}
        self._contacts: dict[int, list[Contact]] = {}
        # Console, file and memory reach a unit by its id: no contact to read for them.
        self._needs_contacts = any(c not in PSEUDO_CHANNELS for c in config.channels)

    def replan(self, occurrence_ids: Iterable[int]) -> None:
        ids = sorted(occurrence_ids)
        for start in range(0, len(ids), self.config.batch):
            chunk = ids[start : start + self.config.batch]
            facts = self.store.occurrence_facts(chunk)
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
            self.cancelled += self.store.cancel_pending_except(chunk, keep, kinds=PLANNED_KINDS)
            self.added += self.store.add_rows(rows, self.now)

    def replan_requests(self, occurrence_ids: Iterable[int]) -> None:
        """Plan the partners' reminders of the requests on these occurrences (an answered
        request's pending ones are cancelled)."""
        ids = sorted(occurrence_ids)
        for start in range(0, len(ids), self.config.batch):
            chunk = ids[start : start + self.config.batch]
            requests = self.store.partner_requests(chunk)
            self._read_contacts(request.partner_unit for request in requests)
            rows = [
                row
                for request in requests
                for planned in plan_partner_request(
                    request, self.config.policy, self.config.calendar, self.now
                )
                for row in self._rows(planned, request_epoch(request), request.due)
            ]
            keep = {row.key for row in rows}
            kinds = (ReminderKind.PARTNER_REQUEST.value,)
            self.cancelled += self.store.cancel_pending_except(chunk, keep, kinds=kinds)
            self.added += self.store.add_rows(rows, self.now)

    def add_actions(
        self,
        actions: Sequence[tuple[ReminderKind, int, int | None]],
        stages: Mapping[int, int] | None = None,
        recipients: Mapping[tuple[ReminderKind, int], tuple[int, ...]] | None = None,
    ) -> None:
        rows = []
        for kind, plan_id, occurrence_id in actions:
            stage = (stages or {}).get(occurrence_id or 0, 0)
            if kind is ReminderKind.EXTENSION_ASKED and occurrence_id is not None:
                planned_list = self._office_action(kind, plan_id, occurrence_id, stage)
            elif kind in _REASSIGNED and occurrence_id is not None:
                units = (recipients or {}).get((kind, occurrence_id), ())
                planned_list = self._lead_action(kind, plan_id, occurrence_id, stage, units)
            else:
                planned_list = self._actions_for(kind, plan_id, occurrence_id)
            for planned in planned_list:
                rows.extend(self._rows(planned))
        self.added += self.store.add_rows(rows, self.now)

    def _actions_for(
        self, kind: ReminderKind, plan_id: int, occurrence_id: int | None
    ) -> list[PlannedReminder]:
        facts = None
        if occurrence_id is not None:
            facts = self.store.occurrence_facts([occurrence_id]).get(occurrence_id)
            leads = facts.lead_units if facts else ()
            ref = facts.task_ref if facts else ""
            reporter = self.store.last_actor(occurrence_id, "report")
            if kind is ReminderKind.RETURNED and reporter in leads:
                leads = (reporter,)  # the unit that reported hears its report came back
        else:
            leads = tuple(sorted(self._plan_leads(plan_id)))
            ref = ""
        stage = facts.version if occurrence_id is not None and facts else 0  # one per return
        return self._planned(kind, plan_id, occurrence_id, leads, RecipientRole.LEAD, ref, stage)

    def _office_action(
        self, kind: ReminderKind, plan_id: int, occurrence_id: int, stage: int
    ) -> list[PlannedReminder]:
        """An action item for the plan's office about one occurrence (an extension request)."""
        facts = self.store.occurrence_facts([occurrence_id]).get(occurrence_id)
        if facts is None or facts.office_unit is None:
            return []
        office = (facts.office_unit,)
        return self._planned(
            kind, plan_id, occurrence_id, office, RecipientRole.OFFICE, facts.task_ref, stage
        )

    def _lead_action(
        self, kind: ReminderKind, plan_id: int, occurrence_id: int, stage: int, units: Sequence[int]
    ) -> list[PlannedReminder]:
        """A reassignment's action item (the new lead) or notice (the former ones)."""
        facts = self.store.occurrence_facts([occurrence_id]).get(occurrence_id)
        ref = facts.task_ref if facts else ""
        return self._planned(kind, plan_id, occurrence_id, units, RecipientRole.LEAD, ref, stage)

    def _planned(
        self,
        kind: ReminderKind,
        plan_id: int,
        occurrence_id: int | None,
        units: Iterable[int],
        role: RecipientRole,
        ref: str,
        stage: int,
    ) -> list[PlannedReminder]:
        """One action item per unit, in the role given, at this pass's time and policy."""
        policy, now = self.config.policy, self.now
        return [
            plan_action(kind, occurrence_id, plan_id, unit, role, ref, policy, now, stage=stage)
            for unit in units
        ]

    def _plan_leads(self, plan_id: int) -> set[int]:
        facts = self.store.occurrence_facts(self.store.occurrence_ids_of(plan_id=plan_id))
        return {unit for fact in facts.values() for unit in fact.lead_units}

    def ensure_weekly(self, plan_ids: Iterable[int]) -> None:
        """Every plan with an office has its next weekly list in the outbox."""
        offices = self.store.offices_of(plan_ids)
        self._read_contacts(offices.values())
        rows = []
        for plan_id, office in sorted(offices.items()):
            weekly = plan_office_weekly(
                plan_id, office, self.config.policy, self.config.calendar, self.now
            )
            rows.extend(self._rows(weekly))
        self.added += self.store.add_rows(rows, self.now)

    def _rows(
        self, planned: PlannedReminder, epoch: str = "", due: date | None = None
    ) -> list[OutboxRow]:
        base = f"{planned.key}:{epoch}" if epoch else planned.key
        return [
            OutboxRow(
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
                self._contacts |= self.store.contacts_of(missing)


def addresses_in(
    contacts: Sequence[Contact], unit_id: int, role: RecipientRole, channels: Sequence[str]
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


def _epoch(planned: PlannedReminder, fact: OccurrenceFacts) -> str:
    """What a reminder's key must also name so that a new due date (or a new report awaiting
    verification) gets its own reminders instead of colliding with ones already sent."""
    due = f"d{fact.due:%Y%m%d}" if fact.due else "d-"
    if planned.kind is ReminderKind.VERIFY_PENDING and fact.reported_at is not None:
        return f"{due}r{fact.reported_at:%Y%m%d%H%M}"
    return due


# -- preview ----------------------------------------------------------------------------------


def preview(store: Facts, config: SchedulerConfig, now: datetime) -> list[PlannedReminder]:
    """Every reminder planning would produce at ``now``, without writing anything."""
    planned = []
    plan_ids = store.plan_ids()
    offices = store.offices_of(plan_ids)
    for plan_id in sorted(plan_ids):
        ids = store.occurrence_ids_of(plan_id=plan_id)
        for fact in store.occurrence_facts(ids).values():
            planned.extend(plan_occurrence(fact, config.policy, config.calendar, now))
        if plan_id in offices:
            planned.append(
                plan_office_weekly(plan_id, offices[plan_id], config.policy, config.calendar, now)
            )
    return sorted(planned, key=lambda p: (p.due_at, p.recipient_unit, p.key))
