"""The scheduler on its in-memory store, no database: a plan's events planned into the outbox,
the due rows sent as one message per address, failures retried, leases fencing dispatchers; a
backlog drained in one pass of bounded claims, one routine message per address and day."""

from __future__ import annotations

import asyncio
import itertools
import random
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta

from notifiers.base import DeliveryStatus
from notifiers.memory import MemoryNotifier
from notifiers.message import DigestSection
from scheduler.config import SchedulerConfig
from scheduler.planning.slots import send_slot
from scheduler.service import SchedulerService
from scheduler.store.base import PENDING, SENT, OutboxRow, PlanHeadline, TaskLine
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


# -- a backlog in bounded claims -------------------------------------------------------------

DUE_DAY = date(2025, 7, 31)  # a Thursday; the next working day is Friday 01/08


def backlog(units: int, tasks: int) -> MemoryStore:
    """Plan 7: ``units`` units (ids 1, 2, …), each leading ``tasks`` tasks due on ``DUE_DAY``
    (occurrence ``10 * unit + n``), with their "due" reminders in the outbox, due at 08:00."""
    store = MemoryStore()
    store.add_plan(PlanHeadline(7, "12/KH-SCT", "Kế hoạch thử"), office=OFFICE)
    store.add_unit(OFFICE, "Văn phòng")
    for unit in range(1, units + 1):
        store.add_unit(unit, f"Phòng {unit}")
        for n in range(tasks):
            add_due_task(store, unit, 10 * unit + n, local(2025, 7, 31))
    return store


def add_due_task(store: MemoryStore, unit: int, occurrence: int, at: datetime) -> None:
    """A task of ``unit``'s (occurrence ``occurrence``) due on ``DUE_DAY``, and its "due"
    reminder to ``unit:<unit>``, due ``at``."""
    ref = f"I.{occurrence}"
    store.put_occurrence(
        replace(facts(DUE_DAY, leads=(unit,), partners=(), occurrence_id=occurrence), task_ref=ref),
        TaskLine(occurrence, occurrence, 7, ref, "Việc", "", "", DUE_DAY, "", "", "assigned"),
    )
    row = OutboxRow(
        key=f"o{occurrence}:due:u{unit}",
        plan_id=7,
        occurrence_id=occurrence,
        kind="due",
        stage=0,
        recipient_unit_id=unit,
        role="lead",
        channel="memory",
        address=f"unit:{unit}",
        due_at=at,
        due_date=DUE_DAY,
    )
    with store.transaction() as tx:
        tx.add_rows([row], at)


def routine_per_address(channel: MemoryNotifier) -> Counter[tuple[str, date]]:
    return Counter((a.address.value, a.message.day) for a in channel.sent)


def test_a_backlog_cut_into_bounded_claims_drains_in_one_pass_one_message_per_address() -> None:
    store, channel = backlog(units=6, tasks=4), MemoryNotifier()
    bounded = replace(CONFIG, batch=5)  # one address (4 rows) a claim: six claims
    scheduler = SchedulerService(
        store.transaction, {"memory": channel}, bounded, clock=lambda: local(2025, 7, 31)
    )
    stats = asyncio.run(scheduler.dispatch(local(2025, 7, 31, 9)))
    assert (stats.claimed, stats.sent, stats.messages) == (24, 24, 6)
    assert routine_per_address(channel) == {(f"unit:{u}", DUE_DAY): 1 for u in range(1, 7)}
    assert all(len(a.message.sections[DigestSection.DUE_TODAY]) == 4 for a in channel.sent)
    assert [r for r in store.rows() if r.status == PENDING] == []


def test_a_row_due_later_in_the_same_pass_waits_for_the_next_working_day() -> None:
    """Unit 1's second task falls due while the pass runs: its routine message is out today,
    so the row waits for Friday's send slot instead of making a second message today."""
    store, channel = backlog(units=3, tasks=2), MemoryNotifier()
    add_due_task(store, 1, 99, local(2025, 7, 31, 8, 1))
    minutes = itertools.count()
    scheduler = SchedulerService(  # a claim a step: each reads the clock, a minute on
        store.transaction,
        {"memory": channel},
        replace(CONFIG, batch=2),
        clock=lambda: local(2025, 7, 31) + timedelta(minutes=next(minutes)),
    )
    stats = asyncio.run(scheduler.dispatch())
    assert (stats.messages, stats.deferred) == (3, 1)
    assert routine_per_address(channel) == {(f"unit:{u}", DUE_DAY): 1 for u in (1, 2, 3)}
    (late,) = [r for r in store.rows() if r.status == PENDING]
    assert (late.occurrence_id, late.attempts) == (99, 0)
    assert late.next_attempt_at == send_slot(date(2025, 8, 1), POLICY)
