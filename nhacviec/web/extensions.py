"""The web's side of issue 14: the API's and the console's moves ``extend``,
``approve_extension``, ``refuse_extension``, ``reassign``, ``suspend``, ``resume`` and ``return``
with a redo date, through ``services.extensions`` (the CLI's and the bot's use cases).

The body's ``date`` is the day asked for (extend), granted (approve, optional) or the redo date
(return, optional); ``note`` is the reason; ``unit`` names the new lead (reassign).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from nhacviec.errors import InputError
from nhacviec.services import extensions as moves
from nhacviec.services.tasks import Actor, Outcome
from nhacviec.store.models import Task
from workflows.typed_dates import parse_day
from workflows.workflow import Action

MOVES = frozenset(
    {
        Action.EXTEND,
        Action.APPROVE_EXTENSION,
        Action.REFUSE_EXTENSION,
        Action.REASSIGN,
        Action.SUSPEND,
        Action.RESUME,
    }
)


def handles(action: Action, date_text: str) -> bool:
    """Whether the move is one of issue 14's (a return is, when it sets a redo date)."""
    return action in MOVES or (action is Action.RETURN and bool(date_text.strip()))


def move(
    session: Session,
    task: Task,
    seq: int,
    actor: Actor,
    action: Action,
    *,
    note: str,
    date_text: str,
    unit: str,
    now: datetime,
    cap: int,
) -> Outcome:
    day = parse_day(date_text) if date_text.strip() else None
    match action:
        case Action.EXTEND:
            if day is None:
                raise InputError("extensions.web.date_required")
            asked = moves.request_extension(
                session, task, day, note, actor, now, cap=cap, occurrence_seq=seq
            )
            return asked.outcome
        case Action.APPROVE_EXTENSION:
            approved = moves.approve_extension(
                session, task, actor, now, granted=day, note=note, occurrence_seq=seq
            )
            return approved.outcome
        case Action.REFUSE_EXTENSION:
            refused = moves.refuse_extension(session, task, note, actor, now, occurrence_seq=seq)
            return refused.outcome
        case Action.REASSIGN:
            if not unit.strip():
                raise InputError("extensions.web.unit_required")
            return moves.reassign(session, task, unit, note, actor, now)
        case Action.SUSPEND:
            return moves.suspend(session, task, note, actor, now, occurrence_seq=seq)
        case Action.RESUME:
            return moves.resume(session, task, note, actor, now, occurrence_seq=seq)
    return moves.return_for_redo(session, task, note, actor, now, redo_by=day, occurrence_seq=seq)


DECISIONS = frozenset({Action.APPROVE_EXTENSION, Action.REFUSE_EXTENSION})


def page_actions(allowed: tuple[Action, ...], pending: bool) -> tuple[Action, ...]:
    """The console's forms: the office's answer only while a request waits, and no second
    request while one does."""
    if pending:
        return tuple(action for action in allowed if action is not Action.EXTEND)
    return tuple(action for action in allowed if action not in DECISIONS)
