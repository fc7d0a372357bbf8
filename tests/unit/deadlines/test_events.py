"""An event-relative deadline becomes an occurrence once the event's day is recorded."""

from __future__ import annotations

from datetime import date

from workflows.calendar import WorkingCalendar
from workflows.deadlines.events import event_occurrence
from workflows.deadlines.reader import read_deadline
from workflows.plan import IssuerLevel, Period, PlanContext
from workflows.schedule import EventTrigger

H2_2025 = Period(date(2025, 7, 1), date(2025, 12, 31))
CALENDAR = WorkingCalendar()


def test_calendar_days_after_the_event() -> None:
    schedule = read_deadline(
        "trong vòng 05 ngày sau khi Bộ, ngành trung ương công bố",
        PlanContext(H2_2025, IssuerLevel.SO),
    )
    assert schedule.event is not None
    occurrence = event_occurrence(schedule.event, date(2025, 8, 29), CALENDAR, H2_2025)
    assert occurrence is not None
    assert (occurrence.start, occurrence.due, occurrence.in_period) == (
        date(2025, 8, 29),
        date(2025, 9, 3),
        True,
    )
    assert occurrence.label == "05 ngày sau khi Bộ, ngành trung ương công bố (29/08/2025)"
    assert occurrence.due_words == "đến ngày 03/09/2025"


def test_working_days_after_the_event_skip_the_weekend_and_national_day() -> None:
    trigger = EventTrigger("Kế hoạch được phê duyệt", 5, True)
    occurrence = event_occurrence(trigger, date(2025, 8, 29), CALENDAR, H2_2025)
    assert occurrence is not None
    # Sat 30, Sun 31, Quốc khánh 1 and 2/9; then 3, 4, 5, 8, 9 September.
    assert occurrence.due == date(2025, 9, 9)


def test_no_offset_means_the_office_sets_the_date() -> None:
    trigger = EventTrigger("có Quy chế của TW", None, None)
    assert event_occurrence(trigger, date(2025, 8, 29), CALENDAR, H2_2025) is None


def test_an_event_late_in_the_year_falls_after_the_period() -> None:
    trigger = EventTrigger("Bộ công bố", 10, False)
    occurrence = event_occurrence(trigger, date(2025, 12, 28), CALENDAR, H2_2025)
    assert occurrence is not None
    assert (occurrence.due, occurrence.in_period) == (date(2026, 1, 7), False)
