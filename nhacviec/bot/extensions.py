"""The bot's side of issue 14: /giahan, and the office's answer by the «Đồng ý» / «Không đồng
ý» buttons under the request (the scheduler's action item ``extension_asked``, drawn by
``keyboards``; refusing asks for a reason with a ForceReply, as «Trả lại» does), going through
``services.extensions`` like the CLI's and the web's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from nhacviec.bot.tags import occurrence_tag
from nhacviec.i18n import translate
from nhacviec.services import extensions as moves
from nhacviec.services import tasks as operations
from nhacviec.services.tasks import Actor, Outcome
from nhacviec.store.models import Task, Unit
from workflows.workflow import Action, Request

DECISIONS = frozenset({Action.APPROVE_EXTENSION, Action.REFUSE_EXTENSION})


@dataclass(frozen=True)
class Asked:
    """A request made: what the unit is told, and what the office's chats are shown."""

    ref: str
    label: str
    occurrence_id: int
    version: int
    requested: date
    due: date | None
    reason: str
    late: bool
    unit: str


def ask(
    session: Session, task: Task, due: date, reason: str, actor: Actor, now: datetime, cap: int
) -> Asked:
    done = moves.request_extension(session, task, due, reason, actor, now, cap=cap)
    occurrence = done.outcome.occurrence
    unit = session.get(Unit, actor.unit_id) if actor.unit_id is not None else None
    assert occurrence.id is not None
    return Asked(
        ref=task.ref,
        label=occurrence.label,
        occurrence_id=occurrence.id,
        version=occurrence.version,
        requested=due,
        due=done.request.due_before,
        reason=done.request.reason,
        late=done.request.late,
        unit=unit.name if unit else "",
    )


def apply(
    session: Session,
    task: Task,
    request: Request,
    actor: Actor,
    now: datetime,
    *,
    seq: int | None,
    version: int | None,
) -> Outcome:
    """A move by button, command or prompt: the office's answer to an extension request
    through ``services.extensions`` (the waiting request is what it answers, whatever else
    changed since), every other move through ``services.tasks.act``."""
    if request.action is Action.APPROVE_EXTENSION:
        approved = moves.approve_extension(session, task, actor, now, occurrence_seq=seq)
        return approved.outcome
    if request.action is Action.REFUSE_EXTENSION:
        refused = moves.refuse_extension(
            session, task, request.note, actor, now, occurrence_seq=seq
        )
        return refused.outcome
    return operations.act(
        session, task, request, actor, now, occurrence_seq=seq, expected_version=version
    )


# -- words and buttons --------------------------------------------------------------------------


def asked_text(asked: Asked, language: str) -> str:
    """To the unit that asked (plain text)."""
    key = "extensions.bot.asked_late" if asked.late else "extensions.bot.asked"
    told = translate("extensions.bot.office_told", language)
    return translate(key, language, tag=_tag(asked), date=_day(asked.requested)) + " " + told


def _tag(asked: Asked) -> str:
    return _tag_of(asked.ref, asked.label)


def _tag_of(ref: str, label: str) -> str:
    return occurrence_tag(ref, label)


def _day(value: date) -> str:
    return f"{value:%d/%m/%Y}"
