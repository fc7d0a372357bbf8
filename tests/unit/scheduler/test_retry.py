"""Retry timing: exponential backoff with equal jitter, the cap, a channel's retry_after."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.retry import backoff_bounds, gives_up, next_attempt

NOW = datetime(2025, 9, 3, 1, 0, tzinfo=UTC)
attempt_counts = st.integers(min_value=1, max_value=200)
seeds = st.integers(min_value=0, max_value=2**32)


def test_the_first_retries_by_hand() -> None:
    assert backoff_bounds(1) == (timedelta(seconds=30), timedelta(minutes=1))
    assert backoff_bounds(2) == (timedelta(minutes=1), timedelta(minutes=2))
    assert backoff_bounds(4) == (timedelta(minutes=4), timedelta(minutes=8))
    # 2**9 minutes is past 6 hours: capped
    assert backoff_bounds(10) == (timedelta(hours=3), timedelta(hours=6))


@given(attempt_counts, seeds)
def test_a_delay_stays_within_its_bounds_and_the_cap(attempts: int, seed: int) -> None:
    low, high = backoff_bounds(attempts)
    at = next_attempt(attempts, NOW, rng=random.Random(seed))
    assert low <= at - NOW <= high <= timedelta(hours=6)
    assert low >= timedelta(seconds=30)  # never at once


@given(attempt_counts)
def test_the_expected_delay_never_decreases(attempts: int) -> None:
    low, high = backoff_bounds(attempts)
    next_low, next_high = backoff_bounds(attempts + 1)
    assert next_low >= low
    assert next_high >= high
    assert (next_low + next_high) / 2 >= (low + high) / 2


@given(attempt_counts, seeds, st.integers(min_value=0, max_value=3 * 24 * 3600))
def test_retry_after_is_honoured(attempts: int, seed: int, seconds: int) -> None:
    retry_after = timedelta(seconds=seconds)
    at = next_attempt(attempts, NOW, rng=random.Random(seed), retry_after=retry_after)
    _, high = backoff_bounds(attempts)
    assert at - NOW >= retry_after
    assert at - NOW <= max(high, retry_after)


def test_the_same_seed_gives_the_same_time() -> None:
    first = next_attempt(3, NOW, rng=random.Random(7))
    assert first == next_attempt(3, NOW, rng=random.Random(7))


def test_jitter_spreads_retries_of_reminders_failing_together() -> None:
    rng = random.Random(1)
    times = {next_attempt(5, NOW, rng=rng) for _ in range(50)}
    assert len(times) == 50


def test_other_base_and_cap() -> None:
    low, high = backoff_bounds(3, base=timedelta(seconds=10), cap=timedelta(seconds=30))
    assert (low, high) == (timedelta(seconds=15), timedelta(seconds=30))


@pytest.mark.parametrize(
    ("attempts", "base", "cap"),
    [(0, timedelta(minutes=1), timedelta(hours=1)), (1, timedelta(0), timedelta(hours=1))],
)
def test_nonsense_is_refused(attempts: int, base: timedelta, cap: timedelta) -> None:
    with pytest.raises(ValueError, match=r"attempts|base"):
        backoff_bounds(attempts, base=base, cap=cap)


def test_giving_up() -> None:
    assert not gives_up(7)
    assert gives_up(8)
    assert gives_up(3, max_attempts=3)
    assert not gives_up(2, max_attempts=3)
