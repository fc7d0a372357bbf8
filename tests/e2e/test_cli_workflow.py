"""The task workflow as the units and the office run it: ``task …``, ``history``, ``tasks``.

Every command gets ``--now``: the tests never read the clock. Instants are Hà Nội time; the
JSON shows them in UTC (08:00 +07:00 is 01:00 UTC).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import CliRunner, Run
from tests.e2e.plans import plan_events, snapshot, write_plan
from tests.shared_paths import require_shared

REPO = Path(__file__).resolve().parents[2]
SCT_UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"

OFFICE = "Văn phòng Sở"
ONE_STOP = "Bộ phận Một cửa"  # leads VII.2 and VII.3 of the seed plan
INDUSTRY = "Phòng Quản lý Công nghiệp"  # a partner of VII.2 (member of "Các phòng, đơn vị …")
JUSTICE = "Sở Tư pháp"  # external: takes no part in VII.2

BUCKETS_LINE = (  # each standing counts tasks and their occurrences (lượt/kỳ)
    "{} nhiệm vụ ({} lượt/kỳ) — "
    "hoàn thành đúng hạn: {} nhiệm vụ ({} lượt/kỳ) · "
    "hoàn thành quá hạn: {} nhiệm vụ ({} lượt/kỳ) · "
    "chưa hoàn thành, trong hạn: {} nhiệm vụ ({} lượt/kỳ) · "
    "chưa hoàn thành, quá hạn: {} nhiệm vụ ({} lượt/kỳ)"
)


def _words(run: Run) -> str:
    return " ".join(run.out.split())


class Office:
    """Types commands at chosen instants (Hà Nội time) into one store."""

    def __init__(self, cli: CliRunner) -> None:
        self.cli = cli

    def __call__(self, when: str, *args: str | Path) -> Run:
        return self.cli("--now", f"{when}+07:00", *args)

    def ok(self, when: str, *args: str | Path) -> Run:
        run = self(when, *args)
        assert run.code == 0, run.err
        return run

    def refused(self, url: str, when: str, *args: str | Path) -> Run:
        """A move that must be refused (exit 1) and leave the store exactly as it was."""
        before = snapshot(url)
        run = self(when, *args)
        assert run.code == 1, (run.out, run.err)
        assert snapshot(url) == before
        return run


def _seed_plan() -> Path:
    return require_shared("fixtures", "plans", "so-cong-thuong-2025h2.docx")


@pytest.fixture
def store_url(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The store on SQLite and on PostgreSQL, as the command finds it (the environment)."""
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", database_url)
    return database_url


@pytest.fixture
def office(cli: CliRunner) -> Office:
    return Office(cli)


def _import_seed(office: Office) -> None:
    office.ok("2025-07-05T08:00", "plan", "import", _seed_plan(), "--units", SCT_UNITS)


def _history(office: Office, when: str, ref: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = office.ok(when, "history", ref, "--json").json()
    return entries


def _occurrences(office: Office, when: str, ref: str) -> list[dict[str, Any]]:
    occurrences: list[dict[str, Any]] = office.ok(when, "task", "show", ref, "--json").json()[
        "occurrences"
    ]
    return occurrences


# -- one task's whole life ---------------------------------------------------------------------


def test_a_task_goes_through_its_whole_life(office: Office, store_url: str) -> None:
    """VII.2 ("Thường xuyên": one check-in a month) of the Sở Công Thương seed plan."""
    _import_seed(office)
    moved = office.ok(
        "2025-07-10T08:00", "task", "start", "VII.2", "--as", ONE_STOP, "--by", "Trần Thị Bình"
    )
    assert "VII.2 (Tháng 7/2025): đã chuyển từ «đã giao» sang «đang thực hiện»." in moved.out

    partner = office.refused(
        store_url, "2025-07-10T09:00", "task", "report", "VII.2", "--as", INDUSTRY,
        "--evidence", "Số 1/BC-QLCN",
    )  # fmt: skip
    assert "VII.2: Đơn vị phối hợp không được báo cáo thay đơn vị chủ trì." in partner.err
    outsider = office.refused(
        store_url, "2025-07-10T09:00", "task", "report", "VII.2", "--as", JUSTICE,
        "--evidence", "Số 2/BC-STP",
    )  # fmt: skip
    assert "không có quyền thực hiện thao tác «báo cáo»" in outsider.err
    assert "không tham gia nhiệm vụ" in outsider.err

    noted = office.ok(
        "2025-07-11T10:00", "task", "note", "VII.2", "--as", INDUSTRY,
        "--note", "Đã gửi số liệu tháng 7 cho Bộ phận Một cửa",
    )  # fmt: skip
    assert "VII.2 (Tháng 7/2025): đã ghi chú." in noted.out
    reported = office.ok(
        "2025-07-20T09:00", "task", "report", "VII.2", "--as", ONE_STOP,
        "--evidence", "Số 45/BC-MC", "--note", "Đã số hóa 85% hồ sơ",
    )  # fmt: skip
    assert "sang «đã báo cáo»" in reported.out

    no_reason = office.refused(
        store_url, "2025-07-21T14:00", "task", "return", "VII.2", "--as", OFFICE
    )
    assert "Vui lòng ghi rõ lý do khi «trả lại» nhiệm vụ" in no_reason.err
    office.ok(
        "2025-07-21T14:00", "task", "return", "VII.2", "--as", OFFICE,
        "--note", "Thiếu số liệu hồ sơ trực tuyến",
    )  # fmt: skip
    office.ok(
        "2025-07-25T16:30", "task", "report", "VII.2", "--as", ONE_STOP, "--evidence", "Số 46/BC-MC"
    )
    lead_verifies = office.refused(
        store_url, "2025-07-28T08:00", "task", "verify", "VII.2", "--as", ONE_STOP
    )
    assert "thao tác này dành cho cơ quan thường trực của kế hoạch" in lead_verifies.err
    verified = office.ok("2025-07-28T08:00", "task", "verify", "VII.2", "--as", OFFICE)
    assert "đã chuyển từ «đã báo cáo» sang «đã xác nhận»" in verified.out

    # July is verified: a command without --occurrence now aims at August, still assigned.
    august = office.refused(
        store_url, "2025-08-04T08:00", "task", "reopen", "VII.2", "--as", OFFICE,
        "--note", "Báo cáo còn thiếu phụ lục số liệu",
    )  # fmt: skip
    assert "VII.2 (2): Không thể «mở lại» khi nhiệm vụ đang ở trạng thái «đã giao»" in august.err
    office.refused(
        store_url, "2025-08-04T08:00", "task", "reopen", "VII.2", "--as", OFFICE,
        "--occurrence", "1",
    )  # fmt: skip
    office.ok(
        "2025-08-04T08:00", "task", "reopen", "VII.2", "--as", OFFICE, "--occurrence", "1",
        "--note", "Báo cáo còn thiếu phụ lục số liệu",
    )  # fmt: skip
    office.ok(  # the reopened July is the earliest open occurrence again
        "2025-08-05T09:00", "task", "report", "VII.2", "--as", ONE_STOP, "--evidence", "Số 47/BC-MC"
    )
    office.ok("2025-08-06T08:00", "task", "verify", "VII.2", "--as", OFFICE)
    no_cancel_reason = office.refused(
        store_url, "2025-08-06T09:00", "task", "cancel", "VII.2", "--as", OFFICE,
        "--occurrence", "6",
    )  # fmt: skip
    assert "Vui lòng ghi rõ lý do khi «hủy» nhiệm vụ" in no_cancel_reason.err
    cancelled = office.ok(
        "2025-08-06T09:00", "task", "cancel", "VII.2", "--as", OFFICE, "--occurrence", "6",
        "--note", "Tháng 12 chuyển cho Trung tâm Phục vụ hành chính công",
    )  # fmt: skip
    assert "VII.2 (Tháng 12/2025): đã chuyển từ «đã giao» sang «đã hủy»." in cancelled.out

    shown = office.ok("2025-08-06T10:00", "task", "show", "VII.2", "--json").json()
    assert shown["state"] == "assigned"  # the earliest open occurrence is August's
    assert [o["state"] for o in shown["occurrences"]] == [
        "verified", "assigned", "assigned", "assigned", "assigned", "cancelled",
    ]  # fmt: skip
    assert shown["occurrences"][0]["reported_at"] == "2025-08-05T02:00:00+00:00"
    assert [o["bucket"] for o in shown["occurrences"]][0::5] == ["done_on_time", None]

    steps = [
        (e["at"], e["occurrence"], e["action"], e["from"], e["to"], e["unit"], e["person"],
         e["note"], e["evidence"], e["on_behalf"], e["channel"])
        for e in _history(office, "2025-08-06T10:00", "VII.2")
    ]  # fmt: skip
    assert steps == [
        ("2025-07-10T01:00:00+00:00", 1, "start", "assigned", "in_progress", ONE_STOP,
         "Trần Thị Bình", "", "", False, "cli"),
        ("2025-07-11T03:00:00+00:00", 1, "note", "in_progress", "in_progress", INDUSTRY, "",
         "Đã gửi số liệu tháng 7 cho Bộ phận Một cửa", "", False, "cli"),
        ("2025-07-20T02:00:00+00:00", 1, "report", "in_progress", "reported", ONE_STOP, "",
         "Đã số hóa 85% hồ sơ", "Số 45/BC-MC", False, "cli"),
        ("2025-07-21T07:00:00+00:00", 1, "return", "reported", "returned", OFFICE, "",
         "Thiếu số liệu hồ sơ trực tuyến", "", False, "cli"),
        ("2025-07-25T09:30:00+00:00", 1, "report", "returned", "reported", ONE_STOP, "", "",
         "Số 46/BC-MC", False, "cli"),
        ("2025-07-28T01:00:00+00:00", 1, "verify", "reported", "verified", OFFICE, "", "", "",
         False, "cli"),
        ("2025-08-04T01:00:00+00:00", 1, "reopen", "verified", "reopened", OFFICE, "",
         "Báo cáo còn thiếu phụ lục số liệu", "", False, "cli"),
        ("2025-08-05T02:00:00+00:00", 1, "report", "reopened", "reported", ONE_STOP, "", "",
         "Số 47/BC-MC", False, "cli"),
        ("2025-08-06T01:00:00+00:00", 1, "verify", "reported", "verified", OFFICE, "", "", "",
         False, "cli"),
        ("2025-08-06T02:00:00+00:00", 6, "cancel", "assigned", "cancelled", OFFICE, "",
         "Tháng 12 chuyển cho Trung tâm Phục vụ hành chính công", "", False, "cli"),
    ]  # fmt: skip
    # Each state change is one event of the plan's log; the note is an event of its own.
    assert len(plan_events(store_url, "occurrence_state_changed")) == 9
    assert len(plan_events(store_url, "note_added")) == 1

    table = office.ok("2025-08-06T10:00", "history", "VII.2")
    for words in ("Trần Thị Bình", "Số 45/BC-MC", "bị trả lại → đã báo cáo", "mở lại"):
        assert words in table.out


def test_the_office_records_a_paper_report_on_the_leads_behalf(
    office: Office, sqlite_url: str
) -> None:
    _import_seed(office)
    plain = office.refused(
        sqlite_url, "2025-07-15T08:00", "task", "report", "VII.3", "--as", OFFICE,
        "--evidence", "Số 12/BC-QLCN",
    )  # fmt: skip
    assert "vui lòng chọn ghi nhận báo cáo thay" in plain.err
    no_evidence = office.refused(
        sqlite_url, "2025-07-15T08:00", "task", "report", "VII.3", "--as", OFFICE, "--on-behalf"
    )
    assert "Ghi nhận báo cáo thay đơn vị chủ trì cần có minh chứng" in no_evidence.err
    by_lead = office.refused(
        sqlite_url, "2025-07-15T08:00", "task", "report", "VII.3", "--as", ONE_STOP,
        "--on-behalf", "--evidence", "Số 12/BC-QLCN",
    )  # fmt: skip
    assert "Chỉ cơ quan thường trực của kế hoạch mới được ghi nhận báo cáo thay" in by_lead.err

    recorded = office.ok(
        "2025-07-15T08:00", "task", "report", "VII.3", "--as", OFFICE, "--on-behalf",
        "--evidence", "Số 12/BC-QLCN", "--by", "Nguyễn Văn An",
    )  # fmt: skip
    assert "VII.3 (Tháng 7/2025): đã chuyển từ «đã giao» sang «đã báo cáo»." in recorded.out
    [entry] = _history(office, "2025-07-15T09:00", "VII.3")
    assert entry | {"details": None} == {
        "at": "2025-07-15T01:00:00+00:00",
        "occurrence": 1,
        "action": "report",
        "from": "assigned",
        "to": "reported",
        "unit": OFFICE,
        "person": "Nguyễn Văn An",
        "channel": "cli",
        "on_behalf": True,
        "note": "",
        "evidence": "Số 12/BC-QLCN",
        "details": None,
    }
    assert _occurrences(office, "2025-07-15T09:00", "VII.3")[0]["reported_at"] == (
        "2025-07-15T01:00:00+00:00"
    )
    assert "báo cáo ✎" in office.ok("2025-07-15T09:00", "history", "VII.3").out
    office.ok("2025-07-16T08:00", "task", "verify", "VII.3", "--as", OFFICE)
    assert _occurrences(office, "2025-07-16T09:00", "VII.3")[0]["state"] == "verified"


def test_occurrence_names_one_quarter_and_the_default_is_the_earliest_open(
    office: Office, sqlite_url: str
) -> None:
    """V.3 "Quý III, IV": led by "Các phòng, đơn vị thuộc Sở", so by each of its members."""
    _import_seed(office)
    later = office.ok(
        "2025-07-15T08:00", "task", "start", "V.3", "--as", INDUSTRY, "--occurrence", "2"
    )
    assert "V.3 (Quý IV/2025): đã chuyển từ «đã giao» sang «đang thực hiện»." in later.out
    first = office.ok(
        "2025-09-20T08:00", "task", "report", "V.3", "--as", INDUSTRY,
        "--note", "Đã đánh giá, xếp loại 42 công chức",
    )  # fmt: skip
    assert "V.3 (Quý III/2025): đã chuyển từ «đã giao» sang «đã báo cáo»." in first.out
    verified = office.ok("2025-09-22T08:00", "task", "verify", "V.3", "--as", OFFICE)
    assert "V.3 (Quý III/2025): đã chuyển từ «đã báo cáo» sang «đã xác nhận»." in verified.out
    office.ok(
        "2025-10-01T08:00", "task", "note", "V.3", "--as", "Sở Nội vụ",
        "--note", "Đã hướng dẫn mẫu phiếu đánh giá",
    )  # fmt: skip

    occurrences = _occurrences(office, "2025-10-01T09:00", "V.3")
    assert [(o["label"], o["start"], o["due"], o["state"], o["bucket"]) for o in occurrences] == [
        ("Quý III/2025", "2025-07-01", "2025-09-30", "verified", "done_on_time"),
        ("Quý IV/2025", "2025-10-01", "2025-12-31", "in_progress", "open_on_time"),
    ]
    history = _history(office, "2025-10-01T09:00", "V.3")
    assert [(e["occurrence"], e["action"], e["unit"]) for e in history] == [
        (2, "start", INDUSTRY),
        (1, "report", INDUSTRY),
        (1, "verify", OFFICE),
        (2, "note", "Sở Nội vụ"),
    ]
    missing = office("2025-10-01T09:00", "task", "report", "V.3", "--as", INDUSTRY,
                     "--occurrence", "3", "--note", "x")  # fmt: skip
    assert missing.code == 2
    assert "Nhiệm vụ V.3 không có lần thực hiện số 3 (nhiệm vụ có 2 lần)." in missing.err


def test_a_refusal_names_the_state_and_the_allowed_moves(office: Office, sqlite_url: str) -> None:
    _import_seed(office)
    run = office.refused(sqlite_url, "2025-07-15T08:00", "task", "verify", "VII.2", "--as", OFFICE)
    assert "Không thể «xác nhận hoàn thành» khi nhiệm vụ đang ở trạng thái «đã giao»." in run.err
    assert "Các thao tác được phép:" in run.err
    assert "hủy" in run.err
    english = office(
        "2025-07-15T08:00", "--lang", "en", "task", "report", "VII.2", "--as", INDUSTRY,
        "--note", "done",
    )  # fmt: skip
    assert english.code == 1
    assert "A partner unit cannot report the task for the lead unit." in english.err


def test_an_unknown_unit_or_task_is_a_clear_input_error(office: Office, sqlite_url: str) -> None:
    _import_seed(office)
    before = snapshot(sqlite_url)
    unit = office("2025-07-15T08:00", "task", "start", "VII.2", "--as", "Phòng Văn hóa - Xã hội")
    assert unit.code == 2
    assert "Không tìm thấy đơn vị «Phòng Văn hóa - Xã hội»" in unit.err
    task = office("2025-07-15T08:00", "task", "start", "IX.9", "--as", ONE_STOP)
    assert task.code == 2
    assert "Không tìm thấy nhiệm vụ «IX.9»" in task.err
    for odd in ("²", "#²", "#99999999999999999999"):  # digits int() refuses, ids out of range
        refused = office("2025-07-15T08:00", "task", "show", odd)
        assert refused.code == 2, refused.err
        assert f"Không tìm thấy nhiệm vụ «{odd}»" in refused.err
    assert snapshot(sqlite_url) == before


# -- the plan's office -------------------------------------------------------------------------


def test_the_office_named_at_import_is_the_only_one_that_verifies(
    office: Office, sqlite_url: str, tmp_path: Path
) -> None:
    plan = write_plan(tmp_path, "ke-hoach-2026.docx")
    office.ok("2026-01-05T08:00", "plan", "import", plan, "--units", SCT_UNITS,
              "--office", "Phòng KH-TC")  # fmt: skip
    office.ok("2026-03-10T08:00", "task", "report", "6", "--as", "Chi cục QLTT",
              "--note", "Đã tổ chức 02 lớp tập huấn")  # fmt: skip
    usual = office.refused(sqlite_url, "2026-03-11T08:00", "task", "verify", "6", "--as", OFFICE)
    assert "không tham gia nhiệm vụ" in usual.err  # Văn phòng Sở has no part in task 6
    office.ok("2026-03-11T08:00", "task", "verify", "6", "--as", "Phòng Kế hoạch - Tài chính")
    # Task 4 names Văn phòng Sở as a partner: it may add notes, not set the office's dates.
    dates = office.refused(
        sqlite_url, "2026-03-11T08:00", "task", "set-date", "4", "--as", OFFICE,
        "--date", "30/06/2026",
    )  # fmt: skip
    assert "dành cho cơ quan thường trực của kế hoạch" in dates.err
    history = _history(office, "2026-03-12T08:00", "6")
    assert [(e["action"], e["unit"]) for e in history] == [
        ("report", "Chi cục Quản lý thị trường"),
        ("verify", "Phòng Kế hoạch - Tài chính"),
    ]


# -- dates the plan leaves open ----------------------------------------------------------------


def test_the_office_sets_the_date_the_plan_leaves_open(
    office: Office, sqlite_url: str, tmp_path: Path
) -> None:
    plan = write_plan(tmp_path, "ke-hoach-2026.docx")
    office.ok("2026-01-05T08:00", "plan", "import", plan, "--units", SCT_UNITS)

    def task_four() -> dict[str, Any]:
        tasks: list[dict[str, Any]] = office.ok("2026-01-12T08:00", "tasks", "--json").json()
        [task] = [t for t in tasks if t["ref"] == "4"]
        return task

    assert task_four()["time_text"] == "Theo Kế hoạch phê duyệt"
    assert [(o["due"], o["bucket"]) for o in task_four()["occurrences"]] == [(None, None)]
    lead = office.refused(
        sqlite_url, "2026-01-12T08:00", "task", "set-date", "4", "--as",
        "Phòng Quản lý Năng lượng", "--date", "30/06/2026",
    )  # fmt: skip
    assert "«đặt thời hạn»" in lead.err
    assert "dành cho cơ quan thường trực của kế hoạch" in lead.err
    bad = office(
        "2026-01-12T08:00", "task", "set-date", "4", "--as", OFFICE, "--date", "31/06/2026"
    )
    assert bad.code == 2
    assert "Không hiểu ngày «31/06/2026»" in bad.err

    done = office.ok(
        "2026-01-12T08:00", "task", "set-date", "4", "--as", OFFICE, "--date", "30/06/2026",
        "--note", "Theo Kế hoạch kiểm tra số 20/KH-SCT",
    )  # fmt: skip
    assert "4 (1): đã đặt thời hạn." in done.out
    [occurrence] = task_four()["occurrences"]
    assert (occurrence["due"], occurrence["state"], occurrence["bucket"]) == (
        "2026-06-30", "assigned", "open_on_time",
    )  # fmt: skip
    [entry] = _history(office, "2026-01-12T08:00", "4")
    assert (entry["action"], entry["unit"], entry["note"]) == (
        "set_date", OFFICE, "Theo Kế hoạch kiểm tra số 20/KH-SCT",
    )  # fmt: skip
    assert entry["details"] == {"from": None, "to": "2026-06-30", "start": None, "source": "office"}
    [event] = plan_events(sqlite_url, "due_date_set")
    assert event.payload["to"] == "2026-06-30"
    listed = office.ok("2026-01-12T08:00", "tasks", "--status", "assigned").out
    row = next(line for line in listed.splitlines() if "Kiểm tra việc thực hiện" in line)
    assert "30/06/2026" in row
    assert "chưa có ngày" not in row


# -- tasks: the JSON contract, the filters and the four buckets --------------------------------

NOW = "2026-03-27T09:00"  # a Friday


@pytest.fixture
def worked_plan(office: Office, sqlite_url: str, tmp_path: Path) -> Office:
    """The six-task plan after a quarter of work (see ``tests.e2e.plans.SIX_TASKS``)."""
    plan = write_plan(tmp_path, "ke-hoach-2026.docx")
    office.ok("2026-01-05T08:00", "plan", "import", plan, "--units", SCT_UNITS)
    office.ok(
        "2026-01-28T10:00", "task", "report", "1", "--as", OFFICE, "--evidence", "Số 25/KH-SCT"
    )
    office.ok("2026-01-29T08:00", "task", "verify", "1", "--as", OFFICE)
    office.ok("2026-02-13T08:00", "event", "record", "Bộ, ngành trung ương công bố",
              "--date", "12/02/2026", "--as", OFFICE)  # fmt: skip
    office.ok("2026-03-02T08:00", "task", "start", "5", "--as", "Phòng Kế hoạch - Tài chính")
    office.ok("2026-03-16T09:00", "task", "report", "6", "--as", "Chi cục Quản lý thị trường",
              "--note", "Đã tổ chức 02 lớp tập huấn")  # fmt: skip
    office.ok("2026-03-17T08:00", "task", "verify", "6", "--as", OFFICE)
    return office


def _refs(run: Run) -> list[str]:
    return [task["ref"] for task in run.json()]


def test_tasks_json_follows_the_contract(worked_plan: Office) -> None:
    tasks = worked_plan.ok(NOW, "tasks", "--json").json()
    for task in tasks:
        assert set(task) >= {
            "id", "ref", "plan", "lead", "partners", "time_text", "state", "occurrences",
        }  # fmt: skip
        for occurrence in task["occurrences"]:
            assert set(occurrence) >= {
                "id", "label", "start", "due", "state", "bucket", "reported_at",
            }  # fmt: skip
    got = [
        (t["ref"], t["plan"], t["lead"], t["state"],
         [(o["start"], o["due"], o["state"], o["bucket"], o["reported_at"])
          for o in t["occurrences"]])
        for t in tasks
    ]  # fmt: skip
    # By hand, at Friday 27/03/2026 09:00:
    assert got == [
        # due 30/01, reported 28/01 10:00, verified: done on time
        ("1", 1, ["Văn phòng Sở"], "verified",
         [(None, "2026-01-30", "verified", "done_on_time", "2026-01-28T03:00:00+00:00")]),
        # 05 working days after Thu 12/02 across Tết (14-22/02): Fri 13, Mon 23 … Thu 26/02
        ("2", 1, ["Phòng Quản lý Công nghiệp"], "assigned",
         [("2026-02-12", "2026-02-26", "assigned", "open_late", None)]),
        ("3", 1, ["Phòng Quản lý Thương mại"], "assigned",
         [(None, None, "assigned", None, None)]),  # its event is not recorded
        ("4", 1, ["Phòng Quản lý Năng lượng"], "assigned",
         [(None, None, "assigned", None, None)]),  # the office has set no date
        ("5", 1, ["Phòng Kế hoạch - Tài chính"], "in_progress",
         [("2026-01-01", "2026-03-31", "in_progress", "open_on_time", None),
          ("2026-04-01", "2026-06-30", "assigned", "open_on_time", None)]),
        # due 14/03 ("Trước ngày 15/3/2026"), reported 16/03: done late
        ("6", 1, ["Chi cục Quản lý thị trường"], "verified",
         [(None, "2026-03-14", "verified", "done_late", "2026-03-16T02:00:00+00:00")]),
    ]  # fmt: skip
    assert [o["label"] for o in tasks[4]["occurrences"]] == ["Quý I/2026", "Quý II/2026"]
    assert tasks[1]["partners"] == ["Sở Tư pháp"]
    assert tasks[3]["time_text"] == "Theo Kế hoạch phê duyệt"


def test_tasks_filters_match_the_hand_worked_example(worked_plan: Office) -> None:
    def refs(*options: str, when: str = NOW) -> list[str]:
        return _refs(worked_plan.ok(when, "tasks", "--json", *options))

    assert refs() == ["1", "2", "3", "4", "5", "6"]
    assert refs("--status", "verified") == ["1", "6"]
    assert refs("--status", "assigned") == ["2", "3", "4"]
    assert refs("--status", "in_progress", "--status", "verified") == ["1", "5", "6"]
    assert refs("--overdue") == ["2"]  # due 26/02, still assigned
    assert refs("--due-within", "7") == ["5"]  # 27/03-03/04 holds Quý I's 31/03
    assert refs("--due-within", "7", when="2026-02-20T09:00") == ["2"]  # 20/02-27/02: 26/02
    assert refs("--due-within", "3") == []  # 27/03-30/03: Quý I is due 31/03
    assert refs("--due-within", "4") == ["5"]  # 27/03-31/03
    assert refs("--bucket", "done_on_time") == ["1"]
    assert refs("--bucket", "done_late") == ["6"]
    assert refs("--bucket", "open_on_time") == ["5"]
    assert refs("--bucket", "open_late") == ["2"]
    assert refs("--unit", "Sở Tư pháp") == ["2"]
    assert refs("--unit", "Sở Tư pháp", "--overdue") == ["2"]
    assert refs("--unit", "Phòng KH-TC", "--bucket", "open_on_time") == ["5"]
    assert refs("--plan", "1", "--bucket", "done_late", "--status", "verified") == ["6"]
    assert refs("--unit", "Sở Tư pháp", "--status", "verified") == []
    empty = worked_plan.ok(NOW, "tasks", "--unit", "Sở Tư pháp", "--status", "verified")
    assert "Không có nhiệm vụ nào phù hợp." in empty.out


def test_tasks_unit_filter_includes_the_tasks_of_the_units_groups(worked_plan: Office) -> None:
    # Phòng Quản lý Công nghiệp: partner of 1 ("Các phòng, đơn vị thuộc Sở"), lead of 2,
    # partner of 5 ("Các phòng chuyên môn").
    assert _refs(worked_plan.ok(NOW, "tasks", "--json", "--unit", INDUSTRY)) == ["1", "2", "5"]


def test_tasks_prints_the_four_bucket_counts(worked_plan: Office) -> None:
    table = worked_plan.ok(NOW, "tasks")
    # 1 done on time (1); 1 done late (6); 2 open on time (5: Q1, Q2); 1 open late (2).
    # 3 and 4 have no date: no bucket.
    assert BUCKETS_LINE.format(6, 7, 1, 1, 1, 1, 1, 2, 1, 1) in _words(table)
    assert "Nhiệm vụ định kỳ có nhiều lượt/kỳ" in table.out
    assert table.out.count("chưa có ngày") == 2
    # Phòng Kế hoạch - Tài chính leads 5 (Q1, Q2 open on time) and, as a member of «Các phòng,
    # đơn vị thuộc Sở», partners 1 (done on time).
    lead = worked_plan.ok(NOW, "tasks", "--unit", "Phòng Kế hoạch - Tài chính")
    assert BUCKETS_LINE.format(2, 3, 1, 1, 0, 0, 1, 2, 0, 0) in _words(lead)
    later = worked_plan.ok("2026-07-01T00:00", "tasks")  # Q2 (due 30/06) is now late too
    assert BUCKETS_LINE.format(6, 7, 1, 1, 1, 1, 0, 0, 2, 3) in _words(later)


def test_tasks_refuses_unknown_filter_values(worked_plan: Office) -> None:
    status = worked_plan(NOW, "tasks", "--status", "xong")
    assert status.code == 2
    assert "«xong»" in status.err
    assert "verified" in status.err
    bucket = worked_plan(NOW, "tasks", "--bucket", "late")
    assert bucket.code == 2
    assert "open_late" in bucket.err
