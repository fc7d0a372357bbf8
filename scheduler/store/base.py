"""The scheduler's store port: what the passes read and write, in one transaction.

``SchedulerStore`` is one unit of work (a transaction): the event log and the planner's
position, the facts planning and the messages need, and the outbox of reminders with its
leases. The passes take a ``Transactions`` factory (``with transactions() as store: …``), so
they run alike on the SQL store (``nhacviec.store.scheduling``) and in memory
(``scheduler.store.memory``). The values crossing the port are plain frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from scheduler.model import OccurrenceFacts, RequestFacts

PENDING, SENT, CANCELLED, SUPERSEDED, DEAD = "pending", "sent", "cancelled", "superseded", "dead"
OPEN_STATES = ("assigned", "in_progress", "returned", "reopened")  # work still to be done


@dataclass(frozen=True)
class Event:
    """One entry of the plan event log (``workflows.plan_events.EventKind`` names its kind)."""

    seq: int
    kind: str
    plan_id: int | None = None
    task_id: int | None = None
    occurrence_id: int | None = None
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OutboxRow:
    """A reminder to store: what, to whom, through which channel and address, and when."""

    key: str
    plan_id: int
    occurrence_id: int | None
    kind: str
    stage: int
    recipient_unit_id: int
    role: str
    channel: str
    address: str
    due_at: datetime
    due_date: date | None = None


@dataclass(frozen=True)
class OutboxEntry:
    """A stored reminder as the dispatcher sees it (claimed, or a dead letter to tell of)."""

    id: int
    key: str
    plan_id: int
    occurrence_id: int | None
    kind: str
    stage: int
    recipient_unit_id: int
    role: str
    channel: str
    address: str
    due_at: datetime
    next_attempt_at: datetime
    due_date: date | None = None
    attempts: int = 0
    last_error: str = ""


@dataclass(frozen=True)
class Contact:
    """Where a unit (or its head) is reached on one channel."""

    channel: str
    address: str
    for_head: bool = False
    label: str = ""


@dataclass(frozen=True)
class TaskLine:
    """What a message says of one occurrence of a task."""

    occurrence_id: int
    task_id: int
    plan_id: int
    ref: str
    text: str  # the activity, else the task's words
    lead_text: str  # the plan's lead cell, for tasks whose leads are not linked to units
    time_text: str
    due: date | None
    due_words: str
    label: str
    state: str
    version: int = 1
    check_in: bool = False


@dataclass(frozen=True)
class PlanHeadline:
    """A plan as a "new plan" notice names it."""

    id: int
    number: str
    title: str


@dataclass(frozen=True)
class DeliveryRecord:
    """One line of the delivery log: a message handed to a channel, and the outcome."""

    at: datetime
    channel: str
    address: str
    recipient_unit_id: int | None
    message_key: str
    reminders: int
    outcome: str
    detail: str


class EventLog(Protocol):
    def lock_position(self, consumer: str, now: datetime) -> int:
        """The consumer's position, held until the transaction ends (one planner at a time)."""
        ...

    def set_position(self, consumer: str, position: int, now: datetime) -> None: ...

    def events_after(self, position: int, limit: int) -> Sequence[Event]:
        """Events with ``seq`` greater than ``position``, oldest first."""
        ...


class Facts(Protocol):
    """What planning and the messages read about plans, tasks and units."""

    def occurrence_ids_of(
        self, *, plan_id: int | None = None, task_id: int | None = None
    ) -> list[int]: ...

    def occurrence_facts(self, occurrence_ids: Iterable[int]) -> dict[int, OccurrenceFacts]:
        """Facts of the occurrences the scheduler follows (none before the plan's period)."""
        ...

    def last_actor(self, occurrence_id: int, action: str) -> int | None:
        """The unit that last took ``action`` on the occurrence (who reported it, say)."""
        ...

    def latest_notes(self, occurrence_ids: Sequence[int], *, action: str) -> dict[int, str]:
        """The note of each occurrence's latest ``action`` (a return's reason)."""
        ...

    def plan_ids(self) -> list[int]: ...

    def plans_with_office(self) -> set[int]: ...

    def offices_of(self, plan_ids: Iterable[int]) -> dict[int, int]:
        """The office unit of each of these plans that has one."""
        ...

    def plan_headline(self, plan_id: int) -> PlanHeadline | None: ...

    def contacts_of(self, unit_ids: Iterable[int]) -> dict[int, list[Contact]]:
        """Each unit's contacts (an entry, maybe empty, for every unit asked of)."""
        ...

    def unit_names(self, unit_ids: Iterable[int]) -> dict[int, str]: ...

    def task_lines(self, occurrence_ids: Iterable[int]) -> dict[int, TaskLine]: ...

    def lead_names(self, task_ids: set[int]) -> dict[int, tuple[str, ...]]:
        """The lead units of each task as the plan names them, in cell order."""
        ...

    def lead_dues_by_unit(self, plan_id: int) -> dict[int, list[date | None]]:
        """For each unit leading tasks of the plan, each task's first due date in the period."""
        ...

    def undated_open(self, plan_id: int) -> list[TaskLine]:
        """Open occurrences of the plan still without a date, in task order."""
        ...

    def dated_open(self, plan_id: int, *, due_before: date) -> list[TaskLine]:
        """Followed open occurrences of the plan due before ``due_before``, by due date."""
        ...

    def awaited_events(self, plan_id: int) -> tuple[str, ...]:
        """The plan's words for the external events not recorded yet that tasks wait on."""
        ...

    def partner_requests(self, occurrence_ids: Iterable[int]) -> list[RequestFacts]:
        """The leads' requests to partners on these occurrences, answered or not."""
        ...


class Outbox(Protocol):
    """The reminders to send. A call given ``owner`` changes only pending rows leased to it
    (a dispatcher whose lease ran out and was taken over changes nothing)."""

    def add_rows(self, rows: Sequence[OutboxRow], now: datetime) -> int:
        """Store the rows whose key is new (sent or not, a known key is left as it is)."""
        ...

    def cancel_pending_except(
        self, occurrence_ids: Iterable[int], keep: set[str], *, kinds: Iterable[str]
    ) -> int:
        """Cancel pending rows of these kinds and occurrences whose key is not in ``keep``."""
        ...

    def claim_due(
        self, now: datetime, owner: str, lease: timedelta, limit: int
    ) -> list[OutboxEntry]:
        """Lease to ``owner`` the due rows of whole addresses, at most ``limit`` rows:
        addresses in order of their earliest due row until the next would pass ``limit``, the
        first one whole however many rows it has (its routine rows make one message). The rows
        come by recipient unit and due instant."""
        ...

    def heard_since(
        self,
        addresses: Iterable[tuple[str, str]],
        since: datetime,
        now: datetime,
        *,
        kinds: Iterable[str],
        owner: str,
    ) -> set[tuple[str, str]]:
        """The addresses sent a row of ``kinds`` since ``since``, or with one leased now by
        another dispatcher."""
        ...

    def defer(self, ids: Sequence[int], until: datetime, *, owner: str) -> int: ...

    def supersede(self, ids: Sequence[int]) -> int: ...

    def renew_lease(self, ids: Sequence[int], owner: str, until: datetime) -> int: ...

    def release(self, ids: Sequence[int], owner: str) -> int: ...

    def mark_sent(self, ids: Sequence[int], now: datetime, *, owner: str | None = None) -> int: ...

    def mark_retry(
        self,
        ids: Sequence[int],
        attempts: int,
        next_at: datetime,
        error: str,
        *,
        owner: str | None = None,
    ) -> int: ...

    def mark_dead(
        self, ids: Sequence[int], attempts: int, error: str, *, owner: str | None = None
    ) -> int: ...

    def pull_retries(self, channel: str, now: datetime, limit: int) -> int:
        """Make due at ``now`` the ``channel``'s rows waiting for a retry (pending, tried and
        failed, due later, held by nobody), the earliest ``limit`` of them: the channel works
        again (a retry went through), so they need not sit out their backoff; how many."""
        ...

    def untold_failures(self, plan_ids: Iterable[int]) -> list[OutboxEntry]:
        """Dead rows of these plans the office has not been told about yet, oldest first."""
        ...

    def mark_told(self, ids: Sequence[int], now: datetime) -> int: ...

    def record_delivery(self, record: DeliveryRecord) -> None: ...


class SchedulerStore(EventLog, Facts, Outbox, Protocol):
    """One transaction on the scheduler's store."""


Transactions = Callable[[], AbstractContextManager[SchedulerStore]]
