"""The task pages' desk: each call one reading through ``services.queries`` (the numbers of
``nhacviec tasks`` and of the API), what the account sees only (``access.sees``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from nhacviec.errors import Forbidden, TaskNotFound
from nhacviec.services import extensions as deadline_facts
from nhacviec.services.accounts import Account, AccountRole
from nhacviec.services.queries import OccurrenceStatus, Tally, TaskStatus, status_of, tally
from nhacviec.services.queries import task_statuses as read_statuses
from nhacviec.store import tasks as stored
from nhacviec.store.journal import HistoryLine, history_of_task
from nhacviec.store.models import Plan
from nhacviec.store.plans import list_plans
from nhacviec.store.task_unit_names import unit_names_by_task
from nhacviec.store.tasks import TaskUnits
from nhacviec.web import access, extensions
from nhacviec.web.console import task_filters
from nhacviec.web.console.task_filters import DueSoon, Group, Paged, TaskQuery
from nhacviec.web.service import Workspace
from workflows.standing import LOCAL_TZ
from workflows.workflow import Action

PAGE_SIZE = 50
WEEK_DAYS = 6  # "this week": today and the six days after it
_NOBODY = TaskUnits(frozenset(), frozenset())


@dataclass(frozen=True)
class Overview:
    """``/tasks``: the standings of what the filters keep, grouped, and a page of the list."""

    query: TaskQuery
    totals: Tally
    plans: list[Group]
    sections: list[Group]  # only when one plan is chosen (or only one is seen)
    units: list[Group]
    listed: Paged
    plan_choices: list[Plan]


@dataclass(frozen=True)
class Summary:
    """The home page: the standings of everything the account sees, and this week's dues."""

    totals: Tally
    due_soon: list[DueSoon]
    week: int


@dataclass(frozen=True)
class TaskPage:
    status: TaskStatus
    history: list[HistoryLine]
    actions: dict[int, tuple[Action, ...]]  # occurrence id → the forms the account may send
    focus: OccurrenceStatus
    deadlines: tuple[deadline_facts.Deadlines, ...] = ()  # issue 14: history of dates, requests


class TaskDesk:
    def __init__(self, workspace: Workspace, clock: Callable[[], datetime]) -> None:
        self.workspace, self.clock = workspace, clock

    def overview(self, account: Account, query: TaskQuery) -> Overview:
        with self.workspace.reading() as session:
            statuses = self._seen(session, account, query)
            names = _unit_names(session, statuses)
            plans = [summary.plan for summary in list_plans(session)]
        one_plan = query.plan is not None or len({s.view.plan.id for s in statuses}) == 1
        return Overview(
            query=query,
            totals=tally(statuses),
            plans=task_filters.by_plan(statuses),
            sections=task_filters.by_section(statuses) if one_plan else [],
            units=task_filters.by_unit(statuses, names),
            listed=task_filters.paged(statuses, query.page, PAGE_SIZE),
            plan_choices=plans,
        )

    def statuses(self, account: Account, query: TaskQuery) -> list[TaskStatus]:
        """The tasks the account sees that the filters keep (the calendar's)."""
        with self.workspace.reading() as session:
            return self._seen(session, account, query)

    def summary(self, account: Account) -> Summary:
        now = self.clock()
        with self.workspace.reading() as session:
            statuses = self._seen(session, account, TaskQuery())
        today = now.astimezone(LOCAL_TZ).date()
        soon = task_filters.due_between(statuses, today, WEEK_DAYS)
        return Summary(tally(statuses), soon, WEEK_DAYS)

    def task_page(self, account: Account, task_id: int, focus_seq: int | None = None) -> TaskPage:
        """The task, its history and the account's forms; ``Forbidden`` for a task the account
        does not see (as the API refuses a move on it)."""
        with self.workspace.reading() as session:
            task = stored.get_task(session, task_id)
            if task is None:
                raise TaskNotFound(f"#{task_id}")
            named = stored.task_units(session, task_id)
            if not access.sees(account, named):
                raise Forbidden()
            status = status_of(stored.task_view(session, task_id), self.clock())
            history = history_of_task(session, task_id)
            deadlines = deadline_facts.deadlines_of(session, task)
        roles = access.roles_in(account, named, status.view.plan.office_unit_id)
        pending = {found.occurrence.id for found in deadlines if found.pending}
        actions = {
            item.occurrence.id or 0: extensions.page_actions(
                access.page_actions(roles, item.state), item.occurrence.id in pending
            )
            for item in status.occurrences
        }
        focus = _focus(status, focus_seq)
        return TaskPage(status, history, actions, focus, tuple(deadlines))

    def _seen(self, session: Session, account: Account, query: TaskQuery) -> list[TaskStatus]:
        statuses = read_statuses(session, self.clock(), query.task_filter())
        kept = [status for status in statuses if query.keeps(status)]
        return _visible(session, account, kept)


def _visible(session: Session, account: Account, statuses: list[TaskStatus]) -> list[TaskStatus]:
    """What the account may read (a unit account: its own unit's tasks), as the API filters."""
    if account.role is not AccountRole.UNIT:
        return statuses
    named = stored.units_of_tasks(session, {s.view.task.id for s in statuses if s.view.task.id})
    return [s for s in statuses if access.sees(account, named.get(s.view.task.id or 0, _NOBODY))]


def _unit_names(session: Session, statuses: Sequence[TaskStatus]) -> dict[int, set[str]]:
    """Each task's units by name, lead and partners, a group as its members."""
    return unit_names_by_task(session, {s.view.task.id for s in statuses if s.view.task.id})


def _focus(status: TaskStatus, seq: int | None) -> OccurrenceStatus:
    chosen = next((o for o in status.occurrences if o.occurrence.seq == seq), None)
    return chosen or status.current or status.occurrences[-1]
