"""Tasks and occurrences in the store: lookups and listings (writes: ``store.occurrences``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlmodel import Session, col, func, select

from nhacviec.store.models import (
    Occurrence,
    Plan,
    Task,
    TaskUnit,
    Unit,
    UnitGroup,
    UnitGroupMember,
)
from nhacviec.store.units import find_units, group_members
from scheduler.model import OccurrenceFacts
from workflows.progress import tracked
from workflows.units.normalize import unit_key

T = TypeVar("T")


@dataclass(frozen=True)
class TaskView:
    task: Task
    plan: Plan
    lead: tuple[str, ...]
    partners: tuple[str, ...]
    occurrences: tuple[Occurrence, ...]


def task_view(session: Session, task_id: int) -> TaskView:
    [view] = list_tasks(session, task_id=task_id)
    return view


@dataclass(frozen=True)
class Window:
    """A page of a list: ``limit`` rows after the first ``offset``."""

    limit: int
    offset: int = 0

    def of(self, items: Sequence[T]) -> list[T]:
        return list(items[self.offset : self.offset + self.limit])


def list_tasks(
    session: Session,
    *,
    plan_id: int | None = None,
    unit: str | None = None,
    task_id: int | None = None,
    window: Window | None = None,
) -> list[TaskView]:
    """Tasks in plan and document order; ``unit`` keeps those naming it as lead or partner;
    ``window`` (without ``unit``) reads only that slice of them, in SQL."""
    assert window is None or unit is None, "a unit's tasks are known only once all are read"
    query = select(Task, Plan).join(Plan, col(Plan.id) == col(Task.plan_id))
    if plan_id is not None:
        query = query.where(Task.plan_id == plan_id)
    if task_id is not None:
        query = query.where(Task.id == task_id)
    query = query.order_by(col(Task.plan_id), col(Task.position), col(Task.id))
    if window is not None:
        query = query.offset(window.offset).limit(window.limit)
    pairs = session.exec(query).all()
    views = _views(session, pairs)
    if unit is None:
        return views
    involved = tasks_involving(session, unit, [view.task.id for view in views if view.task.id])
    return [view for view in views if view.task.id in involved]


def views_of(session: Session, task_ids: Iterable[int]) -> list[TaskView]:
    """The views of these tasks, whatever their plans, in plan and document order."""
    ids = sorted(set(task_ids))
    pairs: list[tuple[Task, Plan]] = []
    for start in range(0, len(ids), 500):
        query = (
            select(Task, Plan)
            .join(Plan, col(Plan.id) == col(Task.plan_id))
            .where(col(Task.id).in_(ids[start : start + 500]))
        )
        pairs += session.exec(query).all()
    pairs.sort(key=lambda pair: (pair[0].plan_id, pair[0].position, pair[0].id or 0))
    return _views(session, pairs)


def _views(session: Session, pairs: Sequence[tuple[Task, Plan]]) -> list[TaskView]:
    task_ids = [task.id for task, _ in pairs if task.id is not None]
    units = _units_by_task(session, task_ids)
    occurrences = _occurrences_by_task(session, task_ids)
    return [
        TaskView(
            task=task,
            plan=plan,
            lead=tuple(name for role, name, _ in units.get(task.id or 0, []) if role == "lead"),
            partners=tuple(
                name for role, name, _ in units.get(task.id or 0, []) if role == "partner"
            ),
            occurrences=tuple(occurrences.get(task.id or 0, [])),
        )
        for task, plan in pairs
    ]


def tasks_involving(session: Session, unit: str, task_ids: Sequence[int]) -> set[int]:
    """Tasks naming the unit as lead or partner: by name, by alias, or through a group it
    belongs to ("Các phòng, đơn vị thuộc Sở"); a name no directory knows matches as written."""
    unit_ids = {found.id for found in find_units(session, unit) if found.id is not None}
    group_ids = set(
        session.exec(
            select(UnitGroupMember.group_id).where(col(UnitGroupMember.unit_id).in_(unit_ids))
        ).all()
    )
    wanted = unit_key(unit)
    links = session.exec(select(TaskUnit).where(col(TaskUnit.task_id).in_(list(task_ids)))).all()
    return {
        link.task_id
        for link in links
        if link.unit_id in unit_ids or link.group_id in group_ids or unit_key(link.name) == wanted
    }


def _units_by_task(session: Session, task_ids: list[int]) -> dict[int, list[tuple[str, str, str]]]:
    """Per task: (role, name as written, resolved unit or group name) in cell order."""
    if not task_ids:
        return {}
    query = (
        select(TaskUnit, Unit.name, UnitGroup.name)
        .outerjoin(Unit, col(Unit.id) == col(TaskUnit.unit_id))
        .outerjoin(UnitGroup, col(UnitGroup.id) == col(TaskUnit.group_id))
        .where(col(TaskUnit.task_id).in_(task_ids))
        .order_by(col(TaskUnit.task_id), col(TaskUnit.role), col(TaskUnit.position))
    )
    found: dict[int, list[tuple[str, str, str]]] = {}
    for link, unit_name, group_name in session.exec(query).all():
        found.setdefault(link.task_id, []).append(
            (link.role, link.name, unit_name or group_name or link.name)
        )
    return found


def _occurrences_by_task(session: Session, task_ids: list[int]) -> dict[int, list[Occurrence]]:
    if not task_ids:
        return {}
    query = (
        select(Occurrence)
        .where(col(Occurrence.task_id).in_(task_ids))
        .order_by(col(Occurrence.task_id), col(Occurrence.seq))
    )
    found: dict[int, list[Occurrence]] = {}
    for occurrence in session.exec(query).all():
        found.setdefault(occurrence.task_id, []).append(occurrence)
    return found


def get_task(session: Session, task_id: int) -> Task | None:
    return session.get(Task, task_id)


def find_tasks_by_ref(session: Session, ref: str, plan_id: int | None = None) -> Sequence[Task]:
    """Tasks with this ref ("II.1b", any case), in every plan unless one is named."""
    query = select(Task).where(func.lower(Task.ref) == ref.strip().lower())
    if plan_id is not None:
        query = query.where(Task.plan_id == plan_id)
    return session.exec(query.order_by(col(Task.plan_id))).all()


def occurrences_of(session: Session, task_id: int) -> list[Occurrence]:
    query = select(Occurrence).where(Occurrence.task_id == task_id).order_by(col(Occurrence.seq))
    return list(session.exec(query).all())


@dataclass(frozen=True)
class TaskUnits:
    """The unit ids a task names, groups expanded to their members."""

    lead: frozenset[int]
    partners: frozenset[int]


def task_units(session: Session, task_id: int) -> TaskUnits:
    return units_of_tasks(session, {task_id}).get(task_id, TaskUnits(frozenset(), frozenset()))


def next_seq(session: Session, task_id: int) -> int:
    last = session.exec(select(func.max(Occurrence.seq)).where(Occurrence.task_id == task_id)).one()
    return int(last or 0) + 1


def tasks_of_plan(session: Session, plan_id: int) -> Sequence[Task]:
    query = select(Task).where(Task.plan_id == plan_id).order_by(col(Task.position))
    return session.exec(query).all()


def plan_of(session: Session, task: Task) -> Plan:
    plan = session.get(Plan, task.plan_id)
    assert plan is not None
    return plan


def occurrence_facts(session: Session, occurrence_ids: Iterable[int]) -> dict[int, OccurrenceFacts]:
    """What reminder planning needs about each occurrence, groups expanded to their units.

    Plain columns, not whole objects: planning and every dispatch pass read these for many
    occurrences at once.
    """
    ids = list(occurrence_ids)
    found: dict[int, OccurrenceFacts] = {}
    for start in range(0, len(ids), 500):
        rows = session.exec(_FACTS.where(col(Occurrence.id).in_(ids[start : start + 500]))).all()
        units = units_of_tasks(session, {row.task_id for row in rows})
        for row in rows:
            if not tracked(row, row.period_start):
                continue  # before the plan period: shown, flagged, never reminded about
            named = units.get(row.task_id, TaskUnits(frozenset(), frozenset()))
            found[row.id] = OccurrenceFacts(
                occurrence_id=row.id,
                plan_id=row.plan_id,
                task_ref=row.ref,
                state=row.state,
                start=row.start_date,
                due=row.due_date,
                reported_at=row.reported_at,
                check_in=row.check_in,
                lead_units=tuple(sorted(named.lead)),
                partner_units=tuple(sorted(named.partners)),
                office_unit=row.office_unit_id,
                version=row.version,
            )
    return found


_FACTS = (
    select(  # type: ignore[call-overload]
        col(Occurrence.id),
        col(Occurrence.task_id),
        col(Occurrence.state),
        col(Occurrence.start_date),
        col(Occurrence.due_date),
        col(Occurrence.reported_at),
        col(Occurrence.check_in),
        col(Occurrence.in_period),
        col(Occurrence.version),
        col(Task.ref),
        col(Task.plan_id),
        col(Plan.period_start),
        col(Plan.office_unit_id),
    )
    .join(Task, col(Task.id) == col(Occurrence.task_id))
    .join(Plan, col(Plan.id) == col(Task.plan_id))
)


def units_of_tasks(session: Session, task_ids: set[int]) -> dict[int, TaskUnits]:
    """Lead and partner unit ids of many tasks at once, groups expanded to their members."""
    if not task_ids:
        return {}
    links = session.exec(select(TaskUnit).where(col(TaskUnit.task_id).in_(task_ids))).all()
    members = group_members(session, {link.group_id for link in links if link.group_id})
    found: dict[int, dict[str, set[int]]] = {}
    for link in links:
        roles = found.setdefault(link.task_id, {"lead": set(), "partner": set()})
        if link.unit_id is not None:
            roles[link.role].add(link.unit_id)
        if link.group_id is not None:
            roles[link.role] |= members.get(link.group_id, set())
    return {
        task_id: TaskUnits(frozenset(roles["lead"]), frozenset(roles["partner"]))
        for task_id, roles in found.items()
    }


def occurrence_ids_of(
    session: Session, *, plan_id: int | None = None, task_id: int | None = None
) -> list[int]:
    query = select(Occurrence.id).join(Task, col(Task.id) == col(Occurrence.task_id))
    if plan_id is not None:
        query = query.where(col(Task.plan_id) == plan_id)
    if task_id is not None:
        query = query.where(col(Occurrence.task_id) == task_id)
    return [row for row in session.exec(query).all() if row is not None]


def undated_open(session: Session, plan_id: int) -> list[tuple[Task, Occurrence]]:
    """Occurrences of the plan still without a date (for the office's weekly list)."""
    query = (
        select(Task, Occurrence)
        .join(Occurrence, col(Occurrence.task_id) == col(Task.id))
        .where(
            col(Task.plan_id) == plan_id,
            col(Occurrence.due_date).is_(None),
            col(Occurrence.state).in_(["assigned", "in_progress", "returned", "reopened"]),
        )
        .order_by(col(Task.position))
    )
    return [(task, occurrence) for task, occurrence in session.exec(query).all()]


def details_of(
    session: Session, occurrence_ids: Iterable[int]
) -> dict[int, tuple[Task, Occurrence]]:
    ids = list(occurrence_ids)
    query = (
        select(Task, Occurrence)
        .join(Occurrence, col(Occurrence.task_id) == col(Task.id))
        .where(col(Occurrence.id).in_(ids))
    )
    return {
        occurrence.id: (task, occurrence)
        for task, occurrence in session.exec(query).all()
        if occurrence.id
    }


def lead_names(session: Session, task_ids: set[int]) -> dict[int, tuple[str, ...]]:
    """The lead units of each task as the plan names them, in cell order."""
    if not task_ids:
        return {}
    query = (
        select(TaskUnit)
        .where(col(TaskUnit.task_id).in_(task_ids), col(TaskUnit.role) == "lead")
        .order_by(col(TaskUnit.task_id), col(TaskUnit.position))
    )
    found: dict[int, list[str]] = {}
    for link in session.exec(query).all():
        found.setdefault(link.task_id, []).append(link.name)
    return {task_id: tuple(names) for task_id, names in found.items()}


def dated_open(
    session: Session, plan_id: int, *, due_before: date | None = None
) -> list[tuple[Task, Occurrence]]:
    """Occurrences of the plan with a due date (before ``due_before`` if given) whose work is
    still to be done (not reported), those before the plan period left out (never followed
    up)."""
    plan = session.get(Plan, plan_id)
    assert plan is not None
    query = (
        select(Task, Occurrence)
        .join(Occurrence, col(Occurrence.task_id) == col(Task.id))
        .where(
            col(Task.plan_id) == plan_id,
            col(Occurrence.due_date).is_not(None),
            col(Occurrence.state).in_(["assigned", "in_progress", "returned", "reopened"]),
        )
        .order_by(col(Occurrence.due_date), col(Task.position))
    )
    if due_before is not None:
        query = query.where(col(Occurrence.due_date) < due_before)
    return [
        (task, occurrence)
        for task, occurrence in session.exec(query).all()
        if tracked(occurrence, plan.period_start)
    ]


def lead_dues_by_unit(session: Session, plan_id: int) -> dict[int, list[date | None]]:
    """For each unit leading tasks of the plan (itself or through a group), and each task it
    leads in task order, the task's first due date within the plan's period (dates before it
    are kept for the record, never tracked)."""
    task_ids = {t for t in session.exec(select(Task.id).where(Task.plan_id == plan_id)) if t}
    named = units_of_tasks(session, task_ids)
    dues: dict[int, list[date]] = {}
    query = select(Occurrence.task_id, col(Occurrence.due_date)).where(
        col(Occurrence.task_id).in_(task_ids),
        col(Occurrence.due_date).is_not(None),
        col(Occurrence.in_period),
    )
    for task_id, due in session.exec(query).all():
        assert due is not None
        dues.setdefault(task_id, []).append(due)
    firsts: dict[int, list[date | None]] = {}
    for task_id in sorted(named):
        first = min(dues[task_id]) if task_id in dues else None
        for unit_id in named[task_id].lead:
            firsts.setdefault(unit_id, []).append(first)
    return firsts
