"""Every route of the console's task and delivery pages × every kind of account: admin, the
plan's office, an office account of another unit, a leader, the task's lead unit, its partner
unit, another unit, and a stranger (sent to the sign-in page). The task is row 6 of the
synthetic plan (lead Chi cục Quản lý thị trường, partner Trung tâm Khuyến công); "another
unit's task" is row 4 (lead Phòng Quản lý Năng lượng, partner Văn phòng Sở), in which none of
the unit accounts takes part. An allowed move is audited (channel ``web``, the account); a
refused one changes nothing. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.e2e.plans import snapshot, write_plan
from tests.integration.web import console_pages as pages
from tests.integration.web.harness import (
    EVERY_KIND,
    WebWorld,
    csrf_of,
    world_with,
)
from workflows.standing import LOCAL_TZ

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)
KINDS = (
    *EVERY_KIND,
    None,  # not signed in
)
NAMES = [kind.login if kind else "stranger" for kind in KINDS]

OK, MOVED, F, IN = 200, 303, 403, "sign in"
# (route, what each kind meets, in the order of KINDS)
MATRIX: tuple[tuple[str, tuple[int | str, ...]], ...] = (
    ("GET /", (OK, OK, OK, OK, OK, OK, OK, IN)),
    ("GET /tasks", (OK, OK, OK, OK, OK, OK, OK, IN)),
    ("GET /tasks/calendar", (OK, OK, OK, OK, OK, OK, OK, IN)),
    ("GET /tasks/six", (OK, OK, OK, OK, OK, OK, F, IN)),
    ("GET /tasks/four", (OK, OK, OK, OK, F, F, F, IN)),
    ("POST note six", (MOVED, MOVED, F, F, MOVED, MOVED, F, IN)),
    ("POST note four", (MOVED, MOVED, F, F, F, F, F, IN)),
    ("POST start six", (409, 409, F, F, MOVED, 409, F, IN)),
    ("POST verify six", (409, 409, F, F, F, F, F, IN)),
    ("GET /deliveries", (OK, OK, OK, F, F, F, F, IN)),
    ("POST resend", (MOVED, MOVED, MOVED, F, F, F, F, IN)),
)


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[WebWorld]:
    with world_with(database_url, NOW, write_plan(tmp_path, "plan.docx"), KINDS) as built:
        yield built


def _step(world: WebWorld, browser: TestClient, step: str, csrf: str, dead: int) -> Any:
    tasks = {"six": world.task_of("6"), "four": world.task_of("4")}
    method, _, rest = step.partition(" ")
    if method == "GET":
        path = rest
        for name, task_id in tasks.items():
            path = path.replace(name, str(task_id))
        return browser.get(path)
    if rest == "resend":
        return browser.post(f"/deliveries/{dead}/resend", data={"csrf": csrf})
    action, which = rest.split(" ")
    occurrence = world.occurrence_of("6" if which == "six" else "4")
    data = {"csrf": csrf, "occurrence": str(occurrence), "action": action, "note": "Ghi chú"}
    return browser.post(f"/tasks/{tasks[which]}/actions", data=data)


@pytest.mark.parametrize("kind", range(len(KINDS)), ids=NAMES)
def test_every_route(world: WebWorld, kind: int) -> None:
    person = KINDS[kind]
    browser = world.signed_in(person.login) if person else world.browser()
    csrf = csrf_of(browser.get("/tasks").text) if person else "none"
    with world.app.transaction() as session:
        dead = pages.add_reminder(session, "dead")
    for step, expected in MATRIX:
        seen = expected[kind]
        before, history = snapshot(world.app.settings.database_url), world.history_count()
        answer = _step(world, browser, step, csrf, dead)
        if seen == IN:
            assert answer.status_code == 303, step
            assert answer.headers["location"].startswith("/login"), step
        else:
            assert answer.status_code == seen, f"{step}: {answer.status_code}"
        if step.startswith("POST") and step != "POST resend" and seen == MOVED:
            (entry,) = world.history()[history:]
            assert (entry.channel, entry.actor_name) == ("web", person and person.login), step
        elif step.startswith("POST") and seen != MOVED:
            assert snapshot(world.app.settings.database_url) == before, step
