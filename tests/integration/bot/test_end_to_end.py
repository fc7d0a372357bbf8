"""The whole path, through real parts: the seed plan imported → chats linked by invite codes →
the scheduler's reminder reaches the unit's chat with buttons (the real Telegram notifier
carrying the bot's ``reminder_keyboard``) → the head presses "Đã báo cáo" and answers with a
note → the office's digest lists it under "cần xác nhận" → ``/xacnhan`` from the office's chat →
the task stands "hoàn thành đúng hạn" and its pending reminders are gone. SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import random
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from nhacviec.cli.state import reminder_buttons
from nhacviec.services.queries import TaskFilter, task_statuses
from nhacviec.store import tasks as stored
from nhacviec.store.models import HistoryEntry, Reminder
from notifiers.message import ReminderKind
from notifiers.pacer import ManualClock
from notifiers.telegram import TelegramNotifier
from scheduler.config import SchedulerConfig
from scheduler.policy import ReminderPolicy
from tests.integration.bot.harness import BotWorld, running_world, texts
from tests.shared_paths import require_shared
from tests.telegram_api import BotApiServer
from workflows.calendar import WorkingCalendar
from workflows.standing import LOCAL_TZ, Bucket
from workflows.workflow import State

TASK = "III.3"  # "Trước ngày 31/8/2025": due 30/08/2025, led by "Các phòng chuyên môn"
UNIT = "Phòng Quản lý Thương mại"  # one of them


def at(month: int, day: int, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=LOCAL_TZ)


@pytest.fixture
def world(database_url: str, open_telegram: BotApiServer) -> Iterator[BotWorld]:
    plan = require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx")
    with running_world(database_url, open_telegram, at(7, 10), plan) as built:
        yield built


def test_a_reminder_answered_from_chat_ends_verified_on_time(
    world: BotWorld, open_telegram: BotApiServer
) -> None:
    telegram = open_telegram
    head = telegram.add_user("Võ Thị Hà")
    unit_chat = telegram.add_group("Phòng QLTM - công việc")
    clerk = telegram.add_user("Nguyễn Văn An")
    office_chat = telegram.add_group("Văn phòng Sở - theo dõi")
    world.link(unit_chat, head, UNIT)
    world.link(office_chat, clerk, "Văn phòng Sở", office=True)
    occurrence_id = _occurrence(world, TASK)

    config = SchedulerConfig(
        policy=ReminderPolicy(), calendar=WorkingCalendar(), channels=("telegram",), owner="t"
    )
    notifier = world.app.notifier("telegram", pace_clock=ManualClock())
    assert isinstance(notifier, TelegramNotifier)
    assert notifier.keyboard is reminder_buttons  # the face hands it in; the root passes it on
    scheduler = world.app.scheduler_service({"telegram": notifier}, config, rng=random.Random(1))
    loop = asyncio.new_event_loop()
    try:
        # Wednesday 27/08, in the week the task is due (by Friday 29/08): the digest, buttons.
        loop.run_until_complete(scheduler.tick(at(8, 27)))
        reminder = _message_with_button(telegram, unit_chat.id, f"v:{occurrence_id}")
        assert f"• {TASK} — " in _said(telegram, unit_chat.id)  # a long digest comes in parts

        world.now = at(8, 27, 9, 15)
        asked = world.press(
            unit_chat.id, reminder["message_id"], head, _button(reminder, occurrence_id, "report")
        )
        [prompt] = [call for call in asked if call.method == "sendMessage"]
        assert prompt.params["reply_markup"]["force_reply"] is True
        assert prompt.result["text"].startswith("Võ Thị Hà, vui lòng trả lời tin nhắn này")
        answered = world.say(
            unit_chat,
            head,
            "Đã trình Quy chế phối hợp, Tờ trình số 45/TTr-QLTM",
            reply_to_message_id=prompt.result["message_id"],
        )
        [moved] = texts(answered)
        assert moved.startswith(f"Nhiệm vụ {TASK}")
        assert moved.endswith("đã giao → đã báo cáo.")
        rows = world.keyboard(unit_chat.id, reminder["message_id"])
        ticked = [key for row in rows for key in row if key["text"].startswith("✓")]
        assert [key["callback_data"] for key in ticked] == [f"v:{occurrence_id}"]
        assert ticked[0]["text"].endswith(": đã báo cáo")

        # Three working days later (holidays skipped) the office hears the report waits.
        loop.run_until_complete(scheduler.tick(at(8, 27, 9, 30)))
        due = _verify_reminder_due(world, occurrence_id)
        assert due.astimezone(LOCAL_TZ).date() > at(8, 29).date()
        loop.run_until_complete(scheduler.tick(due))
        digest = _message_with_button(telegram, office_chat.id, f"v:{occurrence_id}")
        to_verify = re.split(r"\n\d+\. ", _said(telegram, office_chat.id).split("Cần xác nhận")[-1])
        assert f"• {TASK} — " in to_verify[0]
        assert _button(digest, occurrence_id, "verify")  # the office may verify from there too

        world.now = due + timedelta(hours=1)
        verified = world.say(office_chat, clerk, f"/xacnhan {TASK}")
        [done] = texts(verified)
        assert done.endswith("đã báo cáo → đã xác nhận.")
        loop.run_until_complete(scheduler.tick(world.now))  # the planner hears of it
    finally:
        loop.run_until_complete(scheduler.aclose())
        loop.close()

    with world.app.reading() as session:
        [status] = [
            s
            for s in task_statuses(session, world.now, TaskFilter(plan_id=1))
            if s.view.task.ref == TASK
        ]
        [item] = status.occurrences
        assert (item.state, item.bucket) == (State.VERIFIED, Bucket.DONE_ON_TIME)
        pending = session.exec(
            select(Reminder).where(
                Reminder.occurrence_id == occurrence_id, Reminder.status == "pending"
            )
        ).all()
        trail = session.exec(
            select(HistoryEntry)
            .where(HistoryEntry.occurrence_id == occurrence_id)
            .order_by(col(HistoryEntry.id))
        ).all()
    assert pending == []
    assert [(e.action, e.channel, e.actor_name, e.note, e.evidence) for e in trail] == [
        (
            "report",
            "telegram",
            "Võ Thị Hà",
            "Đã trình Quy chế phối hợp, Tờ trình số 45/TTr-QLTM",
            "",
        ),
        ("verify", "telegram", "Nguyễn Văn An", "", ""),
    ]
    assert trail[0].actor_ref == f"tg:user={head.id};chat={unit_chat.id}"


def _occurrence(world: BotWorld, ref: str) -> int:
    with world.app.reading() as session:
        [task] = stored.find_tasks_by_ref(session, ref)
        assert task.id is not None
        [occurrence] = stored.occurrences_of(session, task.id)
        assert occurrence.id is not None
        return occurrence.id


def _verify_reminder_due(world: BotWorld, occurrence_id: int) -> datetime:
    """When the office first hears that the occurrence's report waits for verification."""
    with world.app.reading() as session:
        reminders = session.exec(
            select(Reminder).where(
                Reminder.occurrence_id == occurrence_id,
                Reminder.kind == ReminderKind.VERIFY_PENDING.value,
                Reminder.status == "pending",
            )
        ).all()
        return min(reminder.due_at for reminder in reminders)


def _button(message: dict[str, Any], occurrence_id: int, action: str) -> str:
    """The callback data of ``action``'s button for the occurrence, under ``message``."""
    keys = [key for row in message["reply_markup"]["inline_keyboard"] for key in row]
    prefix = f"a:{action}:{occurrence_id}:"
    [data] = [key["callback_data"] for key in keys if key["callback_data"].startswith(prefix)]
    return str(data)


def _said(telegram: BotApiServer, chat_id: int) -> str:
    return "\n".join(str(message["text"]) for message in telegram.messages(chat_id))


def _message_with_button(telegram: BotApiServer, chat_id: int, data: str) -> dict[str, Any]:
    """The bot's latest message in ``chat_id`` with a button carrying ``data``."""
    for message in reversed(telegram.messages(chat_id)):
        markup = message.get("reply_markup") or {}
        keys = [key for row in markup.get("inline_keyboard", []) for key in row]
        if any(key.get("callback_data") == data for key in keys):
            found: dict[str, Any] = message
            return found
    raise AssertionError(f"no message in {chat_id} with a button {data!r}")
