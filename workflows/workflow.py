"""The task workflow: decide whether an actor's request moves an occurrence, and where to.

Pure: the caller passes the occurrence's state and the actor's roles in the task; ``decide``
answers with a ``Move`` (what to record) or a ``Refusal`` (a catalogue key and its params, see
``nhacviec.i18n.workflow``). The transition table lives in ``workflows.workflow_rules``.

A refusal answers the first problem found, in this order: the actor is not involved in the task;
its role may not take the action; the current state does not allow it; the "on the lead's behalf"
flag does not fit; a required reason, note or evidence is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from workflows.workflow_rules import (
    OPEN_STATES,
    Action,
    Needs,
    Role,
    Rule,
    State,
    roles_for,
    rule_for,
)

__all__ = [
    "OFFICE_ACTIONS",
    "OPEN_STATES",
    "Action",
    "Move",
    "Refusal",
    "RefusalCode",
    "Request",
    "Role",
    "State",
    "allowed_actions",
    "decide",
]

# The office's moves: a unit never makes them (a chat without the office link, a unit account).
OFFICE_ACTIONS: frozenset[Action] = frozenset(
    {Action.VERIFY, Action.RETURN, Action.CANCEL, Action.REOPEN, Action.SET_DATE}
) | {  # issue 14
    Action.APPROVE_EXTENSION,
    Action.REFUSE_EXTENSION,
    Action.REASSIGN,
    Action.SUSPEND,
    Action.RESUME,
}


@dataclass(frozen=True)
class Request:
    action: Action
    note: str = ""  # a contribution note, or the reason for return, cancel and reopen
    evidence: str = ""  # a document number ("Số 123/BC-SCT"), a link or a file name
    on_behalf: bool = False  # the office records a report the lead unit sent on paper


@dataclass(frozen=True)
class Move:
    """An allowed request and what it does to the occurrence."""

    action: Action
    from_state: State
    to_state: State  # equal to from_state for NOTE and SET_DATE
    on_behalf: bool  # the office recorded the lead's report received on paper
    records_report: bool  # the report instant must be set to now (REPORT)
    clears_report: bool  # the report instant is cleared (RETURN, REOPEN: the clock runs again)
    closes: bool  # the occurrence is done with (VERIFY, CANCEL); a suspension is a pause


class RefusalCode(StrEnum):
    """Why a request was refused; the message is catalogue key ``workflow.refused.<code>``."""

    NOT_INVOLVED = "not_involved"
    PARTNER_CANNOT_REPORT = "partner_cannot_report"
    ROLE_NOT_PERMITTED = "role_not_permitted"
    WRONG_STATE = "wrong_state"
    WRONG_STATE_NO_MOVES = "wrong_state_no_moves"
    ON_BEHALF_REPORT_ONLY = "on_behalf_report_only"
    ON_BEHALF_OFFICE_ONLY = "on_behalf_office_only"
    ON_BEHALF_REQUIRED = "on_behalf_required"
    MISSING_NOTE = "missing_note"
    MISSING_REASON = "missing_reason"
    MISSING_REPORT = "missing_report"
    MISSING_EVIDENCE = "missing_evidence"


@dataclass(frozen=True)
class Refusal:
    """A refused request. Params hold codes (state, action, role names), never sentences."""

    code: str
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"workflow.refused.{self.code}"


def decide(
    state: State, roles: frozenset[Role], request: Request, *, resume_to: State | None = None
) -> Move | Refusal:
    """Whether an actor holding ``roles`` may make ``request`` on an occurrence in ``state``.

    ``resume_to``: the state a suspended occurrence was paused in, where RESUME takes it back
    (assigned when unknown)."""
    action = request.action
    if not roles:
        return Refusal(RefusalCode.NOT_INVOLVED, {"action": action.value})
    rule = rule_for(action, roles)
    if rule is None:
        return _not_for_role(action, roles)
    if state not in rule.sources:
        return _wrong_state(action, state, roles)
    refusal = _on_behalf_refusal(rule, roles, request) or _missing(rule, request)
    if refusal is not None:
        return refusal
    to_state = rule.target or state
    if action is Action.RESUME:
        to_state = resume_to if resume_to in OPEN_STATES else State.ASSIGNED
    return Move(
        action=action,
        from_state=state,
        to_state=to_state,
        on_behalf=rule.on_behalf,
        records_report=action is Action.REPORT,
        clears_report=action in {Action.RETURN, Action.REOPEN},
        closes=to_state in {State.VERIFIED, State.CANCELLED},
    )


def allowed_actions(state: State, roles: frozenset[Role]) -> tuple[Action, ...]:
    """The actions an actor holding ``roles`` may take in ``state`` (given the right words)."""
    return tuple(action for action in Action if _allows(rule_for(action, roles), state))


def _allows(rule: Rule | None, state: State) -> bool:
    return rule is not None and state in rule.sources


def _not_for_role(action: Action, roles: frozenset[Role]) -> Refusal:
    if action is Action.REPORT and Role.PARTNER in roles:
        return Refusal(RefusalCode.PARTNER_CANNOT_REPORT, {})
    who = ",".join(roles_for(action))
    return Refusal(RefusalCode.ROLE_NOT_PERMITTED, {"action": action.value, "who": who})


def _wrong_state(action: Action, state: State, roles: frozenset[Role]) -> Refusal:
    allowed = allowed_actions(state, roles)
    if not allowed:
        return Refusal(
            RefusalCode.WRONG_STATE_NO_MOVES, {"action": action.value, "state": state.value}
        )
    params = {"action": action.value, "state": state.value, "allowed": ",".join(allowed)}
    return Refusal(RefusalCode.WRONG_STATE, params)


def _on_behalf_refusal(rule: Rule, roles: frozenset[Role], request: Request) -> Refusal | None:
    if request.on_behalf and request.action is not Action.REPORT:
        return Refusal(RefusalCode.ON_BEHALF_REPORT_ONLY, {"action": request.action.value})
    if request.on_behalf and Role.OFFICE not in roles:
        return Refusal(RefusalCode.ON_BEHALF_OFFICE_ONLY, {})
    if rule.on_behalf and not request.on_behalf:
        return Refusal(RefusalCode.ON_BEHALF_REQUIRED, {})
    return None


def _missing(rule: Rule, request: Request) -> Refusal | None:
    has_note = bool(request.note.strip())
    has_evidence = bool(request.evidence.strip())
    match rule.needs:
        case Needs.NOTE if not has_note:
            return Refusal(RefusalCode.MISSING_NOTE, {})
        case Needs.REASON if not has_note:
            params = {"action": rule.action.value, "example": f"{rule.action.value}_reason"}
            return Refusal(RefusalCode.MISSING_REASON, params)
        case Needs.NOTE_OR_EVIDENCE if not (has_note or has_evidence):
            return Refusal(RefusalCode.MISSING_REPORT, {})
        case Needs.EVIDENCE if not has_evidence:
            return Refusal(RefusalCode.MISSING_EVIDENCE, {})
    return None
