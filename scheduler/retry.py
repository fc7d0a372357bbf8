"""When to try a failed delivery again. Pure: the caller passes ``now`` and a random source.

Exponential backoff with *equal jitter*: after the n-th failed attempt the ceiling is
``min(cap, base * 2**(n-1))`` and the delay is drawn uniformly from ``[ceiling/2, ceiling]``.
Equal jitter rather than full jitter: full jitter (``[0, ceiling]``) may retry at once, which
hammers a mail server or bot API that just failed; half the ceiling guarantees a real pause
while the random half still spreads the retries of many reminders failing together (an SMTP
outage at 08:00 fails every digest at once). Both bounds double with each attempt until the
cap, so the expected delay never decreases.

A channel's own ``retry_after`` (Telegram's flood control, an SMTP 4xx with a hint) wins when
it is longer: trying earlier would only fail again. It may exceed ``cap``.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

DEFAULT_BASE = timedelta(minutes=1)
DEFAULT_CAP = timedelta(hours=6)
DEFAULT_MAX_ATTEMPTS = 8
_MAX_DOUBLINGS = 64  # beyond this every ceiling is the cap anyway


def backoff_bounds(
    attempts: int, *, base: timedelta = DEFAULT_BASE, cap: timedelta = DEFAULT_CAP
) -> tuple[timedelta, timedelta]:
    """The range the delay after ``attempts`` failed attempts is drawn from."""
    if attempts < 1:
        raise ValueError(f"attempts counts failed attempts and starts at 1, got {attempts}")
    if base <= timedelta(0) or cap < base:
        raise ValueError(f"need 0 < base <= cap, got base={base} cap={cap}")
    doublings = min(attempts - 1, _MAX_DOUBLINGS)
    ceiling = min(cap.total_seconds(), base.total_seconds() * 2.0**doublings)
    return timedelta(seconds=ceiling / 2), timedelta(seconds=ceiling)


def next_attempt(
    attempts: int,
    now: datetime,
    *,
    rng: random.Random,
    base: timedelta = DEFAULT_BASE,
    cap: timedelta = DEFAULT_CAP,
    retry_after: timedelta | None = None,
) -> datetime:
    """When to try again after ``attempts`` failed attempts (1 after the first failure)."""
    low, high = backoff_bounds(attempts, base=base, cap=cap)
    drawn = timedelta(seconds=rng.uniform(low.total_seconds(), high.total_seconds()))
    delay = min(max(drawn, low), high)  # float rounding never leaves the range
    if retry_after is not None and retry_after > delay:
        delay = retry_after
    return now + delay


def gives_up(attempts: int, max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> bool:
    """Whether ``attempts`` failed attempts are enough: the row becomes a dead letter."""
    return attempts >= max_attempts
