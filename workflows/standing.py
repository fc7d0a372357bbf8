"""An occurrence's standing: the four buckets Vietnamese task tracking reports.

From the specification (deadline-semantics.md, "What overdue and done mean"):

- **hoàn thành đúng hạn** (``done_on_time``): verified, and the lead unit reported before the
  occurrence became overdue; **hoàn thành quá hạn** (``done_late``): verified, reported after.
  The report instant counts, not the verification, which may come later.
- **chưa hoàn thành, trong hạn** (``open_on_time``) / **chưa hoàn thành, quá hạn**
  (``open_late``): still open. While a report awaits verification the clock stopped when the
  unit reported, so a report sent in time stays on time. In every other open state
  (assigned, in progress, returned, reopened) the clock runs: the standing depends on ``now``.
  A return or a reopening clears the report instant, so the clock runs again.
- No bucket (``None``) for a suspended occurrence (no overdue clock while paused; shown
  apart), for a cancelled occurrence or one without a due date (its date is still
  awaited: an event not yet recorded, a date the office has not set).

``due`` is the last on-time day (see ``workflows.schedule.Occurrence``): the occurrence is
overdue from 00:00 in Asia/Ho_Chi_Minh on the next day. Instants must be timezone-aware.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from workflows.workflow import State

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class Bucket(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OPEN_ON_TIME = "open_on_time"
    OPEN_LATE = "open_late"


def overdue_from(due: date) -> datetime:
    """The first late instant, in UTC: 00:00 local time on the day after ``due``."""
    local_midnight = datetime.combine(due + timedelta(days=1), time(0), tzinfo=LOCAL_TZ)
    return local_midnight.astimezone(UTC)


def bucket(
    state: State,
    due: date | None,
    reported_at: datetime | None,
    now: datetime,
    *,
    check_in: bool = False,
) -> Bucket | None:
    """The occurrence's standing at ``now``; ``None`` when cancelled or without a due date.

    A ``check_in`` of continuous work ("Thường xuyên") is never overdue by itself (rule 6):
    it stands on time whether or not the month's report came in time.
    """
    _require_aware(now, "now")
    if reported_at is not None:
        _require_aware(reported_at, "reported_at")
    if state in {State.CANCELLED, State.SUSPENDED} or due is None:
        return None  # a suspended occurrence's clock stops: it is shown apart
    if check_in:
        return Bucket.DONE_ON_TIME if state is State.VERIFIED else Bucket.OPEN_ON_TIME
    deadline = overdue_from(due)
    if state is State.VERIFIED:
        on_time = _reported(state, reported_at) < deadline
        return Bucket.DONE_ON_TIME if on_time else Bucket.DONE_LATE
    clock = _reported(state, reported_at) if state is State.REPORTED else now
    return Bucket.OPEN_ON_TIME if clock < deadline else Bucket.OPEN_LATE


def count_buckets(
    items: Iterable[tuple[State, date | None, datetime | None]], now: datetime
) -> dict[Bucket, int]:
    """How many occurrences stand in each bucket at ``now`` (every bucket present, maybe 0).

    ``items`` are ``(state, due, reported_at)``; those without a bucket are not counted.
    """
    counts = Counter(bucket(state, due, reported_at, now) for state, due, reported_at in items)
    return {kind: counts[kind] for kind in Bucket}


def _reported(state: State, reported_at: datetime | None) -> datetime:
    """The report instant a reported or verified occurrence must have (the store keeps it)."""
    if reported_at is None:
        raise ValueError(f"a {state.value} occurrence needs its report instant (reported_at)")
    return reported_at


def _require_aware(instant: datetime, name: str) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {instant.isoformat()}")
