"""Deadline extensions, returned work's new date, suspension and the deadline history (pure).

The transition table (``workflows.workflow_rules``) says who may ask, grant, refuse, reassign,
suspend and resume, and from which states. This module holds the rules about dates it cannot
express: an extension asks for a day after the current due date; at most ``cap`` requests per
occurrence are open or approved; one request waits at a time; a request made once the
occurrence is overdue is allowed but flagged ``late``. ``now`` is an argument; no I/O.

How due dates behave across a suspension: the days an occurrence spends suspended do not count
late. On resumption its due date moves on by the whole local days it was suspended (paused on
the 3rd, resumed on the 10th: seven more days), recorded in the deadline history like any
other change; an undated occurrence stays undated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from workflows.event_payloads import DueSource
from workflows.standing import LOCAL_TZ, overdue_from
from workflows.workflow import Refusal

DEFAULT_CAP = 2  # open or approved requests per occurrence (settings: workflow.extension_cap)


class ExtensionStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class ExtensionCode(StrEnum):
    """Why a date or a move was refused: catalogue key ``extensions.refused.<code>``."""

    NO_DUE_DATE = "extension_no_due_date"  # nothing to extend: the occurrence has no date yet
    NOT_LATER = "extension_not_later"  # the asked or granted date is not after the due date
    ALREADY_PENDING = "extension_already_pending"  # one request waits for the office already
    CAP_REACHED = "extension_cap_reached"  # ``cap`` requests are open or approved already
    NONE_PENDING = "extension_none_pending"  # approve/refuse: no request waits
    REDO_IN_PAST = "redo_in_past"  # «thực hiện lại trước ngày …» before today
    SAME_LEAD = "reassign_same_lead"  # the task is already led by that unit


@dataclass(frozen=True)
class Ask:
    """An extension request the rules accept: the day asked for, and whether it came late."""

    requested: date
    late: bool  # made once the occurrence was overdue: allowed, but it says so


def check_request(
    *,
    due: date | None,
    requested: date,
    earlier: Iterable[ExtensionStatus],
    cap: int,
    now: datetime,
) -> Ask | Refusal:
    """Whether the lead may ask to move ``due`` to ``requested``, given its ``earlier``
    requests for the same occurrence."""
    if due is None:
        return Refusal(ExtensionCode.NO_DUE_DATE, {})
    if requested <= due:
        return Refusal(ExtensionCode.NOT_LATER, {"due": due.isoformat()})
    statuses = list(earlier)
    if ExtensionStatus.PENDING in statuses:
        return Refusal(ExtensionCode.ALREADY_PENDING, {})
    counted = sum(status is not ExtensionStatus.REFUSED for status in statuses)
    if counted >= cap:
        return Refusal(ExtensionCode.CAP_REACHED, {"cap": str(cap)})
    return Ask(requested, late=now >= overdue_from(due))


def check_grant(*, due: date | None, pending: bool, granted: date) -> date | Refusal:
    """The day the office grants (the asked one, or another it names), if it may."""
    if not pending:
        return Refusal(ExtensionCode.NONE_PENDING, {})
    if due is not None and granted <= due:
        return Refusal(ExtensionCode.NOT_LATER, {"due": due.isoformat()})
    return granted


def check_refusal(*, pending: bool) -> Refusal | None:
    return None if pending else Refusal(ExtensionCode.NONE_PENDING, {})


def check_redo(redo: date, now: datetime) -> Refusal | None:
    """«Thực hiện lại trước ngày …»: today or later (the returned work's new due date)."""
    today = now.astimezone(LOCAL_TZ).date()
    if redo < today:
        return Refusal(ExtensionCode.REDO_IN_PAST, {"today": today.isoformat()})
    return None


def resumed_due(due: date | None, suspended_at: datetime | None, now: datetime) -> date | None:
    """The due date after a suspension from ``suspended_at`` to ``now`` (see the module doc)."""
    if due is None or suspended_at is None:
        return due
    paused = now.astimezone(LOCAL_TZ).date() - suspended_at.astimezone(LOCAL_TZ).date()
    return due + paused if paused.days > 0 else due


@dataclass(frozen=True)
class DeadlineChange:
    before: date | None
    after: date
    source: DueSource
    at: datetime


@dataclass(frozen=True)
class DeadlineHistory:
    """An occurrence's original due date and every change to it since, oldest first."""

    original: date | None
    changes: tuple[DeadlineChange, ...]

    @property
    def current(self) -> date | None:
        return self.changes[-1].after if self.changes else self.original

    @property
    def extended(self) -> bool:
        """Whether an extension was granted: «đúng hạn (đã gia hạn)» rather than «đúng hạn»."""
        return any(change.source is DueSource.EXTENSION for change in self.changes)


def deadline_history(current: date | None, changes: Sequence[DeadlineChange]) -> DeadlineHistory:
    """The history of a due date now ``current``, from its ``changes`` (oldest first)."""
    ordered = tuple(sorted(changes, key=lambda change: change.at))
    original = ordered[0].before if ordered else current
    return DeadlineHistory(original, ordered)
