"""What a chat is shown: a task's card (one occurrence in focus, its latest history, the
buttons its roles may press) and a plan's progress section by section, as plain values for
``views`` to word. Reads through the session its caller (``service``) holds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from sqlmodel import Session

from nhacviec.bot.access import ChatAccess, button_actions
from nhacviec.bot.card_extras import CardExtras, card_extras
from nhacviec.services.extensions import Deadlines, deadlines_of
from nhacviec.services.queries import OccurrenceStatus, Tally, TaskStatus, status_of, tally
from nhacviec.store import tasks as stored
from nhacviec.store.journal import HistoryLine, history_of_task
from nhacviec.store.models import Occurrence, Plan, Task
from nhacviec.store.plans import list_plans
from workflows.workflow import Action, Role

HISTORY_SHOWN = 8  # a card's latest audit entries


@dataclass(frozen=True)
class Card:
    """One task as a chat sees it, focused on one occurrence (the buttons act on it)."""

    status: TaskStatus
    focus: OccurrenceStatus
    history: tuple[HistoryLine, ...]
    actions: tuple[Action, ...]  # buttons to draw for the focused occurrence
    deadlines: tuple[Deadlines, ...] = ()  # issue 14: the focused occurrence's dates, requests
    extras: CardExtras = field(default_factory=lambda: CardExtras())  # files, requests

    @property
    def task(self) -> Task:
        return self.status.view.task

    def around_focus(self, count: int) -> Sequence[OccurrenceStatus]:
        """At most ``count`` of the task's occurrences, the focused one among them."""
        items = self.status.occurrences
        if len(items) <= count:
            return items
        index = list(items).index(self.focus)
        start = max(0, min(index - count // 2, len(items) - count))
        return items[start : start + count]


@dataclass(frozen=True)
class SectionProgress:
    section: str  # "II"
    title: str
    counts: Tally
    undated: int  # open occurrences without a due date


@dataclass(frozen=True)
class PlanProgress:
    plan: Plan
    sections: tuple[SectionProgress, ...]
    totals: Tally
    page: int
    pages: int


def card_of(
    session: Session, task: Task, focus: Occurrence, roles: frozenset[Role], now: datetime
) -> Card:
    assert task.id is not None
    status = status_of(stored.task_view(session, task.id), now)
    focused = next(o for o in status.occurrences if o.occurrence.id == focus.id)
    history = tuple(history_of_task(session, task.id)[-HISTORY_SHOWN:])
    deadlines = tuple(d for d in deadlines_of(session, task) if d.occurrence.id == focus.id)
    extras = card_extras(session, task.id, now)
    actions = button_actions(focused.state, roles)
    return Card(status, focused, history, actions, deadlines, extras)


def office_plans(session: Session, access: ChatAccess) -> list[Plan]:
    return [
        summary.plan
        for summary in list_plans(session)
        if summary.plan.office_unit_id == access.unit_id
    ]


def sections_of(statuses: Sequence[TaskStatus]) -> list[SectionProgress]:
    """Per section of the plan, in document order: the standings of its occurrences."""
    found = []
    for (section, title), members in groupby(statuses, key=_section_key):
        group = list(members)
        undated = sum(
            1
            for status in group
            for item in status.occurrences
            if item.is_open and item.occurrence.due_date is None
        )
        found.append(SectionProgress(section, title, tally(group), undated))
    return found


def _section_key(status: TaskStatus) -> tuple[str, str]:
    task = status.view.task
    return task.section, task.section_title
