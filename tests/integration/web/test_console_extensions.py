"""Issue 14's moves through the console's task page × every kind of account (as
``test_console_matrix``): admin, the plan's office, an office account of another unit, a
leader, the task's lead unit, its partner unit, another unit, a stranger. Row 6 (lead Chi cục
Quản lý thị trường) is the account's task; row 4 (lead Phòng Quản lý Năng lượng) is another
unit's, in which no unit account takes part. Before the steps row 6's lead has asked to extend
it to 20/03/2026. An allowed move is audited once (channel ``web``); a refused one changes
nothing. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.e2e.plans import snapshot, write_plan
from tests.integration.web import console_pages as pages
from tests.integration.web.harness import PARTNER_UNIT, WebWorld, csrf_of, world_with
from tests.integration.web.test_console_matrix import IN, KINDS, MOVED, NAMES, NOW, F

WORDS = {
    "approve_extension": {},
    "extend": {"date": "2026-03-25", "note": "Chờ số liệu"},
    "reassign": {"unit": PARTNER_UNIT, "note": "Theo Văn bản số 45/SCT-VP"},
    "suspend": {"note": "Chờ hướng dẫn"},
    "resume": {"note": "Đã có hướng dẫn"},
}
# admin, office, office-elsewhere, leader, lead, partner, other-unit, stranger
MATRIX: tuple[tuple[str, tuple[int | str, ...]], ...] = (
    ("approve_extension six", (MOVED, MOVED, F, F, F, F, F, IN)),
    ("extend six", (409, 409, F, F, 400, 409, F, IN)),  # the lead's request still waits: 400
    ("extend four", (409, 409, F, F, F, F, F, IN)),
    ("reassign four", (MOVED, MOVED, F, F, F, F, F, IN)),
    ("suspend six", (MOVED, MOVED, F, F, F, F, F, IN)),
    ("resume six", (MOVED, MOVED, F, F, F, F, F, IN)),
)


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[WebWorld]:
    with world_with(database_url, NOW, write_plan(tmp_path, "plan.docx"), KINDS) as built:
        asked = built.act(
            "lead", built.occurrence_of("6"), "extend", date="20/03/2026", note="Chờ số liệu"
        )
        assert asked.status_code == 200, asked.text
        yield built


def _post(world: WebWorld, browser: TestClient, step: str, csrf: str) -> Any:
    action, which = step.split(" ")
    ref = "6" if which == "six" else "4"
    data = {"csrf": csrf, "occurrence": str(world.occurrence_of(ref)), "action": action}
    return browser.post(f"/tasks/{world.task_of(ref)}/actions", data=data | WORDS[action])


@pytest.mark.parametrize("kind", range(len(KINDS)), ids=NAMES)
def test_every_new_move(world: WebWorld, kind: int) -> None:
    person = KINDS[kind]
    browser = world.signed_in(person.login) if person else world.browser()
    csrf = csrf_of(browser.get("/tasks").text) if person else "none"
    for step, expected in MATRIX:
        seen = expected[kind]
        before, history = snapshot(world.app.settings.database_url), world.history_count()
        answer = _post(world, browser, step, csrf)
        if seen == IN:
            assert answer.status_code == 303, step
            assert answer.headers["location"].startswith("/login"), step
        else:
            assert answer.status_code == seen, f"{step}: {answer.status_code}"
        if seen == MOVED:
            (entry,) = world.history()[history:]
            assert (entry.channel, entry.actor_name) == ("web", person and person.login), step
        else:
            assert snapshot(world.app.settings.database_url) == before, step


def test_the_forms_follow_the_waiting_request(world: WebWorld) -> None:
    office, lead = world.signed_in("office"), world.signed_in("lead")
    six = world.task_of("6")
    offered = pages.forms(office.get(f"/tasks/{six}").text)
    assert {"approve_extension", "refuse_extension", "reassign", "suspend"} <= offered
    page = lead.get(f"/tasks/{six}").text
    assert "extend" not in pages.forms(page)  # one request waits: no second one
    assert "đề nghị gia hạn đến 20/03/2026 — «Chờ số liệu»" in page
    assert "đang chờ xem xét" in page

    csrf = csrf_of(office.get("/tasks").text)
    data = {"csrf": csrf, "occurrence": str(world.occurrence_of("6")), "action": "refuse_extension"}
    refused = office.post(f"/tasks/{six}/actions", data=data | {"note": "Không có căn cứ"})
    assert refused.status_code == 303
    offered = pages.forms(office.get(f"/tasks/{six}").text)
    assert not offered & {"approve_extension", "refuse_extension"}
    assert "extend" in pages.forms(lead.get(f"/tasks/{six}").text)


def test_the_task_list_shows_extended_and_suspended_work_apart(world: WebWorld) -> None:
    six, four = world.occurrence_of("6"), world.occurrence_of("4")
    assert world.act("office", six, "approve_extension").status_code == 200
    assert world.act("office", four, "suspend", note="Chờ hướng dẫn").status_code == 200
    page = " ".join(world.signed_in("leader").get("/tasks").text.split())
    assert "chưa hoàn thành, trong hạn (đã gia hạn): 1 lượt/kỳ" in page
    assert "Tạm dừng (không tính vào các nhóm trên): 1 nhiệm vụ (1 lượt/kỳ)" in page
