"""The unit's whole path over Zalo, through real parts: the seed plan imported → the unit's Zalo
group and the office's linked by invite codes → ``/viec`` lists the unit's work with numbers →
the scheduler's reminder reaches the group by the real Zalo notifier, ending with numbered
replies → the head answers the number to start the task → ``/baocao`` → the office's
``/xacnhan`` → the task stands "hoàn thành đúng hạn". No message longer than 2,000 characters.
SQLite and PostgreSQL."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlmodel import col, select

from nhacviec.services.queries import TaskFilter, task_statuses
from nhacviec.store import tasks as stored
from nhacviec.store.models import HistoryEntry
from notifiers.pacer import ManualClock
from notifiers.zalo import ZaloNotifier
from notifiers.zalo.split import MESSAGE_LIMIT, text_length
from scheduler.config import SchedulerConfig
from scheduler.policy import ReminderPolicy
from tests.integration.zalo.world import ZaloWorld, words
from tests.shared_paths import require_shared
from tests.zalo_api import ZaloBotServer
from workflows.calendar import WorkingCalendar
from workflows.standing import LOCAL_TZ, Bucket
from workflows.workflow import State

TASK = "III.3"  # "Trước ngày 31/8/2025": due 30/08/2025, led by "Các phòng chuyên môn"
UNIT = "Phòng Quản lý Thương mại"  # one of them


def at(month: int, day: int, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=LOCAL_TZ)


@pytest.fixture
def world(database_url: str, zalo: ZaloBotServer) -> Iterator[ZaloWorld]:
    built = ZaloWorld(database_url, zalo, at(7, 10))
    built.import_plan(require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx"))
    yield built
    built.close()


def test_link_list_remind_start_by_number_report_and_verify(
    world: ZaloWorld, zalo: ZaloBotServer
) -> None:
    unit_chat = zalo.add_chat("Phòng QLTM - công việc", group=True)
    office_chat = zalo.add_chat("Văn phòng Sở - theo dõi", group=True)
    head = {"sender_id": "b1c2d3e4f5a6b7c8d9e0", "sender_name": "Võ Thị Hà"}
    clerk = {"sender_id": "a0b1c2d3e4f5a6b7c8d9", "sender_name": "Nguyễn Văn An"}
    assert world.link(unit_chat, UNIT) == [words("bot.start.linked", unit=UNIT)]
    office = "Văn phòng Sở"
    assert world.link(office_chat, office, office=True) == [
        words("bot.start.linked_office", unit=office)
    ]

    listed = world.say(unit_chat, "/viec", **head)
    assert listed[0].startswith(words("bot.list.viec", unit=UNIT))
    assert words("bot_core.choice.view", number=1, tag="").strip() in "\n".join(listed)

    config = SchedulerConfig(
        policy=ReminderPolicy(), calendar=WorkingCalendar(), channels=("zalo",), owner="t"
    )
    notifier = world.app.notifier("zalo", pace_clock=ManualClock())
    assert isinstance(notifier, ZaloNotifier)
    assert notifier.numbered is not None  # the face hands the hook in; the root passes it on
    scheduler = world.app.scheduler_service({"zalo": notifier}, config, rng=random.Random(1))
    loop = world.loop
    try:
        # Wednesday 27/08, in the week the task is due (by Friday 29/08): the digest, numbers.
        before = len(zalo.sent(unit_chat.id))
        world.now = at(8, 27)
        loop.run_until_complete(scheduler.tick(world.now))
        reminder = "\n".join(world.said(unit_chat)[before:])
        assert f"- {TASK} — " in reminder
        start = _number(reminder, words("bot_core.choice.start", number="(\\d+)", tag=TASK))

        world.now = at(8, 27, 9, 15)
        [started] = world.say(unit_chat, start, **head)
        assert started.startswith(words("bot.done.moved", tag=TASK, before="", after="")[:9])
        assert _state(world) is State.IN_PROGRESS

        world.now = at(8, 27, 10)
        report = f"/baocao {TASK} Đã trình Quy chế phối hợp, Tờ trình số 45/TTr-QLTM"
        [reported] = world.say(unit_chat, report, **head)
        assert TASK in reported
        assert _state(world) is State.REPORTED

        world.now = at(8, 28, 9)
        [verified] = world.say(office_chat, f"/xacnhan {TASK}", **clerk)
        assert TASK in verified
        loop.run_until_complete(scheduler.tick(world.now))  # the planner hears of it
    finally:
        loop.run_until_complete(scheduler.aclose())

    with world.app.reading() as session:
        [status] = [
            s
            for s in task_statuses(session, world.now, TaskFilter(plan_id=1))
            if s.view.task.ref == TASK
        ]
        [item] = status.occurrences
        assert (item.state, item.bucket) == (State.VERIFIED, Bucket.DONE_ON_TIME)
        trail = session.exec(
            select(HistoryEntry)
            .where(HistoryEntry.occurrence_id == item.occurrence.id)
            .order_by(col(HistoryEntry.id))
        ).all()
    assert [(e.action, e.channel, e.actor_name) for e in trail] == [
        ("start", "zalo", "Võ Thị Hà"),
        ("report", "zalo", "Võ Thị Hà"),
        ("verify", "zalo", "Nguyễn Văn An"),
    ]
    assert trail[0].actor_ref == f"zalo:user={head['sender_id']};chat={unit_chat.id}"
    assert trail[1].note == "Đã trình Quy chế phối hợp, Tờ trình số 45/TTr-QLTM"
    every = [call.text or "" for call in zalo.sent()]
    assert every
    assert max(text_length(text) for text in every) <= MESSAGE_LIMIT


def test_a_reminder_number_is_refused_once_the_task_moved_elsewhere(
    world: ZaloWorld, zalo: ZaloBotServer
) -> None:
    """The number carries the occurrence's version: after a move from another chat it is stale,
    as a Telegram button is, and nothing changes."""
    unit_chat = zalo.add_chat("Phòng QLTM", group=True)
    other_chat = zalo.add_chat("Trưởng phòng QLTM")
    world.link(unit_chat, UNIT)
    world.link(other_chat, UNIT)
    notifier = world.app.notifier("zalo", pace_clock=ManualClock())
    config = SchedulerConfig(
        policy=ReminderPolicy(), calendar=WorkingCalendar(), channels=("zalo",), owner="t"
    )
    scheduler = world.app.scheduler_service({"zalo": notifier}, config, rng=random.Random(1))
    world.now = at(8, 27)
    try:
        world.loop.run_until_complete(scheduler.tick(world.now))
    finally:
        world.loop.run_until_complete(scheduler.aclose())
    reminder = "\n".join(world.said(unit_chat))
    start = _number(reminder, words("bot_core.choice.start", number="(\\d+)", tag=TASK))
    world.now = at(8, 27, 9)
    world.say(other_chat, f"/batdau {TASK}")
    assert _state(world) is State.IN_PROGRESS
    [stale] = world.say(unit_chat, start)
    assert stale == words("bot.conflict", ref=TASK, state="đang thực hiện")
    assert _state(world) is State.IN_PROGRESS


def _number(text: str, line: str) -> str:
    """The number a choice line offers, read from the reminder (the line's words around it)."""
    pattern = re.escape(line).replace(re.escape("(\\d+)"), "(\\d+)")
    found = re.search(pattern, text)
    assert found is not None, text
    return found.group(1)


def _state(world: ZaloWorld) -> State:
    with world.app.reading() as session:
        [task] = stored.find_tasks_by_ref(session, TASK)
        assert task.id is not None
        [occurrence] = stored.occurrences_of(session, task.id)
        return State(occurrence.state)
