"""Every command and button × every kind of chat: the plan office, the task's lead unit, its
partner unit, another linked unit, the office's unit linked without the office role, and a chat
nobody linked. Each step is checked for what the chat is told (a refusal says nothing of the
store: it is one fixed sentence) and for what the store holds afterwards (a refused step
changes nothing at all). SQLite and PostgreSQL.

The task is row 6 of the synthetic plan (``tests/e2e/plans.py``): lead Chi cục Quản lý thị
trường, partner Trung tâm Khuyến công, due 14/03/2026; the office is Văn phòng Sở.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path

import pytest

from nhacviec.store import tasks as stored
from nhacviec.telegram.callbacks import ActOn, Callback, Page, ViewCard, encode
from tests.e2e.plans import EVENT, SIX_TASKS, snapshot, write_plan
from tests.integration.bot.harness import BotWorld, running_world, words
from tests.telegram_api import BotApiServer, Call, Chat, User
from workflows.standing import LOCAL_TZ
from workflows.workflow import Action

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)
TASK_REF = "6"
TASK_TITLE = SIX_TASKS[5].task
PARTNER_UNIT = "Trung tâm Khuyến công và Xúc tiến thương mại"


class Seen(Enum):
    NOT_LINKED = "not linked"  # the one refusal for a chat nobody linked
    OFFICE_ONLY = "office only"
    DENIED = "không có quyền"
    REFUSED = "the workflow refused"  # the chat sees the task; the move is not allowed now
    SHOWN = "the task is shown"
    HIDDEN = "an answer without the task"
    CHANGED = "the store changed"
    ASKED = "a question for the words the move needs"


N, X, D, R, S, H, C, A = (
    Seen.NOT_LINKED,
    Seen.OFFICE_ONLY,
    Seen.DENIED,
    Seen.REFUSED,
    Seen.SHOWN,
    Seen.HIDDEN,
    Seen.CHANGED,
    Seen.ASKED,
)

# (step, what each chat meets): office, lead, partner, other unit, office unit as a unit, unlinked.
# Steps run in this order in each chat's own store, so later steps see earlier changes.
MATRIX: tuple[tuple[str, tuple[Seen, ...]], ...] = (
    ("/trogiup", (H, H, H, H, H, N)),
    ("/viec", (S, S, S, H, H, N)),
    ("/quahan", (H, H, H, H, H, N)),
    ("/sapden 30", (S, S, S, H, H, N)),
    (f"/xem {TASK_REF}", (S, S, S, D, D, N)),
    ("/tiendo", (H, X, X, X, X, N)),
    ("button:view", (S, S, S, D, D, N)),
    ("button:page", (S, S, S, H, H, N)),
    ("button:start", (R, C, R, D, D, N)),
    ("button:report", (R, A, R, D, D, N)),
    ("button:verify", (R, X, X, D, D, N)),
    ("button:return", (R, X, X, D, D, N)),
    (f"/xacnhan {TASK_REF}", (R, X, X, X, X, N)),
    (f"/tralai {TASK_REF} Thiếu số liệu", (R, X, X, X, X, N)),
    (f"/ngay {TASK_REF} 20/03/2026", (C, X, X, X, X, N)),
    (f"/sukien {EVENT} 05/03/2026", (C, X, X, X, X, N)),
    (f"/batdau {TASK_REF}", (R, R, R, D, D, N)),
    (f"/baocao {TASK_REF} Đã tổ chức 3 lớp", (R, C, R, D, D, N)),
    # issue 14, the office's moves in chat: resume refused (not suspended), suspend, resume,
    # reassign to the partner unit (its name runs into the reason)
    (f"/tieptuc {TASK_REF} Đã có kinh phí", (R, X, X, X, X, N)),
    (f"/tamdung {TASK_REF} Chờ kinh phí", (C, X, X, X, X, N)),
    (f"/tieptuc {TASK_REF} Đã có kinh phí", (C, X, X, X, X, N)),
    (f"/giaolai {TASK_REF} {PARTNER_UNIT} Theo Công văn số 45/UBND-TH", (C, X, X, X, X, N)),
    (f"/huy {TASK_REF} Không còn phù hợp", (C, X, X, X, X, N)),
)


@dataclass(frozen=True)
class Kind:
    name: str
    unit: str | None  # None: never linked
    office: bool = False


KINDS = (
    Kind("office", "Văn phòng Sở", office=True),
    Kind("lead", "Chi cục Quản lý thị trường"),
    Kind("partner", PARTNER_UNIT),
    Kind("other unit", "Phòng Kế hoạch - Tài chính"),
    Kind("office unit as a unit", "Văn phòng Sở"),
    Kind("unlinked", None),
)
FIXED = {
    Seen.NOT_LINKED: words("bot.not_linked"),
    Seen.OFFICE_ONLY: words("bot.office_only"),
    Seen.DENIED: words("bot.denied"),
}


@pytest.fixture
def world(database_url: str, telegram: BotApiServer, tmp_path: Path) -> Iterator[BotWorld]:
    with running_world(database_url, telegram, NOW, write_plan(tmp_path, "plan.docx")) as built:
        yield built


@pytest.mark.parametrize("kind", range(len(KINDS)), ids=[kind.name for kind in KINDS])
def test_every_command_and_button(world: BotWorld, telegram: BotApiServer, kind: int) -> None:
    walk_matrix(world, telegram, kind, MATRIX)


def walk_matrix(
    world: BotWorld,
    telegram: BotApiServer,
    kind: int,
    matrix: Sequence[tuple[str, Sequence[Seen | str]]],
    sentences: Mapping[str, str] | None = None,
) -> None:
    """Take every step of ``matrix`` in a group chat of ``KINDS[kind]``; each must meet what
    its row expects (a string: exactly the one sentence ``sentences`` gives for it)."""
    who = KINDS[kind]
    user = telegram.add_user("Người dùng thử", username="nguoidung")
    chat = telegram.add_group(f"Nhóm {who.name}")
    if who.unit is not None:
        world.link(chat, user, who.unit, office=who.office)
    else:  # the chat has talked to the bot before: a message of the bot to press buttons on
        world.say(chat, user, "/start")
    for step, expected in matrix:
        before = snapshot(world.url)
        answers = _do(world, chat, user, step)
        after = snapshot(world.url)
        said = _said(answers)
        context = f"{who.name}: {step} → {said}"
        seen = expected[kind]
        if isinstance(seen, str):
            assert said, context
            assert after == before, context
            assert said == [(sentences or {})[seen]], context
        else:
            check_step(seen, said, before, after, asked=_asked(answers), context=context)


def check_step(
    seen: Seen, said: list[str], before: object, after: object, *, asked: bool, context: str
) -> None:
    """What a chat met at one step (``said``, the store ``before`` and ``after`` it) is what
    ``seen`` expects; ``asked``: the answer asks for the words the move needs."""
    assert said, context
    if seen is Seen.CHANGED:
        assert after != before, context
        return
    assert after == before, context  # nothing changes when it must not
    if seen in FIXED:
        assert said == [FIXED[seen]], context  # one fixed sentence: nothing leaks
    elif seen is Seen.SHOWN:
        assert any(TASK_TITLE in text for text in said), context
    elif seen is Seen.HIDDEN:
        assert not any(TASK_TITLE in text for text in said), context
    elif seen is Seen.REFUSED:
        assert len(said) == 1, context
        assert said[0].startswith(f"{TASK_REF}: "), context  # the workflow's own words
    elif seen is Seen.ASKED:
        assert asked, context


def _do(world: BotWorld, chat: Chat, user: User, step: str) -> list[Call]:
    if not step.startswith("button:"):
        return world.say(chat, user, step)
    host = world.telegram.messages(chat.id)[-1]["message_id"]  # any message of the chat
    return world.press(chat.id, host, user, encode(_button(world, step.split(":")[1])))


def _button(world: BotWorld, name: str) -> Callback:
    with world.app.reading() as session:
        [task] = stored.find_tasks_by_ref(session, TASK_REF)
        assert task.id is not None
        [occurrence] = stored.occurrences_of(session, task.id)
        assert occurrence.id is not None
    if name == "view":
        return ViewCard(occurrence.id)
    if name == "page":
        return Page("viec", 1)
    return ActOn(Action(name), occurrence.id, occurrence.version)  # drawn just now: not stale


def _said(answers: list[Call]) -> list[str]:
    """What the chat reads: messages sent or edited, and alerts of pressed buttons."""
    found = []
    for call in answers:
        if call.method == "answerCallbackQuery":
            found += [str(call.params["text"])] if call.params.get("text") else []
        elif call.ok:
            found.append(str(call.result["text"]) if isinstance(call.result, dict) else "")
    return found


def _asked(answers: list[Call]) -> bool:
    return any(
        call.method == "sendMessage" and (call.params.get("reply_markup") or {}).get("force_reply")
        for call in answers
    )
