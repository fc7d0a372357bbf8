"""The console's task pages: the four standings (the numbers of ``nhacviec tasks`` and of the
API, each count a link to a list that long), the filters, the month calendar, the home page's
summary, and a task's page with its forms moving the task through the API's own path. A unit
account never sees another unit's task. SQLite and PostgreSQL.

The plan is the synthetic one (``tests/e2e/plans.py``) on 02/03/2026: row 1 is overdue (due
30/01), row 5 has two quarters, row 6 (lead Chi cục Quản lý thị trường, partner Trung tâm
Khuyến công) is due 14/03/2026; rows 2-4 have no date yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from nhacviec.services.accounts import AccountRole
from nhacviec.services.queries import TaskFilter, tally, task_statuses
from tests.e2e.plans import snapshot, write_plan
from tests.integration.web import console_pages as pages
from tests.integration.web.harness import (
    LEAD_UNIT,
    OFFICE_UNIT,
    OTHER_UNIT,
    PARTNER_UNIT,
    Person,
    WebWorld,
    csrf_of,
    world_with,
)
from workflows.standing import LOCAL_TZ, Bucket

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[WebWorld]:
    people = (
        Person("office", AccountRole.OFFICE, OFFICE_UNIT),
        Person("leader", AccountRole.LEADER),
        Person("lead", AccountRole.UNIT, LEAD_UNIT),
        Person("partner", AccountRole.UNIT, PARTNER_UNIT),
        Person("other-unit", AccountRole.UNIT, OTHER_UNIT),
    )
    with world_with(database_url, NOW, write_plan(tmp_path, "plan.docx"), people) as built:
        yield built


def test_the_standings_are_the_numbers_of_the_cli_and_the_api(world: WebWorld) -> None:
    page = world.signed_in("office").get("/tasks")
    assert page.status_code == 200
    with world.app.reading() as session:
        counts = tally(task_statuses(session, NOW, TaskFilter()))
    shown = pages.stats(page.text)
    assert shown["all"][0] == counts.tasks == 6
    for kind in Bucket:
        assert shown[kind.value][0] == counts.buckets[kind][0], kind
        answer = world.client.get(
            "/api/v1/tasks", params={"bucket": kind.value}, headers=world.headers("office")
        )
        assert shown[kind.value][0] == len(answer.json()), kind
    assert shown["open_late"][0] == 1  # row 1, due 30/01
    assert "hoàn thành đúng hạn" in page.text


def test_each_count_links_to_a_list_that_long(world: WebWorld) -> None:
    browser = world.signed_in("office")
    page = browser.get("/tasks?plan=1").text
    links = [*pages.stats(page).values(), *pages.counted_links(page)]
    assert len(links) > 10  # the summary, by plan, by section, by unit
    for count, link in links:
        listed = browser.get(link)
        assert listed.status_code == 200, link
        assert len(pages.listed(listed.text)) == count, link


def test_the_unit_filter_counts_as_the_cli_does(world: WebWorld) -> None:
    page = world.signed_in("leader").get("/tasks", params={"unit": LEAD_UNIT})
    with world.app.reading() as session:
        statuses = task_statuses(session, NOW, TaskFilter(unit=LEAD_UNIT))
    assert pages.listed(page.text) == [status.view.task.id for status in statuses]
    assert world.task_of("6") in pages.listed(page.text)


def test_filters_due_within_and_flagged_and_a_bad_value(world: WebWorld) -> None:
    browser = world.signed_in("office")
    soon = browser.get("/tasks", params={"due_within": "14"})
    assert pages.listed(soon.text) == [world.task_of("6")]  # due 14/03; row 5 on 31/03
    flagged = browser.get("/tasks", params={"flagged": "1"})
    with world.app.reading() as session:
        review = [s.view.task.id for s in task_statuses(session, NOW) if s.view.task.needs_review]
    assert pages.listed(flagged.text) == review
    bad = browser.get("/tasks", params={"due_within": "soon"})
    assert bad.status_code == 400
    assert "«soon»" in bad.text


def _api_ids(world: WebWorld, login: str) -> list[int]:
    answer = world.client.get("/api/v1/tasks", headers=world.headers(login))
    return [task["id"] for task in answer.json()]


def test_a_unit_sees_its_own_tasks_only(world: WebWorld) -> None:
    six = world.task_of("6")
    for login in ("lead", "partner", "other-unit"):
        mine = _api_ids(world, login)  # its tasks: lead, partner, or through a group
        assert (six in mine) is (login != "other-unit"), login
        browser = world.signed_in(login)
        assert pages.listed(browser.get("/tasks").text) == mine, login
        assert pages.stats(browser.get("/").text)["all"][0] == len(mine), login
        calendar = browser.get("/tasks/calendar", params={"month": "2026-03"})
        assert {task for task, _ in pages.entries(calendar.text)} <= set(mine), login
        for task_id in mine:
            assert browser.get(f"/tasks/{task_id}").status_code == 200, (login, task_id)
    other = world.signed_in("other-unit")
    march = other.get("/tasks/calendar", params={"month": "2026-03"})
    assert six not in {task for task, _ in pages.entries(march.text)}
    refused = other.get(f"/tasks/{six}")
    assert refused.status_code == 403  # as the API refuses a move on it
    assert "Tổ chức tập huấn" not in refused.text


def test_the_month_calendar(world: WebWorld) -> None:
    browser = world.signed_in("office")
    march = browser.get("/tasks/calendar", params={"month": "2026-03"})
    assert march.status_code == 200
    assert 'class="calendar"' in march.text
    assert 'class="day' in march.text
    found = pages.entries(march.text)
    six, five = world.task_of("6"), world.task_of("5")
    assert (six, f"/tasks/{six}?occ=1") in found
    assert (five, f"/tasks/{five}?occ=1") in found  # the first quarter, due 31/03
    assert "month=2026-02" in march.text
    assert "month=2026-04" in march.text
    june = pages.entries(browser.get("/tasks/calendar?month=2026-06").text)
    assert june == [(five, f"/tasks/{five}?occ=2")]
    this_month = browser.get("/tasks/calendar")
    assert "Lịch thời hạn tháng 3/2026" in this_month.text
    assert browser.get("/tasks/calendar?month=2026-13").status_code == 400


def test_the_home_page_shows_what_is_due_this_week(world: WebWorld) -> None:
    world.now = datetime(2026, 3, 10, 9, 0, tzinfo=LOCAL_TZ)
    home = world.signed_in("lead").get("/")
    assert home.status_code == 200
    assert f'href="/tasks/{world.task_of("6")}?occ=1"' in home.text  # due 14/03
    assert "14/03/2026" in home.text
    world.now = NOW
    assert "không có nhiệm vụ nào đến hạn" in world.signed_in("lead").get("/").text


def test_the_lead_starts_and_reports_through_the_page(world: WebWorld) -> None:
    browser = world.signed_in("lead")
    six = world.task_of("6")
    occurrence = world.occurrence_of("6")
    page = browser.get(f"/tasks/{six}")
    assert pages.forms(page.text) == {"start", "report", "note", "extend"}  # issue 14: extend
    started = pages.act(browser, six, occurrence, "start")
    assert (started.status_code, started.headers["location"]) == (303, f"/tasks/{six}?occ=1")
    shown = browser.get(started.headers["location"]).text
    assert pages.flash(shown) == (
        "Đã ghi nhận thao tác «bắt đầu thực hiện» đối với nhiệm vụ 6; "
        "trạng thái hiện nay: đang thực hiện."
    )
    assert world.state_of(occurrence) == "in_progress"
    reported = pages.act(browser, six, occurrence, "report", note="Đã tổ chức", evidence="Số 9/BC")
    assert reported.status_code == 303
    entry = world.history()[-1]
    assert (entry.action, entry.channel, entry.actor_name) == ("report", "web", "lead")
    assert (entry.note, entry.evidence) == ("Đã tổ chức", "Số 9/BC")
    assert "Số 9/BC" in browser.get(f"/tasks/{six}").text  # the evidence in the history


def test_a_refusal_shows_the_cli_sentence_beside_the_form(world: WebWorld) -> None:
    browser = world.signed_in("lead")
    six, occurrence = world.task_of("6"), world.occurrence_of("6")
    before = snapshot(world.app.settings.database_url)
    refused = pages.act(browser, six, occurrence, "report", note="  ")
    assert refused.status_code == 409
    assert pages.alerts(refused.text) == [
        "6: Báo cáo cần có nội dung hoặc minh chứng: vui lòng ghi tóm tắt kết quả, hoặc số văn bản "
        "báo cáo, đường dẫn hay tên tệp, ví dụ «Số 123/BC-SCT»."
    ]
    assert snapshot(world.app.settings.database_url) == before
    answer = world.act("lead", occurrence, "report", note="  ")
    assert answer.json()["message"] == pages.alerts(refused.text)[0]  # the API's sentence


def test_the_office_verifies_returns_dates_and_cancels(world: WebWorld) -> None:
    six, occurrence = world.task_of("6"), world.occurrence_of("6")
    assert world.act("lead", occurrence, "report", note="Xong").status_code == 200
    office = world.signed_in("office")
    offered = pages.forms(office.get(f"/tasks/{six}").text)
    assert offered == {"verify", "return", "cancel", "note", "set_date"} | {
        "reassign",  # issue 14; no request waits: no approve/refuse
        "suspend",
    }
    no_reason = pages.act(office, six, occurrence, "return")
    assert no_reason.status_code == 409
    assert pages.alerts(no_reason.text)[0].startswith("6: Vui lòng ghi rõ lý do khi «trả lại»")
    returned = pages.act(office, six, occurrence, "return", note="Thiếu số liệu")
    assert returned.status_code == 303
    assert world.state_of(occurrence) == "returned"
    dated = pages.act(office, six, occurrence, "set_date", date="2026-03-31", note="Gia hạn")
    assert dated.status_code == 303
    text = office.get(dated.headers["location"]).text
    assert pages.flash(text) == "Đã đặt thời hạn của nhiệm vụ 6 là ngày 31/03/2026."
    bad_date = pages.act(office, six, occurrence, "set_date", date="31/02/2026")
    assert bad_date.status_code == 400
    assert pages.alerts(bad_date.text)
    cancelled = pages.act(office, six, occurrence, "cancel", note="Không phát sinh")
    assert cancelled.status_code == 303
    assert world.state_of(occurrence) == "cancelled"


def test_a_forbidden_move_is_a_403_page_and_changes_nothing(world: WebWorld) -> None:
    six, occurrence = world.task_of("6"), world.occurrence_of("6")
    before = snapshot(world.app.settings.database_url)
    partner = world.signed_in("partner")
    assert pages.forms(partner.get(f"/tasks/{six}").text) == {"note"}
    for login, action in (("partner", "cancel"), ("leader", "note"), ("other-unit", "note")):
        browser = world.signed_in(login)
        page = browser.get("/tasks")  # a page of its own for the CSRF token
        data = {"csrf": csrf_of(page.text), "occurrence": occurrence, "action": action, "note": "x"}
        answer = browser.post(f"/tasks/{six}/actions", data=data)
        assert answer.status_code == 403, (login, action)
        assert "không có quyền" in answer.text.lower() or "không được phép" in answer.text.lower()
    assert snapshot(world.app.settings.database_url) == before


def test_in_english(world: WebWorld) -> None:
    browser = world.signed_in("office", lang="en")
    page = browser.get("/tasks").text
    assert "not done, overdue" in page
    assert "By plan" in page
    assert "Due dates, 3/2026" in browser.get("/tasks/calendar").text


def test_numbers_no_store_holds_are_answered_not_crashed(world: WebWorld) -> None:
    browser = world.signed_in("office")
    assert browser.get("/tasks/99999").status_code == 404
    assert browser.get(f"/tasks/{10**20}").status_code == 422
    assert browser.get(f"/tasks/{world.task_of('6')}?occ={10**20}").status_code == 422
    csrf = csrf_of(browser.get("/deliveries").text)
    assert browser.post(f"/deliveries/{10**20}/resend", data={"csrf": csrf}).status_code == 422
