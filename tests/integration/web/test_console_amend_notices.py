"""The console's plan page and the REST API say what an amendment keeps for the office to decide
(a reassigned lead the amended plan rewrites), as ``plan import --amends`` does, and the lead
stays the office's. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from nhacviec.services import extensions
from nhacviec.services.accounts import AccountRole
from nhacviec.services.tasks import Actor, Channel
from nhacviec.store import tasks as stored
from tests.e2e.plans import SIX_TASKS, write_plan
from tests.integration.web.harness import OFFICE_UNIT, Person, WebWorld
from tests.integration.web.test_console_plans import NOW, kept_id, post, upload

NEW_LEAD = "Bộ phận Một cửa"
NOTICE = (
    f"5: kế hoạch sửa đổi giao «Phòng Quản lý Thương mại» chủ trì, nhưng nhiệm vụ đã được "
    f"chuyển đơn vị chủ trì sang «{NEW_LEAD}»; đơn vị chủ trì hiện tại được giữ nguyên"
)


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[WebWorld]:
    built = WebWorld(database_url, NOW)
    built.import_plan(write_plan(tmp_path, "plan.docx"))
    built.add(Person("office", AccountRole.OFFICE, OFFICE_UNIT))
    yield built
    built.close()


def _reassign_fifth(world: WebWorld) -> None:
    with world.app.transaction() as session:
        (task,) = stored.find_tasks_by_ref(session, "5", 1)
        office = stored.plan_of(session, task).office_unit_id
        actor = Actor(office, Channel.CLI)
        extensions.reassign(session, task, NEW_LEAD, "Theo Văn bản số 45/SCT-VP", actor, NOW)


def _lead_of_fifth(world: WebWorld) -> tuple[str, ...]:
    with world.app.reading() as session:
        (task,) = stored.find_tasks_by_ref(session, "5", 1)
        return tuple(stored.task_view(session, task.id or 0).lead)


def _rewritten(tmp_path: Path) -> Path:
    rows = list(SIX_TASKS)
    rows[4] = replace(rows[4], lead="Phòng Quản lý Thương mại")
    return write_plan(tmp_path, "plan-sua-doi.docx", rows, number="15a/KH-SCT")


def test_the_plan_page_names_the_kept_lead_before_and_after(
    world: WebWorld, tmp_path: Path
) -> None:
    _reassign_fifth(world)
    office = world.signed_in("office")
    document_id = kept_id(upload(office, _rewritten(tmp_path), amends="1"))
    page_path = f"/plans/uploads/{document_id}"
    before = " ".join(office.get(page_path).text.split())
    assert NOTICE in before
    done = post(office, page_path, f"{page_path}/confirm")
    assert done.status_code == 303
    after = " ".join(office.get("/plans").text.split())
    assert "nay là phiên bản 2" in after
    assert NOTICE in after  # the result says it too
    assert _lead_of_fifth(world) == (NEW_LEAD,)


def test_the_api_s_amendment_lists_the_notice(world: WebWorld, tmp_path: Path) -> None:
    _reassign_fifth(world)
    path = _rewritten(tmp_path)
    files = {"file": (path.name, path.read_bytes(), "application/octet-stream")}
    answer = world.client.post(
        "/api/v1/plans", files=files, data={"amends": "1"}, headers=world.headers("office")
    )
    assert answer.status_code == 200, answer.text
    (notice,) = answer.json()["notices"]
    assert (notice["kind"], notice["ref"], notice["lead"], notice["amended"]) == (
        "lead_kept",
        "5",
        [NEW_LEAD],
        ["Phòng Quản lý Thương mại"],
    )
    assert notice["describe"].startswith(NOTICE)
    assert _lead_of_fifth(world) == (NEW_LEAD,)
