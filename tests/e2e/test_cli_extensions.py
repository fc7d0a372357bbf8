"""Issue 14 as the units and the office type it: «xin gia hạn → đồng ý → nhắc theo hạn mới →
báo cáo kèm tệp → xác nhận», «→ không đồng ý», the cap, reassignment, suspension and «trả lại»
with «thực hiện lại trước ngày …», on SQLite and PostgreSQL (``store_url``).

III.3 of the Sở Công Thương seed plan is due 30/08/2025 («Trước ngày 31/8/2025»); its lead cell
«Các phòng chuyên môn» is a group Phòng Quản lý Công nghiệp belongs to. Every command gets
``--now`` (Hà Nội time): the tests never read the clock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import CliRunner
from tests.e2e.plans import plan_events
from tests.e2e.test_cli_evidence import PDF
from tests.e2e.test_cli_workflow import OFFICE, SCT_UNITS, Office, _seed_plan

LEAD = "Phòng Quản lý Công nghiệp"
ENERGY = "Phòng Quản lý Năng lượng"
REF = "III.3"


@pytest.fixture
def store_url(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", database_url)
    return database_url


@pytest.fixture
def office(cli: CliRunner, store_url: str) -> Office:
    office = Office(cli)
    office.ok("2025-07-05T08:00", "plan", "import", _seed_plan(), "--units", SCT_UNITS)
    return office


def _occurrence(office: Office, when: str) -> dict[str, Any]:
    [occurrence] = office.ok(when, "task", "show", REF, "--json").json()["occurrences"]
    found: dict[str, Any] = occurrence
    return found


def _lead_reminders(office: Office, when: str, until: str) -> set[tuple[str, str]]:
    """(kind, due) of the reminders planning gives the lead about III.3 from ``when``."""
    planned = office.ok(
        when, "reminders", "preview", "--unit", LEAD, "--to", until, "--json"
    ).json()
    return {
        (item["kind"], item["due"])
        for item in planned
        if item["task"] == REF and item["recipient"] == LEAD
    }


def _history(office: Office, when: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = office.ok(when, "history", REF, "--json").json()
    return entries


def test_asked_approved_reminded_from_the_new_date_reported_with_a_file_verified(
    office: Office, store_url: str, tmp_path: Path
) -> None:
    before = _lead_reminders(office, "2025-08-20T08:00", "30/09/2025")
    assert ("due", "2025-08-30") in before

    asked = office.ok(
        "2025-08-20T08:00", "task", "extend", REF, "--to", "15/09/2025",
        "--reason", "Chờ số liệu của Cục Thống kê", "--as", LEAD,
    )  # fmt: skip
    assert "Đã gửi đề nghị gia hạn nhiệm vụ III.3 đến ngày 15/09/2025" in asked.out
    assert _occurrence(office, "2025-08-20T08:00")["due"] == "2025-08-30"  # not yet granted
    waiting = office.ok("2025-08-20T08:00", "task", "extension", "list", "--json").json()
    assert [(w["ref"], w["requested"], w["late"]) for w in waiting] == [(REF, "2025-09-15", False)]
    listed = office.ok("2025-08-20T08:00", "task", "show", REF).out
    assert "đề nghị gia hạn đến 15/09/2025 — «Chờ số liệu của Cục Thống kê»" in listed
    assert "đang chờ xem xét" in listed

    approved = office.ok(
        "2025-08-21T08:00", "task", "extension", "approve", REF, "--to", "10/09/2025"
    )
    none = office.ok("2025-08-21T08:00", "task", "extension", "list").out
    assert "Không có đề nghị gia hạn nào đang chờ xem xét." in none
    assert "thời hạn mới là ngày 10/09/2025" in approved.out
    occurrence = _occurrence(office, "2025-08-21T08:00")
    assert (occurrence["due"], occurrence["state"]) == ("2025-09-10", "assigned")

    after = _lead_reminders(office, "2025-08-21T08:00", "30/09/2025")
    assert ("due", "2025-09-10") in after
    assert not any(due == "2025-08-30" for _, due in after)  # nothing left on the old date
    [moved] = plan_events(store_url, "due_date_changed")
    assert (moved.payload["from"], moved.payload["to"]) == ("2025-08-30", "2025-09-10")
    assert moved.payload["source"] == "extension"

    # 05/09 is after the old due date but before the granted one: not overdue.
    standing = office.ok("2025-09-05T08:00", "tasks", "--plan", "1").out
    assert "chưa hoàn thành, trong hạn (đã gia hạn): 1 lượt/kỳ" in " ".join(standing.split())
    scan = tmp_path / "Báo cáo kết quả III.3.pdf"
    scan.write_bytes(PDF)
    office.ok(
        "2025-09-08T09:00", "task", "report", REF, "--as", LEAD, "--note", "Đã xong",
        "--file", str(scan),
    )  # fmt: skip
    office.ok("2025-09-09T08:00", "task", "verify", REF, "--as", OFFICE)
    occurrence = _occurrence(office, "2025-09-20T08:00")
    assert (occurrence["state"], occurrence["bucket"]) == ("verified", "done_on_time")
    assert occurrence["extended"] is True
    words = " ".join(office.ok("2025-09-20T08:00", "tasks", "--plan", "1").out.split())
    assert "hoàn thành đúng hạn (đã gia hạn): 1 lượt/kỳ" in words
    shown = office.ok("2025-09-20T08:00", "task", "show", REF).out
    assert "hạn ban đầu 30/08/2025 → 10/09/2025 (gia hạn)" in shown
    assert "hoàn thành đúng hạn (đã gia hạn)" in " ".join(shown.split())
    assert "Báo cáo kết quả III.3.pdf" in shown  # the report's file, kept with it
    actions = [entry["action"] for entry in _history(office, "2025-09-20T08:00")]
    assert actions == ["extend", "approve_extension", "report", "verify"]


def test_asked_and_refused_the_due_date_stays_and_the_clock_runs(
    office: Office, store_url: str
) -> None:
    office.ok(
        "2025-08-20T08:00", "task", "extend", REF, "--to", "15/09/2025",
        "--reason", "Chờ số liệu", "--as", LEAD,
    )  # fmt: skip
    no_reason = office.refused(store_url, "2025-08-21T08:00", "task", "extension", "refuse", REF)
    assert "lý do" in no_reason.err
    refused = office.ok(
        "2025-08-21T08:00", "task", "extension", "refuse", REF,
        "--reason", "Thời hạn do UBND tỉnh ấn định",
    )  # fmt: skip
    assert "Đã không đồng ý gia hạn nhiệm vụ III.3; thời hạn giữ nguyên." in refused.out
    assert _occurrence(office, "2025-08-21T08:00")["due"] == "2025-08-30"
    assert ("due", "2025-08-30") in _lead_reminders(office, "2025-08-21T08:00", "30/09/2025")
    assert _occurrence(office, "2025-09-02T08:00")["bucket"] == "open_late"
    shown = office.ok("2025-09-02T08:00", "task", "show", REF).out
    assert "không đồng ý — Thời hạn do UBND tỉnh ấn định" in " ".join(shown.split())
    assert plan_events(store_url, "due_date_changed") == []


def test_the_rules_of_requests_are_input_errors_that_change_nothing(
    office: Office, store_url: str, cli: CliRunner
) -> None:
    from tests.e2e.plans import snapshot

    def rejected(when: str, *args: str) -> str:
        before = snapshot(store_url)
        run = office(when, *args)
        assert run.code == 2, (run.out, run.err)
        assert snapshot(store_url) == before
        return run.err

    ask = ("task", "extend", REF, "--reason", "Chờ số liệu", "--as", LEAD)
    assert "phải sau thời hạn hiện tại (30/08/2025)" in rejected(
        "2025-08-20T08:00", *ask, "--to", "30/08/2025"
    )
    assert "Không có đề nghị" not in rejected(
        "2025-08-20T08:00", "task", "extension", "approve", REF
    )
    office.ok("2025-08-20T08:00", *ask, "--to", "05/09/2025")
    assert "đang chờ" in rejected("2025-08-20T09:00", *ask, "--to", "06/09/2025")
    office.ok("2025-08-21T08:00", "task", "extension", "approve", REF)
    office.ok("2025-08-22T08:00", *ask, "--to", "10/09/2025")
    office.ok("2025-08-23T08:00", "task", "extension", "approve", REF)
    capped = rejected("2025-08-24T08:00", *ask, "--to", "20/09/2025")
    assert "đã có 2 đề nghị gia hạn" in capped

    partner = office.refused(
        store_url, "2025-08-24T08:00", "task", "extend", REF, "--to", "20/09/2025",
        "--reason", "x", "--as", "Sở Tư pháp",
    )  # fmt: skip
    assert "«xin gia hạn»" in partner.err


def test_a_late_request_is_allowed_but_says_so(office: Office) -> None:
    late = office.ok(
        "2025-09-02T08:00", "task", "extend", REF, "--to", "15/09/2025",
        "--reason", "Chờ số liệu", "--as", LEAD,
    )  # fmt: skip
    assert "sau khi nhiệm vụ đã quá hạn" in late.out
    [entry] = _history(office, "2025-09-02T08:00")
    assert entry["details"]["late"] is True


def test_suspension_stops_reminders_and_the_clock_and_resumption_shifts_the_date(
    office: Office, store_url: str
) -> None:
    lead_only = office.refused(
        store_url, "2025-08-20T08:00", "task", "suspend", REF, "--reason", "x", "--as", LEAD
    )
    assert "dành cho cơ quan thường trực" in lead_only.err
    office.ok("2025-08-20T08:00", "task", "suspend", REF, "--reason", "Chờ hướng dẫn của Bộ")
    assert _lead_reminders(office, "2025-08-20T08:00", "30/09/2025") == set()
    occurrence = _occurrence(office, "2025-09-05T08:00")  # past 30/08: no overdue clock
    assert (occurrence["state"], occurrence["bucket"]) == ("suspended", None)
    words = " ".join(office.ok("2025-09-05T08:00", "tasks", "--plan", "1").out.split())
    assert "Tạm dừng (không tính vào các nhóm trên): 1 nhiệm vụ (1 lượt/kỳ)" in words
    refused = office.refused(
        store_url, "2025-09-05T08:00", "task", "report", REF, "--as", LEAD, "--note", "x"
    )
    assert "«tạm dừng»" in refused.err

    resumed = office.ok("2025-09-10T08:00", "task", "resume", REF, "--reason", "Đã có hướng dẫn")
    assert "«tạm dừng» sang «đã giao»" in resumed.out
    assert "Thời hạn hiện tại: 20/09/2025." in resumed.out  # 21 days suspended
    occurrence = _occurrence(office, "2025-09-10T08:00")
    assert (occurrence["state"], occurrence["due"], occurrence["bucket"]) == (
        "assigned", "2025-09-20", "open_on_time",
    )  # fmt: skip
    assert ("due", "2025-09-20") in _lead_reminders(office, "2025-09-10T08:00", "30/09/2025")


def test_the_office_reassigns_the_lead_and_the_history_keeps_the_former_one(
    office: Office, store_url: str
) -> None:
    done = office.ok(
        "2025-08-20T08:00", "task", "reassign", REF, "--to", ENERGY,
        "--reason", "Theo Văn bản số 45/SCT-VP",
    )  # fmt: skip
    assert f"Đã chuyển nhiệm vụ III.3 cho {ENERGY} chủ trì." in done.out
    task = office.ok("2025-08-20T08:00", "task", "show", REF, "--json").json()
    assert task["lead"] == [ENERGY]
    [entry] = _history(office, "2025-08-20T08:00")
    assert entry["action"] == "reassign"
    assert entry["details"]["lead_before"] == ["Các phòng chuyên môn"]
    assert entry["details"]["lead_after"] == ENERGY
    assert entry["note"] == "Theo Văn bản số 45/SCT-VP"
    former = office.refused(store_url, "2025-08-21T08:00", "task", "start", REF, "--as", LEAD)
    assert "dành cho đơn vị chủ trì" in former.err  # still a partner, no longer the lead
    office.ok("2025-08-21T08:00", "task", "start", REF, "--as", ENERGY)
    assert [e.kind for e in plan_events(store_url, "lead_reassigned")] == ["lead_reassigned"]


def test_returned_work_gets_a_new_date_the_reminders_follow(office: Office) -> None:
    office.ok("2025-08-25T09:00", "task", "report", REF, "--as", LEAD, "--note", "Đã xong")
    returned = office.ok(
        "2025-08-26T08:00", "task", "return", REF, "--as", OFFICE,
        "--note", "Thiếu số liệu tháng 8", "--redo-by", "12/09/2025",
    )  # fmt: skip
    assert "Thực hiện lại trước ngày 12/09/2025." in returned.out
    occurrence = _occurrence(office, "2025-09-02T08:00")
    assert (occurrence["state"], occurrence["due"], occurrence["bucket"]) == (
        "returned", "2025-09-12", "open_on_time",
    )  # fmt: skip
    assert occurrence["extended"] is False  # a redo date is no extension
    assert ("due", "2025-09-12") in _lead_reminders(office, "2025-08-26T08:00", "30/09/2025")
    past = office(
        "2025-08-26T08:00", "task", "return", REF, "--as", OFFICE, "--note", "x",
        "--redo-by", "01/08/2025",
    )  # fmt: skip
    assert past.code == 2


def test_the_cap_comes_from_the_settings(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NHACVIEC_WORKFLOW_EXTENSION_CAP", "1")
    ask = ("task", "extend", REF, "--reason", "Chờ số liệu", "--as", LEAD)
    office.ok("2025-08-20T08:00", *ask, "--to", "05/09/2025")
    office.ok("2025-08-21T08:00", "task", "extension", "approve", REF)
    capped = office("2025-08-22T08:00", *ask, "--to", "20/09/2025")
    assert capped.code == 2
    assert "đã có 1 đề nghị gia hạn" in capped.err
