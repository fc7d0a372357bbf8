"""``nhacviec plan import NEW --amends PLAN``: the diff first, then the amendment applied with
every state and every line of history kept.

The amended plan (``tests.e2e.plans.amended``) moves task 1 from "Trước ngày 31/01/2026" to
"Trước ngày 28/02/2026", drops task 6 and adds a new task 6 (a survey in Quý III).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import CliRunner, Run
from tests.e2e.plans import amended, plan_events, snapshot, write_plan

REPO = Path(__file__).resolve().parents[2]
SCT_UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"
OFFICE = "Văn phòng Sở"
CANCEL_REASON = "bãi bỏ theo kế hoạch sửa đổi"
DIFF_LINES = (
    "1: đổi thời hạn «Trước ngày 31/01/2026» → «Trước ngày 28/02/2026»",
    "6 «Khảo sát mức độ hài lòng của người dân, doanh nghiệp đối vớ…»: thêm mới",
    f"6 «Tổ chức tập huấn kỹ năng số cho công chức, viên chức»: {CANCEL_REASON}",
    "Nhiệm vụ: thêm mới 1, bãi bỏ 1, đổi thời hạn 1, sửa nội dung 0, đánh số lại 0, "
    "không thay đổi 4.",
)


@pytest.fixture
def store_url(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", database_url)
    return database_url


@pytest.fixture
def at(cli: CliRunner) -> CliRunner:
    def run(when: str, *args: str | Path) -> Run:
        return cli("--now", f"{when}+07:00", *args)

    return run


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return (
        write_plan(tmp_path, "ke-hoach-2026.docx"),
        write_plan(tmp_path, "ke-hoach-2026-sua-doi.docx", amended(), number="15a/KH-SCT"),
    )


def _ok(run: Run) -> Run:
    assert run.code == 0, run.err
    return run


def _worked(at: CliRunner, v1: Path) -> None:
    """Version 1 imported, then a few moves before the amendment arrives."""
    _ok(at("2026-01-05T08:00", "plan", "import", v1, "--units", SCT_UNITS))
    _ok(at("2026-01-12T08:00", "task", "start", "1", "--as", OFFICE))
    _ok(at("2026-01-12T08:00", "task", "start", "6", "--as", "Chi cục Quản lý thị trường"))
    _ok(at("2026-01-13T08:00", "task", "note", "6", "--as", "Trung tâm Khuyến công",
           "--note", "Đã chuẩn bị hội trường"))  # fmt: skip
    _ok(at("2026-01-14T08:00", "task", "report", "5", "--as", "Phòng Kế hoạch - Tài chính",
           "--note", "Đã tự chấm 85 điểm"))  # fmt: skip
    _ok(at("2026-01-15T08:00", "task", "verify", "5", "--as", OFFICE))


def _tasks(at: CliRunner, when: str) -> list[dict[str, Any]]:
    tasks: list[dict[str, Any]] = _ok(at(when, "tasks", "--json")).json()
    return tasks


def _history(at: CliRunner, when: str, task_id: int) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = _ok(at(when, "history", f"#{task_id}", "--json")).json()
    return entries


def test_a_dry_run_shows_the_diff_and_changes_nothing(
    at: CliRunner, sqlite_url: str, files: tuple[Path, Path]
) -> None:
    v1, v2 = files
    _worked(at, v1)
    before = snapshot(sqlite_url)
    shown = _ok(at("2026-01-20T08:00", "plan", "import", v2, "--amends", "1", "--dry-run"))
    lines = shown.out.splitlines()
    assert lines[: len(DIFF_LINES)] == list(DIFF_LINES)
    assert "Chạy thử: kế hoạch số 1 (phiên bản 1) chưa thay đổi. Bỏ --dry-run để áp dụng." in (
        shown.out
    )
    assert snapshot(sqlite_url) == before

    document = _ok(
        at("2026-01-20T08:00", "plan", "import", v2, "--amends", "1", "--dry-run", "--json")
    ).json()
    assert (document["plan"], document["version"], document["applied"]) == (1, 1, False)
    assert document["counts"] == {
        "added": 1, "removed": 1, "redated": 1, "reworded": 0, "unchanged": 4,
    }  # fmt: skip
    assert [(c["kind"], c["ref"]) for c in document["changes"]] == [
        ("redated", "1"), ("added", "6"), ("removed", "6"),
    ]  # fmt: skip
    assert snapshot(sqlite_url) == before


def test_the_amendment_keeps_states_and_history(
    at: CliRunner, store_url: str, files: tuple[Path, Path]
) -> None:
    v1, v2 = files
    _worked(at, v1)
    ids = {task["ref"]: task["id"] for task in _tasks(at, "2026-01-19T08:00")}
    history_before = {ref: _history(at, "2026-01-19T08:00", ids[ref]) for ref in ("1", "5", "6")}

    applied = _ok(at("2026-01-20T08:00", "plan", "import", v2, "--amends", "1"))
    for line in DIFF_LINES:
        assert line in applied.out
    assert (
        "Đã áp dụng kế hoạch sửa đổi: kế hoạch số 1 nay là phiên bản 2; "
        "trạng thái và lịch sử được giữ nguyên." in applied.out
    )

    tasks = {task["id"]: task for task in _tasks(at, "2026-01-20T09:00")}
    assert len(tasks) == 7
    # Task 1 re-dated: still in progress, due 27/02 ("Trước ngày 28/02/2026").
    redated = tasks[ids["1"]]
    assert (redated["ref"], redated["state"], redated["time_text"]) == (
        "1", "in_progress", "Trước ngày 28/02/2026",
    )  # fmt: skip
    assert [(o["due"], o["state"]) for o in redated["occurrences"]] == [
        ("2026-02-27", "in_progress")
    ]
    history = _history(at, "2026-01-20T09:00", ids["1"])
    assert history[:-1] == history_before["1"]
    assert {k: history[-1][k] for k in ("action", "from", "to", "details")} == {
        "action": "amend",
        "from": "in_progress",
        "to": "in_progress",
        "details": {"from": "2026-01-30", "to": "2026-02-27", "start": None,
                    "source": "amendment"},
    }  # fmt: skip

    # Task 6 dropped: cancelled with the amendment's reason, its history kept.
    removed = tasks[ids["6"]]
    assert removed["ref"] != "6"
    assert removed["state"] == "cancelled"
    assert [(o["state"], o["bucket"]) for o in removed["occurrences"]] == [("cancelled", None)]
    history = _history(at, "2026-01-20T09:00", ids["6"])
    assert history[:-1] == history_before["6"]
    assert {k: history[-1][k] for k in ("action", "from", "to", "note")} == {
        "action": "amend", "from": "in_progress", "to": "cancelled", "note": CANCEL_REASON,
    }  # fmt: skip
    late = at("2026-01-21T08:00", "task", "report", f"#{ids['6']}", "--as",
              "Chi cục Quản lý thị trường", "--note", "Đã tập huấn")  # fmt: skip
    assert late.code == 1
    assert "«đã hủy»" in late.err

    # Task 5 untouched: Quý I still verified, its history unchanged.
    assert [o["state"] for o in tasks[ids["5"]]["occurrences"]] == ["verified", "assigned"]
    assert _history(at, "2026-01-20T09:00", ids["5"]) == history_before["5"]

    # The new task 6.
    [new] = [task for task in tasks.values() if task["id"] not in ids.values()]
    assert (new["ref"], new["lead"], new["time_text"], new["state"]) == (
        "6", ["Bộ phận Một cửa"], "Quý III", "assigned",
    )  # fmt: skip
    assert [(o["start"], o["due"]) for o in new["occurrences"]] == [("2026-07-01", "2026-09-30")]

    [plan] = snapshot(store_url).plans
    assert plan[1] == 2  # version
    [amendment] = plan_events(store_url, "plan_amended")
    assert amendment.payload["version"] == 2
    assert len(plan_events(store_url, "task_added")) == 1
    assert len(plan_events(store_url, "task_removed")) == 1
    assert len(plan_events(store_url, "due_date_changed")) == 1


def test_applying_the_same_amendment_again_changes_nothing(
    at: CliRunner, sqlite_url: str, files: tuple[Path, Path]
) -> None:
    v1, v2 = files
    _worked(at, v1)
    _ok(at("2026-01-20T08:00", "plan", "import", v2, "--amends", "1"))
    before = snapshot(sqlite_url)
    again = _ok(at("2026-01-21T08:00", "plan", "import", v2, "--amends", "1"))
    expected = (
        "Tệp ke-hoach-2026-sua-doi.docx đã được nhập cho kế hoạch số 1; không có gì thay đổi."
    )
    assert expected in again.out
    assert snapshot(sqlite_url) == before


def test_amends_needs_a_known_plan_and_one_file(
    at: CliRunner, sqlite_url: str, files: tuple[Path, Path]
) -> None:
    v1, v2 = files
    _ok(at("2026-01-05T08:00", "plan", "import", v1, "--units", SCT_UNITS))
    before = snapshot(sqlite_url)
    unknown = at("2026-01-20T08:00", "plan", "import", v2, "--amends", "9")
    assert unknown.code == 2
    assert "Không tìm thấy kế hoạch số 9." in unknown.err
    two = at("2026-01-20T08:00", "plan", "import", v1, v2, "--amends", "1")
    assert two.code == 2
    assert "Khi dùng --amends, vui lòng nhập đúng một tệp" in two.err
    assert snapshot(sqlite_url) == before
