"""The scheduler's store port in memory: real code, for tests and demos (no database).

``MemoryStore`` holds the event log, the facts the passes read and the outbox in plain dicts;
``transaction()`` hands out the store itself and puts the outbox back as it was if the block
fails, like a rolled-back transaction. Fill it with ``add_plan``, ``add_unit``,
``put_occurrence``, ``append_event`` and ``add_history``, or copy another store's facts with
``scheduler.store.copy.copy_facts``. The outbox half is ``scheduler.store.queue``. One
process, one event loop: it takes no locks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from scheduler.model import OccurrenceFacts, RequestFacts
from scheduler.store.base import (
    OPEN_STATES,
    Contact,
    Event,
    PlanHeadline,
    SchedulerStore,
    TaskLine,
)
from scheduler.store.queue import MemoryOutbox


@dataclass(frozen=True)
class HistoryNote:
    """An action taken on an occurrence, as the passes read it (who reported; why returned)."""

    occurrence_id: int
    action: str
    actor_unit_id: int | None
    note: str = ""


class MemoryStore(MemoryOutbox):
    """``SchedulerStore`` in memory."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget everything: facts, events, the outbox and the delivery log."""
        self.events: list[Event] = []
        self.facts: dict[int, OccurrenceFacts] = {}
        self.lines: dict[int, TaskLine] = {}
        self.plans: dict[int, PlanHeadline] = {}
        self.offices: dict[int, int] = {}
        self.names: dict[int, str] = {}
        self.contacts: dict[int, list[Contact]] = {}
        self.task_leads: dict[int, tuple[str, ...]] = {}  # the plan's names of each task's leads
        self.history: list[HistoryNote] = []
        self.awaited: dict[int, tuple[str, ...]] = {}
        self.positions: dict[str, int] = {}
        self.requests: dict[int, RequestFacts] = {}
        self.clear_outbox()

    @contextmanager
    def transaction(self) -> Iterator[SchedulerStore]:
        """The store itself; the outbox and positions are restored if the block fails."""
        saved = ({i: replace(row) for i, row in self.outbox.items()}, dict(self.positions))
        logged = len(self.deliveries)
        try:
            yield self
        except BaseException:
            self.outbox, self.positions = saved
            self._by_key = {row.key: i for i, row in self.outbox.items()}
            del self.deliveries[logged:]
            raise

    # -- filling it -------------------------------------------------------------------------

    def add_plan(self, plan: PlanHeadline, office: int | None = None) -> None:
        self.plans[plan.id] = plan
        if office is not None:
            self.offices[plan.id] = office

    def add_unit(self, unit_id: int, name: str, contacts: Iterable[Contact] = ()) -> None:
        self.names[unit_id] = name
        self.contacts[unit_id] = list(contacts)

    def put_occurrence(self, facts: OccurrenceFacts | None, line: TaskLine) -> None:
        """An occurrence as it is now (``facts`` None: one the scheduler does not follow,
        before the plan's period)."""
        self.lines[line.occurrence_id] = line
        if facts is None:
            self.facts.pop(line.occurrence_id, None)
        else:
            self.facts[line.occurrence_id] = facts

    def append_event(
        self,
        kind: str,
        *,
        plan_id: int | None = None,
        task_id: int | None = None,
        occurrence_id: int | None = None,
        payload: Mapping[str, Any] | None = None,
    ) -> Event:
        """Log an event (a ``workflows.plan_events.EventKind`` value) after the others."""
        event = Event(self.last_seq + 1, kind, plan_id, task_id, occurrence_id, payload or {})
        self.events.append(event)
        return event

    @property
    def last_seq(self) -> int:
        return self.events[-1].seq if self.events else 0

    def add_history(self, note: HistoryNote) -> None:
        self.history.append(note)

    def put_request(self, request: RequestFacts) -> None:
        """A partner request as it is now (asked, or answered)."""
        self.requests[request.request_id] = request

    # -- the event log ----------------------------------------------------------------------

    def lock_position(self, consumer: str, now: datetime) -> int:
        return self.positions.setdefault(consumer, 0)

    def set_position(self, consumer: str, position: int, now: datetime) -> None:
        self.positions[consumer] = position

    def events_after(self, position: int, limit: int) -> list[Event]:
        return [event for event in self.events if event.seq > position][:limit]

    # -- facts ------------------------------------------------------------------------------

    def occurrence_ids_of(
        self, *, plan_id: int | None = None, task_id: int | None = None
    ) -> list[int]:
        return [
            line.occurrence_id
            for line in self.lines.values()
            if (plan_id is None or line.plan_id == plan_id)
            and (task_id is None or line.task_id == task_id)
        ]

    def occurrence_facts(self, occurrence_ids: Iterable[int]) -> dict[int, OccurrenceFacts]:
        return {i: self.facts[i] for i in occurrence_ids if i in self.facts}

    def last_actor(self, occurrence_id: int, action: str) -> int | None:
        found = [n for n in self.history if (n.occurrence_id, n.action) == (occurrence_id, action)]
        return found[-1].actor_unit_id if found else None

    def latest_notes(self, occurrence_ids: Sequence[int], *, action: str) -> dict[int, str]:
        wanted = set(occurrence_ids)
        found = (n for n in self.history if n.occurrence_id in wanted and n.action == action)
        return {note.occurrence_id: note.note for note in found}

    def plan_ids(self) -> list[int]:
        return sorted(self.plans)

    def plans_with_office(self) -> set[int]:
        return set(self.offices)

    def offices_of(self, plan_ids: Iterable[int]) -> dict[int, int]:
        return {i: self.offices[i] for i in plan_ids if i in self.offices}

    def plan_headline(self, plan_id: int) -> PlanHeadline | None:
        return self.plans.get(plan_id)

    def contacts_of(self, unit_ids: Iterable[int]) -> dict[int, list[Contact]]:
        return {unit: list(self.contacts.get(unit, ())) for unit in unit_ids}

    def unit_names(self, unit_ids: Iterable[int]) -> dict[int, str]:
        return {unit: self.names[unit] for unit in unit_ids if unit in self.names}

    def task_lines(self, occurrence_ids: Iterable[int]) -> dict[int, TaskLine]:
        return {i: self.lines[i] for i in occurrence_ids if i in self.lines}

    def lead_names(self, task_ids: set[int]) -> dict[int, tuple[str, ...]]:
        return {task: self.task_leads[task] for task in task_ids if task in self.task_leads}

    def lead_dues_by_unit(self, plan_id: int) -> dict[int, list[date | None]]:
        """Per lead unit, each task it leads (in task order): its first followed due date."""
        leads: dict[int, set[int]] = {}
        dues: dict[int, list[date]] = {}
        for line in self._lines_of(plan_id):
            facts = self.facts.get(line.occurrence_id)
            leads.setdefault(line.task_id, set()).update(facts.lead_units if facts else ())
            if facts is not None and line.due is not None:
                dues.setdefault(line.task_id, []).append(line.due)
        firsts: dict[int, list[date | None]] = {}
        for task_id in sorted(leads):
            first = min(dues[task_id]) if task_id in dues else None
            for unit_id in leads[task_id]:
                firsts.setdefault(unit_id, []).append(first)
        return firsts

    def undated_open(self, plan_id: int) -> list[TaskLine]:
        return [
            line
            for line in self._lines_of(plan_id)
            if line.due is None and line.state in OPEN_STATES
        ]

    def dated_open(self, plan_id: int, *, due_before: date) -> list[TaskLine]:
        found = [
            line
            for line in self._lines_of(plan_id)
            if line.due is not None
            and line.due < due_before
            and line.state in OPEN_STATES
            and line.occurrence_id in self.facts
        ]
        return sorted(found, key=lambda line: (line.due or date.min, line.task_id))

    def awaited_events(self, plan_id: int) -> tuple[str, ...]:
        return self.awaited.get(plan_id, ())

    def partner_requests(self, occurrence_ids: Iterable[int]) -> list[RequestFacts]:
        wanted = set(occurrence_ids)
        return [r for _, r in sorted(self.requests.items()) if r.occurrence_id in wanted]

    def _lines_of(self, plan_id: int) -> list[TaskLine]:
        lines = (line for line in self.lines.values() if line.plan_id == plan_id)
        return sorted(lines, key=lambda line: (line.task_id, line.occurrence_id))
