"""The scheduler on its in-memory store, no database: a plan's events planned into the outbox,
the due rows sent as one message per address, failures retried, leases fencing dispatchers."""

from __future__ import annotations

import asyncio
import random
from datetime import date, datetime, timedelta

from notifiers.base import DeliveryStatus
from notifiers.memory import MemoryNotifier
from notifiers.message import DigestSection
from scheduler.config import SchedulerConfig
from scheduler.service import SchedulerService
from scheduler.store.base import PENDING, SENT, PlanHeadline, TaskLine
from scheduler.store.memory import MemoryStore
from tests.unit.scheduler.build import CALENDAR, LEAD, OFFICE, PARTNER, POLICY, facts, local
from workflows.plan_events import EventKind

CONFIG = SchedulerConfig(policy=POLICY, calendar=CALENDAR, channels=("memory",), owner="t")


def world(due: date = date(2025, 7, 31)) -> MemoryStore:
    """Plan 7 with one task (occurrence 1) led by LEAD, supported by PARTNER, imported."""
    store = MemoryStore()
    store.add_plan(PlanHeadline(7, "12/KH-SCT", "Kế hoạch thử"), office=OFFICE)
    for unit, name in ((LEAD, "Phòng A"), (PARTNER, "Phòng B"), (OFFICE, "Văn phòng")):
        store.add_unit(unit, name)
    line = TaskLine(1, 1, 7, "I.1", "Xây dựng kế hoạch", "Phòng A", "", due, "", "", "assigned")
    store.put_occurrence(facts(due), line)
    store.task_leads[1] = ("Phòng A",)
    store.append_event(EventKind.PLAN_IMPORTED.value, plan_id=7)
    return store


def service(store: MemoryStore, channel: MemoryNotifier, now: datetime) -> SchedulerService:
    return SchedulerService(
        store.transaction, {"memory": channel}, CONFIG, clock=lambda: now, rng=random.Random(1)
    )


def test_planning_fills_the_outbox_once_and_moves_the_position() -> None:
    store, channel = world(), MemoryNotifier()
    first = service(store, channel, local(2025, 7, 1)).plan(local(2025, 7, 1))
    again = service(store, channel, local(2025, 7, 1)).plan(local(2025, 7, 1))
    assert first.events == 1
    assert first.planned == len(store.rows()) > 0
    assert again.events == again.planned == 0
    assert store.positions == {"scheduler": 1}


def test_the_due_rows_go_as_one_message_per_address_and_are_marked_sent() -> None:
    store, channel = world(), MemoryNotifier()
    asyncio.run(service(store, channel, local(2025, 7, 1)).tick(local(2025, 7, 1)))
    asyncio.run(service(store, channel, local(2025, 7, 31)).tick(local(2025, 7, 31)))
    due_day = [a for a in channel.sent if a.message.day == date(2025, 7, 31)]
    assert sorted(a.message.recipient_name for a in due_day) == ["Phòng A", "Phòng B"]
    (message,) = [a.message for a in due_day if a.message.recipient_name == "Phòng A"]
    assert [i.task_ref for i in message.sections[DigestSection.DUE_TODAY]] == ["I.1"]
    sent = [r for r in store.rows() if r.status == SENT]
    assert sent
    assert all(r.lease_owner is None for r in sent)
    assert len(store.deliveries) == len(channel.sent)


def test_a_temporary_failure_is_retried_later() -> None:
    store, channel = world(), MemoryNotifier()
    channel.fail(DeliveryStatus.TEMPORARY, times=100)
    asyncio.run(service(store, channel, local(2025, 7, 1)).tick(local(2025, 7, 1)))
    tried = [r for r in store.rows() if r.attempts]
    assert tried
    assert all(r.status == PENDING and r.next_attempt_at > local(2025, 7, 1) for r in tried)


def test_a_lease_fences_what_another_dispatcher_holds() -> None:
    store = world()
    service(store, MemoryNotifier(), local(2025, 7, 1)).plan(local(2025, 7, 1))
    lease = timedelta(minutes=5)
    with store.transaction() as tx:
        claimed = tx.claim_due(local(2025, 7, 1), "one", lease, 1)
    ids = [row.id for row in claimed]
    with store.transaction() as tx:
        assert tx.claim_due(local(2025, 7, 1), "two", lease, 100) == []  # all leased to "one"
        assert tx.mark_sent(ids, local(2025, 7, 1), owner="two") == 0
        assert tx.renew_lease(ids, "one", local(2025, 7, 1) + lease) == len(ids)
    with store.transaction() as tx:  # once the lease ran out, another takes the rows
        again = tx.claim_due(local(2025, 7, 1) + 2 * lease, "two", lease, 100)
    assert {row.id for row in again} == set(ids)


def test_a_failed_transaction_leaves_the_outbox_as_it_was() -> None:
    store = world()
    service(store, MemoryNotifier(), local(2025, 7, 1)).plan(local(2025, 7, 1))
    before = [(r.id, r.status, r.lease_owner) for r in store.rows()]
    try:
        with store.transaction() as tx:
            tx.claim_due(local(2025, 7, 1), "one", timedelta(minutes=5), 100)
            raise RuntimeError("the dispatcher died")
    except RuntimeError:
        pass
    assert [(r.id, r.status, r.lease_owner) for r in store.rows()] == before
