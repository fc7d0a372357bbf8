"""The four standing buckets: a hand-computed plan, the midnight edge, returns, bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflows.standing import LOCAL_TZ, Bucket, bucket, count_buckets, overdue_from
from workflows.workflow import State


def local(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=LOCAL_TZ)


NOW = local(2025, 10, 15, 9, 0)
# (state, due, reported_at, expected bucket at NOW), each worked out by hand.
PLAN: list[tuple[State, date | None, datetime | None, Bucket | None]] = [
    # reported the day before the due day, verified later
    (State.VERIFIED, date(2025, 9, 30), local(2025, 9, 29, 10, 0), Bucket.DONE_ON_TIME),
    # reported the morning after the due day
    (State.VERIFIED, date(2025, 9, 30), local(2025, 10, 1, 8, 0), Bucket.DONE_LATE),
    # 00:30 local on 1/10 is still 30/9 in UTC: late all the same
    (State.VERIFIED, date(2025, 9, 30), local(2025, 10, 1, 0, 30), Bucket.DONE_LATE),
    # awaiting verification, reported in time: the clock stopped although NOW is past due
    (State.REPORTED, date(2025, 10, 10), local(2025, 10, 9, 16, 0), Bucket.OPEN_ON_TIME),
    # awaiting verification, reported two days late
    (State.REPORTED, date(2025, 10, 10), local(2025, 10, 12, 8, 0), Bucket.OPEN_LATE),
    (State.IN_PROGRESS, date(2025, 10, 31), None, Bucket.OPEN_ON_TIME),
    # due yesterday, never started
    (State.ASSIGNED, date(2025, 10, 14), None, Bucket.OPEN_LATE),
    (State.RETURNED, date(2025, 10, 20), None, Bucket.OPEN_ON_TIME),
    (State.REOPENED, date(2025, 9, 30), None, Bucket.OPEN_LATE),
    # due today: on time until midnight
    (State.IN_PROGRESS, date(2025, 10, 15), None, Bucket.OPEN_ON_TIME),
    (State.CANCELLED, date(2025, 9, 30), None, None),
    # an event-relative task whose event is not recorded yet
    (State.ASSIGNED, None, None, None),
]


@pytest.mark.parametrize(("state", "due", "reported_at", "want"), PLAN)
def test_each_occurrence_of_the_plan(
    state: State, due: date | None, reported_at: datetime | None, want: Bucket | None
) -> None:
    assert bucket(state, due, reported_at, NOW) is want


def test_plan_counts() -> None:
    items = [(state, due, reported_at) for state, due, reported_at, _ in PLAN]
    assert count_buckets(items, NOW) == {
        Bucket.DONE_ON_TIME: 1,
        Bucket.DONE_LATE: 2,
        Bucket.OPEN_ON_TIME: 4,
        Bucket.OPEN_LATE: 3,
    }


def test_counts_list_every_bucket_even_when_empty() -> None:
    assert count_buckets([], NOW) == dict.fromkeys(Bucket, 0)


def test_overdue_from_is_local_midnight_after_the_due_day_in_utc() -> None:
    start = overdue_from(date(2025, 7, 30))
    assert start == datetime(2025, 7, 30, 17, 0, tzinfo=UTC)
    assert start.utcoffset() == timedelta(0)
    assert start.astimezone(LOCAL_TZ) == local(2025, 7, 31, 0, 0)


@pytest.mark.parametrize(
    ("now", "want"),
    [
        (local(2025, 7, 30, 23, 59, 59), Bucket.OPEN_ON_TIME),
        (datetime(2025, 7, 30, 16, 59, 59, tzinfo=UTC), Bucket.OPEN_ON_TIME),
        (local(2025, 7, 31, 0, 0), Bucket.OPEN_LATE),
        (datetime(2025, 7, 30, 17, 0, tzinfo=UTC), Bucket.OPEN_LATE),
    ],
)
def test_open_work_becomes_late_at_local_midnight(now: datetime, want: Bucket) -> None:
    assert bucket(State.IN_PROGRESS, date(2025, 7, 30), None, now) is want


@pytest.mark.parametrize(
    ("reported_at", "want"),
    [
        (local(2025, 7, 30, 23, 59, 59), Bucket.DONE_ON_TIME),
        (local(2025, 7, 31, 0, 0), Bucket.DONE_LATE),
    ],
)
def test_a_report_in_the_last_second_is_on_time(reported_at: datetime, want: Bucket) -> None:
    later = local(2025, 9, 1, 10, 0)
    assert bucket(State.VERIFIED, date(2025, 7, 30), reported_at, later) is want


def test_reported_in_time_then_returned_runs_the_clock_again() -> None:
    due = date(2025, 10, 10)
    reported = local(2025, 10, 9, 16, 0)
    before_return = local(2025, 10, 11, 9, 0)
    assert bucket(State.REPORTED, due, reported, before_return) is Bucket.OPEN_ON_TIME
    # The office returns it after the due day: the report instant is cleared, the task is late.
    assert bucket(State.RETURNED, due, None, before_return) is Bucket.OPEN_LATE
    # A stale report instant left on a returned occurrence does not stop the clock either.
    assert bucket(State.RETURNED, due, reported, before_return) is Bucket.OPEN_LATE


def test_returned_before_the_due_day_is_still_on_time() -> None:
    due = date(2025, 10, 10)
    assert bucket(State.RETURNED, due, None, local(2025, 10, 10, 12, 0)) is Bucket.OPEN_ON_TIME


@pytest.mark.parametrize(
    ("reported_at", "now"),
    [
        (None, datetime(2025, 10, 15, 9, 0)),
        (datetime(2025, 10, 9, 9, 0), NOW),
    ],
    ids=["naive-now", "naive-reported_at"],
)
def test_naive_datetimes_are_refused(reported_at: datetime | None, now: datetime) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        bucket(State.REPORTED, date(2025, 10, 10), reported_at, now)


@pytest.mark.parametrize("state", [State.VERIFIED, State.REPORTED])
def test_reported_states_need_their_report_instant(state: State) -> None:
    with pytest.raises(ValueError, match="reported_at"):
        bucket(state, date(2025, 10, 10), None, NOW)


DONE = {Bucket.DONE_ON_TIME, Bucket.DONE_LATE}
OPEN = {Bucket.OPEN_ON_TIME, Bucket.OPEN_LATE}
zones = st.sampled_from(
    [UTC, LOCAL_TZ, timezone(timedelta(hours=-5)), timezone(timedelta(hours=14))]
)
instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31), timezones=zones
)
dues = st.none() | st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))


@given(state=st.sampled_from(State), due=dues, reported_at=instants, now=instants)
def test_one_bucket_of_the_right_kind(
    state: State, due: date | None, reported_at: datetime, now: datetime
) -> None:
    got = bucket(state, due, reported_at, now)
    if state in {State.CANCELLED, State.SUSPENDED} or due is None:
        assert got is None  # a suspended occurrence's clock stops (issue 14)
    elif state is State.VERIFIED:
        assert got in DONE
    else:
        assert got in OPEN
    late = {Bucket.DONE_LATE, Bucket.OPEN_LATE}
    clock = now if state not in {State.VERIFIED, State.REPORTED} else reported_at
    if got is not None:
        assert due is not None
        assert (got in late) == (clock.astimezone(LOCAL_TZ).date() > due)


@given(state=st.sampled_from(State), due=dues, reported_at=instants, now=instants)
def test_the_same_instants_in_another_zone_give_the_same_bucket(
    state: State, due: date | None, reported_at: datetime, now: datetime
) -> None:
    moved = bucket(state, due, reported_at.astimezone(UTC), now.astimezone(LOCAL_TZ))
    assert moved is bucket(state, due, reported_at, now)


@given(
    st.lists(st.tuples(st.sampled_from(State), dues, instants), max_size=30),
    instants,
)
def test_counts_add_up_to_the_occurrences_with_a_bucket(
    items: list[tuple[State, date | None, datetime]], now: datetime
) -> None:
    counts = count_buckets(items, now)
    paused = {State.CANCELLED, State.SUSPENDED}
    with_bucket = [i for i in items if i[0] not in paused and i[1] is not None]
    assert sum(counts.values()) == len(with_bucket)
