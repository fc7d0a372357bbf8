"""Issue 14's command and buttons × every kind of chat (as ``test_authorization``): the plan
office, the task's lead unit, its partner unit, another linked unit, the office's unit linked
without the office role, and a chat nobody linked. A refused step changes nothing and says one
fixed sentence or the workflow's own; SQLite and PostgreSQL.

Row 6 of the synthetic plan: lead Chi cục Quản lý thị trường, due 14/03/2026.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.plans import snapshot, write_plan
from tests.integration.bot.harness import BotWorld, words
from tests.integration.bot.test_authorization import (
    FIXED,
    KINDS,
    NOW,
    TASK_REF,
    Seen,
    _asked,
    _do,
    _said,
)
from tests.telegram_api import BotApiServer

N, X, D, R, C, A = (
    Seen.NOT_LINKED,
    Seen.OFFICE_ONLY,
    Seen.DENIED,
    Seen.REFUSED,
    Seen.CHANGED,
    Seen.ASKED,
)
NONE_WAITS = "no request waits"  # the office answers where nothing was asked: one sentence

# (step, what each chat meets): office, lead, partner, other unit, office unit as a unit, unlinked.
MATRIX: tuple[tuple[str, tuple[Seen | str, ...]], ...] = (
    (f"/giahan {TASK_REF} 20/03/2026 Chờ số liệu", (R, C, R, D, D, N)),
    ("button:approve_extension", (NONE_WAITS, X, X, D, D, N)),
    ("button:refuse_extension", (A, X, X, D, D, N)),
)


@pytest.fixture
def world(database_url: str, telegram: BotApiServer, tmp_path: Path) -> Iterator[BotWorld]:
    built = BotWorld(database_url, telegram, NOW)
    built.import_plan(write_plan(tmp_path, "plan.docx"))
    built.start()
    yield built
    built.stop()


@pytest.mark.parametrize("kind", range(len(KINDS)), ids=[kind.name for kind in KINDS])
def test_every_new_command_and_button(world: BotWorld, telegram: BotApiServer, kind: int) -> None:
    who = KINDS[kind]
    user = telegram.add_user("Người dùng thử", username="nguoidung")
    chat = telegram.add_group(f"Nhóm {who.name}")
    if who.unit is not None:
        world.link(chat, user, who.unit, office=who.office)
    else:
        world.say(chat, user, "/start")
    for step, expected in MATRIX:
        seen = expected[kind]
        before = snapshot(world.url)
        answers = _do(world, chat, user, step)
        after = snapshot(world.url)
        said = _said(answers)
        context = f"{who.name}: {step} → {said}"
        assert said, context
        if seen is C:
            assert after != before, context
            continue
        assert after == before, context
        if seen == NONE_WAITS:
            assert said == [words("extensions.refused.extension_none_pending")], context
        elif seen in FIXED:
            assert said == [FIXED[seen]], context
        elif seen is R:
            assert len(said) == 1, context
            assert said[0].startswith(f"{TASK_REF}: "), context
        elif seen is A:
            assert _asked(answers), context
