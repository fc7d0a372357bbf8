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

from tests.e2e.plans import write_plan
from tests.integration.bot.harness import BotWorld, running_world, words
from tests.integration.bot.test_authorization import KINDS, NOW, TASK_REF, Seen, walk_matrix
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
    with running_world(database_url, telegram, NOW, write_plan(tmp_path, "plan.docx")) as built:
        yield built


@pytest.mark.parametrize("kind", range(len(KINDS)), ids=[kind.name for kind in KINDS])
def test_every_new_command_and_button(world: BotWorld, telegram: BotApiServer, kind: int) -> None:
    sentences = {NONE_WAITS: words("extensions.refused.extension_none_pending")}
    walk_matrix(world, telegram, kind, MATRIX, sentences)
