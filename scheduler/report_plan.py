"""Reports on a schedule (``reports:`` in the settings): which report of which plan is due when.
Pure: ``now`` is an argument, nothing is read or written.

A schedule names a cadence and a day of the month: monthly (every month), quarterly (the last
month of each quarter), half-yearly (June and December), yearly (December); the day is clipped
to the month's length (day 31 in June is the 30th) and, for a schedule that asks for working
days (``working_day``), moved back to the last working day on or before it. Each (plan,
schedule, period) is one ``PlannedReport`` whose ``key`` the outbox stores once: planning
again, on another pass or another instance, finds the key there and adds nothing.

Planning at ``now`` yields, per plan and schedule, the period just due (if its instant passed
less than ``GRACE`` ago: a service started a day late still sends it) and the next one.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from scheduler.model import require_aware
from workflows.calendar import WorkingCalendar
from workflows.standing import LOCAL_TZ

GRACE = timedelta(days=3)  # a period due this long ago is still planned (downtime)


class Cadence(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"

    @property
    def months(self) -> tuple[int, ...]:
        """The months in which a report of this cadence is due."""
        return {
            Cadence.MONTHLY: tuple(range(1, 13)),
            Cadence.QUARTERLY: (3, 6, 9, 12),
            Cadence.HALF_YEARLY: (6, 12),
            Cadence.YEARLY: (12,),
        }[self]


@dataclass(frozen=True)
class ReportSchedule:
    """One entry of ``reports:``: a cadence, the day and local time, the file and its language,
    and the plans (empty: every plan that has an office)."""

    cadence: Cadence
    day: int = 20
    at: time = time(8, 0)
    format: str = "docx"
    language: str = "vi"
    plans: tuple[int, ...] = ()
    name: str = ""  # what keys call it; the cadence when not given
    working_day: bool = False  # a day off moves the report to the working day before

    def __post_init__(self) -> None:
        if not 1 <= self.day <= 31:
            raise ValueError(f"a report's day of the month is 1 to 31, not {self.day}")

    @property
    def label(self) -> str:
        return self.name or self.cadence.value

    def applies_to(self, plan_id: int) -> bool:
        return not self.plans or plan_id in self.plans


@dataclass(frozen=True)
class PlannedReport:
    """One report of one plan for one period, due at one instant."""

    plan_id: int
    schedule: str  # the schedule's label
    cadence: Cadence
    period: str  # "2025-10" (month), "2025-Q4", "2025-H2", "2025"
    due_at: datetime  # aware, UTC
    format: str
    language: str

    @property
    def key(self) -> str:
        return f"report:p{self.plan_id}:{self.schedule}:{self.period}"


def period_name(cadence: Cadence, year: int, month: int) -> str:
    """The period a report due in ``month`` of ``year`` covers, as keys write it."""
    if cadence is Cadence.MONTHLY:
        return f"{year}-{month:02d}"
    if cadence is Cadence.QUARTERLY:
        return f"{year}-Q{(month - 1) // 3 + 1}"
    if cadence is Cadence.HALF_YEARLY:
        return f"{year}-H{1 if month <= 6 else 2}"
    return str(year)


def due_instant(
    schedule: ReportSchedule, year: int, month: int, days: WorkingCalendar | None = None
) -> datetime:
    """When the report due in ``month`` of ``year`` goes out (aware, UTC); ``days`` moves a
    working-day schedule off weekends and holidays."""
    day = date(year, month, min(schedule.day, calendar.monthrange(year, month)[1]))
    if schedule.working_day and days is not None:
        while not days.is_working_day(day):
            day -= timedelta(days=1)
    local = datetime.combine(day, time(schedule.at.hour, schedule.at.minute), tzinfo=LOCAL_TZ)
    return local.astimezone(UTC)


def plan_reports(
    schedules: Sequence[ReportSchedule],
    plan_ids: Iterable[int],
    now: datetime,
    days: WorkingCalendar | None = None,
) -> list[PlannedReport]:
    """The reports to hold in the outbox at ``now``: per plan and schedule, the period just due
    (within ``GRACE``) and the next one."""
    require_aware(now)
    plans = sorted(set(plan_ids))
    planned: list[PlannedReport] = []
    for schedule in schedules:
        for year, month in _around(schedule, now, days):
            due_at = due_instant(schedule, year, month, days)
            period = period_name(schedule.cadence, year, month)
            planned.extend(
                PlannedReport(
                    plan_id=plan_id,
                    schedule=schedule.label,
                    cadence=schedule.cadence,
                    period=period,
                    due_at=due_at,
                    format=schedule.format,
                    language=schedule.language,
                )
                for plan_id in plans
                if schedule.applies_to(plan_id)
            )
    return sorted(planned, key=lambda report: (report.due_at, report.plan_id, report.key))


def _around(
    schedule: ReportSchedule, now: datetime, days: WorkingCalendar | None
) -> list[tuple[int, int]]:
    """The due months of the last period due before ``now`` (if recent) and the next one."""
    local = now.astimezone(LOCAL_TZ)
    months = [
        (year, month)
        for year in (local.year - 1, local.year, local.year + 1)
        for month in schedule.cadence.months
    ]
    instants = {m: due_instant(schedule, *m, days) for m in months}
    past = [m for m in months if instants[m] <= now]
    coming = [m for m in months if instants[m] > now]
    chosen = []
    if past and now - instants[past[-1]] <= GRACE:
        chosen.append(past[-1])
    if coming:
        chosen.append(coming[0])
    return chosen
