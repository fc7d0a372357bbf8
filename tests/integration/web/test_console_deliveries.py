"""``/deliveries``: the outbox as the office reads it, filtered by status and channel, a page at
a time, and «Gửi lại» putting a dead letter back in the queue (``services.deliveries.resend``,
as ``nhacviec reminders resend``). SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from nhacviec.services.accounts import AccountRole
from nhacviec.store.models import Reminder
from tests.e2e.plans import write_plan
from tests.integration.web import console_pages as pages
from tests.integration.web.harness import LEAD_UNIT, OFFICE_UNIT, Person, WebWorld, csrf_of
from workflows.standing import LOCAL_TZ

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[WebWorld]:
    built = WebWorld(database_url, NOW)
    built.import_plan(write_plan(tmp_path, "plan.docx"))
    built.add(Person("office", AccountRole.OFFICE, OFFICE_UNIT))
    built.add(Person("lead", AccountRole.UNIT, LEAD_UNIT))
    yield built
    built.close()


def _rows(world: WebWorld, *statuses: str) -> list[int]:
    with world.app.transaction() as session:
        return [pages.add_reminder(session, status) for status in statuses]


def _reminder(world: WebWorld, reminder_id: int) -> Reminder:
    with world.app.reading() as session:
        found = session.get(Reminder, reminder_id)
        assert found is not None
        return found


def test_the_office_sends_a_dead_letter_again(world: WebWorld) -> None:
    dead, sent = _rows(world, "dead", "sent")
    browser = world.signed_in("office")
    page = browser.get("/deliveries", params={"status": "dead"})
    assert page.status_code == 200
    assert "Forbidden: bot was blocked by the user" in page.text
    assert f'action="/deliveries/{dead}/resend"' in page.text
    assert f'action="/deliveries/{sent}/resend"' not in page.text
    data = {"csrf": csrf_of(page.text), "back": "/deliveries?status=dead"}
    answer = browser.post(f"/deliveries/{dead}/resend", data=data)
    assert (answer.status_code, answer.headers["location"]) == (303, "/deliveries?status=dead")
    after = browser.get(answer.headers["location"])
    assert pages.flash(after.text) == (
        f"Đã đưa tin nhắc số {dead} trở lại hàng đợi; hệ thống sẽ gửi lại ở lượt gửi tiếp theo."
    )
    requeued = _reminder(world, dead)
    assert (requeued.status, requeued.attempts, requeued.failure_told_at) == ("pending", 0, None)
    assert requeued.next_attempt_at == NOW
    assert f'action="/deliveries/{dead}/resend"' not in after.text


def test_a_row_that_did_not_fail_is_not_sent_again(world: WebWorld) -> None:
    (sent,) = _rows(world, "sent")
    browser = world.signed_in("office")
    csrf = csrf_of(browser.get("/deliveries").text)
    answer = browser.post(f"/deliveries/{sent}/resend", data={"csrf": csrf})
    assert answer.status_code == 400
    assert f"Tin nhắc số {sent} không ở trạng thái gửi không thành công" in answer.text
    assert _reminder(world, sent).status == "sent"
    missing = browser.post("/deliveries/999999/resend", data={"csrf": csrf})
    assert missing.status_code == 404


def test_filters_and_pages(world: WebWorld) -> None:
    ids = _rows(world, *(["sent"] * 55), "dead", "pending")
    browser = world.signed_in("office")
    everything = browser.get("/deliveries")
    assert "57 tin nhắc." in everything.text
    assert "Trang 1/2" in everything.text
    second = browser.get("/deliveries?page=2")
    assert f'<td data-label="#">{ids[0]}</td>' in second.text  # newest first: the oldest last
    dead = browser.get("/deliveries?status=dead")
    assert "1 tin nhắc." in dead.text
    assert browser.get("/deliveries?channel=email").text.count("1 tin nhắc.") == 0
    assert "0 tin nhắc." in browser.get("/deliveries?channel=email").text


def test_a_unit_account_has_no_deliveries_page(world: WebWorld) -> None:
    (dead,) = _rows(world, "dead")
    browser = world.signed_in("lead")
    assert browser.get("/deliveries").status_code == 403
    csrf = csrf_of(browser.get("/tasks").text)
    assert browser.post(f"/deliveries/{dead}/resend", data={"csrf": csrf}).status_code == 403
    assert _reminder(world, dead).status == "dead"
    assert "/deliveries" not in browser.get("/").text  # not in its menu
