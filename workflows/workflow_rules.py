"""The task workflow's vocabulary and its one transition table: who may do what, from where.

Read ``RULES`` as the specification. Each row says: this action, by this role, from these states,
leads to that state (``None``: the state does not change), and needs these words from the actor.
Where an actor holds several roles, the first row that names one of them applies — so an office
that is also the task's lead reports as the lead, not on its behalf.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    REPORTED = "reported"
    RETURNED = "returned"
    REOPENED = "reopened"
    VERIFIED = "verified"
    CANCELLED = "cancelled"
    SUSPENDED = "suspended"  # paused by the office: no reminders, no overdue clock (issue 14)


OPEN_STATES: frozenset[State] = frozenset(
    {State.ASSIGNED, State.IN_PROGRESS, State.REPORTED, State.RETURNED, State.REOPENED}
)


class Action(StrEnum):
    START = "start"
    REPORT = "report"
    VERIFY = "verify"
    RETURN = "return"
    CANCEL = "cancel"
    REOPEN = "reopen"
    NOTE = "note"  # a contribution note; the state does not change
    SET_DATE = "set_date"  # the office sets or changes a date; the state does not change
    # issue 14 (workflows.extensions): deadline extensions, reassignment, suspension
    EXTEND = "extend"  # the lead asks for a later due date; the state does not change
    APPROVE_EXTENSION = "approve_extension"  # the office grants it (maybe with another date)
    REFUSE_EXTENSION = "refuse_extension"  # the office refuses it, saying why
    REASSIGN = "reassign"  # the office moves the task to another lead unit
    SUSPEND = "suspend"  # the office pauses the work
    RESUME = "resume"  # the office resumes it: back to the state it was paused in
    ASK = "ask"  # the lead asks a partner for its part by a date; the state does not change
    ANSWER = "answer"  # a partner answers the lead's request (words, files); the state stays


class Role(StrEnum):
    """An actor's part in one task: its lead unit, a partner unit, or the plan's office."""

    LEAD = "lead"
    PARTNER = "partner"
    OFFICE = "office"


class Needs(StrEnum):
    """What the actor must write for a move to be accepted."""

    NOTHING = "nothing"
    NOTE = "note"  # a contribution note has words
    REASON = "reason"  # return, cancel, reopen: the note says why
    NOTE_OR_EVIDENCE = "note_or_evidence"  # a report says what was done or where it is
    EVIDENCE = "evidence"  # a paper report recorded by the office: its number, link or file


@dataclass(frozen=True)
class Rule:
    action: Action
    role: Role
    sources: frozenset[State]
    target: State | None  # None: the state stays as it is
    needs: Needs = Needs.NOTHING
    on_behalf: bool = False  # the office records the lead's report received on paper


_CAN_START = frozenset({State.ASSIGNED, State.RETURNED, State.REOPENED})
_CAN_REPORT = _CAN_START | {State.IN_PROGRESS}  # a unit may report without starting first
_REPORTED = frozenset({State.REPORTED})
_VERIFIED = frozenset({State.VERIFIED})
_CAN_EXTEND = _CAN_REPORT  # work still to do: a report awaiting verification needs no time
_SUSPENDED = frozenset({State.SUSPENDED})

# fmt: off
RULES: tuple[Rule, ...] = (
    Rule(Action.START,    Role.LEAD,    _CAN_START,  State.IN_PROGRESS),
    Rule(Action.REPORT,   Role.LEAD,    _CAN_REPORT, State.REPORTED,  Needs.NOTE_OR_EVIDENCE),
    Rule(Action.REPORT,   Role.OFFICE,  _CAN_REPORT, State.REPORTED,  Needs.EVIDENCE,
         on_behalf=True),
    Rule(Action.VERIFY,   Role.OFFICE,  _REPORTED,   State.VERIFIED),
    Rule(Action.RETURN,   Role.OFFICE,  _REPORTED,   State.RETURNED,  Needs.REASON),
    Rule(Action.CANCEL,   Role.OFFICE,  OPEN_STATES, State.CANCELLED, Needs.REASON),
    Rule(Action.REOPEN,   Role.OFFICE,  _VERIFIED,   State.REOPENED,  Needs.REASON),
    Rule(Action.NOTE,     Role.LEAD,    OPEN_STATES, None,            Needs.NOTE),
    Rule(Action.NOTE,     Role.PARTNER, OPEN_STATES, None,            Needs.NOTE),
    Rule(Action.NOTE,     Role.OFFICE,  OPEN_STATES, None,            Needs.NOTE),
    Rule(Action.SET_DATE, Role.OFFICE,  OPEN_STATES, None),
    # issue 14: extensions, reassignment, suspension (RESUME's target: the state paused in)
    Rule(Action.EXTEND,            Role.LEAD,   _CAN_EXTEND, None,            Needs.REASON),
    Rule(Action.APPROVE_EXTENSION, Role.OFFICE, OPEN_STATES, None),
    Rule(Action.REFUSE_EXTENSION,  Role.OFFICE, OPEN_STATES, None,            Needs.REASON),
    Rule(Action.REASSIGN,          Role.OFFICE, OPEN_STATES, None,            Needs.REASON),
    Rule(Action.SUSPEND,           Role.OFFICE, OPEN_STATES, State.SUSPENDED, Needs.REASON),
    Rule(Action.RESUME,            Role.OFFICE, _SUSPENDED,  None,            Needs.REASON),
    Rule(Action.ASK,      Role.LEAD,    OPEN_STATES, None,            Needs.NOTE),
    Rule(Action.ANSWER,   Role.PARTNER, OPEN_STATES, None,            Needs.NOTE_OR_EVIDENCE),
)
# fmt: on


def rule_for(action: Action, roles: frozenset[Role]) -> Rule | None:
    """The row that governs ``action`` for an actor holding ``roles``, if any."""
    return next((rule for rule in RULES if rule.action is action and rule.role in roles), None)


def roles_for(action: Action) -> tuple[Role, ...]:
    """The roles that may ever take ``action``, in table order."""
    return tuple(dict.fromkeys(rule.role for rule in RULES if rule.action is action))
