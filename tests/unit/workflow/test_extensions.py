"""Issue 14's rules about dates (workflows.extensions) and its rows of the transition table:
extension requests, grants and refusals, the cap, late requests, «thực hiện lại trước ngày …»,
suspension and resumption, reassignment, and the deadline history."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from workflows.event_payloads import DueSource
from workflows.extensions import (
    Ask,
    DeadlineChange,
    ExtensionCode,
    ExtensionStatus,
    check_grant,
    check_redo,
    check_refusal,
    check_request,
    deadline_history,
    resumed_due,
)
from workflows.progress import current_occurrence, task_state
from workflows.standing import Bucket, bucket
from workflows.workflow import Action, Move, Refusal, Request, Role, State, decide

LEAD = frozenset({Role.LEAD})
OFFICE = frozenset({Role.OFFICE})
PARTNER = frozenset({Role.PARTNER})
DUE = date(2025, 9, 30)
BEFORE = datetime(2025, 9, 20, 3, tzinfo=UTC)  # 10:00 in Hà Nội, ten days before
AFTER = datetime(2025, 9, 30, 17, 30, tzinfo=UTC)  # 00:30 on 1 October in Hà Nội: overdue


def _ask(earlier: list[ExtensionStatus], *, cap: int = 2, now: datetime = BEFORE) -> object:
    return check_request(due=DUE, requested=date(2025, 10, 15), earlier=earlier, cap=cap, now=now)


def test_a_first_request_before_the_due_date_is_accepted_and_not_late() -> None:
    assert _ask([]) == Ask(date(2025, 10, 15), late=False)


def test_a_request_once_overdue_is_accepted_but_flagged_late() -> None:
    assert _ask([], now=AFTER) == Ask(date(2025, 10, 15), late=True)


def test_the_last_instant_of_the_due_day_is_not_late() -> None:
    last = datetime(2025, 9, 30, 16, 59, tzinfo=UTC)  # 23:59 in Hà Nội on the due day
    assert _ask([], now=last) == Ask(date(2025, 10, 15), late=False)


@pytest.mark.parametrize("requested", [date(2025, 9, 30), date(2025, 9, 1)])
def test_the_day_asked_for_must_be_after_the_due_date(requested: date) -> None:
    got = check_request(due=DUE, requested=requested, earlier=[], cap=2, now=BEFORE)
    assert got == Refusal(ExtensionCode.NOT_LATER, {"due": "2025-09-30"})


def test_an_undated_occurrence_cannot_be_extended() -> None:
    got = check_request(due=None, requested=DUE, earlier=[], cap=2, now=BEFORE)
    assert isinstance(got, Refusal)
    assert got.code == ExtensionCode.NO_DUE_DATE


def test_one_request_waits_at_a_time() -> None:
    got = _ask([ExtensionStatus.PENDING])
    assert isinstance(got, Refusal)
    assert got.code == ExtensionCode.ALREADY_PENDING


@pytest.mark.parametrize(
    ("earlier", "cap", "accepted"),
    [
        ([ExtensionStatus.APPROVED], 2, True),
        ([ExtensionStatus.APPROVED, ExtensionStatus.APPROVED], 2, False),
        ([ExtensionStatus.REFUSED, ExtensionStatus.REFUSED, ExtensionStatus.APPROVED], 2, True),
        ([ExtensionStatus.APPROVED], 1, False),
        ([], 0, False),
        ([ExtensionStatus.APPROVED] * 2, 3, True),
    ],
)
def test_the_cap_counts_open_and_approved_requests_not_refused_ones(
    earlier: list[ExtensionStatus], cap: int, accepted: bool
) -> None:
    got = _ask(earlier, cap=cap)
    assert isinstance(got, Ask) is accepted
    if not accepted:
        assert got == Refusal(ExtensionCode.CAP_REACHED, {"cap": str(cap)})


def test_the_office_grants_the_day_asked_or_another_later_one() -> None:
    assert check_grant(due=DUE, pending=True, granted=date(2025, 10, 10)) == date(2025, 10, 10)
    refused = check_grant(due=DUE, pending=True, granted=DUE)
    assert isinstance(refused, Refusal)
    assert refused.code == ExtensionCode.NOT_LATER


def test_nothing_to_grant_or_refuse_without_a_waiting_request() -> None:
    got = check_grant(due=DUE, pending=False, granted=date(2025, 10, 10))
    assert isinstance(got, Refusal)
    assert got.code == ExtensionCode.NONE_PENDING
    assert check_refusal(pending=True) is None
    assert check_refusal(pending=False) == Refusal(ExtensionCode.NONE_PENDING, {})


def test_the_redo_date_is_today_or_later_in_local_time() -> None:
    now = datetime(2025, 9, 30, 17, 30, tzinfo=UTC)  # already 1 October in Hà Nội
    assert check_redo(date(2025, 10, 1), now) is None
    assert check_redo(date(2025, 9, 30), now) == Refusal(
        ExtensionCode.REDO_IN_PAST, {"today": "2025-10-01"}
    )


def test_resumption_moves_the_due_date_by_the_days_suspended() -> None:
    paused = datetime(2025, 9, 3, 2, tzinfo=UTC)
    resumed = datetime(2025, 9, 10, 9, tzinfo=UTC)
    assert resumed_due(DUE, paused, resumed) == date(2025, 10, 7)
    assert resumed_due(DUE, paused, paused) == DUE  # resumed the same day: no change
    assert resumed_due(None, paused, resumed) is None


def test_the_deadline_history_keeps_the_original_and_every_change() -> None:
    first = DeadlineChange(DUE, date(2025, 10, 15), DueSource.EXTENSION, BEFORE)
    second = DeadlineChange(date(2025, 10, 15), date(2025, 10, 20), DueSource.SUSPENSION, AFTER)
    history = deadline_history(date(2025, 10, 20), [second, first])
    assert history.original == DUE
    assert history.changes == (first, second)
    assert history.current == date(2025, 10, 20)
    assert history.extended
    plain = deadline_history(DUE, [])
    assert (plain.original, plain.current, plain.extended) == (DUE, DUE, False)
    moved = deadline_history(
        date(2025, 10, 9), [DeadlineChange(DUE, date(2025, 10, 9), DueSource.RETURN, AFTER)]
    )
    assert not moved.extended  # a redo date is no extension


# -- the transition table's new rows ------------------------------------------------------------


@pytest.mark.parametrize("state", [State.ASSIGNED, State.IN_PROGRESS, State.RETURNED])
def test_the_lead_asks_for_an_extension_with_a_reason_keeping_the_state(state: State) -> None:
    got = decide(state, LEAD, Request(Action.EXTEND, note="Chờ số liệu"))
    assert isinstance(got, Move)
    assert got.to_state is state
    assert not got.closes
    missing = decide(state, LEAD, Request(Action.EXTEND))
    assert isinstance(missing, Refusal)
    assert missing.code == "missing_reason"


def test_a_reported_occurrence_needs_no_extension() -> None:
    got = decide(State.REPORTED, LEAD, Request(Action.EXTEND, note="Chờ số liệu"))
    assert isinstance(got, Refusal)
    assert got.code == "wrong_state"


@pytest.mark.parametrize(
    "action",
    [Action.APPROVE_EXTENSION, Action.REFUSE_EXTENSION, Action.REASSIGN, Action.SUSPEND],
)
@pytest.mark.parametrize("roles", [LEAD, PARTNER])
def test_only_the_office_decides_reassigns_and_suspends(
    action: Action, roles: frozenset[Role]
) -> None:
    got = decide(State.IN_PROGRESS, roles, Request(action, note="lý do"))
    assert isinstance(got, Refusal)
    assert got.code == "role_not_permitted"
    assert got.params["who"] == "office"


def test_a_partner_cannot_ask_for_an_extension() -> None:
    got = decide(State.IN_PROGRESS, PARTNER, Request(Action.EXTEND, note="lý do"))
    assert got == Refusal("role_not_permitted", {"action": "extend", "who": "lead"})


def test_the_office_approves_without_a_reason_but_refuses_with_one() -> None:
    assert isinstance(decide(State.IN_PROGRESS, OFFICE, Request(Action.APPROVE_EXTENSION)), Move)
    refused = decide(State.IN_PROGRESS, OFFICE, Request(Action.REFUSE_EXTENSION))
    assert isinstance(refused, Refusal)
    assert refused.code == "missing_reason"
    assert refused.params["example"] == "refuse_extension_reason"


@pytest.mark.parametrize("paused_in", [State.IN_PROGRESS, State.REPORTED, State.RETURNED])
def test_suspension_pauses_and_resumption_returns_to_the_state_paused_in(
    paused_in: State,
) -> None:
    paused = decide(paused_in, OFFICE, Request(Action.SUSPEND, note="Chờ hướng dẫn"))
    assert isinstance(paused, Move)
    assert paused.to_state is State.SUSPENDED
    assert not paused.closes
    resumed = decide(
        State.SUSPENDED, OFFICE, Request(Action.RESUME, note="Đã có"), resume_to=paused_in
    )
    assert isinstance(resumed, Move)
    assert resumed.to_state is paused_in


def test_nothing_but_resumption_while_suspended() -> None:
    for action in Action:
        for roles in (LEAD, OFFICE, PARTNER):
            got = decide(State.SUSPENDED, roles, Request(action, note="x", evidence="Số 1"))
            assert isinstance(got, Move) == (action is Action.RESUME and roles == OFFICE)


def test_a_suspended_occurrence_has_no_standing_and_stays_current_work() -> None:
    assert bucket(State.SUSPENDED, DUE, None, AFTER) is None
    assert bucket(State.IN_PROGRESS, DUE, None, AFTER) is Bucket.OPEN_LATE
    assert task_state([State.VERIFIED, State.SUSPENDED]) is State.SUSPENDED


class _Occ:
    def __init__(self, seq: int, state: State, due: date) -> None:
        self.seq, self.state, self.due_date, self.in_period = seq, state.value, due, True


def test_a_command_aimed_at_the_task_finds_its_suspended_occurrence() -> None:
    done, paused = _Occ(1, State.VERIFIED, DUE), _Occ(2, State.SUSPENDED, date(2025, 12, 31))
    assert current_occurrence([done, paused]) is paused
