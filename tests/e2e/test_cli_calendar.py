"""``nhacviec ics``: a unit's dated work as an iCalendar feed, read back with ``icalendar``.

The feed is checked against what other commands say of the same store: the occurrences of
``tasks --unit U --json`` (every dated one but the verified), the reminders of ``reminders
preview --unit U --json`` (each pre-due reminder of the unit is an alarm at the same instant),
and the moves ``task set-date | cancel | verify`` make.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar, Event

from tests.e2e.conftest import CliRunner
from tests.shared_paths import require_shared
from workflows.standing import LOCAL_TZ

REPO = Path(__file__).resolve().parents[2]
UNITS = REPO / "config" / "units"
BEFORE = "2025-06-20T09:00+07:00"  # before both plans' period: every reminder still ahead
DURING = "2025-08-04T09:00+07:00"
SCT_OFFICE = "Văn phòng Sở"
SCT_UNIT = "Chi cục Quản lý thị trường"  # named through the groups «các phòng, đơn vị thuộc Sở»
XA_UNIT = "Phòng Văn hóa - Xã hội"
PRE_DUE = {"window_start", "before_due", "due"}


@pytest.fixture
def store(cli: CliRunner, database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both seed plans imported with their directories (plan 1: the Sở, plan 2: the xã)."""
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", database_url)
    for plan, units in (
        ("so-cong-thuong-2025h2.docx", "so-cong-thuong.yaml"),
        ("xa-ba-long-2025h2.docx", "xa-ba-long.yaml"),
    ):
        path = require_shared("fixtures", "plans", plan)
        run = cli("--now", BEFORE, "plan", "import", path, "--units", UNITS / units)
        assert run.code == 0, run.err
    return database_url


def feed(cli: CliRunner, *args: str, now: str = DURING) -> tuple[str, dict[str, Event]]:
    run = cli("--now", now, "ics", *args)
    assert run.code == 0, run.err
    calendar = Calendar.from_ical(run.out)
    calendar.validate()  # type: ignore[no-untyped-call]
    return run.out, {event.uid: event for event in calendar.events}


def occurrences(cli: CliRunner, unit: str, plan: int | None = None) -> dict[int, dict[str, Any]]:
    args = ["--plan", str(plan)] if plan else []
    run = cli("--now", DURING, "tasks", "--unit", unit, *args, "--json")
    assert run.code == 0, run.err
    return {o["id"]: o | {"task": t} for t in run.json() for o in t["occurrences"]}


def occurrence_id(uid: str) -> int:
    local, _, host = uid.partition("@")
    assert host, uid
    assert local.startswith("occ-"), uid
    return int(local.removeprefix("occ-"))


def shown_ids(found: dict[int, dict[str, Any]]) -> set[int]:
    """Dated, not verified, and not due before the plan's period (those are never followed)."""
    return {
        key
        for key, o in found.items()
        if o["due"] is not None and o["state"] != "verified" and o["due"] >= "2025-07-01"
    }


def test_the_feed_holds_each_dated_open_occurrence_of_the_unit(cli: CliRunner, store: str) -> None:
    _, events = feed(cli, "--unit", SCT_UNIT)
    found = occurrences(cli, SCT_UNIT)
    assert {occurrence_id(uid) for uid in events} == shown_ids(found)
    assert len(events) > 20
    for uid, event in events.items():
        occurrence = found[occurrence_id(uid)]
        assert event.decoded("DTSTART") == date.fromisoformat(occurrence["due"])
        assert event.decoded("DTEND") == event.decoded("DTSTART") + timedelta(days=1)
        assert str(event["SUMMARY"]).startswith(occurrence["task"]["ref"])
        assert str(event["STATUS"]) == "CONFIRMED"
        assert event.sequence == 0
        description = str(event["DESCRIPTION"])
        assert "Kế hoạch: Kế hoạch Cải cách hành chính" in description
        assert "Thời hạn: " in description
    # The plan's own words of a deadline, and the unit's role, as written.
    i1 = next(event for event in events.values() if str(event["SUMMARY"]).startswith("I.1 "))
    assert "Thời hạn: trước ngày 31/07/2025" in str(i1["DESCRIPTION"])
    assert "Kế hoạch ghi: «trước ngày 31/7/2025»" in str(i1["DESCRIPTION"])
    assert "Vai trò: đơn vị phối hợp" in str(i1["DESCRIPTION"])


def test_alarms_are_the_reminders_the_scheduler_plans_for_the_unit(
    cli: CliRunner, store: str
) -> None:
    """Every reminder still ahead; one whose day has passed is an alarm in the past (a calendar
    shows none), where the scheduler would catch up with it at once (``now``)."""
    now = datetime.fromisoformat(BEFORE)
    for unit in (SCT_UNIT, SCT_OFFICE):
        _, events = feed(cli, "--unit", unit, now=BEFORE)
        alarms = {
            (occurrence_id(uid), _alarm_instant(event, alarm.decoded("TRIGGER")))
            for uid, event in events.items()
            for alarm in event.walk("VALARM")
            if _alarm_instant(event, alarm.decoded("TRIGGER")) > now
        }
        run = cli(
            "--now", BEFORE, "reminders", "preview", "--unit", unit,
            "--from", "01/06/2025", "--to", "31/01/2026", "--json",
        )  # fmt: skip
        assert run.code == 0, run.err
        planned = {
            (item["occurrence"], datetime.fromisoformat(item["at"]))
            for item in run.json()
            if item["recipient"] == unit
            and item["kind"] in PRE_DUE
            and datetime.fromisoformat(item["at"]) > now
        }
        assert planned, unit
        assert alarms == planned, unit


def _alarm_instant(event: Event, trigger: timedelta) -> datetime:
    start = datetime.combine(event.decoded("DTSTART"), time(0))
    return (start + trigger).replace(tzinfo=LOCAL_TZ)


def test_two_runs_give_the_same_uids_and_the_same_bytes(cli: CliRunner, store: str) -> None:
    first, events = feed(cli, "--unit", SCT_OFFICE)
    second, again = feed(cli, "--unit", SCT_OFFICE)
    assert list(events) == list(again)
    assert first == second


def test_a_new_date_raises_the_sequence_and_moves_the_event(cli: CliRunner, store: str) -> None:
    _, before = feed(cli, "--unit", SCT_OFFICE)
    moved = cli(
        "--now", DURING, "task", "set-date", "I.4", "--plan", "1", "--date", "15/12/2025",
        "--as", SCT_OFFICE, "--json",
    )  # fmt: skip
    assert moved.code == 0, moved.err
    target = next(uid for uid, e in before.items() if str(e["SUMMARY"]).startswith("I.4 "))
    _, after = feed(cli, "--unit", SCT_OFFICE)
    assert set(after) == set(before)
    assert after[target].sequence == before[target].sequence + 1
    assert after[target].decoded("DTSTART") == date(2025, 12, 15)
    unchanged = [uid for uid in before if uid != target]
    assert all(after[uid].sequence == before[uid].sequence for uid in unchanged)
    again = cli(
        "--now", DURING, "task", "set-date", "I.4", "--plan", "1", "--date", "22/12/2025",
        "--as", SCT_OFFICE,
    )  # fmt: skip
    assert again.code == 0, again.err
    _, later = feed(cli, "--unit", SCT_OFFICE)
    assert later[target].sequence == after[target].sequence + 1


def test_cancelled_work_is_cancelled_and_verified_work_is_gone(cli: CliRunner, store: str) -> None:
    _, before = feed(cli, "--unit", SCT_OFFICE)
    summary = {str(e["SUMMARY"]).split(" ", 1)[0]: uid for uid, e in before.items()}
    office = ("--plan", "1", "--as", SCT_OFFICE)
    cancel = cli("--now", DURING, "task", "cancel", "I.4", *office, "--note", "Không còn phù hợp")
    assert cancel.code == 0, cancel.err
    report = cli("--now", DURING, "task", "report", "I.1", *office, "--note", "Đã ban hành")
    assert report.code == 0, report.err
    verify = cli("--now", DURING, "task", "verify", "I.1", *office)
    assert verify.code == 0, verify.err
    _, after = feed(cli, "--unit", SCT_OFFICE)
    cancelled = after[summary["I.4"]]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled.sequence == before[summary["I.4"]].sequence + 1
    assert not cancelled.walk("VALARM")
    assert summary["I.1"] not in after
    assert set(after) == set(before) - {summary["I.1"]}


def test_a_unit_sees_nothing_of_another_plan(cli: CliRunner, store: str) -> None:
    _, xa = feed(cli, "--unit", XA_UNIT)
    assert xa
    assert {occurrence_id(uid) for uid in xa} == shown_ids(occurrences(cli, XA_UNIT))
    sct = occurrences(cli, SCT_OFFICE, plan=1)
    assert not {occurrence_id(uid) for uid in xa} & set(sct)
    assert all("Ba Lòng" in event.categories[0] for event in xa.values())
    _, none = feed(cli, "--unit", SCT_OFFICE, "--plan", "2")
    assert none == {}
    _, only = feed(cli, "--unit", SCT_OFFICE, "--plan", "1")
    assert only
    assert set(only) == set(feed(cli, "--unit", SCT_OFFICE)[1])


def test_written_to_a_file_in_english(cli: CliRunner, store: str, tmp_path: Path) -> None:
    target = tmp_path / "lich.ics"
    run = cli("--now", DURING, "--lang", "en", "ics", "--unit", SCT_OFFICE, "-o", target)
    assert run.code == 0, run.err
    calendar = Calendar.from_ical(target.read_bytes())
    events = calendar.walk("VEVENT")
    assert f"({len(events)} events)" in run.out
    assert str(calendar["X-WR-CALNAME"]) == f"Reminders – {SCT_OFFICE}"
    i4 = next(event for event in events if str(event["SUMMARY"]).startswith("I.4 "))
    assert str(i4["DESCRIPTION"]).startswith("Plan: ")
    assert "Role: lead unit" in str(i4["DESCRIPTION"])
    assert "Deadline: " in str(i4["DESCRIPTION"])


def test_an_unknown_unit_is_refused_with_exit_2(cli: CliRunner, store: str) -> None:
    run = cli("--now", DURING, "ics", "--unit", "Phòng Không Có")
    assert run.code == 2
    assert "Phòng Không Có" in run.err
    assert run.out == ""
