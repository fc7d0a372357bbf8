"""The console's plans: the list, an upload kept until the office decides, its reading beside
the source words (the same reading as the API's preview), corrections, the one-transaction
import (the same result as the CLI's), an amendment's diff, cancelling, a file sent to the bot
opened on the web, and who may do what. The real application in this process."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from config.settings import Settings
from nhacviec.app import App
from nhacviec.cli import main
from nhacviec.services.accounts import AccountRole
from nhacviec.store import documents
from nhacviec.store.models import KeptDocument, Occurrence, Plan, Task, TaskUnit
from tests.e2e.plans import amended, write_plan
from tests.integration.web.harness import (
    LEAD_UNIT,
    OFFICE_UNIT,
    OTHER_UNIT,
    SCT_UNITS,
    Person,
    WebWorld,
    csrf_of,
)
from tests.shared_paths import fixture_path
from workflows.standing import LOCAL_TZ

NOW = datetime(2025, 7, 10, 9, 0, tzinfo=LOCAL_TZ)
SO_DOCX = ("plans", "so-cong-thuong-2025h2.docx")


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[WebWorld]:
    built = WebWorld(database_url, NOW)
    built.import_plan(write_plan(tmp_path, "plan.docx"))
    built.add(Person("admin", AccountRole.ADMIN))
    built.add(Person("office", AccountRole.OFFICE, OFFICE_UNIT))
    built.add(Person("office2", AccountRole.OFFICE, OTHER_UNIT))
    built.add(Person("leader", AccountRole.LEADER))
    built.add(Person("lead", AccountRole.UNIT, LEAD_UNIT))
    yield built
    built.close()


def upload(browser: TestClient, path: Path, amends: str = "") -> Any:
    page = browser.get("/plans/upload")
    with path.open("rb") as stream:
        return browser.post(
            "/plans/upload",
            data={"csrf": csrf_of(page.text), "amends": amends},
            files={"file": (path.name, stream.read())},
        )


def kept_id(answer: Any) -> int:
    assert answer.status_code == 303, answer.text
    found = re.fullmatch(r"/plans/uploads/(\d+)", answer.headers["location"])
    assert found is not None
    return int(found.group(1))


def post(browser: TestClient, page_path: str, action: str, **data: Any) -> Any:
    page = browser.get(page_path)
    return browser.post(action, data={"csrf": csrf_of(page.text), **data})


def stored_plan(app: App, plan_id: int) -> list[tuple[Any, ...]]:
    """A plan's tasks as the store holds them: ref, units by role, occurrences' dates."""
    with app.reading() as session:
        tasks = session.exec(
            select(Task).where(Task.plan_id == plan_id).order_by(col(Task.position))
        ).all()
        found = []
        for task in tasks:
            units = session.exec(
                select(TaskUnit).where(TaskUnit.task_id == task.id).order_by(col(TaskUnit.id))
            ).all()
            dates = session.exec(
                select(Occurrence)
                .where(Occurrence.task_id == task.id)
                .order_by(col(Occurrence.seq))
            ).all()
            found.append(
                (
                    task.ref,
                    task.schedule_kind,
                    task.needs_review,
                    tuple((u.role, u.name, u.unit_id is not None) for u in units),
                    tuple((o.label, o.start_date, o.due_date) for o in dates),
                )
            )
        return found


def plan_version(world: WebWorld, plan_id: int) -> int:
    with world.app.reading() as session:
        plan = session.get(Plan, plan_id)
        assert plan is not None
        return plan.version


def kept_rows(world: WebWorld) -> list[KeptDocument]:
    with world.app.reading() as session:
        return list(session.exec(select(KeptDocument).order_by(col(KeptDocument.id))).all())


@pytest.mark.parametrize(
    "relative",
    [
        SO_DOCX,
        ("plans", "so-cong-thuong-2025h2.xlsx"),
        ("plans", "so-cong-thuong-2025h2.pdf"),
        ("plans", "xa-ba-long-2025h2.docx"),
        ("seeds", "000_739eac5672039361.txt"),
    ],
)
def test_the_reading_page_reads_as_the_api_preview(
    world: WebWorld, relative: tuple[str, str]
) -> None:
    path = fixture_path(*relative)
    with path.open("rb") as stream:
        preview = world.client.post(
            "/api/v1/plans/preview",
            files={"file": (path.name, stream.read())},
            headers=world.headers("office"),
        ).json()
    office = world.signed_in("office")
    document_id = kept_id(upload(office, path))
    page = office.get(f"/plans/uploads/{document_id}")
    assert page.status_code == 200
    html = page.text
    refs = re.findall(r'<tr id="row-\d+"[^>]*>\s*<td[^>]*><strong>([^<]*)</strong>', html)
    assert refs == [task["ref"] for task in preview["tasks"]]
    rows = re.split(r'<tr id="row-\d+"', html)[1:]
    for task, row in zip(preview["tasks"], rows, strict=True):
        for name in [*task["lead"], *task["partners"]]:
            assert f"<div>{escape(name)}" in row
        for occurrence in task["schedule"]["occurrences"]:
            due = date.fromisoformat(occurrence["due"]).strftime("%d/%m/%Y")
            assert due in row, (task["ref"], due)
        flagged = bool(task["schedule"]["reasons"]) or bool(task["unknown_units"])
        assert ('class="flagged"' in row.split(">")[0]) is flagged
    assert world.history_count() == 0  # nothing written before the decision
    with world.app.reading() as session:
        assert len(session.exec(select(Plan)).all()) == 1  # the synthetic plan alone


def escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
    )


def test_the_import_is_the_clis_in_one_transaction(
    world: WebWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = fixture_path(*SO_DOCX)
    office = world.signed_in("office")
    document_id = kept_id(upload(office, path))
    page_path = f"/plans/uploads/{document_id}"
    done = post(office, page_path, f"{page_path}/confirm")
    assert done.status_code == 303
    listing = office.get(done.headers["location"].split("#")[0])
    [row] = [r for r in kept_rows(world) if r.id == document_id]
    assert (row.decision, row.decided_by, row.content) == (
        "imported",
        f"web:user={row.account_id}",
        b"",
    )
    assert row.plan_id is not None
    assert f"Đã nhập kế hoạch số {row.plan_id}" in listing.text  # the flash, in the CLI's words
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", url)
    assert main(["plan", "import", str(path), "--units", str(SCT_UNITS)]) == 0
    by_cli = App(Settings(database_url=url))
    try:
        assert stored_plan(world.app, row.plan_id) == stored_plan(by_cli, 1)
    finally:
        by_cli.close()
    second = kept_id(upload(office, path))  # the same file again: the page says it is stored
    assert f"(kế hoạch số {row.plan_id}, từ tệp" in office.get(f"/plans/uploads/{second}").text
    again = post(office, "/plans", f"{page_path}/confirm")  # decided once
    assert again.status_code == 400
    assert "Tệp này đã được nhập rồi." in again.text


def test_a_flagged_reading_is_corrected_before_the_import(world: WebWorld) -> None:
    office = world.signed_in("office")
    document_id = kept_id(upload(office, fixture_path(*SO_DOCX)))
    page_path = f"/plans/uploads/{document_id}"
    html = office.get(page_path).text
    flagged = [int(n) for n in re.findall(r'<tr id="row-(\d+)" class="flagged"', html)]
    assert len(flagged) >= 2
    first, second = flagged[:2]
    dated = post(office, page_path, f"{page_path}/rows/{first}", due="2025-09-30", lead=LEAD_UNIT)
    assert (dated.status_code, dated.headers["location"]) == (303, f"{page_path}#row-{first}")
    undated = post(office, page_path, f"{page_path}/rows/{second}", no_deadline="1")
    assert undated.status_code == 303
    html = office.get(page_path).text
    assert f'<tr id="row-{first}">' in html  # no flag now
    assert f'<tr id="row-{second}">' in html
    assert "30/09/2025" in html.split(f'id="row-{first}"')[1].split("</tr>")[0]
    refused = post(office, page_path, f"{page_path}/rows/{first}", lead="Sở Không Có")
    assert refused.status_code == 400
    assert "«Sở Không Có» không có trong danh mục đơn vị" in refused.text
    bad_date = post(office, page_path, f"{page_path}/rows/{first}", due="31/02/2025")
    assert bad_date.status_code == 400
    [kept] = kept_rows(world)
    assert kept.corrections == {
        str(first): {"lead": [LEAD_UNIT], "due": "2025-09-30"},
        str(second): {"no_deadline": True},
    }
    assert post(office, page_path, f"{page_path}/confirm").status_code == 303
    [kept] = kept_rows(world)
    assert kept.plan_id is not None
    tasks = stored_plan(world.app, kept.plan_id)
    _, kind, review, units, dates = tasks[first]
    assert (kind, review, dates) == ("deadline", False, (("30/09/2025", None, date(2025, 9, 30)),))
    assert [name for role, name, _ in units if role == "lead"] == [LEAD_UNIT]
    assert tasks[second][1:3] == ("unscheduled", False)
    assert tasks[second][4] == (("", None, None),)


def test_an_amendment_shows_its_diff_before_it_is_applied(world: WebWorld, tmp_path: Path) -> None:
    office = world.signed_in("office")
    second = write_plan(tmp_path, "plan-sua-doi.docx", amended(), number="15a/KH-SCT")
    document_id = kept_id(upload(office, second, amends="1"))
    page_path = f"/plans/uploads/{document_id}"
    html = office.get(page_path).text
    assert "Những thay đổi sẽ được áp dụng" in html
    assert "Nhiệm vụ: thêm mới 1, bãi bỏ 1, đổi thời hạn 1" in html
    assert "Áp dụng bản sửa đổi" in html
    assert plan_version(world, 1) == 1  # nothing applied yet
    done = post(office, page_path, f"{page_path}/confirm")
    assert done.status_code == 303
    assert "nay là phiên bản 2" in office.get("/plans").text
    assert plan_version(world, 1) == 2
    other = world.signed_in("office2")  # another unit's office may not amend this plan
    assert upload(other, second, amends="1").status_code == 403


def test_cancel_drops_the_file_and_records_the_decision(world: WebWorld) -> None:
    office = world.signed_in("office")
    document_id = kept_id(upload(office, fixture_path(*SO_DOCX)))
    page_path = f"/plans/uploads/{document_id}"
    done = post(office, page_path, f"{page_path}/cancel")
    assert (done.status_code, done.headers["location"]) == (303, "/plans")
    assert "Đã hủy tệp kế hoạch" in office.get("/plans").text
    [kept] = kept_rows(world)
    assert (kept.decision, kept.content, kept.plan_id) == ("cancelled", b"", None)
    assert "Tệp này đã được hủy." in office.get(page_path).text
    assert post(office, "/plans", f"{page_path}/confirm").status_code == 400
    with world.app.reading() as session:
        assert len(session.exec(select(Plan)).all()) == 1


def test_pasted_text_is_read_as_the_cli_reads_a_text_file(world: WebWorld) -> None:
    office = world.signed_in("office")
    text = fixture_path("seeds", "000_739eac5672039361.txt").read_text(encoding="utf-8")
    page = office.get("/plans/upload")
    answer = office.post("/plans/upload", data={"csrf": csrf_of(page.text), "text": text})
    document_id = kept_id(answer)
    assert "Kết quả đọc tệp «van-ban-dan.txt»" in office.get(f"/plans/uploads/{document_id}").text
    empty = office.post("/plans/upload", data={"csrf": csrf_of(page.text), "text": "  "})
    assert empty.status_code == 400
    assert "Vui lòng chọn tệp kế hoạch hoặc dán nội dung kế hoạch." in empty.text
    not_a_plan = office.post(
        "/plans/upload",
        data={"csrf": csrf_of(page.text)},
        files={"file": ("hong.docx", b"PK\x03\x04 this is no archive")},
    )
    assert not_a_plan.status_code == 415


def test_a_file_sent_to_the_bot_opens_and_imports_on_the_web(world: WebWorld) -> None:
    path = fixture_path(*SO_DOCX)
    with world.app.transaction() as session:
        office_unit = session.exec(select(Plan)).one().office_unit_id
        sent = documents.NewDocument(
            "-100200", "700000001", path.name, path.read_bytes(), "x" * 64, unit_id=office_unit
        )
        document_id = documents.save_document(session, sent, world.now)
    page_path = f"/plans/uploads/{document_id}"
    leader = world.signed_in("leader").get(page_path)
    assert leader.status_code == 200
    assert "Gửi qua Telegram" in leader.text
    assert "/confirm" not in leader.text  # the leader reads only
    assert world.signed_in("office2").get(page_path).status_code == 403
    office = world.signed_in("office")
    assert post(office, page_path, f"{page_path}/confirm").status_code == 303
    [kept] = kept_rows(world)
    assert (kept.source, kept.decision) == ("telegram", "imported")
    assert kept.decided_by.startswith("web:user=")


# The routes × roles: 200/303 allowed, 403 forbidden, strangers to the sign-in page.
ROLES = ("admin", "office", "office2", "leader", "lead")
MATRIX = {
    "GET /plans": (200, 200, 200, 200, 403),
    "GET /plans/upload": (200, 200, 200, 403, 403),
    "POST /plans/upload": (303, 303, 303, 403, 403),
    "GET kept": (200, 200, 403, 200, 403),
    "POST correct": (303, 303, 403, 403, 403),
    "POST cancel": (303, 303, 403, 403, 403),
}


@pytest.mark.parametrize("route", list(MATRIX))
def test_who_may_use_each_route(world: WebWorld, route: str) -> None:
    path = fixture_path("seeds", "000_739eac5672039361.txt")
    for login, expected in zip(ROLES, MATRIX[route], strict=True):
        owner = world.signed_in("office")
        document_id = kept_id(upload(owner, path))
        browser = world.signed_in(login)
        assert _visit(browser, route, document_id, path).status_code == expected, (route, login)
    stranger = world.browser()
    answer = _visit(stranger, route, 1, path, csrf="x")
    assert answer.status_code in (303, 403)
    if route.startswith("GET"):
        assert answer.headers["location"].startswith("/login")


def _visit(browser: TestClient, route: str, document_id: int, path: Path, csrf: str = "") -> Any:
    page_path = f"/plans/uploads/{document_id}"
    token = csrf or csrf_of(_any_page(browser))
    match route:
        case "GET /plans":
            return browser.get("/plans")
        case "GET /plans/upload":
            return browser.get("/plans/upload")
        case "POST /plans/upload":
            return browser.post("/plans/upload", data={"csrf": token, "text": path.read_text()})
        case "GET kept":
            return browser.get(page_path)
        case "POST correct":
            return browser.post(f"{page_path}/rows/0", data={"csrf": token, "no_deadline": "1"})
        case _:
            return browser.post(f"{page_path}/cancel", data={"csrf": token})


def _any_page(browser: TestClient) -> str:
    """A page with the signed-in browser's CSRF token (the home page: every role has it)."""
    return browser.get("/").text


def test_a_waiting_file_is_listed_and_expires_after_a_day(world: WebWorld) -> None:
    office = world.signed_in("office")
    document_id = kept_id(upload(office, fixture_path("seeds", "000_739eac5672039361.txt")))
    page_path = f"/plans/uploads/{document_id}"
    listing = office.get("/plans").text
    assert "Tệp kế hoạch đang chờ xác nhận" in listing
    assert f'href="{page_path}"' in listing
    world.now += timedelta(days=1)
    office = world.signed_in("office")  # the idle login has ended meanwhile
    assert f'href="{page_path}"' not in office.get("/plans").text
    assert "Tệp này được gửi quá một ngày" in office.get(page_path).text
    refused = post(office, "/plans", f"{page_path}/confirm")
    assert refused.status_code == 400
    assert "Vui lòng tải lại tệp." in refused.text
    [kept] = kept_rows(world)
    assert kept.decided_at is None  # nothing decided, nothing stored
