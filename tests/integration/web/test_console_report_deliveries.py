"""``/deliveries`` lists the scheduled reports' own outbox (``scheduledreport``) below the
reminders: each report with its plan, period, status, attempts and last error; a dead one has
«Gửi lại», which puts it back in its outbox due now (the addresses that took it kept), with the
page's authorization: admin and office, never a unit account. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from nhacviec.services.accounts import AccountRole
from nhacviec.store import report_outbox
from nhacviec.store.report_outbox import ScheduledReport
from scheduler.report_plan import Cadence, PlannedReport
from tests.e2e.plans import write_plan
from tests.integration.web import console_pages as pages
from tests.integration.web.harness import LEAD_UNIT, OFFICE_UNIT, Person, WebWorld, csrf_of
from tests.integration.web.test_console_deliveries import NOW

ERROR = "SMTP 451: mailbox temporarily unavailable"
TAKEN = "telegram:-1001000000001"  # the office's chat took it before the mail gave up


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[WebWorld]:
    built = WebWorld(database_url, NOW)
    built.import_plan(write_plan(tmp_path, "plan.docx"))
    built.add(Person("office", AccountRole.OFFICE, OFFICE_UNIT))
    built.add(Person("admin", AccountRole.ADMIN))
    built.add(Person("lead", AccountRole.UNIT, LEAD_UNIT))
    yield built
    built.close()


def _reports(world: WebWorld) -> dict[str, int]:
    """Plan 1's monthly reports of January (sent), February (dead after its attempts) and
    March (pending), through the outbox's own planning, lease and settling."""
    planned = [
        PlannedReport(1, "monthly", Cadence.MONTHLY, f"2026-0{month}", due, "docx", "vi")
        for month, due in ((1, NOW - timedelta(days=40)), (2, NOW - timedelta(days=10)))
    ]
    march = PlannedReport(1, "monthly", Cadence.MONTHLY, "2026-03", NOW + timedelta(days=18),
                          "xlsx", "vi")  # fmt: skip
    with world.app.transaction() as session:
        report_outbox.add_planned(session, [*planned, march], NOW - timedelta(days=41))
        claimed = report_outbox.claim_due(session, NOW, "t:1", timedelta(minutes=5))
        january, february = sorted(claimed, key=lambda due: due.period)
        report_outbox.settle(session, january.id, "t:1", status=report_outbox.SENT,
                             done=["email:vp@example.org"], attempts=1, now=NOW)  # fmt: skip
        report_outbox.settle(session, february.id, "t:1", status=report_outbox.DEAD,
                             done=[TAKEN], attempts=5, now=NOW, error=ERROR)  # fmt: skip
    with world.app.reading() as session:
        return {row.period: row.id or 0 for row in report_outbox.reports(session)}


def _row(world: WebWorld, report_id: int) -> ScheduledReport:
    with world.app.reading() as session:
        found = session.get(ScheduledReport, report_id)
        assert found is not None
        return found


def test_the_page_lists_the_scheduled_reports_and_sends_a_dead_one_again(
    world: WebWorld,
) -> None:
    ids = _reports(world)
    browser = world.signed_in("office")
    page = browser.get("/deliveries")
    assert page.status_code == 200
    assert "Báo cáo định kỳ" in page.text
    assert "3 báo cáo (hiển thị 3 báo cáo gần nhất)." in page.text
    assert "tháng 02/2026" in page.text
    assert "tháng 01/2026" in page.text
    assert ERROR in page.text
    assert f'action="/deliveries/reports/{ids["2026-02"]}/resend"' in page.text
    for other in ("2026-01", "2026-03"):  # sent, pending: nothing to send again
        assert f'action="/deliveries/reports/{ids[other]}/resend"' not in page.text
    reports = page.text[page.text.index('id="reports"') :]
    assert reports.index("tháng 03/2026") < reports.index("tháng 02/2026")  # newest first
    assert ">XLSX<" in reports

    data = {"csrf": csrf_of(page.text), "back": "/deliveries"}
    answer = browser.post(f"/deliveries/reports/{ids['2026-02']}/resend", data=data)
    assert (answer.status_code, answer.headers["location"]) == (303, "/deliveries")
    after = browser.get(answer.headers["location"])
    assert pages.flash(after.text) == (
        f"Đã đưa báo cáo định kỳ số {ids['2026-02']} trở lại hàng đợi; hệ thống sẽ gửi lại ở "
        "lượt gửi tiếp theo."
    )
    again = _row(world, ids["2026-02"])
    assert (again.status, again.attempts, again.lease_owner) == ("pending", 0, None)
    assert again.next_attempt_at == NOW
    assert again.done == TAKEN  # the chat that took it is not sent it again
    assert f'action="/deliveries/reports/{ids["2026-02"]}/resend"' not in after.text
    with world.app.transaction() as session:  # the next pass leases it at once
        (due,) = report_outbox.claim_due(session, NOW, "t:2", timedelta(minutes=5))
    assert (due.id, due.done) == (ids["2026-02"], (TAKEN,))


def test_a_report_that_did_not_fail_is_not_sent_again(world: WebWorld) -> None:
    ids = _reports(world)
    browser = world.signed_in("admin", lang="en")
    csrf = csrf_of(browser.get("/deliveries").text)
    answer = browser.post(f"/deliveries/reports/{ids['2026-01']}/resend", data={"csrf": csrf})
    assert answer.status_code == 400
    assert f"Scheduled report {ids['2026-01']} has not failed" in answer.text
    assert _row(world, ids["2026-01"]).status == "sent"
    missing = browser.post("/deliveries/reports/999999/resend", data={"csrf": csrf})
    assert missing.status_code == 404
    assert "There is no scheduled report 999999" in missing.text


def test_a_unit_account_neither_sees_nor_resends_them(world: WebWorld) -> None:
    ids = _reports(world)
    browser = world.signed_in("lead")
    assert browser.get("/deliveries").status_code == 403
    csrf = csrf_of(browser.get("/tasks").text)
    refused = browser.post(f"/deliveries/reports/{ids['2026-02']}/resend", data={"csrf": csrf})
    assert refused.status_code == 403
    assert _row(world, ids["2026-02"]).status == "dead"
    anonymous = world.browser().post(f"/deliveries/reports/{ids['2026-02']}/resend")
    assert anonymous.status_code in {303, 401, 403}
    assert _row(world, ids["2026-02"]).status == "dead"


def test_no_scheduled_report_yet_is_said(world: WebWorld) -> None:
    page = world.signed_in("office").get("/deliveries")
    assert "Chưa có báo cáo định kỳ nào." in page.text
