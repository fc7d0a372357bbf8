"""The scheduler's passes on every store (in memory, SQLite and PostgreSQL), with an in-memory
channel: planning from plan events, re-planning, digests, retries, dead letters, leases, quiet
hours. The plans live in a SQL store (SQLite for the in-memory runs), whose facts and events the
memory store copies before each pass."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from sqlmodel import select

from nhacviec.services import tasks as operations
from nhacviec.services.tasks import Actor, Channel
from nhacviec.store.models import Reminder
from nhacviec.store.tasks import plan_of
from notifiers.base import Address, Delivery, DeliveryStatus, Notifier
from notifiers.memory import MemoryNotifier
from notifiers.message import DigestSection, Message, ReminderKind
from notifiers.render import MessageType, message_type
from scheduler.config import SchedulerConfig
from scheduler.policy import ReminderPolicy
from scheduler.service import SchedulerService
from scheduler.store.base import OutboxRow, Transactions
from scheduler.store.copy import copy_facts
from scheduler.store.memory import MemoryStore
from tests.conftest import BACKENDS, migrated_store
from tests.integration.workflow.conftest import import_seed, make_app
from workflows.calendar import WorkingCalendar
from workflows.standing import LOCAL_TZ
from workflows.workflow import Action, Request


def at(month: int, day: int, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=LOCAL_TZ)


class Setup:
    """The Sở plan imported on 01/07/2025 07:00, a scheduler with an in-memory channel."""

    def __init__(self, url: str, *, in_memory: bool) -> None:
        self.app = make_app(url)
        import_seed(self.app)
        self.memory = MemoryStore() if in_memory else None
        self.transactions: Transactions = (
            self.memory.transaction if self.memory else self.app.scheduler_transaction
        )
        self.sync()
        self.channel = MemoryNotifier()
        self.config = SchedulerConfig(
            policy=ReminderPolicy(), calendar=WorkingCalendar(), channels=("memory",), owner="t"
        )
        self.service = self.scheduler({"memory": self.channel}, self.config, rng=random.Random(1))

    def scheduler(
        self,
        notifiers: dict[str, Notifier],
        config: SchedulerConfig,
        *,
        rng: random.Random,
        clock: Callable[[], datetime] | None = None,
    ) -> SchedulerService:
        """A scheduler on this test's store (the composition root's, or the memory store)."""
        return SchedulerService(
            self.transactions, notifiers, config, clock=clock or self.app.clock, rng=rng
        )

    def sync(self) -> None:
        """The memory store learns what changed in the SQL store (the plans live there)."""
        if self.memory is not None:
            with self.app.scheduler_transaction() as source:
                if source.events_after(self.memory.last_seq, 1):
                    copy_facts(source, self.memory)

    def tick(self, now: datetime) -> None:
        self.sync()
        asyncio.run(self.service.tick(now))

    def received(self, unit: str, day: date) -> list[tuple[DigestSection, str]]:
        """(section, task ref) of what ``unit`` accepted on ``day``."""
        return [
            (section, item.task_ref)
            for attempt in self.channel.sent
            if attempt.message.recipient_name == unit and attempt.message.day == day
            for section, items in attempt.message.sections.items()
            for item in items
        ]

    def act(
        self,
        ref: str,
        unit: str,
        action: Action,
        when: datetime,
        *,
        note: str = "",
        evidence: str = "",
    ) -> None:
        with self.app.transaction() as session:
            task = operations.find_task(session, ref, 1)
            actor = Actor(
                operations.find_unit_id(session, unit, plan_of(session, task)), Channel.CLI
            )
            operations.act(
                session, task, Request(action, note=note, evidence=evidence), actor, when
            )
        self.sync()

    def rows(self, **where: object) -> list[Any]:
        """The outbox rows with these values (``Reminder`` rows, or the memory store's)."""
        if self.memory is not None:
            found = self.memory.rows()
            return [r for r in found if all(getattr(r, k) == v for k, v in where.items())]
        with self.app.reading() as session:
            query = select(Reminder)
            for name, value in where.items():
                query = query.where(getattr(Reminder, name) == value)
            return list(session.exec(query).all())


@pytest.fixture(params=["memory", *BACKENDS])
def setup(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Setup]:
    """The scheduler on the memory store (its plans kept in SQLite), on SQLite, on PostgreSQL."""
    in_memory = request.param == "memory"
    url = migrated_store(request, "sqlite" if in_memory else request.param, tmp_path)
    built = Setup(url, in_memory=in_memory)
    yield built
    built.app.close()


OFFICE, TRADE = "Văn phòng Sở", "Phòng Quản lý Thương mại"


def test_the_sở_plans_31_8_deadline_lands_on_the_right_working_days(setup: Setup) -> None:
    setup.tick(at(7, 1))
    for day in (at(8, 29), at(8, 30), at(9, 1), at(9, 2), at(9, 3)):
        setup.tick(day)
    # III.3 "Trước ngày 31/8/2025": due Saturday 30/8 → told on Friday 29/8 at 08:00; overdue
    # from 31/8, but 1/9 and 2/9 are the National Day holidays → first notice on Wed 3/9.
    assert (DigestSection.DUE_TODAY, "III.3") in setup.received(TRADE, date(2025, 8, 29))
    assert not setup.received(TRADE, date(2025, 8, 30))
    assert not setup.received(TRADE, date(2025, 9, 1))
    assert not setup.received(TRADE, date(2025, 9, 2))
    assert (DigestSection.OVERDUE, "III.3") in setup.received(TRADE, date(2025, 9, 3))
    sent = [a.message for a in setup.channel.sent]
    assert all(m.day.weekday() < 5 for m in sent[1:])  # after the import day, working days only
    assert setup.channel.duplicates() == {}


def test_planning_again_creates_nothing_new(setup: Setup) -> None:
    setup.tick(at(7, 1))
    before = len(setup.rows())
    setup.act("I.1", OFFICE, Action.NOTE, at(7, 2, 9), note="đang soạn thảo")  # a plan event
    setup.tick(at(7, 2, 10))
    assert len(setup.rows()) == before


def test_a_new_due_date_is_reminded_and_what_was_sent_stays_sent(setup: Setup) -> None:
    setup.tick(at(7, 1))
    setup.tick(at(8, 29))  # II.2's "before due" (17/11) not yet; III.3's due-day sent
    sent_before = {r.key for r in setup.rows(status="sent")}
    with setup.app.transaction() as session:
        task = operations.find_task(session, "III.3", 1)
        office = Actor(
            operations.find_unit_id(session, OFFICE, plan_of(session, task)), Channel.CLI
        )
        operations.set_date(session, task, date(2025, 9, 30), office, at(8, 29, 10))
    setup.tick(at(8, 29, 11))
    rows = setup.rows(occurrence_id=_occurrence_of(setup, "III.3"))
    assert {r.key for r in rows if r.status == "sent"} <= sent_before | set()  # kept
    assert not [r for r in rows if r.status == "pending" and r.due_date == date(2025, 8, 30)]
    pending = [r for r in rows if r.status == "pending"]
    assert pending
    assert {r.due_date for r in pending} == {date(2025, 9, 30)}
    setup.tick(at(9, 3))  # the old first-overdue day: nothing about III.3 any more
    assert (DigestSection.OVERDUE, "III.3") not in setup.received(TRADE, date(2025, 9, 3))


def test_verified_work_has_no_pending_reminders(setup: Setup) -> None:
    setup.tick(at(7, 1))
    setup.act("I.1", OFFICE, Action.REPORT, at(7, 15, 9), evidence="Số 12/KH-SCT")
    setup.act("I.1", OFFICE, Action.VERIFY, at(7, 15, 10))
    setup.tick(at(7, 15, 11))
    occurrence = _occurrence_of(setup, "I.1")
    assert not setup.rows(occurrence_id=occurrence, status="pending")
    for day in (at(7, 21), at(7, 25), at(7, 29), at(7, 30), at(8, 1)):
        setup.tick(day)
    refs = {
        ref
        for a in setup.channel.sent
        for items in a.message.sections.values()
        for ref in (i.task_ref for i in items)
        if a.message.day > date(2025, 7, 15)
    }
    assert "I.1" not in refs


def test_a_returned_report_goes_at_once_but_never_in_quiet_hours(setup: Setup) -> None:
    setup.tick(at(7, 1))
    setup.act("I.1", OFFICE, Action.REPORT, at(7, 15, 9), evidence="Số 12/KH-SCT")
    setup.act("I.1", OFFICE, Action.RETURN, at(7, 15, 22, 30), note="Thiếu phụ lục")
    setup.tick(at(7, 15, 22, 31))  # 22:31: quiet hours — nothing goes out
    assert not setup.received(OFFICE, date(2025, 7, 15))
    setup.tick(at(7, 16, 8))
    actions = [
        item
        for a in setup.channel.sent
        if a.message.recipient_name == OFFICE and a.message.day == date(2025, 7, 16)
        for item in a.message.sections.get(DigestSection.ACTION, ())
    ]
    assert [(item.task_ref, item.note) for item in actions] == [("I.1", "Thiếu phụ lục")]


def _routine_per_address_and_day(setup: Setup) -> Counter[tuple[str, date]]:
    return Counter(
        (attempt.address.value, attempt.message.day)
        for attempt in setup.channel.sent
        if message_type(attempt.message) is not MessageType.ACTION
    )


@pytest.mark.parametrize("batch", [500, 7])
def test_one_routine_message_per_address_and_day_however_the_claims_are_cut(
    setup: Setup, batch: int
) -> None:
    setup.service.config = setup.config = replace(setup.config, batch=batch)
    setup.tick(at(7, 1))
    setup.tick(at(8, 29))
    routine = _routine_per_address_and_day(setup)
    assert routine  # each unit heard of its tasks …
    assert max(routine.values()) == 1  # … in one message a day, even in batches of 7 rows
    # The new plan went at once, alone, as an action item.
    actions = [a for a in setup.channel.sent if message_type(a.message) is MessageType.ACTION]
    first_day = {address for address, day in routine if day == date(2025, 7, 1)}
    assert actions
    assert {a.address.value for a in actions} < first_day  # the leads, each told twice
    assert all(set(a.message.sections) == {DigestSection.ACTION} for a in actions)
    assert all("VIỆC CẦN LÀM NGAY" in a.rendered.text for a in actions)


def test_the_first_morning_tells_a_partner_which_tasks_it_leads_and_which_windows_open(
    setup: Setup,
) -> None:
    setup.tick(at(7, 1))
    (home,) = [
        a
        for a in setup.channel.sent
        if a.message.recipient_name == "Sở Nội vụ"
        and message_type(a.message) is not MessageType.ACTION
    ]
    items = [item for items in home.message.sections.values() for item in items]
    roles = Counter(item.role for item in items)
    assert roles["partner"] > roles["lead"] > 0  # it supports most of what it hears of
    assert set(home.message.sections) == {DigestSection.STARTING}  # Quý III opens on 01/07
    text = home.rendered.text
    assert "được giao chủ trì và các nhiệm vụ đơn vị được giao phối hợp" in text
    assert "— NHIỆM VỤ ĐƠN VỊ CHỦ TRÌ" in text
    assert "— NHIỆM VỤ ĐƠN VỊ PHỐI HỢP" in text
    assert "SẮP ĐẾN HẠN" not in text
    assert "Bắt đầu thực hiện (hạn " in text


def test_a_routine_reminder_due_after_the_days_message_waits_for_the_next_working_day(
    setup: Setup,
) -> None:
    setup.tick(at(7, 1))
    setup.tick(at(8, 29))  # Friday: III.3 is due (Saturday 30/8); the unit heard of it
    trade = _unit_address(setup, TRADE)
    assert _routine_per_address_and_day(setup)[(trade, date(2025, 8, 29))] == 1
    with setup.app.reading() as session:
        task = operations.find_task(session, "III.3", 1)
    row = _late_row(task.plan_id, _occurrence_of(setup, "III.3"), setup, trade)
    with setup.transactions() as store:
        store.add_rows([row], at(8, 29, 10))
    setup.tick(at(8, 29, 10))
    assert _routine_per_address_and_day(setup)[(trade, date(2025, 8, 29))] == 1
    (waiting,) = setup.rows(key=row.key)
    assert waiting.status == "pending"
    assert waiting.next_attempt_at == at(9, 3)  # 1/9 and 2/9 are the National Day holidays
    assert waiting.lease_owner is None


def test_an_action_item_goes_at_once_after_the_days_routine_message(setup: Setup) -> None:
    setup.tick(at(7, 1))
    setup.act("I.1", OFFICE, Action.START, at(7, 14, 9))
    setup.tick(at(7, 15))
    setup.act("I.1", OFFICE, Action.REPORT, at(7, 15, 9), evidence="Số 1/KH")
    setup.act("I.1", OFFICE, Action.RETURN, at(7, 15, 10), note="Thiếu phụ lục")
    before = len(setup.channel.sent)
    setup.tick(at(7, 15, 10, 5))
    (returned,) = setup.channel.sent[before:]
    assert message_type(returned.message) is MessageType.ACTION
    assert returned.rendered.subject.startswith("[Nhắc việc] Việc cần làm ngay:")


def _late_row(plan_id: int, occurrence_id: int, setup: Setup, address: str) -> OutboxRow:
    """A routine reminder for ``address`` that falls due at 10:00 (as a catch-up would)."""
    return OutboxRow(
        key=f"o{occurrence_id}:before_due:1:late:memory:{address}",
        plan_id=plan_id,
        occurrence_id=occurrence_id,
        kind=ReminderKind.BEFORE_DUE.value,
        stage=1,
        recipient_unit_id=_unit_id(setup, TRADE),
        role="lead",
        channel="memory",
        address=address,
        due_at=at(8, 29, 10),
        due_date=date(2025, 8, 30),
    )


def test_a_claim_takes_whole_addresses_and_another_dispatcher_none_of_them(setup: Setup) -> None:
    setup.service.plan(at(7, 1))
    lease = timedelta(minutes=5)
    with setup.transactions() as store:
        first = store.claim_due(at(7, 1), "one", lease, 1)
    with setup.transactions() as store:
        second = store.claim_due(at(7, 1), "two", lease, 1)
    (taken,) = {(row.channel, row.address) for row in first}
    assert len(first) > 1  # one row asked for: its address came whole
    due = [r for r in setup.rows(channel=taken[0], address=taken[1]) if r.due_at <= at(7, 1)]
    assert {r.id for r in first} == {r.id for r in due}
    assert second
    assert taken not in {(row.channel, row.address) for row in second}


def test_temporary_failures_are_retried_then_become_dead_letters_the_office_hears_of(
    setup: Setup,
) -> None:
    setup.tick(at(7, 1))
    trade = _unit_address(setup, TRADE)
    setup.channel.fail(DeliveryStatus.TEMPORARY, times=100, address=trade)
    setup.tick(at(8, 29))
    failed = setup.rows(recipient_unit_id=_unit_id(setup, TRADE), status="pending")
    due_now = [r for r in failed if r.attempts > 0]
    assert due_now
    assert all(r.next_attempt_at > at(8, 29) for r in due_now)  # backed off
    moment = at(8, 29)
    for _ in range(24):  # the retries come due one after the other, the same day …
        moment += timedelta(minutes=30)
        setup.tick(moment)
    dead = setup.rows(recipient_unit_id=_unit_id(setup, TRADE), status="dead")
    assert dead  # … until the attempts run out
    assert all(r.attempts == setup.config.max_attempts for r in dead)
    setup.tick(at(9, 8))  # the office's Monday list tells of them
    failed_items = [
        item
        for a in setup.channel.sent
        if a.message.recipient_name == OFFICE and a.message.day == date(2025, 9, 8)
        for item in a.message.sections.get(DigestSection.FAILED, ())
    ]
    assert failed_items
    assert {item.recipient for item in failed_items} == {TRADE}
    assert all(r.failure_told_at is not None for r in setup.rows(status="dead"))


def test_a_permanent_failure_is_a_dead_letter_at_once(setup: Setup) -> None:
    setup.tick(at(7, 1))
    setup.channel.fail(DeliveryStatus.PERMANENT, address=_unit_address(setup, TRADE))
    setup.tick(at(8, 29))
    dead = setup.rows(recipient_unit_id=_unit_id(setup, TRADE), status="dead")
    assert dead
    assert all(r.attempts == 1 for r in dead)


def test_a_retry_that_comes_due_the_next_day_is_not_sent_late(setup: Setup) -> None:
    """A "due today" reminder that failed on Friday 29/8 is stale after the weekend: it is
    folded into the overdue notice of Wednesday 3/9, never delivered late."""
    setup.tick(at(7, 1))
    setup.channel.fail(DeliveryStatus.TEMPORARY, times=3, address=_unit_address(setup, TRADE))
    setup.tick(at(8, 29))
    setup.channel.clear()  # the channel works again from here on
    setup.tick(at(9, 3))
    later = [
        (section, ref)
        for a in setup.channel.sent
        if a.message.recipient_name == TRADE
        for section, items in a.message.sections.items()
        for ref in (item.task_ref for item in items)
    ]
    assert (DigestSection.OVERDUE, "III.3") in later
    assert (DigestSection.DUE_TODAY, "III.3") not in later
    failed_due = [
        r
        for r in setup.rows(recipient_unit_id=_unit_id(setup, TRADE), kind="due")
        if r.attempts > 0
    ]
    assert failed_due
    assert {r.status for r in failed_due} == {"superseded"}


def test_an_expired_lease_is_claimed_again(setup: Setup) -> None:
    setup.tick(at(7, 1))
    setup.service.plan(at(8, 29))
    with setup.transactions() as store:  # a dispatcher claims rows, then dies
        claimed = store.claim_due(at(8, 29), "dead-owner", timedelta(minutes=5), 50)
    assert claimed
    asyncio.run(setup.service.dispatch(at(8, 29, 8, 2)))  # still leased: left alone
    assert all(r.status == "pending" for r in setup.rows(lease_owner="dead-owner"))
    asyncio.run(setup.service.dispatch(at(8, 29, 8, 10)))  # lease expired: sent now
    ids = {r.id for r in claimed}
    assert {r.status for r in setup.rows() if r.id in ids} <= {"sent", "superseded"}


def test_the_service_catches_up_when_it_starts(setup: Setup) -> None:
    """``run`` reads the clock (moved with time-machine) and passes at once on start."""
    setup.tick(at(7, 1))
    stop = asyncio.Event()
    memory = setup.channel

    class StopWhenTradeHears:
        """The in-memory channel, stopping the service once the trade office heard."""

        channel = "memory"

        async def send(self, address: Address, message: Message, *, key: str) -> Delivery:
            delivery = await memory.send(address, message, key=key)
            if message.recipient_name == TRADE:
                stop.set()
            return delivery

        async def aclose(self) -> None:
            await memory.aclose()

    setup.service.notifiers = {"memory": StopWhenTradeHears()}

    async def serve() -> None:
        await setup.service.run(every=timedelta(hours=1), stop=stop)

    setup.service.clock = lambda: datetime.now(LOCAL_TZ)
    with time_machine.travel(at(8, 29, 8, 5), tick=False):
        asyncio.run(asyncio.wait_for(serve(), timeout=60))
    assert (DigestSection.DUE_TODAY, "III.3") in setup.received(TRADE, date(2025, 8, 29))
    assert [r for r in setup.rows() if r.lease_owner is not None] == []


def _occurrence_of(setup: Setup, ref: str) -> int:
    with setup.app.reading() as session:
        occurrence = operations.pick_occurrence(
            session, operations.find_task(session, ref, 1), None
        )
    assert occurrence.id is not None
    return occurrence.id


def _unit_id(setup: Setup, name: str) -> int:
    with setup.app.reading() as session:
        task = operations.find_task(session, "I.1", 1)
        return operations.find_unit_id(session, name, plan_of(session, task))


def _unit_address(setup: Setup, name: str) -> str:
    return f"unit:{_unit_id(setup, name)}"


def test_a_new_plan_notice_names_the_first_deadline_within_the_period(setup: Setup) -> None:
    setup.tick(at(7, 1))
    firsts = [
        item.due
        for attempt in setup.channel.sent
        for item in attempt.message.sections.get(DigestSection.ACTION, ())
        if item.kind is ReminderKind.NEW_PLAN
    ]
    assert firsts
    # II.3 "Báo cáo 6 tháng" also has a June date, before the plan's period: never the first.
    assert all(due is not None and due >= date(2025, 7, 1) for due in firsts)


def test_a_dispatcher_that_outlives_its_lease_never_sends_what_another_took_over(
    setup: Setup,
) -> None:
    """A slow first send (five minutes and more) lets the lease run out; another dispatcher
    takes the rows and sends them. The slow one, renewing before each send, lets them be."""
    setup.tick(at(7, 1))
    setup.service.plan(at(8, 29))
    clock = [at(8, 29)]
    fast = setup.scheduler(
        {"memory": setup.channel},
        replace(setup.config, owner="fast"),
        rng=random.Random(2),
    )

    class Stalls:
        """The memory channel, whose first send takes ten minutes (while ``fast`` works)."""

        channel = "memory"

        def __init__(self) -> None:
            self.stalled = ""

        async def send(self, address: Address, message: Message, *, key: str) -> Delivery:
            if not self.stalled:
                self.stalled = key
                clock[0] = at(8, 29, 8, 10)
                await fast.dispatch(clock[0])
            return await setup.channel.send(address, message, key=key)

        async def aclose(self) -> None:
            return None

    stalls = Stalls()
    slow = setup.scheduler(
        {"memory": stalls},
        replace(setup.config, owner="slow", senders=1),
        clock=lambda: clock[0],
        rng=random.Random(3),
    )
    asyncio.run(slow.dispatch())
    # Only the message in flight when the lease ran out can go twice (at least once, by design).
    assert set(setup.channel.duplicates()) <= {stalls.stalled}
    keys = [r.key for r in setup.rows(status="sent")]
    assert len(keys) == len(set(keys)) > 1
    assert not setup.rows(lease_owner="slow")
