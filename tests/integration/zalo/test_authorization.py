"""The Telegram bot's authorization matrix, on Zalo: every command and every numbered choice ×
the plan office, the task's lead unit, its partner unit, another linked unit, the office's unit
linked without the office role, and a chat nobody linked — with the Telegram test's roster,
task and expectations (``tests/integration/bot/test_authorization.py``). Where Telegram presses
a forged button, the Zalo chat answers a number it holds for the task (put in its choice book
as a reminder would): a number is no permission, the core checks the chat as it checks a
command. Each step is checked for what the chat is told and for the store afterwards. Also: a
stranger learns nothing. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlmodel import select

from nhacviec.bot.core.messages import Choice, ChoiceKind
from nhacviec.store import tasks as stored
from nhacviec.store.models import Unit
from notifiers.zalo.split import MESSAGE_LIMIT, text_length
from tests.e2e.plans import snapshot, write_plan
from tests.integration.bot.test_authorization import (
    KINDS,
    MATRIX,
    NOW,
    TASK_REF,
    TASK_TITLE,
    check_step,
)
from tests.integration.zalo.world import ZaloWorld, words
from tests.zalo_api import Chat, ZaloBotServer
from workflows.workflow import Action

ASKED_KEY = "bot_core.choice.report_words"


@pytest.fixture
def world(database_url: str, zalo: ZaloBotServer, tmp_path: Path) -> Iterator[ZaloWorld]:
    built = ZaloWorld(database_url, zalo, NOW)
    built.import_plan(write_plan(tmp_path, "plan.docx"))
    yield built
    built.close()


@pytest.mark.parametrize("kind", range(len(KINDS)), ids=[kind.name for kind in KINDS])
def test_every_command_and_number(world: ZaloWorld, zalo: ZaloBotServer, kind: int) -> None:
    who = KINDS[kind]
    chat = zalo.add_chat(f"Nhóm {who.name}", group=True)
    if who.unit is not None:
        world.link(chat, who.unit, office=who.office)
    for step, expected in MATRIX:
        seen = expected[kind]
        before = snapshot(world.url)
        said = _do(world, chat, step)
        after = snapshot(world.url)
        context = f"{who.name}: {step} → {said}"
        assert all(text_length(text) <= MESSAGE_LIMIT for text in said), context
        asked = said == [words(ASKED_KEY, number=1, tag=TASK_REF)]
        check_step(seen, said, before, after, asked=asked, context=context)


def test_a_stranger_learns_nothing(world: ZaloWorld, zalo: ZaloBotServer) -> None:
    """Every command, numbers, plain text: the one ``bot.not_linked`` sentence in a private
    chat, silence for a group's own conversation, and no unit or task named anywhere."""
    private = zalo.add_chat("Người lạ")
    group = zalo.add_chat("Nhóm lạ", group=True)
    steps = [step for step, _ in MATRIX if not step.startswith("button:")]
    steps += ["/tonghop", "/khonglenh", "1", "2 Đã xong", "Cho tôi xem nhiệm vụ 6", "/start"]
    for step in steps:
        assert world.say(private, step) == [words("bot.not_linked")], step
    assert world.say(group, "Chào cả nhà") == []
    assert world.say(group, "1") == []  # a number the group was never offered
    assert world.say(group, "/viec") == [words("bot.not_linked")]
    every_word = " ".join(world.said(private) + world.said(group))
    with world.app.reading() as session:
        for unit in session.exec(select(Unit)).all():
            assert unit.name not in every_word
    assert TASK_TITLE not in every_word


def _do(world: ZaloWorld, chat: Chat, step: str) -> list[str]:
    if not step.startswith("button:"):
        return world.say(chat, step)
    world.choices.remember("zalo", chat.id, [_choice(world, step.split(":")[1])], world.now)
    return world.say(chat, "1")


def _choice(world: ZaloWorld, name: str) -> Choice:
    with world.app.reading() as session:
        [task] = stored.find_tasks_by_ref(session, TASK_REF)
        assert task.id is not None
        [occurrence] = stored.occurrences_of(session, task.id)
        assert occurrence.id is not None
    if name == "view":
        return Choice(1, ChoiceKind.VIEW, TASK_REF, occurrence_id=occurrence.id)
    if name == "page":
        return Choice(1, ChoiceKind.PAGE, listing="viec", page=1, days=7)
    action = Action(name)  # offered just now: not stale
    return Choice(1, ChoiceKind.ACT, TASK_REF, occurrence.id, action, occurrence.version)


def test_a_number_followed_by_talk_acts_only_where_words_are_asked(
    world: ZaloWorld, zalo: ZaloBotServer
) -> None:
    """In a group, «1 chút nữa mình gửi» is conversation: a move that takes no words is made by
    the bare number only; a report takes the words after its number."""
    group = zalo.add_chat("Nhóm Chi cục QLTT", group=True)
    world.link(group, KINDS[1].unit or "")
    start, report = _choice(world, "start"), _choice(world, "report")
    world.choices.remember("zalo", group.id, [start, replace(report, number=2)], world.now)
    before = snapshot(world.url)
    assert world.say(group, "1 chút nữa mình gửi") == []
    assert snapshot(world.url) == before
    [moved] = world.say(group, "1")
    assert snapshot(world.url) != before
    assert TASK_REF in moved
