"""Which scheduled report is due when (``scheduler.report_plan``): pure, ``now`` given."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from scheduler.report_plan import Cadence, ReportSchedule, plan_reports
from workflows.calendar import WorkingCalendar
from workflows.standing import LOCAL_TZ


def at(year: int, month: int, day: int, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL_TZ)


def planned(schedule: ReportSchedule, now: datetime, plans: tuple[int, ...] = (1,)) -> list[str]:
    return [
        f"{p.key}@{p.due_at.astimezone(LOCAL_TZ):%d/%m/%Y %H:%M}"
        for p in plan_reports([schedule], plans, now)
    ]


def test_monthly_plans_the_next_and_keeps_the_one_just_due() -> None:
    monthly = ReportSchedule(Cadence.MONTHLY, day=20, at=time(7, 30))
    assert planned(monthly, at(2025, 10, 1)) == ["report:p1:monthly:2025-10@20/10/2025 07:30"]
    assert planned(monthly, at(2025, 10, 20, 7, 30)) == [
        "report:p1:monthly:2025-10@20/10/2025 07:30",  # due this very instant
        "report:p1:monthly:2025-11@20/11/2025 07:30",
    ]
    assert planned(monthly, at(2025, 10, 29)) == ["report:p1:monthly:2025-11@20/11/2025 07:30"]


@pytest.mark.parametrize(
    ("cadence", "now", "expected"),
    [
        (Cadence.QUARTERLY, at(2025, 7, 1), "report:p1:quarterly:2025-Q3@20/09/2025 08:00"),
        (Cadence.QUARTERLY, at(2025, 12, 24), "report:p1:quarterly:2026-Q1@20/03/2026 08:00"),
        (Cadence.HALF_YEARLY, at(2025, 7, 1), "report:p1:half_yearly:2025-H2@20/12/2025 08:00"),
        (Cadence.HALF_YEARLY, at(2026, 1, 5), "report:p1:half_yearly:2026-H1@20/06/2026 08:00"),
        (Cadence.YEARLY, at(2025, 3, 1), "report:p1:yearly:2025@20/12/2025 08:00"),
    ],
)
def test_the_other_cadences_fall_in_their_months(
    cadence: Cadence, now: datetime, expected: str
) -> None:
    assert planned(ReportSchedule(cadence), now) == [expected]


def test_a_period_due_a_few_days_ago_is_still_planned_then_dropped() -> None:
    quarterly = ReportSchedule(Cadence.QUARTERLY)
    assert planned(quarterly, at(2025, 12, 22)) == [  # the service was down on the 20th
        "report:p1:quarterly:2025-Q4@20/12/2025 08:00",
        "report:p1:quarterly:2026-Q1@20/03/2026 08:00",
    ]
    assert planned(quarterly, at(2025, 12, 24)) == ["report:p1:quarterly:2026-Q1@20/03/2026 08:00"]


def test_a_day_past_the_month_end_is_its_last_day() -> None:
    quarterly = ReportSchedule(Cadence.QUARTERLY, day=31)
    assert planned(quarterly, at(2025, 7, 4)) == ["report:p1:quarterly:2025-Q3@30/09/2025 08:00"]
    monthly = ReportSchedule(Cadence.MONTHLY, day=31)
    assert planned(monthly, at(2026, 2, 5)) == ["report:p1:monthly:2026-02@28/02/2026 08:00"]


def test_a_schedule_for_some_plans_and_a_named_one() -> None:
    only_two = ReportSchedule(Cadence.MONTHLY, plans=(2,), name="kh2-monthly")
    assert planned(only_two, at(2025, 10, 1), plans=(1, 2, 3)) == [
        "report:p2:kh2-monthly:2025-10@20/10/2025 08:00"
    ]


def test_planning_twice_gives_the_same_keys_and_refuses_naive_instants() -> None:
    monthly = ReportSchedule(Cadence.MONTHLY)
    assert planned(monthly, at(2025, 10, 20, 9)) == planned(monthly, at(2025, 10, 20, 9))
    with pytest.raises(ValueError, match="naive"):
        plan_reports([monthly], [1], datetime(2025, 10, 20, 8))  # naive: the point
    with pytest.raises(ValueError, match="1 to 31"):
        ReportSchedule(Cadence.MONTHLY, day=0)


def test_a_working_day_schedule_moves_off_weekends_and_holidays() -> None:
    days = WorkingCalendar()
    # 20/12/2025 is a Saturday: the working day before is Friday 19/12.
    on_days = ReportSchedule(Cadence.MONTHLY, working_day=True)
    assert plan_reports([on_days], [1], at(2025, 12, 1), days)[0].due_at == at(2025, 12, 19)
    literal = ReportSchedule(Cadence.MONTHLY)  # the 20th is the 20th unless asked
    assert plan_reports([literal], [1], at(2025, 12, 1), days)[0].due_at == at(2025, 12, 20)
    # 02/09/2025 is Quốc khánh (a Tuesday, 01/09 off with it): back to Friday 29/08, the
    # period still September's.
    (september,) = plan_reports(
        [ReportSchedule(Cadence.MONTHLY, day=2, working_day=True)], [1], at(2025, 8, 25), days
    )
    assert (september.period, september.due_at) == ("2025-09", at(2025, 8, 29))
