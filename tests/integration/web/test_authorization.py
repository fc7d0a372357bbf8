"""Every route of the REST API × every kind of caller: admin, the plan's office, an office
account of another unit, a leader, the task's lead unit, its partner unit, another unit, a
disabled account and no token at all. Each step checks the HTTP status and what the store holds
afterwards (a refused step changes nothing; an allowed move is audited with channel ``web`` and
the account as the actor). SQLite and PostgreSQL.

The task is row 6 of the synthetic plan (``tests/e2e/plans.py``): lead Chi cục Quản lý thị
trường, partner Trung tâm Khuyến công, due 14/03/2026; the office is Văn phòng Sở.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from nhacviec.services.accounts import AccountRole
from tests.e2e.plans import SIX_TASKS, snapshot, write_plan
from tests.integration.web.harness import (
    EVERY_KIND,
    LEAD_UNIT,
    Person,
    WebWorld,
)
from workflows.standing import LOCAL_TZ

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)
TASK_REF = "6"

KINDS = (
    *EVERY_KIND,
    Person("disabled", AccountRole.UNIT, LEAD_UNIT),
    None,  # no token
)
NAMES = [kind.login if kind else "anonymous" for kind in KINDS]

S, H, C, R, F, U = "shown", "hidden", "changed", "refused (409)", "forbidden (403)", "401"
# (step, what each caller meets, in the order of KINDS). Steps run in this order in each
# caller's own store, so later steps see earlier changes.
MATRIX: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("GET units", (S, S, S, S, S, S, S, U, U)),
    ("GET tasks", (S, S, S, S, S, S, H, U, U)),
    ("GET tasks ?unit=lead", (S, S, S, S, S, S, H, U, U)),
    ("POST plans/preview", (S, S, S, S, S, S, S, U, U)),
    ("act verify", (R, R, F, F, F, F, F, U, U)),
    ("act start", (R, R, F, F, C, R, F, U, U)),
    ("act note", (C, C, F, F, C, C, F, U, U)),
    ("act report", (R, R, F, F, C, R, F, U, U)),
    ("act cancel", (C, C, F, F, F, F, F, U, U)),
    ("POST plans", (C, C, C, F, F, F, F, U, U)),
    ("POST plans amends=1", (C, C, F, F, F, F, F, U, U)),
)
_STATUS = {S: 200, H: 200, C: 200, R: 409, F: 403, U: 401}


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[WebWorld]:
    built = WebWorld(database_url, NOW)
    built.import_plan(write_plan(tmp_path, "plan.docx"))
    yield built
    built.close()


def _step(world: WebWorld, step: str, login: str | None, folder: Path) -> Any:
    client, headers = world.client, world.headers(login)
    if step == "GET units":
        return client.get("/api/v1/units", headers=headers)
    if step.startswith("GET tasks"):
        params = {"unit": LEAD_UNIT} if "unit" in step else {}
        return client.get("/api/v1/tasks", params=params, headers=headers)
    if step.startswith("act "):
        action = step.removeprefix("act ")
        words = {"note": "Ghi chú thử", "evidence": "bien-ban.pdf"}
        return world.act(login, world.occurrence_of(TASK_REF), action, **words)
    if step == "POST plans/preview":
        return _upload(world, "/api/v1/plans/preview", headers, folder / "plan.docx")
    if step == "POST plans":
        other = write_plan(folder, "other.docx", number="16/KH-SCT", subtitle="Chuyển đổi số")
        return _upload(world, "/api/v1/plans", headers, other)
    assert step == "POST plans amends=1"
    amended = write_plan(folder, "amended.docx", rows=SIX_TASKS[:5])
    return _upload(world, "/api/v1/plans", headers, amended, data={"amends": "1"})


def _upload(world: WebWorld, url: str, headers: dict[str, str], path: Path, **extra: Any) -> Any:
    with path.open("rb") as stream:
        files = {"file": (path.name, stream, "application/octet-stream")}
        return world.client.post(url, files=files, headers=headers, **extra)


@pytest.mark.parametrize("kind", range(len(KINDS)), ids=NAMES)
def test_every_route(world: WebWorld, tmp_path: Path, kind: int) -> None:
    person = KINDS[kind]
    for other in KINDS:
        if other is not None:
            world.add(other)
    world.disable("disabled")
    login = person.login if person else None
    for step, expected in MATRIX:
        seen = expected[kind]
        before, history = snapshot(world.app.settings.database_url), world.history_count()
        answer = _step(world, step, login, tmp_path)
        assert answer.status_code == _STATUS[seen], f"{step}: {answer.status_code} {answer.text}"
        _check(world, step, seen, answer.json(), before, history, login)


def _check(
    world: WebWorld,
    step: str,
    seen: str,
    body: Any,
    before: object,
    history: int,
    login: str | None,
) -> None:
    if seen in {F, U, R}:
        assert snapshot(world.app.settings.database_url) == before, step
        assert set(body) >= {"error", "message"}, step
        return
    if step.startswith("GET tasks"):
        refs = {task["ref"] for task in body if task["plan"] == 1}
        assert (TASK_REF in refs) is (seen == S), step
    if seen == C and step.startswith("act "):
        (entry,) = world.history()[history:]
        assert (entry.channel, entry.actor_name, entry.actor_ref) == (
            "web",
            login,
            f"web:user={_user_id(world, login)}",
        ), step
        assert body["state"] == world.state_of(world.occurrence_of(TASK_REF)), step
    if seen == C:
        assert snapshot(world.app.settings.database_url) != before, step


def _user_id(world: WebWorld, login: str | None) -> int:
    from nhacviec.store.users import get_user

    with world.app.reading() as session:
        user = get_user(session, login or "")
        assert user is not None
        assert user.id is not None
        return user.id
