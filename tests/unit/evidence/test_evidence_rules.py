"""The pure rules of evidence files and partner requests: the file limits, who may ask and
answer (the transition table's new rows), what a request may name, and the partner's reminders
planned from a request."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from notifiers.message import RecipientRole, ReminderKind
from scheduler.model import RequestFacts
from scheduler.planning.requests import plan_partner_request
from scheduler.policy import ReminderPolicy
from workflows.calendar import WorkingCalendar
from workflows.evidence import FileLimits, FileRefusal, check_file, check_files, clean_name
from workflows.partner_requests import (
    Asked,
    RequestRefusal,
    check_answer,
    check_ask,
    is_late,
)
from workflows.standing import LOCAL_TZ
from workflows.workflow import Action, Move, Refusal, Request, Role, State, decide

MB = 1024 * 1024
LIMITS = FileLimits(2 * MB, frozenset({"pdf", "jpg", "docx"}))
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)  # a Monday


# -- files ------------------------------------------------------------------------------------


def test_a_file_within_the_limits_is_accepted_whatever_the_case_of_its_extension() -> None:
    assert check_file("Báo cáo quý I.PDF", 2 * MB, LIMITS) is None
    assert check_files([("a.pdf", 10), ("b.jpg", 20)], LIMITS) is None


@pytest.mark.parametrize(
    ("name", "size", "code"),
    [
        ("bao-cao.pdf", 2 * MB + 1, FileRefusal.TOO_BIG),
        ("bao-cao.exe", 10, FileRefusal.TYPE),
        ("khong-duoi", 10, FileRefusal.TYPE),
        ("rong.pdf", 0, FileRefusal.EMPTY),
    ],
)
def test_a_file_past_a_limit_is_refused_with_its_name(name: str, size: int, code: str) -> None:
    refused = check_file(name, size, LIMITS)
    assert refused is not None
    assert refused.code == code
    assert refused.params["name"] == name


def test_too_big_says_the_size_and_the_limit_in_mb() -> None:
    refused = check_file("to.pdf", 5 * MB, LIMITS)
    assert refused is not None
    assert refused.params == {"name": "to.pdf", "size": "5.0", "most": 2}


def test_the_first_file_refused_is_named_and_too_many_files_are_refused() -> None:
    refused = check_files([("a.pdf", 1), ("b.exe", 1), ("c.pdf", 0)], LIMITS)
    assert refused is not None
    assert refused.params["name"] == "b.exe"
    many = check_files([(f"{n}.pdf", 1) for n in range(11)], LIMITS)
    assert many is not None
    assert many.code is FileRefusal.TOO_MANY


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("C:\\Users\\an\\Báo cáo.pdf", "Báo cáo.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..", "tep"),
        ("", "tep"),
    ],
)
def test_a_sent_name_loses_its_folders(sent: str, kept: str) -> None:
    assert clean_name(sent) == kept


# -- the transition table's rows --------------------------------------------------------------


@pytest.mark.parametrize("state", sorted(State))
def test_the_lead_asks_and_a_partner_answers_in_every_open_state(state: State) -> None:
    ask = decide(state, frozenset({Role.LEAD}), Request(Action.ASK, note="Số liệu quý I"))
    answer = decide(state, frozenset({Role.PARTNER}), Request(Action.ANSWER, evidence="a.pdf"))
    if state in {State.VERIFIED, State.CANCELLED, State.SUSPENDED}:  # closed, or paused
        assert isinstance(ask, Refusal)
        assert isinstance(answer, Refusal)
        return
    for move, action in ((ask, Action.ASK), (answer, Action.ANSWER)):
        assert move == Move(action, state, state, False, False, False, False)


@pytest.mark.parametrize(
    ("roles", "action", "code"),
    [
        ({Role.PARTNER}, Action.ASK, "role_not_permitted"),
        ({Role.OFFICE}, Action.ASK, "role_not_permitted"),
        ({Role.LEAD}, Action.ANSWER, "role_not_permitted"),
        ({Role.OFFICE}, Action.ANSWER, "role_not_permitted"),
        (set(), Action.ASK, "not_involved"),
        (set(), Action.ANSWER, "not_involved"),
    ],
)
def test_no_other_role_asks_or_answers(roles: set[Role], action: Action, code: str) -> None:
    refused = decide(State.ASSIGNED, frozenset(roles), Request(action, note="x", evidence="y"))
    assert isinstance(refused, Refusal)
    assert refused.code == code


def test_a_request_needs_words_and_an_answer_words_or_files() -> None:
    ask = decide(State.ASSIGNED, frozenset({Role.LEAD}), Request(Action.ASK))
    answer = decide(State.ASSIGNED, frozenset({Role.PARTNER}), Request(Action.ANSWER))
    assert isinstance(ask, Refusal)
    assert ask.code == "missing_note"
    assert isinstance(answer, Refusal)
    assert answer.code == "missing_report"


# -- what a request may name ------------------------------------------------------------------


def test_the_lead_asks_a_partner_of_the_task_for_a_date_from_today() -> None:
    partners, lead = frozenset({7, 8}), frozenset({3})
    assert check_ask(7, partners, lead, date(2026, 3, 2), NOW) is None
    assert check_ask(9, partners, lead, date(2026, 3, 9), NOW) is RequestRefusal.NOT_A_PARTNER
    both = frozenset({3, 7})
    assert check_ask(3, both, lead, date(2026, 3, 9), NOW) is RequestRefusal.NOT_A_PARTNER
    assert check_ask(7, partners, lead, date(2026, 3, 1), NOW) is RequestRefusal.DATE_PAST


def test_only_a_unit_with_an_open_request_answers() -> None:
    asked = [Asked(7, date(2026, 3, 9), None), Asked(8, date(2026, 3, 9), NOW)]
    assert check_answer(asked, 7) is None
    assert check_answer(asked, 8) is RequestRefusal.NOTHING_ASKED  # answered already
    assert check_answer(asked, 9) is RequestRefusal.NOTHING_ASKED
    assert is_late(Asked(7, date(2026, 3, 1), None), NOW)
    assert not is_late(Asked(7, date(2026, 3, 2), None), NOW)
    assert not is_late(Asked(7, date(2026, 3, 1), NOW), NOW)


# -- the partner's reminders ------------------------------------------------------------------

POLICY = ReminderPolicy()
CALENDAR = WorkingCalendar()


def _request(due: date, *, answered: bool = False, asked_at: datetime = NOW) -> RequestFacts:
    return RequestFacts(5, 40, 1, "VII.2", 7, due, asked_at, answered)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 8, 0, tzinfo=LOCAL_TZ)


def test_a_request_is_told_at_once_then_the_working_day_before_and_on_the_date() -> None:
    planned = plan_partner_request(_request(date(2026, 3, 13)), POLICY, CALENDAR, NOW)
    assert [(p.stage, p.due_at) for p in planned] == [
        (0, NOW),
        (1, _at(date(2026, 3, 12))),
        (2, _at(date(2026, 3, 13))),
    ]
    assert {(p.kind, p.role, p.recipient_unit, p.due) for p in planned} == {
        (ReminderKind.PARTNER_REQUEST, RecipientRole.PARTNER, 7, date(2026, 3, 13))
    }


def test_a_date_on_a_weekend_is_reminded_on_the_working_day_before_it() -> None:
    planned = plan_partner_request(_request(date(2026, 3, 15)), POLICY, CALENDAR, NOW)  # Sunday
    assert [p.due_at for p in planned][1:] == [_at(date(2026, 3, 12)), _at(date(2026, 3, 13))]


def test_an_answered_request_plans_nothing_and_past_steps_are_dropped() -> None:
    assert (
        plan_partner_request(_request(date(2026, 3, 13), answered=True), POLICY, CALENDAR, NOW)
        == []
    )
    later = datetime(2026, 3, 13, 10, 0, tzinfo=LOCAL_TZ)
    planned = plan_partner_request(_request(date(2026, 3, 13)), POLICY, CALENDAR, later)
    assert [(p.stage, p.due_at) for p in planned] == [(0, later)]  # told once, now


def test_a_request_asked_for_today_is_told_once() -> None:
    planned = plan_partner_request(_request(date(2026, 3, 2)), POLICY, CALENDAR, NOW)
    assert [p.stage for p in planned] == [0]
