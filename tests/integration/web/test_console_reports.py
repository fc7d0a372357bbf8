"""The report upward from the console: the plans' list links it, admin, office and leader
accounts download the DOCX and XLSX whose counts are the API's task standings at the same
instant; a unit account and a stranger do not. The real application in this process; SQLite and
PostgreSQL (issue 12)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.e2e.plans import write_plan
from tests.integration.web.harness import EVERY_KIND, WebWorld, world_with
from workflows.standing import LOCAL_TZ

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)
BUCKETS = ("done_on_time", "done_late", "open_on_time", "open_late")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[WebWorld]:
    with world_with(database_url, NOW, write_plan(tmp_path, "plan.docx"), EVERY_KIND) as built:
        yield built


def _standings(world: WebWorld, login: str) -> list[tuple[int, int]]:
    """Per bucket (tasks, occurrences), from the REST API's tasks at the same instant."""
    answer = world.client.get("/api/v1/tasks", params={"plan": 1}, headers=world.headers(login))
    assert answer.status_code == 200
    tasks = answer.json()
    tasks = tasks["tasks"] if isinstance(tasks, dict) else tasks
    return [
        (
            sum(1 for t in tasks if any(o["bucket"] == kind for o in t["occurrences"])),
            sum(1 for t in tasks for o in t["occurrences"] if o["bucket"] == kind),
        )
        for kind in BUCKETS
    ]


def test_the_office_downloads_the_report_from_the_plans_list(world: WebWorld) -> None:
    browser = world.signed_in("office")
    page = browser.get("/plans").text
    assert 'href="/plans/1/report.docx"' in page
    assert 'href="/plans/1/report.xlsx"' in page

    answer = browser.get("/plans/1/report.docx")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == DOCX_TYPE
    assert 'filename="bao-cao-kh1-20260302.docx"' in answer.headers["content-disposition"]
    document = docx.Document(io.BytesIO(answer.content))
    [standing] = [t for t in document.tables if t.rows[0].cells[0].text == "Nhóm"]
    counts = [(int(row.cells[1].text), int(row.cells[2].text)) for row in standing.rows[1:]]
    assert counts == _standings(world, "office")

    sheet = browser.get("/plans/1/report.xlsx", params={"as_of": "02/03/2026"})
    assert sheet.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(sheet.content))
    total = next(workbook["Tổng hợp"].iter_rows(min_row=3, max_row=3, values_only=True))
    assert [tuple(total[4 + 2 * i : 6 + 2 * i]) for i in range(4)] == _standings(world, "office")


@pytest.mark.parametrize(
    ("login", "status"),
    [
        ("admin", 200),
        ("office", 200),
        ("office-elsewhere", 200),
        ("leader", 200),
        ("lead", 403),
        ("partner", 403),
        ("other-unit", 403),
        (None, 303),
    ],
)
def test_who_may_download_it(world: WebWorld, login: str | None, status: int) -> None:
    browser = world.signed_in(login) if login else world.browser()
    assert browser.get("/plans/1/report.xlsx").status_code == status


def test_an_unknown_plan_or_format_is_not_found(world: WebWorld) -> None:
    browser = world.signed_in("office")
    assert browser.get("/plans/9/report.docx").status_code == 404
    assert browser.get("/plans/1/report.pdf").status_code == 404
    assert browser.get("/plans/1/report.docx", params={"as_of": "hôm qua"}).status_code == 400
