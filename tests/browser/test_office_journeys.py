"""The issue's journeys in a real browser: the office signs in, uploads the Sở plan (DOCX),
corrects a flagged cell, imports it and sees the standings; a unit reports a task with its
evidence and a file; the office downloads the file and verifies. Screenshots of every step under
tests/artifacts."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from nhacviec.i18n import Language, translate
from nhacviec.services.accounts import AccountRole
from tests.browser.harness import PASSWORD, REPO, Journey, LiveServer
from tests.browser.test_sign_in import fill_in
from workflows.standing import LOCAL_TZ
from workflows.workflow import State

pytestmark = pytest.mark.browser

SO_PLAN = REPO / "tests" / "fixtures" / "plans" / "so-cong-thuong-2025h2.docx"
UNIT = "Phòng Kế hoạch - Tài chính"
GROUP = "Các phòng, đơn vị thuộc Sở"  # UNIT is one of them: it leads what the group leads
NOW = datetime(2025, 9, 15, 9, 0, tzinfo=LOCAL_TZ)
CORRECTED_DUE = "2025-12-15"
EVIDENCE = "Báo cáo số 27/BC-KHTC ngày 15/9/2025"
EVIDENCE_FILE = "Báo cáo 27-BC-KHTC.pdf"
PDF = b"%PDF-1.4\n% bao cao 27/BC-KHTC\n%%EOF\n"


def t(key: str, **params: object) -> str:
    return translate(key, Language.VI, **params)


def sign_in(page: Page, login: str) -> None:
    page.goto("/login")
    fill_in(page, login, PASSWORD)
    expect(page.locator("h1")).to_have_text(t("console.welcome", login=login))


def upload_and_import(journey: Journey) -> None:
    """The office's part: upload, read, correct the first flagged row, import, standings."""
    page = journey.page
    page.get_by_role("link", name=t("console.nav.plans")).first.click()
    page.get_by_role("link", name=t("console.plans.upload")).first.click()
    page.get_by_label(t("console.plans.file")).set_input_files(SO_PLAN)
    journey.step("upload form")
    page.get_by_role("button", name=t("console.plans.read")).click()
    expect(page).to_have_url(re.compile(r"/plans/uploads/\d+$"))
    flagged = page.locator("tr.flagged").first
    expect(flagged).to_be_visible()
    ref = flagged.locator("td").first.locator("strong").inner_text()
    journey.step("reading with flagged rows")
    flagged.get_by_text(t("console.plans.correct")).click()
    flagged.locator("input[name=due]").fill(CORRECTED_DUE)
    flagged.get_by_role("button", name=t("console.plans.save_correction")).click()
    same_ref = page.locator("strong", has_text=re.compile(f"^{re.escape(ref)}$"))
    corrected = page.locator("tr", has=same_ref)
    expect(corrected.first.get_by_text(t("console.plans.corrected"))).to_be_visible()
    expect(corrected.first).to_contain_text("15/12/2025")
    journey.step("a flagged row corrected")
    page.get_by_role("button", name=t("console.plans.confirm")).click()
    journey.step("imported")
    page.get_by_role("link", name=t("console.nav.tasks")).first.click()
    expect(page.locator("h1")).to_have_text(t("console.tasks.title"))
    expect(page.get_by_text("15/12/2025").first).to_be_visible()  # the corrected due date
    journey.step("standings")


def report_as_unit(chromium: Browser, server: LiveServer, journey: Journey, scan: Path) -> str:
    """The unit's part, in a browser of its own: start its first task, report with evidence
    and a file (``scan``)."""
    context = chromium.new_context(base_url=server.url, locale="vi-VN")
    page = context.new_page()
    unit_walk = Journey(page, journey.folder / "unit")
    sign_in(page, "khtc")
    page.get_by_role("link", name=t("console.nav.tasks")).first.click()
    led = page.locator("td:nth-child(3)", has_text=GROUP)  # the lead column
    page.locator("table.data tbody tr").filter(has=led).first.locator("a").first.click()
    task_url = page.url
    unit_walk.step("its task")
    page.get_by_role("button", name=t("console.task.button.start")).click()
    unit_walk.step("started")
    report = page.locator("form.action-report")
    report.locator("textarea[name=note]").fill("Đã rà soát, tổng hợp và gửi báo cáo.")
    report.locator("input[name=evidence]").fill(EVIDENCE)
    report.locator("input[name=files]").set_input_files(scan)
    report.get_by_role("button", name=t("console.task.button.report")).click()
    expect(page.get_by_text(EVIDENCE).first).to_be_visible()
    listed = page.locator("table.evidence-files")
    expect(listed.get_by_text(EVIDENCE_FILE)).to_be_visible()
    expect(listed.get_by_role("link", name=EVIDENCE_FILE)).to_have_count(0)  # the office's
    unit_walk.step("reported with evidence")
    expect(page.locator("form.action-verify")).to_have_count(0)  # the office's move, not its
    assert unit_walk.problems() == []
    context.close()
    return task_url


def test_office_imports_a_unit_reports_and_the_office_verifies(
    journey: Journey, live_server: LiveServer, chromium: Browser, tmp_path: Path
) -> None:
    live_server.now = NOW
    live_server.add_user("chanh.vp", AccountRole.OFFICE)
    sign_in(journey.page, "chanh.vp")
    upload_and_import(journey)
    live_server.add_user("khtc", AccountRole.UNIT, UNIT)  # its unit exists once the plan does
    scan = tmp_path / EVIDENCE_FILE
    scan.write_bytes(PDF)
    task_url = report_as_unit(chromium, live_server, journey, scan)

    page = journey.page
    page.goto(task_url)
    expect(page.get_by_text(EVIDENCE).first).to_be_visible()
    journey.step("the office reads the report")
    with page.expect_download() as downloading:
        page.get_by_role("link", name=EVIDENCE_FILE).click()
    kept = downloading.value
    assert kept.suggested_filename == EVIDENCE_FILE
    assert Path(kept.path()).read_bytes() == PDF
    page.locator("form.action-verify").get_by_role(
        "button", name=t("console.task.button.verify")
    ).click()
    expect(page.locator(".flash")).to_be_visible()
    verified = t(f"workflow.state.{State.VERIFIED.value}")
    expect(page.get_by_text(verified).first).to_be_visible()
    journey.step("verified")
    assert journey.problems() == []
