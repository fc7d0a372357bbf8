"""``nhacviec event list|record``: deadlines that run from an event outside the plan.

Expected dates are worked out by hand from the calendar, not by the code under test. Tết
Nguyên đán 2026: the official break runs from Saturday 14/02/2026 to Sunday 22/02/2026
(Monday 16 to Friday 20 are public holidays, the rest is the weekends around them).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import CliRunner, Run
from tests.e2e.plans import EVENT, SIX_TASKS, plan_events, snapshot, write_plan

REPO = Path(__file__).resolve().parents[2]
SCT_UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"
OFFICE = "Văn phòng Sở"
NO_OFFSET_EVENT = "có Quy chế của TW"  # the plan's words: "Sau khi có Quy chế của TW"


@pytest.fixture
def run(cli: CliRunner, sqlite_url: str, tmp_path: Path) -> CliRunner:
    """Commands at a chosen instant (Hà Nội time) on a store holding the six-task plan."""

    def at(when: str, *args: str | Path) -> Run:
        return cli("--now", f"{when}+07:00", *args)

    plan = write_plan(tmp_path, "ke-hoach-2026.docx")
    imported = at("2026-01-05T08:00", "plan", "import", plan, "--units", SCT_UNITS)
    assert imported.code == 0, imported.err
    return at


def _task(run: CliRunner, when: str, ref: str) -> dict[str, Any]:
    shown: dict[str, Any] = run(when, "task", "show", ref, "--json").json()
    return shown


def test_event_list_shows_the_awaited_events_and_their_tasks(run: CliRunner) -> None:
    table = run("2026-02-01T08:00", "event", "list")
    assert table.code == 0, table.err
    assert "Sự kiện đang chờ" in table.out
    rows = {line.split("│")[2].strip(): line.split("│")[3].strip()
            for line in table.out.splitlines() if line.count("│") == 4}  # fmt: skip
    assert rows == {EVENT: "2", NO_OFFSET_EVENT: "3"}
    listed = run("2026-02-01T08:00", "event", "list", "--json").json()
    assert listed == {
        "awaited": [
            {"plan": 1, "name": EVENT, "tasks": ["2"]},
            {"plan": 1, "name": NO_OFFSET_EVENT, "tasks": ["3"]},
        ],
        "recorded": [],
    }


def test_recording_the_event_dates_its_tasks_across_tet_2026(
    run: CliRunner, sqlite_url: str
) -> None:
    recorded = run(
        "2026-02-13T08:30", "event", "record", EVENT, "--date", "12/02/2026", "--as", OFFICE
    )
    assert recorded.code == 0, recorded.err
    assert f"Đã ghi nhận sự kiện «{EVENT}» ngày 12/02/2026; 1 nhiệm vụ đã có thời hạn:" in (
        recorded.out
    )
    # "trong vòng 05 ngày làm việc sau khi …" from Thursday 12/02/2026: Fri 13/02 (1);
    # 14/02-22/02 is the Tết break; Mon 23 (2), Tue 24 (3), Wed 25 (4), Thu 26/02 (5).
    assert "2: đến ngày 26/02/2026" in recorded.out
    [occurrence] = _task(run, "2026-02-13T09:00", "2")["occurrences"]
    assert (occurrence["start"], occurrence["due"], occurrence["state"]) == (
        "2026-02-12", "2026-02-26", "assigned",
    )  # fmt: skip
    assert "05 ngày làm việc" in occurrence["label"]
    # "trong vòng": on or before the 26th; late from 00:00 on the 27th.
    assert _task(run, "2026-02-26T23:59", "2")["occurrences"][0]["bucket"] == "open_on_time"
    assert _task(run, "2026-02-27T00:00", "2")["occurrences"][0]["bucket"] == "open_late"

    [entry] = run("2026-02-13T09:00", "history", "2", "--json").json()
    assert (entry["action"], entry["unit"], entry["details"]["to"]) == (
        "set_date", OFFICE, "2026-02-26",
    )  # fmt: skip
    [logged] = plan_events(sqlite_url, "external_event_recorded")
    assert logged.payload == {"name": EVENT, "occurred_on": "2026-02-12"}
    assert len(plan_events(sqlite_url, "due_date_set")) == 1

    listed = run("2026-02-13T09:00", "event", "list", "--json").json()
    assert [event["name"] for event in listed["awaited"]] == [NO_OFFSET_EVENT]
    assert [(e["name"], e["occurred_on"]) for e in listed["recorded"]] == [(EVENT, "2026-02-12")]
    table = run("2026-02-13T09:00", "event", "list")
    assert "Sự kiện đã ghi nhận" in table.out
    assert "12/02/2026" in table.out


def test_every_task_waiting_on_the_event_gets_its_date(
    cli: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    """Working days and calendar days from the same event."""
    rows = (*SIX_TASKS[:5], replace(SIX_TASKS[5], time=f"trong vòng 10 ngày sau khi {EVENT}"))
    plan = write_plan(tmp_path, "ke-hoach-2026.docx", rows)
    assert cli("--now", "2026-01-05T08:00+07:00", "plan", "import", plan,
               "--units", SCT_UNITS).code == 0  # fmt: skip
    recorded = cli("--now", "2026-02-13T08:30+07:00", "event", "record", "trung ương công bố",
                   "--date", "12/02/2026", "--as", OFFICE)  # fmt: skip
    assert recorded.code == 0, recorded.err
    assert "2 nhiệm vụ đã có thời hạn" in recorded.out
    # 10 calendar days after 12/02 is Sunday 22/02/2026: calendar days do not skip Tết.
    assert "6: đến ngày 22/02/2026" in recorded.out
    assert "2: đến ngày 26/02/2026" in recorded.out


def test_an_event_without_an_offset_leaves_the_date_to_the_office(
    run: CliRunner, sqlite_url: str
) -> None:
    recorded = run(
        "2026-03-02T08:00", "event", "record", "Quy chế của TW", "--date", "27/02/2026",
        "--as", OFFICE,
    )  # fmt: skip
    assert recorded.code == 0, recorded.err
    assert "Đã ghi nhận sự kiện «có Quy chế của TW» ngày 27/02/2026." in recorded.out
    assert (
        "3: kế hoạch không nêu số ngày sau sự kiện; cơ quan thường trực vui lòng đặt thời hạn"
        in recorded.out
    )
    [occurrence] = _task(run, "2026-03-02T09:00", "3")["occurrences"]
    assert (occurrence["due"], occurrence["bucket"]) == (None, None)
    [entry] = run("2026-03-02T09:00", "history", "3", "--json").json()
    assert entry["action"] == "event"
    assert entry["details"] == {"event": NO_OFFSET_EVENT, "occurred_on": "2026-02-27"}
    assert plan_events(sqlite_url, "due_date_set") == []

    dated = run("2026-03-02T09:00", "task", "set-date", "3", "--as", OFFICE,
                "--date", "30/04/2026")  # fmt: skip
    assert dated.code == 0, dated.err
    assert _task(run, "2026-03-02T09:00", "3")["occurrences"][0]["due"] == "2026-04-30"


@pytest.mark.parametrize("unit", ["Phòng Quản lý Công nghiệp", "Sở Tư pháp", "Bộ phận Một cửa"])
def test_only_the_office_records_an_event(run: CliRunner, sqlite_url: str, unit: str) -> None:
    """The lead and the partner of the waiting task, and a unit with no part in it."""
    before = snapshot(sqlite_url)
    refused = run(
        "2026-02-13T08:30", "event", "record", EVENT, "--date", "12/02/2026", "--as", unit
    )
    assert refused.code == 1, (refused.out, refused.err)
    assert "Chỉ cơ quan thường trực của kế hoạch số 1 mới được ghi nhận sự kiện" in refused.err
    assert snapshot(sqlite_url) == before
    listed = run("2026-02-13T08:30", "event", "list", "--json").json()
    assert [event["name"] for event in listed["awaited"]] == [EVENT, NO_OFFSET_EVENT]


def test_an_unknown_event_is_refused_with_the_awaited_ones(run: CliRunner, sqlite_url: str) -> None:
    before = snapshot(sqlite_url)
    unknown = run(
        "2026-02-13T08:30", "event", "record", "Bộ Công an ban hành Thông tư",
        "--date", "12/02/2026", "--as", OFFICE,
    )  # fmt: skip
    assert unknown.code == 2
    assert "Không có nhiệm vụ nào đang chờ sự kiện «Bộ Công an ban hành Thông tư»" in unknown.err
    assert f"«{EVENT}» (KH 1)" in unknown.err
    assert f"«{NO_OFFSET_EVENT}» (KH 1)" in unknown.err
    assert snapshot(sqlite_url) == before


def test_an_event_is_recorded_once(run: CliRunner, sqlite_url: str) -> None:
    first = run(
        "2026-02-13T08:30", "event", "record", EVENT, "--date", "12/02/2026", "--as", OFFICE
    )
    assert first.code == 0, first.err
    before = snapshot(sqlite_url)
    again = run(
        "2026-02-14T08:30", "event", "record", EVENT, "--date", "13/02/2026", "--as", OFFICE
    )
    assert again.code == 2
    assert f"Không có nhiệm vụ nào đang chờ sự kiện «{EVENT}»" in again.err
    assert snapshot(sqlite_url) == before
    assert _task(run, "2026-02-14T09:00", "2")["occurrences"][0]["due"] == "2026-02-26"


def test_a_bad_event_date_is_an_input_error(run: CliRunner, sqlite_url: str) -> None:
    before = snapshot(sqlite_url)
    for text in ("30/02/2026", "2026", "12-2026"):
        bad = run("2026-02-13T08:30", "event", "record", EVENT, "--date", text, "--as", OFFICE)
        assert bad.code == 2
        assert f"Không hiểu ngày «{text}»" in bad.err
    assert snapshot(sqlite_url) == before
