"""How the scheduler runs: its policy, calendar, channels and dispatch knobs (one value)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from scheduler.policy import ReminderPolicy
from workflows.calendar import WorkingCalendar


@dataclass(frozen=True)
class SchedulerConfig:
    policy: ReminderPolicy
    calendar: WorkingCalendar
    channels: tuple[str, ...] = ("console",)
    language: str = "vi"
    owner: str = "nhacviec"  # this dispatcher's name in leases (host:pid)
    lease: timedelta = timedelta(minutes=5)
    batch: int = 500
    max_attempts: int = 8
    senders: int = 16  # messages in flight at once; one address's messages go one by one
