"""The office's corrections to a reading (``workflows.corrections``): a pure function of the
reading, tested on a plan read from its seed file."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache

from nhacviec.services.importing import FileReading, read_plan_file
from tests.integration.web.harness import SCT_UNITS
from tests.shared_paths import fixture_path
from workflows.corrections import Corrections, TaskCorrection, apply_corrections
from workflows.schedule import ScheduleKind
from workflows.units.directory import load_directory

LEAD = "Chi cục Quản lý thị trường"
PARTNER = "Văn phòng Sở"


@cache
def reading() -> FileReading:
    path = fixture_path("plans", "so-cong-thuong-2025h2.docx")
    return read_plan_file(path, directory=load_directory(SCT_UNITS))


def flagged_positions() -> list[int]:
    return [i for i, task in enumerate(reading().parsed.tasks) if task.schedule.needs_review]


def test_no_corrections_is_the_reading_itself() -> None:
    parsed = reading().parsed
    assert apply_corrections(parsed, Corrections(), reading().directory) is parsed


def test_a_typed_date_makes_one_deadline_and_clears_the_flag() -> None:
    position = flagged_positions()[0]
    corrections = Corrections().with_task(position, TaskCorrection(due=date(2025, 9, 30)))
    corrected = apply_corrections(reading().parsed, corrections, reading().directory)
    schedule = corrected.tasks[position].schedule
    assert schedule.kind is ScheduleKind.DEADLINE
    assert [(o.due, o.start, o.label, o.in_period) for o in schedule.occurrences] == [
        (date(2025, 9, 30), None, "30/09/2025", True)
    ]
    assert not schedule.needs_review
    assert schedule.text == reading().parsed.tasks[position].schedule.text  # the source words
    others = [t for i, t in enumerate(corrected.tasks) if i != position]
    assert others == [t for i, t in enumerate(reading().parsed.tasks) if i != position]


def test_a_date_outside_the_period_is_kept_and_said_so() -> None:
    corrections = Corrections().with_task(0, TaskCorrection(due=date(2030, 1, 1)))
    corrected = apply_corrections(reading().parsed, corrections, reading().directory)
    assert corrected.tasks[0].schedule.occurrences[0].in_period is False


def test_no_deadline_leaves_the_task_undated_and_unflagged() -> None:
    position = flagged_positions()[0]
    corrections = Corrections().with_task(position, TaskCorrection(no_deadline=True))
    schedule = apply_corrections(reading().parsed, corrections, reading().directory)
    found = schedule.tasks[position].schedule
    assert (found.kind, found.occurrences, found.needs_review) == (
        ScheduleKind.UNSCHEDULED,
        (),
        False,
    )


def test_units_chosen_from_the_directory_replace_the_names_read() -> None:
    task = replace(reading().parsed.tasks[0], unknown_units=("Sở Lạ",))
    parsed = replace(reading().parsed, tasks=(task, *reading().parsed.tasks[1:]))
    correction = TaskCorrection(lead=(LEAD,), partners=(PARTNER,))
    corrected = apply_corrections(
        parsed, Corrections().with_task(0, correction), reading().directory
    )
    first = corrected.tasks[0]
    assert (first.lead, first.partners, first.unknown_units) == ((LEAD,), (PARTNER,), ())
    assert first.schedule == task.schedule  # the deadline as read


def test_corrections_round_trip_through_json_and_an_empty_one_is_dropped() -> None:
    corrections = Corrections().with_task(3, TaskCorrection(lead=(LEAD,), due=date(2025, 8, 1)))
    corrections = corrections.with_task(1, TaskCorrection(no_deadline=True))
    as_json = corrections.to_json()
    assert as_json == {"1": {"no_deadline": True}, "3": {"lead": [LEAD], "due": "2025-08-01"}}
    assert Corrections.from_json(as_json) == corrections
    assert corrections.with_task(3, TaskCorrection()).to_json() == {"1": {"no_deadline": True}}
    assert Corrections.from_json(None).is_empty
