"""The office's issue-14 moves from chat, against the loopback Bot API server, on SQLite and
PostgreSQL: «/tamdung → no reminder while suspended → /tieptuc → the due date moved on by the
days suspended, reminded from it», and «/giaolai → the new lead's action item and the former
lead's notice, sent by the scheduler». The clock is the world's (``world.now``) and the wall
clock's (time-machine) at every step."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
import time_machine
from sqlmodel import col, select

from nhacviec.store import tasks as stored
from nhacviec.store.models import HistoryEntry, Unit
from tests.e2e.plans import snapshot
from tests.integration.bot.harness import BotWorld, running_world, texts, words
from tests.integration.bot.test_extensions import (
    ENERGY,
    TAG,
    TASK,
    Chats,
    Scheduler,
    _occurrence_id,
    _pending_dues,
    at,
)
from tests.shared_paths import require_shared
from tests.telegram_api import BotApiServer

DUE = date(2025, 8, 30)  # III.3's due date in the plan


@pytest.fixture
def world(database_url: str, open_telegram: BotApiServer) -> Iterator[BotWorld]:
    plan = require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx")
    with running_world(database_url, open_telegram, at(7, 10), plan) as built:
        yield built


@pytest.fixture
def scheduler(world: BotWorld) -> Iterator[Scheduler]:
    made = Scheduler(world)
    yield made
    made.close()


def _tick(world: BotWorld, scheduler: Scheduler, instant: datetime) -> None:
    """The scheduler's pass at ``instant``, the wall clock there too."""
    world.now = instant
    with time_machine.travel(instant, tick=False):
        scheduler.tick(instant)


def _office_says(world: BotWorld, chats: Chats, instant: datetime, text: str) -> list[str]:
    world.now = instant
    with time_machine.travel(instant, tick=False):
        return texts(world.say(chats.office, chats.clerk, text))


def _unit_heard(open_telegram: BotApiServer, chats: Chats, since: int) -> list[str]:
    return [m["text"] for m in open_telegram.messages(chats.unit.id)[since:]]


def test_suspended_in_chat_no_reminder_then_resumed_with_the_due_date_moved_on(
    world: BotWorld, open_telegram: BotApiServer, scheduler: Scheduler
) -> None:
    chats = Chats(world, open_telegram)
    _tick(world, scheduler, at(8, 18, 8, 1))  # reminders planned from the plan's date
    occurrence_id = _occurrence_id(world)
    assert _pending_dues(world, occurrence_id) == {DUE}

    suspended_at = at(8, 20, 9)
    [told] = _office_says(world, chats, suspended_at, f"/tamdung {TASK} Chờ hướng dẫn của Bộ")
    assert told == words(
        "bot.done.moved", tag=TAG, before="đã giao", after=words("workflow.state.suspended")
    )

    # While suspended: the week the task was due, its due day, the days after — no reminder.
    heard_before = len(open_telegram.messages(chats.unit.id))
    for instant in (at(8, 20, 9, 1), at(8, 25), at(8, 27), at(8, 29), at(9, 1), at(9, 2)):
        _tick(world, scheduler, instant)
    assert _pending_dues(world, occurrence_id) == set()
    quiet = _unit_heard(open_telegram, chats, heard_before)
    assert not [text for text in quiet if TASK in text], quiet

    resumed_at = at(9, 3, 10)
    [resumed] = _office_says(world, chats, resumed_at, f"/tieptuc {TASK} Đã có hướng dẫn")
    moved_on = DUE + timedelta(days=(resumed_at.date() - suspended_at.date()).days)
    assert moved_on == date(2025, 9, 13)  # fourteen days suspended
    assert resumed.startswith(
        words("bot.done.moved", tag=TAG, before=words("workflow.state.suspended"), after="đã giao")
    )
    assert resumed.endswith(words("extensions.cli.due_now", date="13/09/2025"))

    _tick(world, scheduler, at(9, 3, 10, 1))  # planned again from the moved date
    assert _pending_dues(world, occurrence_id) == {moved_on}
    heard_before = len(open_telegram.messages(chats.unit.id))
    for instant in (at(9, 10), at(9, 12)):
        _tick(world, scheduler, instant)
    reminded = _unit_heard(open_telegram, chats, heard_before)
    assert any(TASK in text and "13/09/2025" in text for text in reminded), reminded

    with world.app.reading() as session:
        trail = session.exec(
            select(HistoryEntry)
            .where(HistoryEntry.occurrence_id == occurrence_id)
            .order_by(col(HistoryEntry.id))
        ).all()
    assert [(e.action, e.channel, e.actor_name, e.note) for e in trail][:2] == [
        ("suspend", "telegram", "Nguyễn Văn An", "Chờ hướng dẫn của Bộ"),
        ("resume", "telegram", "Nguyễn Văn An", "Đã có hướng dẫn"),
    ]


def test_reassigned_in_chat_reaches_the_new_lead_and_the_former_one(
    world: BotWorld, open_telegram: BotApiServer, scheduler: Scheduler
) -> None:
    chats = Chats(world, open_telegram)
    boss = open_telegram.add_user("Lê Văn Cường")
    energy = open_telegram.add_group("Phòng QLNL - công việc")
    world.link(energy, boss, ENERGY)
    text = f"/giaolai {TASK} {ENERGY} Theo Văn bản số 45/SCT-VP"
    [told] = _office_says(world, chats, at(8, 20), text)
    assert told == words("bot_office_moves.reassigned", tag=TAG, unit=ENERGY)
    with world.app.reading() as session:
        [task] = stored.find_tasks_by_ref(session, TASK)
        assert task.id is not None
        assert stored.task_view(session, task.id).lead == (ENERGY,)

    _tick(world, scheduler, at(8, 20, 8, 1))
    new_lead = "\n".join(m["text"] for m in open_telegram.messages(energy.id))
    assert "Văn phòng chuyển nhiệm vụ này cho đơn vị chủ trì thực hiện" in new_lead
    assert "Lý do chuyển: «Theo Văn bản số 45/SCT-VP»" in new_lead
    former = "\n".join(m["text"] for m in open_telegram.messages(chats.unit.id))
    assert "đơn vị không còn chủ trì nhiệm vụ này" in former

    # the same unit again: the use case's own sentence, nothing changed
    before = snapshot(world.url)
    again = f'/reassign {TASK} "{ENERGY}" Nhắc lại'
    [same] = _office_says(world, chats, at(8, 21), again)
    assert same == words("extensions.refused.reassign_same_lead", unit=ENERGY)
    assert snapshot(world.url) == before


def test_giaolai_names_the_unit_or_says_how(world: BotWorld, open_telegram: BotApiServer) -> None:
    """An unknown unit: how to name it; no reason: the workflow's own refusal (as the CLI's
    without ``--reason``); no words: the usage line. Nothing changes."""
    chats = Chats(world, open_telegram)
    before = snapshot(world.url)
    [unknown] = _office_says(world, chats, at(8, 20), f"/giaolai {TASK} Sở Hư Cấu Theo văn bản")
    assert unknown == words("bot_office_moves.unit_unknown", words="Sở Hư Cấu Theo văn bản")
    [no_reason] = _office_says(world, chats, at(8, 20), f"/giaolai {TASK} {ENERGY}")
    assert no_reason.startswith(f"{TASK}: "), no_reason
    assert "lý do" in no_reason.lower(), no_reason
    [usage] = _office_says(world, chats, at(8, 20), f"/tamdung {TASK}")
    assert "/tamdung <mã nhiệm vụ> <lý do>" in usage
    [refused] = _office_says(world, chats, at(8, 20), f"/tieptuc {TASK} Đã có hướng dẫn")
    assert refused.startswith(f"{TASK}: "), refused
    assert snapshot(world.url) == before

    # a name two units answer to: the use case's sentence names them both
    with world.app.transaction() as session:
        session.add(
            Unit(key="/QLNL", name="Phòng QLNL (cũ)", aliases=["QLNL"], created_at=at(7, 1))
        )
        session.add(Unit(key="/QLNL2", name="Tổ QLNL", aliases=["QLNL"], created_at=at(7, 1)))
    before = snapshot(world.url)
    [ambiguous] = _office_says(world, chats, at(8, 20), f"/giaolai {TASK} QLNL Theo văn bản")
    units = "Phòng QLNL (cũ); Tổ QLNL"
    assert ambiguous == words("tasks.unit_ambiguous", name="QLNL", units=units)
    assert snapshot(world.url) == before
