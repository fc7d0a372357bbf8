"""Each occurrence lists its evidence files and partner requests in one shape, wherever a task is
read as JSON: ``task show --json``, ``tasks --json``, ``GET /api/v1/tasks`` (the fast list and
the filtered one) and ``GET /api/v1/tasks/{id}``. A file says its name, size, type, SHA-256 and
who sent it when — never its bytes, never where it is kept. SQLite and PostgreSQL.

VII.2 of the Sở Công Thương seed plan is led by Bộ phận Một cửa; Phòng Quản lý Công nghiệp is
one of its partners.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from nhacviec.services.accounts import AccountRole
from tests.e2e.conftest import CliRunner, Run
from tests.integration.web.harness import Person, WebWorld
from tests.shared_paths import require_shared
from workflows.standing import LOCAL_TZ

REPO = Path(__file__).resolve().parents[2]
SCT_UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"
ONE_STOP = "Bộ phận Một cửa"
INDUSTRY = "Phòng Quản lý Công nghiệp"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
SHEET = b"PK\x03\x04 figures"
NOW = "2025-07-20T10:00"
FILE_KEYS = {"id", "name", "size", "type", "sha256", "uploaded_at", "uploaded_by"}


@pytest.fixture
def store_url(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", database_url)
    monkeypatch.setenv("NHACVIEC_UNITS_DIRECTORIES", str(SCT_UNITS))
    monkeypatch.setenv("NHACVIEC_EVIDENCE_FOLDER", str(tmp_path / "evidence"))
    return database_url


def _ok(cli: CliRunner, when: str, *args: str | Path) -> Run:
    run = cli("--now", f"{when}+07:00", *args)
    assert run.code == 0, (run.out, run.err)
    return run


def _with_files_and_requests(cli: CliRunner, folder: Path) -> None:
    plan = require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx")
    _ok(cli, "2025-07-05T08:00", "plan", "import", plan, "--units", SCT_UNITS)
    scan = folder / "Báo cáo tháng 7.pdf"
    scan.write_bytes(PDF)
    figures = folder / "so-lieu.xlsx"
    figures.write_bytes(SHEET)
    _ok(
        cli, "2025-07-07T10:00", "task", "ask", "VII.2", "--partner", INDUSTRY,
        "--by", "18/07/2025", "--text", "Đề nghị cung cấp số liệu tháng 7", "--as", ONE_STOP,
    )  # fmt: skip
    _ok(
        cli, "2025-07-08T10:00", "task", "ask", "VII.2", "--partner", INDUSTRY,
        "--by", "25/07/2025", "--text", "Đề nghị cung cấp ảnh", "--as", ONE_STOP,
    )  # fmt: skip
    _ok(
        cli, "2025-07-17T09:00", "task", "answer", "VII.2", "--as", INDUSTRY,
        "--text", "Gửi số liệu tháng 7", "--file", figures,
    )  # fmt: skip
    _ok(
        cli, "2025-07-18T09:00", "task", "ask", "VII.2", "--partner", INDUSTRY,
        "--by", "31/07/2025", "--text", "Đề nghị bổ sung", "--as", ONE_STOP,
    )  # fmt: skip
    _ok(
        cli, "2025-07-19T09:00", "task", "report", "VII.2", "--as", ONE_STOP,
        "--note", "Đã số hóa 85% hồ sơ", "--file", scan,
    )  # fmt: skip


def _carrying(task: dict[str, Any]) -> dict[str, Any]:
    found: list[dict[str, Any]] = [o for o in task["occurrences"] if o["evidence"] or o["requests"]]
    (occurrence,) = found
    return occurrence


def test_task_show_json_lists_each_occurrence_s_files_and_requests(
    cli: CliRunner, store_url: str, tmp_path: Path
) -> None:
    _with_files_and_requests(cli, tmp_path)
    shown = _ok(cli, NOW, "task", "show", "VII.2", "--json").json()
    occurrence = _carrying(shown)

    sheet, scan = occurrence["evidence"]  # oldest first: the answer's, then the report's
    assert {key for file in (sheet, scan) for key in file} == FILE_KEYS  # no path, no bytes
    assert (scan["name"], scan["size"], scan["type"]) == ("Báo cáo tháng 7.pdf", len(PDF),
                                                          "application/pdf")  # fmt: skip
    assert scan["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert scan["uploaded_by"] == ONE_STOP
    assert datetime.fromisoformat(scan["uploaded_at"]) == datetime(2025, 7, 19, 9, 0,
                                                                   tzinfo=LOCAL_TZ)  # fmt: skip
    assert (sheet["name"], sheet["size"], sheet["uploaded_by"]) == ("so-lieu.xlsx", len(SHEET),
                                                                     INDUSTRY)  # fmt: skip
    assert sheet["sha256"] == hashlib.sha256(SHEET).hexdigest()

    first, second, third = occurrence["requests"]
    assert (first["by"], first["to"], first["due"], first["text"]) == (
        ONE_STOP, INDUSTRY, "2025-07-18", "Đề nghị cung cấp số liệu tháng 7")  # fmt: skip
    assert datetime.fromisoformat(first["asked_at"]) == datetime(2025, 7, 7, 10, 0,
                                                                 tzinfo=LOCAL_TZ)  # fmt: skip
    # one answer closes the partner's open requests: both of them say it
    for answered in (first, second):
        assert (answered["answered"], answered["answer"]) == (True, "Gửi số liệu tháng 7")
        assert datetime.fromisoformat(answered["answered_at"]) == datetime(
            2025, 7, 17, 9, 0, tzinfo=LOCAL_TZ
        )
    assert (third["text"], third["answered"], third["answered_at"], third["answer"]) == (
        "Đề nghị bổ sung", False, None, "")  # fmt: skip
    others = [o for o in shown["occurrences"] if o is not occurrence]
    assert all(o["evidence"] == [] and o["requests"] == [] for o in others)

    listed = _ok(cli, NOW, "tasks", "--json").json()
    (same,) = [task for task in listed if task["ref"] == "VII.2"]
    assert same == shown  # one serialiser
    assert sum(bool(o["evidence"]) for t in listed for o in t["occurrences"]) == 1


def test_the_api_lists_them_as_the_cli_does(cli: CliRunner, store_url: str, tmp_path: Path) -> None:
    _with_files_and_requests(cli, tmp_path)
    shown = _ok(cli, NOW, "task", "show", "VII.2", "--json").json()
    listed = _ok(cli, NOW, "tasks", "--json").json()
    by_unit = _ok(cli, NOW, "tasks", "--unit", ONE_STOP, "--json").json()
    world = WebWorld(store_url, datetime.fromisoformat(f"{NOW}+07:00"))
    try:
        world.add(Person("leader", AccountRole.LEADER))
        world.add(Person("industry", AccountRole.UNIT, INDUSTRY))
        world.add(Person("stranger", AccountRole.UNIT, "Sở Tư pháp"))
        leader = world.headers("leader")

        fast = world.client.get("/api/v1/tasks", headers=leader)  # the plain-row list
        assert fast.status_code == 200, fast.text
        assert fast.json() == listed
        filtered = world.client.get("/api/v1/tasks", params={"unit": ONE_STOP}, headers=leader)
        assert filtered.json() == by_unit  # the reference path
        page = world.client.get("/api/v1/tasks", params={"limit": "5"}, headers=leader)
        assert page.json() == listed[:5]

        detail = world.client.get(f"/api/v1/tasks/{shown['id']}", headers=leader)
        assert detail.status_code == 200, detail.text
        assert detail.json() == shown
        partner = world.client.get(
            f"/api/v1/tasks/{shown['id']}", headers=world.headers("industry")
        )
        assert partner.json() == shown  # a unit of the task reads it whole
        mine = world.client.get("/api/v1/tasks", headers=world.headers("industry")).json()
        assert [t for t in mine if t["ref"] == "VII.2"] == [shown]
        hidden = world.client.get(f"/api/v1/tasks/{shown['id']}", headers=world.headers("stranger"))
        assert (hidden.status_code, hidden.json()["error"]) == (404, "tasks.not_found")
        missing = world.client.get("/api/v1/tasks/999999", headers=leader)
        assert missing.status_code == 404
    finally:
        world.close()
