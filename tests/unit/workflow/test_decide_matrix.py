"""Every state x action x role set x request shape, checked against a hand-written expectation.

The expectation below is written from the issue's rules with plain strings; it does not read the
code's transition table, so a wrong row in either shows up as a failing case.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from workflows.workflow import Action, Move, Refusal, Request, Role, State, allowed_actions, decide

OPEN = {"assigned", "in_progress", "reported", "returned", "reopened"}
# action -> (roles that may take it, states it may start from, state it leads to or "same")
SPEC: dict[str, tuple[set[str], set[str], str]] = {
    "start": ({"lead"}, {"assigned", "returned", "reopened"}, "in_progress"),
    "report": ({"lead", "office"}, {"assigned", "in_progress", "returned", "reopened"}, "reported"),
    "verify": ({"office"}, {"reported"}, "verified"),
    "return": ({"office"}, {"reported"}, "returned"),
    "cancel": ({"office"}, OPEN, "cancelled"),
    "reopen": ({"office"}, {"verified"}, "reopened"),
    "note": ({"lead", "partner", "office"}, OPEN, "same"),
    "set_date": ({"office"}, OPEN, "same"),
    # issue 14: extensions, reassignment, suspension (resume without a known state: assigned)
    "extend": ({"lead"}, {"assigned", "in_progress", "returned", "reopened"}, "same"),
    "approve_extension": ({"office"}, OPEN, "same"),
    "refuse_extension": ({"office"}, OPEN, "same"),
    "reassign": ({"office"}, OPEN, "same"),
    "suspend": ({"office"}, OPEN, "suspended"),
    "resume": ({"office"}, {"suspended"}, "assigned"),
    "ask": ({"lead"}, OPEN, "same"),  # the lead asks a partner for its part (issue 14)
    "answer": ({"partner"}, OPEN, "same"),  # the partner answers with words or files
}
NEEDS_REASON = {"return", "cancel", "reopen"} | {
    "extend",
    "refuse_extension",
    "reassign",
    "suspend",
    "resume",
}

ROLE_SETS: list[frozenset[str]] = [
    frozenset(),
    frozenset({"lead"}),
    frozenset({"partner"}),
    frozenset({"office"}),
    frozenset({"lead", "office"}),
    frozenset({"lead", "partner"}),
]
NOTES = ["", "Đã hoàn thành, gửi kèm báo cáo"]
EVIDENCES = ["", "Số 123/BC-SCT"]


@dataclass(frozen=True)
class Expected:
    code: str = ""  # the refusal code, or "" for a move
    to_state: str = ""
    on_behalf: bool = False


def expected_allowed(state: str, roles: frozenset[str]) -> list[str]:
    return [a for a, (who, sources, _) in SPEC.items() if who & roles and state in sources]


def expect(state: str, roles: frozenset[str], action: str, request: Request) -> Expected:
    who, sources, target = SPEC[action]
    if not roles:
        return Expected("not_involved")
    if not who & roles:
        return Expected("partner_cannot_report" if action == "report" else "role_not_permitted")
    if state not in sources:
        return Expected("wrong_state" if expected_allowed(state, roles) else "wrong_state_no_moves")
    office_on_behalf = action == "report" and "lead" not in roles  # the office, for the lead
    if request.on_behalf and action != "report":
        return Expected("on_behalf_report_only")
    if request.on_behalf and "office" not in roles:
        return Expected("on_behalf_office_only")
    if office_on_behalf and not request.on_behalf:
        return Expected("on_behalf_required")
    if action in {"note", "ask"} and not request.note:
        return Expected("missing_note")
    if action in NEEDS_REASON and not request.note:
        return Expected("missing_reason")
    if action == "report" and office_on_behalf and not request.evidence:
        return Expected("missing_evidence")
    if action in {"report", "answer"} and not (request.note or request.evidence):
        return Expected("missing_report")
    return Expected(to_state=state if target == "same" else target, on_behalf=office_on_behalf)


CASES = list(itertools.product(State, Action, ROLE_SETS, NOTES, EVIDENCES, [False, True]))


def _case_id(case: tuple[State, Action, frozenset[str], str, str, bool]) -> str:
    state, action, roles, note, evidence, on_behalf = case
    parts = [state.value, action.value, "+".join(sorted(roles)) or "none"]
    parts += ["note"] if note else []
    parts += ["evidence"] if evidence else []
    parts += ["on_behalf"] if on_behalf else []
    return "-".join(parts)


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_decision_matches_the_rules(
    case: tuple[State, Action, frozenset[str], str, str, bool],
) -> None:
    state, action, role_names, note, evidence, on_behalf = case
    request = Request(action, note=note, evidence=evidence, on_behalf=on_behalf)
    roles = frozenset(Role(name) for name in role_names)
    want = expect(state.value, role_names, action.value, request)

    got = decide(state, roles, request)

    if want.code:
        assert isinstance(got, Refusal), got
        assert got.code == want.code
        return
    assert got == Move(
        action=action,
        from_state=state,
        to_state=State(want.to_state),
        on_behalf=want.on_behalf,
        records_report=action.value == "report",
        clears_report=action.value in {"return", "reopen"},
        closes=want.to_state in {"verified", "cancelled"},
    )


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("role_names", ROLE_SETS, ids=lambda r: "+".join(sorted(r)) or "none")
def test_allowed_actions_match_the_rules(state: State, role_names: frozenset[str]) -> None:
    roles = frozenset(Role(name) for name in role_names)
    got = [action.value for action in allowed_actions(state, roles)]
    assert got == expected_allowed(state.value, role_names)


def _some_request_moves(state: State, roles: frozenset[Role], action: Action) -> bool:
    variants = itertools.product(NOTES, EVIDENCES, [False, True])
    return any(
        isinstance(decide(state, roles, Request(action, note, evidence, on_behalf)), Move)
        for note, evidence, on_behalf in variants
    )


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("role_names", ROLE_SETS, ids=lambda r: "+".join(sorted(r)) or "none")
def test_allowed_actions_iff_some_request_moves(state: State, role_names: frozenset[str]) -> None:
    roles = frozenset(Role(name) for name in role_names)
    allowed = set(allowed_actions(state, roles))
    for action in Action:
        assert (action in allowed) == _some_request_moves(state, roles, action), action


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("role_names", ROLE_SETS[1:], ids=lambda r: "+".join(sorted(r)))
def test_wrong_state_refusal_lists_the_allowed_moves(
    state: State, role_names: frozenset[str]
) -> None:
    roles = frozenset(Role(name) for name in role_names)
    for action in Action:
        got = decide(state, roles, Request(action, note="lý do", evidence="Số 1/BC"))
        if isinstance(got, Refusal) and got.code == "wrong_state":
            assert got.params == {
                "action": action.value,
                "state": state.value,
                "allowed": ",".join(expected_allowed(state.value, role_names)),
            }
