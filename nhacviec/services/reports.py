"""The report upward (báo cáo kết quả thực hiện kế hoạch): what a plan's work stands at, at an
instant, as facts the faces put into words (DOCX, XLSX, HTML, Markdown).

The standings are those of ``nhacviec tasks --json`` at the same instant (``task_statuses`` and
``tally``): the four buckets over tasks and their occurrences, for the plan, for each section of
its appendix and for each lead unit as the plan names it. Beside them: the overdue work with its
lead unit and days late, the evidence the reports cited, the work still without a date (an
awaited event, a date left to the office) and the lead units' scorecards, ranked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from nhacviec.errors import NotFoundError
from nhacviec.services.queries import (
    OccurrenceStatus,
    Tally,
    TaskFilter,
    TaskStatus,
    tally,
    task_statuses,
)
from nhacviec.store.models import Plan
from nhacviec.store.plans import get_plan
from nhacviec.store.report_facts import CitedEvidence, cited_evidence, office_name
from workflows.scorecards import Scorecard, Standing, days_late, scorecards
from workflows.standing import LOCAL_TZ, Bucket
from workflows.workflow import State


@dataclass(frozen=True)
class Group:
    """The standings of a part of the plan: a section of the appendix, or a lead unit."""

    key: str  # the section's number ("II") or the unit's name as the plan writes it
    title: str  # the section's heading; the unit's name again
    tally: Tally


@dataclass(frozen=True)
class LateWork:
    """An occurrence open past its last on-time day."""

    ref: str
    task: str
    lead: tuple[str, ...]
    label: str  # the occurrence's period ("Quý III"), empty for a task's only occurrence
    due: date
    days_late: int
    state: State


@dataclass(frozen=True)
class Undated:
    """An open occurrence without a date: an awaited event, or a date left to the office."""

    ref: str
    task: str
    lead: tuple[str, ...]
    time_text: str  # the plan's words
    event: str | None  # the event it waits on, if any


@dataclass(frozen=True)
class PlanReport:
    plan: Plan
    office: str
    as_of: datetime
    statuses: tuple[TaskStatus, ...]  # every task of the plan, in document order
    total: Tally
    sections: tuple[Group, ...]
    units: tuple[Group, ...]  # by lead unit, in the order the plan first names them
    overdue: tuple[LateWork, ...]  # most days late first
    evidence: tuple[CitedEvidence, ...]
    undated: tuple[Undated, ...]
    scorecards: tuple[Scorecard, ...]  # ranked

    @property
    def as_of_day(self) -> date:
        return self.as_of.astimezone(LOCAL_TZ).date()


def plan_report(session: Session, plan_id: int, as_of: datetime) -> PlanReport:
    """The report of plan ``plan_id`` at ``as_of`` (``NotFoundError`` for an unknown plan)."""
    plan = get_plan(session, plan_id)
    if plan is None:
        raise NotFoundError("cli.plan_not_found", plan=plan_id)
    statuses = task_statuses(session, as_of, TaskFilter(plan_id=plan_id))
    return PlanReport(
        plan=plan,
        office=office_name(session, plan),
        as_of=as_of,
        statuses=tuple(statuses),
        total=tally(statuses),
        sections=tuple(_sections(statuses)),
        units=tuple(_units(statuses)),
        overdue=tuple(_overdue(statuses, as_of)),
        evidence=tuple(cited_evidence(session, plan_id, as_of)),
        undated=tuple(_undated(statuses)),
        scorecards=tuple(scorecards(unit_standings(statuses, as_of))),
    )


def unit_scorecards(session: Session, plan_id: int, as_of: datetime) -> list[Scorecard]:
    """The lead units' scorecards of plan ``plan_id`` at ``as_of``, ranked."""
    if get_plan(session, plan_id) is None:
        raise NotFoundError("cli.plan_not_found", plan=plan_id)
    statuses = task_statuses(session, as_of, TaskFilter(plan_id=plan_id))
    return scorecards(unit_standings(statuses, as_of))


def unit_standings(statuses: Sequence[TaskStatus], as_of: datetime) -> list[Standing]:
    """One standing per lead unit and occurrence with a bucket (a task led by two units counts
    for each)."""
    return [
        Standing(
            unit=lead,
            bucket=item.bucket,
            days_late=days_late(item.bucket, item.occurrence.due_date, _clock_stop(item), as_of),
        )
        for status in statuses
        for item in status.occurrences
        if item.bucket is not None
        for lead in status.view.lead
    ]


def _clock_stop(item: OccurrenceStatus) -> datetime | None:
    """The report instant, where the clock stopped (reported or verified work)."""
    if item.state in (State.REPORTED, State.VERIFIED):
        return item.occurrence.reported_at
    return None


def _sections(statuses: Sequence[TaskStatus]) -> list[Group]:
    order: dict[str, tuple[str, list[TaskStatus]]] = {}
    for status in statuses:
        task = status.view.task
        _, members = order.setdefault(task.section, (task.section_title or task.section, []))
        members.append(status)
    return [Group(key, title, tally(members)) for key, (title, members) in order.items()]


def _units(statuses: Sequence[TaskStatus]) -> list[Group]:
    order: dict[str, list[TaskStatus]] = {}
    for status in statuses:
        for lead in status.view.lead:
            order.setdefault(lead, []).append(status)
    return [Group(name, name, tally(members)) for name, members in order.items()]


def _overdue(statuses: Sequence[TaskStatus], as_of: datetime) -> list[LateWork]:
    late = [
        LateWork(
            ref=status.view.task.ref,
            task=task_words(status),
            lead=status.view.lead,
            label=item.occurrence.label if len(status.occurrences) > 1 else "",
            due=item.occurrence.due_date,
            days_late=days_late(
                Bucket.OPEN_LATE,
                item.occurrence.due_date,
                _clock_stop(item),
                as_of,
            ),
            state=item.state,
        )
        for status in statuses
        for item in status.occurrences
        if item.bucket is Bucket.OPEN_LATE and item.occurrence.due_date is not None
    ]
    return sorted(late, key=lambda work: -work.days_late)


def _undated(statuses: Sequence[TaskStatus]) -> list[Undated]:
    return [
        Undated(
            ref=status.view.task.ref,
            task=task_words(status),
            lead=status.view.lead,
            time_text=status.view.task.time_text,
            event=status.view.task.event_text,
        )
        for status in statuses
        if any(item.is_open and item.occurrence.due_date is None for item in status.occurrences)
    ]


def task_words(status: TaskStatus) -> str:
    """The task's text as the plan words it: the activity, else the task, else the objective."""
    task = status.view.task
    return " ".join((task.activity or task.task_text or task.objective).split())
