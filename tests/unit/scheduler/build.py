"""Small builders for scheduler tests: facts, local instants, reminders as readable tuples."""

from __future__ import annotations

from datetime import UTC, date, datetime

from scheduler.model import OccurrenceFacts, PlannedReminder
from scheduler.policy import ReminderPolicy
from workflows.calendar import WorkingCalendar
from workflows.standing import LOCAL_TZ

CALENDAR = WorkingCalendar()
POLICY = ReminderPolicy()
LEAD, PARTNER, OFFICE = 10, 20, 99


def local(year: int, month: int, day: int, hour: int = 8, minute: int = 0) -> datetime:
    """A wall-clock instant in Asia/Ho_Chi_Minh (08:00 unless told)."""
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL_TZ)


def facts(
    due: date | None,
    *,
    start: date | None = None,
    state: str = "assigned",
    reported_at: datetime | None = None,
    check_in: bool = False,
    leads: tuple[int, ...] = (LEAD,),
    partners: tuple[int, ...] = (PARTNER,),
    office: int | None = OFFICE,
    occurrence_id: int = 1,
) -> OccurrenceFacts:
    return OccurrenceFacts(
        occurrence_id=occurrence_id,
        plan_id=7,
        task_ref="I.1",
        state=state,
        start=start,
        due=due,
        reported_at=reported_at,
        check_in=check_in,
        lead_units=leads,
        partner_units=partners,
        office_unit=office,
    )


Row = tuple[str, int, int, str, datetime]  # (kind, stage, unit, role, local send instant)


def rows(planned: list[PlannedReminder]) -> list[Row]:
    """Reminders as (kind, stage, unit, role, local instant), sorted by instant then key."""
    ordered = sorted(planned, key=lambda r: (r.due_at, r.key))
    return [
        (r.kind.value, r.stage, r.recipient_unit, r.role.value, r.due_at.astimezone(LOCAL_TZ))
        for r in ordered
    ]


def for_unit(planned: list[PlannedReminder], unit: int, role: str) -> list[Row]:
    return [row for row in rows(planned) if row[2] == unit and row[3] == role]


def utc(instant: datetime) -> datetime:
    return instant.astimezone(UTC)
