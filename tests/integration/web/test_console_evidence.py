"""Evidence files and partner requests on the web, SQLite and PostgreSQL: the lead reports with
a file on the task page's form (or the API), the office downloads it, and nobody else does (the
task's own units: 403; those who may not see the task: 404); a file past the limits is refused
with nothing changed; the lead asks its partner on the page, the partner answers with a file.

The plan is the synthetic one (``tests/e2e/plans.py``) on 02/03/2026: row 6 is led by Chi cục
Quản lý thị trường, with Trung tâm Khuyến công as its partner.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import func, select

from nhacviec.store.evidence import EvidenceFile, EvidenceLink, PartnerRequest
from tests.e2e.plans import snapshot, write_plan
from tests.integration.web import console_pages as pages
from tests.integration.web.harness import EVERY_KIND, WebWorld, csrf_of, world_with
from workflows.standing import LOCAL_TZ

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)
PDF = b"%PDF-1.4\n% bao cao quy I\n%%EOF\n"
PHOTO = b"\xff\xd8\xff\xe0 a photo of the signed minutes"


@pytest.fixture
def world(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WebWorld]:
    monkeypatch.setenv("NHACVIEC_HOME", str(tmp_path / "home"))  # the evidence folder's home
    with world_with(database_url, NOW, write_plan(tmp_path, "plan.docx"), EVERY_KIND) as built:
        yield built


def _counts(world: WebWorld) -> tuple[int, int, int]:
    with world.app.reading() as session:
        return tuple(  # type: ignore[return-value]
            int(session.exec(select(func.count()).select_from(table)).one())
            for table in (EvidenceFile, EvidenceLink, PartnerRequest)
        )


def _link_ids(world: WebWorld) -> list[int]:
    with world.app.reading() as session:
        return [link.id for link in session.exec(select(EvidenceLink)) if link.id is not None]


def _report_on_the_page(world: WebWorld, login: str, files: list[tuple[str, bytes]]) -> object:
    six, occurrence = world.task_of("6"), world.occurrence_of("6")
    browser = world.signed_in(login)
    page = browser.get(f"/tasks/{six}")
    assert 'name="files" type="file" multiple' in page.text
    data = {"csrf": csrf_of(page.text), "occurrence": str(occurrence), "action": "report"}
    data["note"] = "Đã hoàn thành, gửi kèm biên bản"
    sent = [("files", (name, content, "application/octet-stream")) for name, content in files]
    return browser.post(f"/tasks/{six}/actions", data=data, files=sent)


def test_the_lead_reports_with_files_and_only_the_office_downloads_them(world: WebWorld) -> None:
    answer = _report_on_the_page(
        world, "lead", [("Biên bản kiểm tra.pdf", PDF), ("anh-bien-ban.jpg", PHOTO)]
    )
    assert answer.status_code == 303  # type: ignore[attr-defined]
    assert world.state_of(world.occurrence_of("6")) == "reported"
    assert _counts(world) == (2, 2, 0)
    six = world.task_of("6")
    office = world.signed_in("office")
    page = office.get(f"/tasks/{six}").text
    first, second = _link_ids(world)
    assert f'href="/evidence/{first}"' in page
    assert "Biên bản kiểm tra.pdf" in page

    downloaded = office.get(f"/evidence/{first}")
    assert downloaded.status_code == 200
    assert downloaded.content == PDF
    assert downloaded.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n" in downloaded.headers["content-disposition"]
    assert world.signed_in("admin").get(f"/evidence/{second}").content == PHOTO

    lead_page = world.signed_in("lead").get(f"/tasks/{six}").text
    assert "Biên bản kiểm tra.pdf" in lead_page
    assert f'href="/evidence/{first}"' not in lead_page
    expected = {  # the task's own units and the leader see the file, do not download it
        "admin": 200,
        "office": 200,
        "office-elsewhere": 404,
        "leader": 403,
        "lead": 403,
        "partner": 403,
        "other-unit": 404,
    }
    for person in EVERY_KIND:
        status = world.signed_in(person.login).get(f"/evidence/{first}").status_code
        api = world.client.get(f"/api/v1/evidence/{first}", headers=world.headers(person.login))
        assert (person.login, status, api.status_code) == (
            person.login,
            expected[person.login],
            expected[person.login],
        )
    assert (
        world.client.get("/api/v1/evidence/999", headers=world.headers("admin")).status_code == 404
    )


def test_a_file_past_the_limits_is_refused_on_the_page_and_nothing_changes(
    world: WebWorld,
) -> None:
    before = snapshot(world.app.settings.database_url)
    answer = _report_on_the_page(world, "lead", [("ok.pdf", PDF), ("virus.exe", b"MZ...")])
    assert answer.status_code == 400  # type: ignore[attr-defined]
    assert pages.alerts(answer.text)[0].startswith(  # type: ignore[attr-defined]
        "Tệp «virus.exe» không thuộc loại được nhận."
    )
    assert snapshot(world.app.settings.database_url) == before
    assert _counts(world) == (0, 0, 0)


def test_the_api_reports_with_files_the_same_content_kept_once(world: WebWorld) -> None:
    occurrence = world.occurrence_of("6")
    files = [("files", ("a.pdf", PDF, "application/pdf")), ("files", ("b.pdf", PDF, "x/y"))]
    answer = world.client.post(
        f"/api/v1/occurrences/{occurrence}/report",
        data={"note": "Xong"},
        files=files,
        headers=world.headers("lead"),
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["state"] == "reported"
    assert answer.json()["files"] == 2
    assert _counts(world) == (1, 2, 0)
    stranger = world.client.post(
        f"/api/v1/occurrences/{occurrence}/report",
        data={"note": "Xong"},
        files=[("files", ("c.pdf", PDF, "application/pdf"))],
        headers=world.headers("other-unit"),
    )
    assert stranger.status_code == 403


def test_the_lead_asks_its_partner_who_answers_with_a_file(world: WebWorld) -> None:
    six, occurrence = world.task_of("6"), world.occurrence_of("6")
    lead = world.signed_in("lead")
    page = lead.get(f"/tasks/{six}").text
    assert 'action="/tasks/' in page
    assert "action-ask" in page
    partner_id = int(page.split('<option value="')[1].split('"')[0])
    past = lead.post(
        f"/tasks/{six}/ask",
        data={
            "csrf": csrf_of(page),
            "occurrence": str(occurrence),
            "partner": str(partner_id),
            "date": "2026-03-01",
            "text": "Đề nghị cung cấp số liệu",
        },
    )
    assert past.status_code == 400
    assert "01/03/2026 đã qua" in pages.alerts(past.text)[0]
    asked = lead.post(
        f"/tasks/{six}/ask",
        data={
            "csrf": csrf_of(page),
            "occurrence": str(occurrence),
            "partner": str(partner_id),
            "date": "2026-03-10",
            "text": "Đề nghị cung cấp số liệu kiểm tra thị trường quý I",
        },
    )
    assert asked.status_code == 303
    assert pages.flash(lead.get(asked.headers["location"]).text) == (
        "Đã gửi đề nghị tới đơn vị phối hợp."
    )

    partner = world.signed_in("partner")
    seen = partner.get(f"/tasks/{six}").text
    assert "action-answer" in seen
    assert "10/03/2026" in seen
    assert "action-ask" not in seen
    answered = partner.post(
        f"/tasks/{six}/answer",
        data={"csrf": csrf_of(seen), "occurrence": str(occurrence), "text": "Gửi số liệu quý I"},
        files=[("files", ("so-lieu.xlsx", b"PK\x03\x04 figures", "application/octet-stream"))],
    )
    assert answered.status_code == 303
    assert _counts(world) == (1, 1, 1)
    after = lead.get(f"/tasks/{six}").text
    assert "Gửi số liệu quý I" in after
    assert "so-lieu.xlsx" in after
    assert "action-answer" not in partner.get(f"/tasks/{six}").text  # nothing left to answer

    again = world.client.post(
        f"/api/v1/tasks/{six}/answers", data={"text": "Bổ sung"}, headers=world.headers("partner")
    )
    assert again.status_code == 400
    by_api = world.client.post(
        f"/api/v1/tasks/{six}/requests",
        json={"partner_unit_id": partner_id, "by": "20/03/2026", "text": "Bổ sung số liệu"},
        headers=world.headers("lead"),
    )
    assert by_api.status_code == 200, by_api.text
    assert by_api.json()["requests"][0]["due"] == "2026-03-20"
    by_partner = world.client.post(
        f"/api/v1/tasks/{six}/requests",
        json={"partner_unit_id": partner_id, "by": "20/03/2026", "text": "x"},
        headers=world.headers("partner"),
    )
    assert by_partner.status_code == 409  # the table: only the lead asks


# Each new move × each kind of account, on the task (row 6) and on another unit's task (row 2).
ASK_ON_SIX = {
    "admin": 409,  # acts as the plan's office, which does not lead: the table refuses
    "office": 409,
    "office-elsewhere": 403,
    "leader": 403,
    "lead": 200,
    "partner": 409,  # a partner does not ask
    "other-unit": 403,
}
ANSWER_ON_SIX = {**ASK_ON_SIX, "lead": 409, "partner": 200}
ON_ANOTHER_TASK = {**ASK_ON_SIX, "lead": 403, "partner": 403}  # no part in row 2


def test_the_authorization_matrix_of_asking_and_answering(world: WebWorld) -> None:
    six, one = world.task_of("6"), world.task_of("2")
    with world.app.reading() as session:
        from nhacviec.store import tasks as stored

        (partner_id,) = stored.task_units(session, six).partners
    ask = {"partner_unit_id": partner_id, "by": "20/03/2026", "text": "Đề nghị cung cấp"}
    for person in EVERY_KIND:
        headers = world.headers(person.login)
        asked = world.client.post(f"/api/v1/tasks/{six}/requests", json=ask, headers=headers)
        elsewhere = world.client.post(f"/api/v1/tasks/{one}/requests", json=ask, headers=headers)
        assert (person.login, asked.status_code, elsewhere.status_code) == (
            person.login,
            ASK_ON_SIX[person.login],
            ON_ANOTHER_TASK[person.login],
        ), asked.text
    for person in EVERY_KIND:
        headers = world.headers(person.login)
        words = {"text": "Gửi số liệu"}
        answered = world.client.post(f"/api/v1/tasks/{six}/answers", data=words, headers=headers)
        other = world.client.post(f"/api/v1/tasks/{one}/answers", data=words, headers=headers)
        assert (person.login, answered.status_code, other.status_code) == (
            person.login,
            ANSWER_ON_SIX[person.login],
            ON_ANOTHER_TASK[person.login],
        ), answered.text
    with world.app.reading() as session:
        rows = session.exec(select(PartnerRequest)).all()
    assert [(row.task_id, row.answered_at is not None) for row in rows] == [(six, True)]
