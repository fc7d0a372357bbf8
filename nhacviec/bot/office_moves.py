"""The bot's side of the office's issue-14 moves: /giaolai (reassign the lead unit), /tamdung
(suspend) and /tieptuc (resume), through ``services.extensions`` like the CLI's and the web's.

The scheduler does the rest as it does for the CLI: the new lead's action item and the former
lead's notice follow the ``lead_reassigned`` event; a suspended occurrence gets no reminder; a
resumed one is planned again from its moved due date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from nhacviec.bot.tags import occurrence_tag
from nhacviec.errors import NotFoundError
from nhacviec.i18n import translate
from nhacviec.services import extensions as moves
from nhacviec.services import tasks as operations
from nhacviec.services.tasks import Actor, Outcome
from nhacviec.store import tasks as stored_tasks
from nhacviec.store import units as stored_units
from nhacviec.store.models import Task
from notifiers.render import format_date
from workflows.workflow import Action, Request


@dataclass(frozen=True)
class Reassigned:
    outcome: Outcome
    lead: str  # the task's lead unit(s) now, as the CLI prints them


def reassign(
    session: Session,
    task: Task,
    splits: tuple[tuple[str, str], ...],
    words: str,
    actor: Actor,
    now: datetime,
) -> Reassigned:
    """The office makes the unit ``splits`` name the task's lead (``services.extensions``).

    The workflow is asked first (the CLI's order: a move it refuses is refused whatever the
    unit), with every word as the reason; then the first split whose unit the plan's directory
    knows is the one the use case gets (it refuses an ambiguous name, or a missing reason)."""
    plan = stored_tasks.plan_of(session, task)
    occurrence = operations.pick_occurrence(session, task, None)
    operations.authorize(session, plan, task, occurrence, actor, Request(Action.REASSIGN, words))
    unit, reason = _named_unit(session, plan.organisation, splits, words)
    outcome = moves.reassign(session, task, unit, reason, actor, now)
    assert task.id is not None
    lead = "; ".join(stored_tasks.task_view(session, task.id).lead)
    return Reassigned(outcome, lead)


def pause(
    session: Session, task: Task, action: Action, reason: str, actor: Actor, now: datetime
) -> Outcome:
    """/tamdung or /tieptuc: ``services.extensions.suspend`` or ``resume`` (which moves the due
    date on by the days suspended)."""
    if action is Action.SUSPEND:
        return moves.suspend(session, task, reason, actor, now)
    return moves.resume(session, task, reason, actor, now)


def _named_unit(
    session: Session, organisation: str, splits: tuple[tuple[str, str], ...], words: str
) -> tuple[str, str]:
    """The first (unit, reason) whose unit names at least one unit of the plan's organisation
    (by name or alias, as ``services.tasks.find_unit_id`` matches them)."""
    for unit, reason in splits:
        if stored_units.find_units(session, unit, organisation):
            return unit, reason
    raise NotFoundError("bot_office_moves.unit_unknown", words=words)


# -- words ------------------------------------------------------------------------------------


def reassigned_text(reassigned: Reassigned, language: str) -> str:
    """To the office's chat: the task's new lead, and who hears of it."""
    outcome = reassigned.outcome
    tag = occurrence_tag(outcome.task.ref, outcome.occurrence.label)
    return translate("bot_office_moves.reassigned", language, tag=tag, unit=reassigned.lead)


def due_now_text(outcome: Outcome, language: str) -> str:
    """After /tieptuc: the due date now (moved on by the days suspended), "" without one."""
    due = outcome.occurrence.due_date
    return translate("extensions.cli.due_now", language, date=format_date(due)) if due else ""
