"""Issue 14 through the bot, against the loopback Bot API server, on SQLite and PostgreSQL:
«/giahan → the request with «Đồng ý» / «Không đồng ý» in the office's chat → «Đồng ý» → the
scheduler reminds from the new date → «Đã báo cáo» answered with a file → /xacnhan», and
«→ «Không đồng ý» → the reason asked for and given → the due date stays». The clock is the
world's (``world.now``)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from sqlmodel import col, select

from nhacviec.services.queries import TaskFilter, task_statuses
from nhacviec.store import tasks as stored
from nhacviec.store.models import ExtensionRequest, HistoryEntry, Reminder
from notifiers.pacer import ManualClock
from scheduler.config import SchedulerConfig
from scheduler.policy import ReminderPolicy
from tests.integration.bot.harness import BotWorld, running_world, texts
from tests.integration.bot.test_evidence_bot import PDF
from tests.shared_paths import require_shared
from tests.telegram_api import BotApiServer, Call, Chat, User
from workflows.calendar import WorkingCalendar
from workflows.standing import LOCAL_TZ, Bucket
from workflows.workflow import State

TASK = "III.3"  # due 30/08/2025, led by the group "Các phòng chuyên môn"
TAG = f"{TASK} · Trước ngày 31/08/2025"  # how the bot names its one occurrence
UNIT = "Phòng Quản lý Thương mại"  # one of them
OFFICE = "Văn phòng Sở"
ENERGY = "Phòng Quản lý Năng lượng"  # not one of "Các phòng chuyên môn"


def at(month: int, day: int, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=LOCAL_TZ)


class Chats:
    def __init__(self, world: BotWorld, telegram: BotApiServer) -> None:
        self.head: User = telegram.add_user("Võ Thị Hà")
        self.unit: Chat = telegram.add_group("Phòng QLTM - công việc")
        self.clerk: User = telegram.add_user("Nguyễn Văn An")
        self.office: Chat = telegram.add_group("Văn phòng Sở - theo dõi")
        world.link(self.unit, self.head, UNIT)
        world.link(self.office, self.clerk, OFFICE, office=True)


@pytest.fixture
def world(database_url: str, open_telegram: BotApiServer) -> Iterator[BotWorld]:
    plan = require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx")
    with running_world(database_url, open_telegram, at(7, 10), plan) as built:
        yield built


class Scheduler:
    """The scheduler service with the real Telegram notifier, ticked at chosen instants."""

    def __init__(self, world: BotWorld) -> None:
        config = SchedulerConfig(
            policy=ReminderPolicy(), calendar=WorkingCalendar(), channels=("telegram",), owner="t"
        )
        notifier = world.app.notifier("telegram", pace_clock=ManualClock())
        self.service = world.app.scheduler_service(
            {"telegram": notifier}, config, rng=random.Random(1)
        )
        self.loop = asyncio.new_event_loop()

    def tick(self, now: datetime) -> None:
        self.loop.run_until_complete(self.service.tick(now))

    def close(self) -> None:
        self.loop.run_until_complete(self.service.aclose())
        self.loop.close()


@pytest.fixture
def scheduler(world: BotWorld) -> Iterator[Scheduler]:
    made = Scheduler(world)
    yield made
    made.close()


def _ask(
    world: BotWorld, chats: Chats, scheduler: Scheduler, telegram: BotApiServer, text: str
) -> tuple[str, dict[str, Any]]:
    """/giahan from the unit's chat: the unit's answer; then the scheduler's pass brings the
    request to the office's chat (an action item, at once): that message."""
    world.now = at(8, 20)
    [told] = texts(world.say(chats.unit, chats.head, text))
    scheduler.tick(at(8, 20, 8, 1))
    request = _with_button(telegram, chats.office.id, "Đồng ý")
    return told, request


def _with_button(telegram: BotApiServer, chat_id: int, label: str) -> dict[str, Any]:
    for message in reversed(telegram.messages(chat_id)):
        markup = message.get("reply_markup") or {}
        if any(key["text"] == label for row in markup.get("inline_keyboard", []) for key in row):
            found: dict[str, Any] = message
            return found
    raise AssertionError(f"no message with a button {label!r} in {chat_id}")


def _alert(calls: list[Call]) -> str:
    [answer] = [c for c in calls if c.method == "answerCallbackQuery"]
    return str(answer.params.get("text", ""))


def test_asked_by_giahan_approved_with_the_button_reminded_reported_verified(
    world: BotWorld, open_telegram: BotApiServer, scheduler: Scheduler
) -> None:
    chats = Chats(world, open_telegram)
    text = f"/giahan {TASK} 15/09/2025 Chờ số liệu của Cục Thống kê"
    told, request = _ask(world, chats, scheduler, open_telegram, text)
    assert told.startswith(f"Đã gửi đề nghị gia hạn nhiệm vụ {TAG} đến ngày 15/09/2025.")
    assert "Đề nghị đã được chuyển đến cơ quan thường trực" in told
    assert "Đơn vị chủ trì đề nghị gia hạn nhiệm vụ này" in request["text"]
    assert f"{TASK} — " in request["text"]
    assert "Lý do đề nghị: «Chờ số liệu của Cục Thống kê»" in request["text"]
    labels = [key["text"] for row in request["reply_markup"]["inline_keyboard"] for key in row]
    assert labels[:2] == ["Đồng ý", "Không đồng ý"]

    # A unit's chat cannot press the office's button (a forged press from the unit's chat).
    data = world.button(chats.office.id, request["message_id"], "Đồng ý")
    forged = world.press(chats.unit.id, request["message_id"], chats.head, data)
    assert "cơ quan thường trực" in _alert(forged).lower()

    world.now = at(8, 21)
    approved = world.press_button(chats.office.id, request["message_id"], chats.clerk, "Đồng ý")
    assert _alert(approved) == f"Đã đồng ý gia hạn nhiệm vụ {TAG}: thời hạn mới 15/09/2025."
    occurrence_id = _occurrence_id(world)

    scheduler.tick(at(8, 21, 9))  # plans from the new date
    assert _pending_dues(world, occurrence_id) == {date(2025, 9, 15)}
    before = len(open_telegram.messages(chats.unit.id))
    scheduler.tick(at(9, 15))  # the new due date's morning
    said = [m["text"] for m in open_telegram.messages(chats.unit.id)[before:]]
    assert any(f"{TASK}" in text and "15/09/2025" in text for text in said), said

    world.now = at(9, 15, 10)  # the report: a file replied to the «Đã báo cáo» prompt
    card_ids = [
        c for c in world.say(chats.unit, chats.head, f"/xem {TASK}") if c.method == "sendMessage"
    ]
    world.press_button(chats.unit.id, card_ids[0].result["message_id"], chats.head, "Đã báo cáo")
    prompts = [
        c for c in open_telegram.sent(chats.unit.id) if c.text and "vui lòng trả lời" in c.text
    ]
    answered = world.send_file(
        chats.unit, chats.head, "Quyết định ban hành.pdf", PDF, caption="Đã ban hành",
        reply_to_message_id=int(prompts[-1].result["message_id"]),
    )  # fmt: skip
    [reported] = texts(answered)
    assert "đã giao → đã báo cáo." in reported
    assert "Đã nhận 1 tệp minh chứng kèm báo cáo." in reported
    world.now = at(9, 16)
    [verified] = texts(world.say(chats.office, chats.clerk, f"/xacnhan {TASK}"))
    assert verified.endswith("đã báo cáo → đã xác nhận.")
    [card] = texts(world.say(chats.unit, chats.head, f"/xem {TASK}"))
    assert "hoàn thành đúng hạn (đã gia hạn)" in card
    assert "hạn ban đầu 30/08/2025 → 15/09/2025 (gia hạn)" in card
    assert "Quyết định ban hành.pdf" in card

    with world.app.reading() as session:
        [status] = [
            s
            for s in task_statuses(session, world.now, TaskFilter(plan_id=1))
            if s.view.task.ref == TASK
        ]
        [item] = status.occurrences
        trail = session.exec(
            select(HistoryEntry)
            .where(HistoryEntry.occurrence_id == occurrence_id)
            .order_by(col(HistoryEntry.id))
        ).all()
    assert (item.state, item.bucket, item.extended) == (State.VERIFIED, Bucket.DONE_ON_TIME, True)
    assert [(e.action, e.channel, e.actor_name) for e in trail] == [
        ("extend", "telegram", "Võ Thị Hà"),
        ("approve_extension", "telegram", "Nguyễn Văn An"),
        ("report", "telegram", "Võ Thị Hà"),
        ("verify", "telegram", "Nguyễn Văn An"),
    ]


def test_refused_with_the_button_asks_the_reason_and_the_date_stays(
    world: BotWorld, open_telegram: BotApiServer, scheduler: Scheduler
) -> None:
    chats = Chats(world, open_telegram)
    text = f"/giahan {TASK} 15/09/2025 Chờ số liệu"
    _, request = _ask(world, chats, scheduler, open_telegram, text)
    world.now = at(8, 21)
    approve = world.button(chats.office.id, request["message_id"], "Đồng ý")
    asked = world.press_button(chats.office.id, request["message_id"], chats.clerk, "Không đồng ý")
    [prompt] = [c for c in asked if c.method == "sendMessage"]
    assert prompt.params["reply_markup"]["force_reply"] is True
    assert "lý do không đồng ý gia hạn nhiệm vụ" in prompt.result["text"]
    answered = world.say(
        chats.office,
        chats.clerk,
        "Thời hạn do UBND tỉnh ấn định",
        reply_to_message_id=prompt.result["message_id"],
    )
    [refused] = texts(answered)
    assert refused == f"Đã không đồng ý gia hạn nhiệm vụ {TAG}; thời hạn giữ nguyên."
    with world.app.reading() as session:
        [row] = session.exec(select(ExtensionRequest)).all()
        [task] = stored.find_tasks_by_ref(session, TASK)
        assert task.id is not None
        [occurrence] = stored.occurrences_of(session, task.id)
    assert (row.status, row.decision_reason) == ("refused", "Thời hạn do UBND tỉnh ấn định")
    assert occurrence.due_date == date(2025, 8, 30)

    rows = world.keyboard(chats.office.id, request["message_id"])  # the buttons gave way
    assert [key["text"][0] for row in rows for key in row] == ["✓"]
    again = world.press(chats.office.id, request["message_id"], chats.clerk, approve)
    assert "không có đề nghị gia hạn nào đang chờ" in _alert(again).lower()


def test_giahan_needs_a_date_and_a_reason_and_a_later_day(
    world: BotWorld, open_telegram: BotApiServer
) -> None:
    chats = Chats(world, open_telegram)
    [usage] = texts(world.say(chats.unit, chats.head, f"/giahan {TASK} 15/09/2025"))
    assert "/giahan <mã nhiệm vụ> <dd/mm/yyyy> <lý do>" in usage
    [not_later] = texts(world.say(chats.unit, chats.head, f"/giahan {TASK} 30/08/2025 Chờ"))
    assert "phải sau thời hạn hiện tại (30/08/2025)" in not_later
    with world.app.reading() as session:
        assert session.exec(select(ExtensionRequest)).all() == []


def _occurrence_id(world: BotWorld) -> int:
    with world.app.reading() as session:
        [task] = stored.find_tasks_by_ref(session, TASK)
        assert task.id is not None
        [occurrence] = stored.occurrences_of(session, task.id)
        assert occurrence.id is not None
        return occurrence.id


def _pending_dues(world: BotWorld, occurrence_id: int) -> set[date | None]:
    with world.app.reading() as session:
        rows = session.exec(
            select(Reminder).where(
                Reminder.occurrence_id == occurrence_id, Reminder.status == "pending"
            )
        ).all()
    return {row.due_date for row in rows}


def test_a_reassignment_reaches_the_new_lead_and_the_former_one(
    world: BotWorld, open_telegram: BotApiServer, scheduler: Scheduler
) -> None:
    """The office reassigns III.3 (by the CLI's use case): at the scheduler's next pass the new
    lead's chat gets an action item with the reason, the former lead's chat a notice."""
    from nhacviec.services import extensions as moves
    from nhacviec.services.tasks import Actor, Channel

    chats = Chats(world, open_telegram)
    boss = open_telegram.add_user("Lê Văn Cường")
    energy = open_telegram.add_group("Phòng QLNL - công việc")
    world.link(energy, boss, ENERGY)
    with world.app.transaction() as session:
        [task] = stored.find_tasks_by_ref(session, TASK)
        office = stored.plan_of(session, task).office_unit_id
        actor = Actor(office, Channel.CLI, name="Nguyễn Văn An")
        moves.reassign(session, task, ENERGY, "Theo Văn bản số 45/SCT-VP", actor, at(8, 20))
    scheduler.tick(at(8, 20, 8, 1))
    told = "\n".join(m["text"] for m in open_telegram.messages(energy.id))
    assert "Văn phòng chuyển nhiệm vụ này cho đơn vị chủ trì thực hiện" in told
    assert "Lý do chuyển: «Theo Văn bản số 45/SCT-VP»" in told
    former = "\n".join(m["text"] for m in open_telegram.messages(chats.unit.id))
    assert "đơn vị không còn chủ trì nhiệm vụ này" in former
