"""Choosing what an occurrence's planning returns: per addressee and local day, one reminder.

Each step is timed once (as planned, caught up at the next send slot while current, or not at
all); an addressee (a unit, or a unit's head) then keeps the most relevant step of each day.
"""

from __future__ import annotations

from datetime import date, datetime

from notifiers.message import RecipientRole
from scheduler.catchup import rank
from scheduler.model import OccurrenceFacts, PlannedReminder
from scheduler.planning.series import Step
from scheduler.planning.slots import local_day, next_send_slot
from scheduler.policy import ReminderPolicy
from workflows.calendar import WorkingCalendar


class DailyChoice:
    """The reminders chosen so far: per addressee and local day, the most relevant step."""

    def __init__(self, now: datetime, policy: ReminderPolicy, calendar: WorkingCalendar) -> None:
        self.now, self.policy, self.calendar = now, policy, calendar
        self.best: dict[tuple[int, bool, date], tuple[RecipientRole, Step, datetime]] = {}
        self._catch_up: tuple[datetime, date] | None = None
        self._last: tuple[tuple[Step, ...], list[tuple[Step, datetime, date]]] | None = None

    def add(self, unit: int, role: RecipientRole, steps: tuple[Step, ...]) -> None:
        is_head = role is RecipientRole.HEAD
        for step, at, day in self._timed(steps):
            slot = (unit, is_head, day)
            kept = self.best.get(slot)
            if kept is None or rank(step.kind, step.stage) > rank(kept[1].kind, kept[1].stage):
                self.best[slot] = (role, step, at)

    def _timed(self, steps: tuple[Step, ...]) -> list[tuple[Step, datetime, date]]:
        """Each step that still goes, with when: as planned, at the next send slot while it is
        current, or not at all. Units hearing the same steps share the answer."""
        if self._last is not None and self._last[0] is steps:
            return self._last[1]
        timed = []
        for step in steps:
            if step.at >= self.now:
                timed.append((step, step.at, step.day))
            elif self.now < step.until:
                at, day = self._catch_up_slot()
                if at < step.until:
                    timed.append((step, at, day))
        self._last = steps, timed
        return timed

    def reminders(self, facts: OccurrenceFacts) -> list[PlannedReminder]:
        return [
            PlannedReminder(
                occurrence_id=facts.occurrence_id,
                plan_id=facts.plan_id,
                kind=step.kind,
                stage=step.stage,
                recipient_unit=unit,
                role=role,
                due_at=at,
                task_ref=facts.task_ref,
                due=facts.due,
            )
            for (unit, _, _), (role, step, at) in self.best.items()
        ]

    def _catch_up_slot(self) -> tuple[datetime, date]:
        """Computed once, and only when something was missed."""
        if self._catch_up is None:
            at = next_send_slot(self.now, self.policy, self.calendar)
            self._catch_up = at, local_day(at)
        return self._catch_up
