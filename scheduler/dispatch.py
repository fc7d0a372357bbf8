"""The dispatch pass over the scheduler's store (its port, ``scheduler.store.base``).

It leases the due rows of whole addresses, earliest first, a batch of rows at most (an address
with more goes whole, alone), drops those no longer relevant (``scheduler.catchup``), and makes
of the rest one message per address: its action items alone, at once; its routine reminders
(for every unit it serves) as one digest, at most one a local day — an address that already had
it today hears of the rest on the next working day. It hands each message to its channel and
records the outcome: sent only once the channel accepted it; a temporary failure is retried
later with backoff; a permanent one, or too many, is a dead letter that the plan's office hears
about in its next message.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time

from notifiers.base import Address, Delivery, DeliveryStatus, Notifier
from notifiers.message import RecipientRole, ReminderKind
from scheduler.catchup import fold, still_relevant
from scheduler.config import SchedulerConfig
from scheduler.messages import Envelope, MessageBuilder
from scheduler.model import PlannedReminder
from scheduler.passes import PassStats
from scheduler.planning.slots import at_local, local_day, send_slot
from scheduler.retry import gives_up, next_attempt
from scheduler.store.base import DeliveryRecord, OutboxEntry, SchedulerStore, Transactions
from workflows.standing import LOCAL_TZ

log = logging.getLogger("nhacviec.scheduler")

# Action items go at once, in a message of their own; every other kind is routine: an address
# gets at most one routine message a local day.
ACTION_KINDS = frozenset(
    {
        ReminderKind.RETURNED.value,
        ReminderKind.NEW_PLAN.value,
        ReminderKind.EXTENSION_ASKED.value,
        ReminderKind.LEAD_ASSIGNED.value,
        ReminderKind.LEAD_REMOVED.value,
        ReminderKind.PARTNER_REQUEST.value,
    }
)
ROUTINE_KINDS = tuple(kind.value for kind in ReminderKind if kind.value not in ACTION_KINDS)


async def dispatch_pass(
    transactions: Transactions,
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
    with transactions() as store:
        claimed = store.claim_due(now, config.owner, config.lease, config.batch)
    stats.claimed = len(claimed)
    if not claimed:
        return stats
    with transactions() as store:
        batch = _prepare(store, claimed, config, now)
        store.supersede(batch.dropped)
        store.defer(batch.deferred, next_routine_slot(now, config), owner=config.owner)
    stats.superseded, stats.deferred = len(batch.dropped), len(batch.deferred)
    slots = asyncio.Semaphore(config.senders)

    sender = _Sender(transactions, notifiers, config, now, clock or (lambda: now), rng, stats)

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
    store: SchedulerStore, claimed: Sequence[OutboxEntry], config: SchedulerConfig, now: datetime
) -> _Batch:
    occurrence_ids = {row.occurrence_id for row in claimed if row.occurrence_id is not None}
    facts = store.occurrence_facts(occurrence_ids)
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
    heard = store.heard_since(
        groups, local_midnight(now), now, kinds=ROUTINE_KINDS, owner=config.owner
    )
    builder = MessageBuilder(store, config, now)
    envelopes: list[Envelope] = []
    deferred: list[OutboxEntry] = []
    builder.prefetch(group.action + group.routine for group in groups.values())
    for address, group in groups.items():
        if address in heard:  # the day's routine message is out: the rest waits a working day
            deferred.extend(group.routine)
        envelopes.extend(builder.envelope(rows) for rows in group.messages(address in heard))
    kept = [e for e in envelopes if not e.message.is_empty]
    dropped.extend(row for e in envelopes if e.message.is_empty for row in e.rows)
    return _Batch(kept, [row.id for row in dropped], [row.id for row in deferred])


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

    action: list[OutboxEntry] = field(default_factory=list)
    routine: list[OutboxEntry] = field(default_factory=list)

    def messages(self, heard_today: bool) -> list[list[OutboxEntry]]:
        """The rows of each message to send: the action items, then (unless the address has had
        its routine message today) every routine reminder, whichever units they are for."""
        found = [self.action] if self.action else []
        if self.routine and not heard_today:
            found.append(self.routine)
        return found


def group_by_address(rows: Sequence[OutboxEntry]) -> dict[tuple[str, str], AddressRows]:
    """The rows by (channel, address), each split into action items and routine reminders."""
    groups: dict[tuple[str, str], AddressRows] = defaultdict(AddressRows)
    for row in rows:
        group = groups[(row.channel, row.address)]
        (group.action if row.kind in ACTION_KINDS else group.routine).append(row)
    return dict(groups)


def _planned(row: OutboxEntry) -> PlannedReminder:
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


def _fold(rows: Sequence[OutboxEntry]) -> tuple[list[OutboxEntry], list[OutboxEntry]]:
    """Per address and occurrence, only the most relevant of several due reminders is sent."""
    by_target: dict[tuple[str, str, int | None], list[OutboxEntry]] = defaultdict(list)
    for row in rows:
        by_target[(row.channel, row.address, row.occurrence_id)].append(row)
    send: list[OutboxEntry] = []
    superseded: list[OutboxEntry] = []
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

    transactions: Transactions
    notifiers: Mapping[str, Notifier]
    config: SchedulerConfig
    now: datetime  # the step's instant: the delivery log's and the retries' clock
    clock: Callable[[], datetime]  # the real time, for leases
    rng: random.Random
    stats: PassStats
    pulled: set[str] = field(default_factory=set)  # channels whose retries this pass pulled

    async def deliver(self, envelope: Envelope) -> None:
        ids = [row.id for row in envelope.rows]
        if not self._renew(ids):
            log.warning(
                "lease lost",
                extra={
                    "outbox_key": envelope.key,
                    "reminders": len(ids),
                    "owner": self.config.owner,
                },
            )
            return
        delivery = await self._send(envelope)
        self._settle(envelope, ids, delivery)
        log.info(
            "delivery",
            extra={
                "outbox_key": envelope.key,
                "reminder_ids": ids,
                "channel": envelope.address.channel,
                "recipient": envelope.message.recipient_name,
                "reminders": len(ids),
                "outcome": delivery.status.value,
            },
        )

    def _renew(self, ids: list[int]) -> bool:
        """Hold the rows for one more lease, if they are still ours; else let go of the rest."""
        until = self.clock() + self.config.lease
        with self.transactions() as store:
            renewed = store.renew_lease(ids, self.config.owner, until)
            if renewed == len(ids):
                return True
            store.release(ids, self.config.owner)
        return False

    async def _send(self, envelope: Envelope) -> Delivery:
        notifier = self.notifiers.get(envelope.address.channel)
        if notifier is None:
            return Delivery.permanent(f"channel {envelope.address.channel} is off")
        try:
            return await notifier.send(envelope.address, envelope.message, key=envelope.key)
        except Exception as exc:  # a notifier bug must not stop the service: retried, logged
            log.exception(
                "notifier failed",
                extra={"outbox_key": envelope.key, "channel": envelope.address.channel},
            )
            return Delivery.temporary(f"{type(exc).__name__}: {exc}")

    def _settle(self, envelope: Envelope, ids: list[int], delivery: Delivery) -> None:
        attempts = max(row.attempts for row in envelope.rows) + 1
        owner, stats, now = self.config.owner, self.stats, self.now
        with self.transactions() as store:
            store.record_delivery(_record(envelope, delivery, now))
            if delivery.status is DeliveryStatus.ACCEPTED:
                stats.sent += store.mark_sent(ids, now, owner=owner)
                store.mark_told(envelope.failures_told, now)
                stats.messages += 1
                channel = envelope.address.channel
                if channel not in self.pulled and any(row.attempts for row in envelope.rows):
                    self.pulled.add(channel)  # a retry went through: the channel is back
                    stats.pulled += self._pull_retries(store, channel)
            elif delivery.status is DeliveryStatus.PERMANENT or gives_up(
                attempts, self.config.max_attempts
            ):
                stats.dead += store.mark_dead(ids, attempts, delivery.detail, owner=owner)
            else:
                retry_at = next_attempt(
                    attempts, now, rng=self.rng, retry_after=delivery.retry_after
                )
                stats.retried += store.mark_retry(
                    ids, attempts, retry_at, delivery.detail, owner=owner
                )

    def _pull_retries(self, store: SchedulerStore, channel: str) -> int:
        """After an outage every message failed and sits out its own backoff (up to hours):
        once one goes through, the channel's waiting retries are due now instead — at most a
        batch of them, which then go as any due rows do, ``senders`` in flight at once and one
        at a time per address (the pacing); once a pass and channel, the next batch in the
        next pass that sends one of these."""
        pulled = store.pull_retries(channel, self.now, self.config.batch)
        if pulled:
            log.info("retries pulled forward", extra={"channel": channel, "reminders": pulled})
        return pulled


def _record(envelope: Envelope, delivery: Delivery, now: datetime) -> DeliveryRecord:
    return DeliveryRecord(
        at=now,
        channel=envelope.address.channel,
        address=envelope.address.value,
        recipient_unit_id=envelope.message.recipient_unit,
        message_key=envelope.key,
        reminders=len(envelope.rows),
        outcome=delivery.status.value,
        detail=delivery.detail[:2000],
    )
