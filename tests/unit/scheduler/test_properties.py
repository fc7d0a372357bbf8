"""Planning invariants over many dates, windows, states and instants (hypothesis)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.catchup import addressee
from scheduler.model import OccurrenceFacts
from scheduler.planning.reminders import plan_occurrence
from scheduler.planning.slots import next_send_slot
from tests.unit.scheduler.build import CALENDAR, POLICY, facts, local
from workflows.standing import LOCAL_TZ

OPEN = ["assigned", "in_progress", "returned", "reopened", "reported"]
instants = st.datetimes(min_value=datetime(2025, 5, 1), max_value=datetime(2026, 9, 30)).map(
    lambda naive: naive.replace(tzinfo=LOCAL_TZ)
)


@st.composite
def occurrences(draw: st.DrawFn) -> OccurrenceFacts:
    due = draw(st.dates(min_value=date(2025, 6, 1), max_value=date(2026, 6, 30)))
    length = draw(st.none() | st.integers(min_value=0, max_value=120))
    start = None if length is None else due - timedelta(days=length)
    leads = tuple(draw(st.sets(st.integers(10, 14), min_size=1, max_size=3)))
    partners = tuple(draw(st.sets(st.integers(12, 16), max_size=3)))
    office = draw(st.none() | st.integers(10, 17))
    state = draw(st.sampled_from(OPEN))
    return facts(
        due,
        start=start,
        state=state,
        reported_at=draw(instants) if state == "reported" else None,
        check_in=draw(st.booleans()),
        leads=leads,
        partners=partners,
        office=office,
    )


@settings(max_examples=300, deadline=None)
@given(occurrences(), instants)
def test_reminders_go_on_working_days_at_the_send_time_or_the_next_slot(
    occurrence: OccurrenceFacts, now: datetime
) -> None:
    planned = plan_occurrence(occurrence, POLICY, CALENDAR, now)
    catch_up = next_send_slot(now, POLICY, CALENDAR)
    for reminder in planned:
        sent = reminder.due_at.astimezone(LOCAL_TZ)
        assert reminder.due_at >= now
        assert CALENDAR.is_working_day(sent.date())
        assert not POLICY.in_quiet_hours(sent.time())
        assert sent.time() == POLICY.send_at or reminder.due_at == catch_up


@settings(max_examples=300, deadline=None)
@given(occurrences(), instants)
def test_one_reminder_per_addressee_a_day_and_stable_keys(
    occurrence: OccurrenceFacts, now: datetime
) -> None:
    planned = plan_occurrence(occurrence, POLICY, CALENDAR, now)
    assert planned == plan_occurrence(occurrence, POLICY, CALENDAR, now)
    assert len({r.key for r in planned}) == len(planned)
    days = {(addressee(r), r.due_at.astimezone(LOCAL_TZ).date()) for r in planned}
    assert len(days) == len(planned)


@settings(max_examples=300, deadline=None)
@given(occurrences(), instants, st.integers(min_value=0, max_value=40 * 24 * 60))
def test_planning_later_never_invents_a_reminder(
    occurrence: OccurrenceFacts, now: datetime, minutes_later: int
) -> None:
    """What a later pass plans, an earlier pass planned too: the outbox never gets a reminder
    the earlier pass had already decided against (e.g. after it was superseded)."""
    earlier = {r.key for r in plan_occurrence(occurrence, POLICY, CALENDAR, now)}
    later_now = now + timedelta(minutes=minutes_later)
    later = {r.key for r in plan_occurrence(occurrence, POLICY, CALENDAR, later_now)}
    assert later <= earlier


@given(occurrences(), st.sampled_from(["verified", "cancelled"]), instants)
def test_closed_work_is_never_reminded(
    occurrence: OccurrenceFacts, state: str, now: datetime
) -> None:
    closed = facts(occurrence.due, state=state, reported_at=local(2025, 5, 1))
    assert plan_occurrence(closed, POLICY, CALENDAR, now) == []
