"""The reminder policy: who hears what, when. Configuration, read once at the edge.

Defaults follow the scheduler issue. Days are counted in working days (``WorkingCalendar``);
reminders go out at ``send_at`` local time (Asia/Ho_Chi_Minh) and never in quiet hours.

Choices worth knowing:

- The overdue series stops after ``overdue_max_notices`` (default 10, about four weeks at one
  notice every two working days). By then the escalation has told the office and the unit's
  head, and the office's weekly list carries long-overdue work; a unit that has ignored ten
  notices is not helped by an eleventh, and a reminder nobody reads trains people to ignore all.
- Action items (a returned report, a new plan) go at once, on any day. Inside quiet hours they
  wait for the first send time after the quiet hours (08:00 by default, not 07:00), so they
  arrive with the morning digest instead of as a separate message an hour earlier.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import time
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from notifiers.message import ReminderKind

PartnerReminder = tuple[ReminderKind, int]  # (kind, stage) a partner unit hears

DEFAULT_PARTNER_REMINDERS: frozenset[PartnerReminder] = frozenset(
    {(ReminderKind.WINDOW_START, 0), (ReminderKind.BEFORE_DUE, 3)}
)


@dataclass(frozen=True)
class ReminderPolicy:
    """When reminders go out. Counts are working days; times are local wall-clock times."""

    before_due_days: tuple[int, ...] = (7, 3, 1)  # BEFORE_DUE stages
    remind_on_due_day: bool = True
    remind_at_window_start: bool = True
    overdue_every_days: int = 2
    overdue_max_notices: int = 10  # see the module docstring
    escalate_after_days: int = 5  # on the 5th working day late: the office and the head
    verify_after_days: int = 3  # reported, not verified for 3 working days: the office
    verify_every_days: int = 3
    verify_max_notices: int = 5
    office_weekday: int = 0  # Monday (``date.weekday()``): the office's weekly list
    partner_reminders: frozenset[PartnerReminder] = DEFAULT_PARTNER_REMINDERS
    send_at: time = time(8, 0)
    quiet_start: time = time(21, 0)  # quiet hours run from quiet_start to quiet_end,
    quiet_end: time = time(7, 0)  # across midnight when quiet_start > quiet_end

    def __post_init__(self) -> None:
        if self.in_quiet_hours(self.send_at):
            raise ValueError(
                f"send_at: {self.send_at:%H:%M} falls inside the quiet hours "
                f"{self.quiet_start:%H:%M}-{self.quiet_end:%H:%M}"
            )

    def in_quiet_hours(self, moment: time) -> bool:
        """Whether a local wall-clock time is inside the quiet hours (start included)."""
        start, end = self.quiet_start, self.quiet_end
        if start == end:
            return False
        if start < end:
            return start <= moment < end
        return moment >= start or moment < end

    def partner_hears(self, kind: ReminderKind, stage: int) -> bool:
        return (kind, stage) in self.partner_reminders


class _PolicyInput(BaseModel):
    """The policy as configuration spells it; validation names the bad key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    before_due_days: tuple[int, ...] = Field(default=(7, 3, 1))
    remind_on_due_day: bool = True
    remind_at_window_start: bool = True
    overdue_every_days: int = Field(default=2, ge=1)
    overdue_max_notices: int = Field(default=10, ge=0)
    escalate_after_days: int = Field(default=5, ge=1)
    verify_after_days: int = Field(default=3, ge=1)
    verify_every_days: int = Field(default=3, ge=1)
    verify_max_notices: int = Field(default=5, ge=0)
    office_weekday: int = Field(default=0, ge=0, le=6)
    partner_reminders: frozenset[tuple[ReminderKind, int]] = DEFAULT_PARTNER_REMINDERS
    send_at: time = time(8, 0)
    quiet_start: time = time(21, 0)
    quiet_end: time = time(7, 0)

    @field_validator("before_due_days")
    @classmethod
    def _positive_distinct(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(days < 1 for days in value):
            raise ValueError("every value must be a whole number of working days, at least 1")
        return tuple(sorted(set(value), reverse=True))

    @field_validator("partner_reminders", mode="before")
    @classmethod
    def _kind_and_stage(cls, value: Any) -> Any:
        """Accept ``"window_start"`` and ``"before_due:3"`` as well as ``[kind, stage]`` pairs."""
        if isinstance(value, list | tuple | set | frozenset):
            return [_split_kind_stage(item) if isinstance(item, str) else item for item in value]
        return value


def _split_kind_stage(text: str) -> tuple[str, int]:
    kind, _, stage = text.partition(":")
    try:
        return kind.strip(), int(stage) if stage.strip() else 0
    except ValueError as exc:
        raise ValueError(f"{text!r}: the stage after ':' must be a whole number") from exc


def policy_from_mapping(data: Mapping[str, Any]) -> ReminderPolicy:
    """The policy a settings mapping describes (missing keys keep their defaults).

    Raises ``ValueError`` naming the first bad key, e.g. ``reminders.overdue_every_days: Input
    should be greater than or equal to 1``.
    """
    try:
        checked = _PolicyInput.model_validate(dict(data))
    except ValidationError as exc:
        raise ValueError(_describe(exc)) from None
    values = {spec.name: getattr(checked, spec.name) for spec in fields(ReminderPolicy)}
    try:
        return ReminderPolicy(**values)
    except ValueError as exc:  # a rule across keys (send_at inside the quiet hours)
        raise ValueError(f"reminders.{exc}") from None


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "reminders"
    return f"reminders.{where}: {first['msg']}"
