"""Issue 14's moves through the REST API × every kind of caller (as ``test_authorization``):
admin, the plan's office, an office account of another unit, a leader, the task's lead unit,
its partner unit, another unit, a disabled account and no token. Each step checks the HTTP
status and the store (a refused step changes nothing; an allowed one is audited once, channel
``web``). SQLite and PostgreSQL.

Row 6 of the synthetic plan: lead Chi cục Quản lý thị trường, partner Trung tâm Khuyến công,
due 14/03/2026. Before the steps the lead unit has asked to extend it to 20/03/2026.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.plans import snapshot, write_plan
from tests.integration.web.harness import PARTNER_UNIT, WebWorld, world_with
from tests.integration.web.test_authorization import KINDS, NAMES, NOW, TASK_REF

C, R, B, F, U = "changed", "refused (409)", "bad input (400)", "forbidden (403)", "401"
_STATUS = {C: 200, R: 409, B: 400, F: 403, U: 401}
WORDS: dict[str, dict[str, str]] = {
    "approve_extension": {},
    "extend": {"date": "25/03/2026", "note": "Chờ số liệu"},
    "refuse_extension": {"note": "Không có căn cứ"},
    "reassign": {"unit": PARTNER_UNIT, "note": "Theo Văn bản số 45/SCT-VP"},
    "suspend": {"note": "Chờ hướng dẫn"},
    "resume": {"note": "Đã có hướng dẫn"},
    "return": {"note": "Thiếu số liệu", "date": "30/03/2026"},
}
# admin, office, office-elsewhere, leader, lead, partner, other-unit, disabled, anonymous.
# Steps run in this order in each caller's own store.
MATRIX: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("approve_extension", (C, C, F, F, F, F, F, U, U)),
    ("extend", (R, R, F, F, B, R, F, U, U)),  # the lead's own request still waits: 400
    ("refuse_extension", (B, B, F, F, F, F, F, U, U)),  # none waits where it was approved
    ("reassign", (C, C, F, F, F, F, F, U, U)),
    ("suspend", (C, C, F, F, F, F, F, U, U)),
    ("resume", (C, C, F, F, F, F, F, U, U)),
    ("return", (R, R, F, F, F, F, F, U, U)),  # nothing reported to return
)


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[WebWorld]:
    with world_with(database_url, NOW, write_plan(tmp_path, "plan.docx"), KINDS) as built:
        built.disable("disabled")
        asked = built.act(
            "lead", built.occurrence_of(TASK_REF), "extend", date="20/03/2026", note="Chờ số liệu"
        )
        assert asked.status_code == 200, asked.text
        yield built


@pytest.mark.parametrize("kind", range(len(KINDS)), ids=NAMES)
def test_every_new_move(world: WebWorld, kind: int) -> None:
    person = KINDS[kind]
    login = person.login if person else None
    for action, expected in MATRIX:
        seen = expected[kind]
        before, history = snapshot(world.app.settings.database_url), world.history_count()
        answer = world.act(login, world.occurrence_of(TASK_REF), action, **WORDS[action])
        assert answer.status_code == _STATUS[seen], f"{action}: {answer.status_code} {answer.text}"
        _check(world, action, seen, answer.json(), before, history, login)


def _check(
    world: WebWorld, action: str, seen: str, body: Any, before: object, history: int, login: Any
) -> None:
    if seen != C:
        assert snapshot(world.app.settings.database_url) == before, action
        assert set(body) >= {"error", "message"}, action
        return
    (entry,) = world.history()[history:]
    assert (entry.action, entry.channel, entry.actor_name) == (action, "web", login)
    assert body["state"] == world.state_of(world.occurrence_of(TASK_REF)), action
    assert snapshot(world.app.settings.database_url) != before, action
