"""What the scheduler reasons about: occurrences as facts and the reminders planned from them.
Pure values shared by planning, catch-up and the passes; the messages built from them are the
notifier port's (``notifiers.message``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from notifiers.message import RecipientRole, ReminderKind


@dataclass(frozen=True)
class OccurrenceFacts:
    """What planning needs to know about one occurrence (read from the store)."""

    occurrence_id: int
    plan_id: int
    task_ref: str
    state: str  # a workflows.workflow.State value
    start: date | None
    due: date | None  # the last on-time day; None: no date yet
    reported_at: datetime | None
    check_in: bool  # continuous work: a monthly check-in, never overdue
    lead_units: tuple[int, ...]  # unit ids, groups expanded
    partner_units: tuple[int, ...]
    office_unit: int | None
    version: int = 1  # the occurrence's version when read (stale reminders are recognised)


@dataclass(frozen=True)
class RequestFacts:
    """A lead's request to a partner for its part by a date (read from the store)."""

    request_id: int
    occurrence_id: int
    plan_id: int
    task_ref: str
    partner_unit: int
    due: date  # the date the partner is asked to answer by
    asked_at: datetime
    answered: bool


@dataclass(frozen=True)
class PlannedReminder:
    """One reminder one unit should receive about one occurrence, at one instant.

    ``key`` identifies it across planning passes: planning twice yields the same keys, so the
    outbox stores it once. The channel is chosen later, from the unit's contacts.
    """

    occurrence_id: int | None  # None for reminders about a whole plan (office weekly list)
    plan_id: int
    kind: ReminderKind
    stage: int  # 0, or which one of a series (days before due; overdue notice number; ISO week)
    recipient_unit: int
    role: RecipientRole
    due_at: datetime  # aware, UTC: when it should go out
    task_ref: str = ""
    due: date | None = None

    @property
    def key(self) -> str:
        subject = f"o{self.occurrence_id}" if self.occurrence_id is not None else f"p{self.plan_id}"
        return f"{subject}:{self.kind.value}:{self.stage}:u{self.recipient_unit}:{self.role.value}"


def require_aware(instant: datetime) -> datetime:
    """``instant`` itself; ``ValueError`` if it is naive (every instant here is aware)."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"instants must be timezone-aware, got naive {instant.isoformat()}")
    return instant
