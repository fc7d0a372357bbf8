"""``workflows.as_of``: an occurrence at a past instant, from its stored row and its log.

Random histories go through the real state machine (``decide``) while a row is written the
way the use cases write it (``services.tasks._changes``, ``change_date``, an approved
extension's flag); the row is kept after every change. Replaying the final row and the whole
log at any instant must give the row kept at that instant.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from workflows.as_of import (
    Logged,
    OccurrenceFacts,
    Reassigned,
    lead_as_of,
    occurrence_as_of,
)
from workflows.event_payloads import DueDateChanged, DueSource, StateChanged
from workflows.workflow import Move, Request, allowed_actions, decide
from workflows.workflow_rules import Action, Role, State

CREATED = datetime(2025, 7, 1, 1, 0, tzinfo=UTC)
ROLES = frozenset({Role.LEAD, Role.OFFICE})
# Moves that write no column (their own rows elsewhere): a note, a request, a reassignment.
UNWRITTEN = frozenset(
    {Action.NOTE, Action.EXTEND, Action.APPROVE_EXTENSION, Action.REFUSE_EXTENSION}
)


def _row(due: date | None = date(2025, 9, 30), start: date | None = None) -> OccurrenceFacts:
    return OccurrenceFacts(
        created_at=CREATED,
        state=State.ASSIGNED,
        due_date=due,
        start_date=start,
        due_source="plan",
        reported_at=None,
        reported_on_behalf=False,
        verified_at=None,
        extended=False,
        suspended_at=None,
        suspended_from=None,
    )


def _written(row: OccurrenceFacts, move: Move, now: datetime) -> OccurrenceFacts:
    """What ``services.tasks._changes`` writes for ``move``."""
    if move.action in UNWRITTEN:
        return row
    row = replace(row, state=move.to_state)
    if move.records_report:
        row = replace(row, reported_at=now, reported_on_behalf=move.on_behalf)
    if move.clears_report:
        row = replace(row, reported_at=None, reported_on_behalf=False, verified_at=None)
    if move.action is Action.VERIFY:
        row = replace(row, verified_at=now)
    if move.action is Action.SUSPEND:
        row = replace(row, suspended_at=now, suspended_from=move.from_state.value)
    if move.action is Action.RESUME:
        row = replace(row, suspended_at=None, suspended_from=None)
    return row


def _request(action: Action) -> Request:
    return Request(action, note="lý do", evidence="Số 1/BC")


@st.composite
def histories(
    draw: st.DrawFn,
) -> tuple[OccurrenceFacts, list[Logged], list[tuple[datetime, OccurrenceFacts]]]:
    due = draw(st.sampled_from([None, date(2025, 9, 30)]))
    row = _row(due, draw(st.sampled_from([None, date(2025, 8, 1)])))
    log: list[Logged] = []
    kept = [(CREATED, row)]
    now = CREATED
    for _ in range(draw(st.integers(0, 14))):
        now += timedelta(hours=draw(st.integers(1, 24 * 20)))
        if draw(st.integers(0, 3)) == 0:  # a date set or moved, else a move
            source = draw(st.sampled_from(list(DueSource)))
            due = (row.due_date or date(2025, 9, 1)) + timedelta(days=draw(st.integers(1, 40)))
            # The import's start is not logged: the changes keep it (as an extension or a
            # resumption does), else the past's start is the one the first change left.
            start = row.start_date
            log.append(Logged(now, DueDateChanged(row.due_date, due, start, source)))
            row = replace(row, due_date=due, start_date=start, due_source=source.value)
            if source is DueSource.EXTENSION:
                row = replace(row, extended=True)
        else:
            choices = [a for a in allowed_actions(row.state, ROLES) if a is not Action.REASSIGN]
            if not choices:
                break
            action = draw(st.sampled_from(choices))
            paused = State(row.suspended_from) if row.suspended_from else None
            move = decide(row.state, ROLES, _request(action), resume_to=paused)
            assert isinstance(move, Move), move
            payload = StateChanged(move.action, move.from_state, move.to_state, move.on_behalf)
            log.append(Logged(now, payload))
            row = _written(row, move, now)
        kept.append((now, row))
    return row, log, kept


@settings(max_examples=300, deadline=None)
@given(histories(), st.data())
def test_the_row_at_any_instant_is_the_one_kept_then(
    history: tuple[OccurrenceFacts, list[Logged], list[tuple[datetime, OccurrenceFacts]]],
    data: st.DataObject,
) -> None:
    final, log, kept = history
    for at, then in kept:
        assert occurrence_as_of(final, log, at) == then
        later = at + timedelta(minutes=data.draw(st.integers(0, 59)))
        if all(when <= at or when > later for when, _ in kept):
            assert occurrence_as_of(final, log, later) == then
    assert occurrence_as_of(final, log, CREATED - timedelta(seconds=1)) is None


def test_nothing_logged_after_the_instant_is_the_stored_row_itself() -> None:
    row = replace(_row(), state=State.REPORTED, reported_at=CREATED + timedelta(days=3))
    # A row the log does not explain (older than the log) is kept as it is.
    assert occurrence_as_of(row, [], CREATED + timedelta(days=1)) is row


def test_a_later_cancellation_leaves_the_work_open_then() -> None:
    cancel = StateChanged(Action.CANCEL, State.IN_PROGRESS, State.CANCELLED)
    start = StateChanged(Action.START, State.ASSIGNED, State.IN_PROGRESS)
    row = replace(_row(), state=State.CANCELLED)
    log = [Logged(CREATED + timedelta(days=2), start), Logged(CREATED + timedelta(days=9), cancel)]
    then = occurrence_as_of(row, log, CREATED + timedelta(days=5))
    assert then is not None
    assert then.state is State.IN_PROGRESS


def test_the_lead_then_is_the_one_the_first_later_reassignment_took_the_task_from() -> None:
    moves = [
        Reassigned(CREATED + timedelta(days=5), ("Phòng A",)),
        Reassigned(CREATED + timedelta(days=9), ("Phòng B",)),
    ]
    assert lead_as_of(("Phòng C",), moves, CREATED + timedelta(days=1)) == ("Phòng A",)
    assert lead_as_of(("Phòng C",), moves, CREATED + timedelta(days=6)) == ("Phòng B",)
    assert lead_as_of(("Phòng C",), moves, CREATED + timedelta(days=10)) == ("Phòng C",)
