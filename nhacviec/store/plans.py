"""Plans in the store: saving an imported plan with its tasks, finding and listing plans."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, func, or_
from sqlmodel import Session, col, select

from nhacviec.store.journal import append_event
from nhacviec.store.models import Occurrence, Plan, PlanSource, Task, TaskUnit
from nhacviec.store.units import UnitIndex, unknown_unit
from workflows.event_payloads import PlanImported
from workflows.identity import (
    PlanIdentity,
    identity,
    identity_of,
    new_version_of,
    same_plan,
    task_text,
)
from workflows.plan import ParsedPlan, PlanMetadata
from workflows.plan import Task as ParsedTask
from workflows.plan_events import EventKind
from workflows.schedule import Occurrence as ParsedOccurrence
from workflows.units.directory import UnitDirectory, UnitMatch


@dataclass(frozen=True)
class SourceFile:
    name: str
    format: str
    sha256: str


def find_plan_by_source(session: Session, sha256: str) -> Plan | None:
    """The plan any version of which was imported from a file with these bytes."""
    query = (
        select(Plan)
        .join(PlanSource, col(PlanSource.plan_id) == col(Plan.id))
        .where(PlanSource.source_sha256 == sha256)
    )
    return session.exec(query).first()


def find_same_plan(session: Session, metadata: PlanMetadata) -> Plan | None:
    """A plan already stored with the same issuer, number, title and period."""
    query = select(Plan).where(
        Plan.issuer == metadata.issuer,
        Plan.number == metadata.number,
        Plan.title == metadata.title,
        Plan.period_start == metadata.period.start,
        Plan.period_end == metadata.period.end,
    )
    return session.exec(query).first()


def find_same_content(session: Session, parsed: ParsedPlan) -> Plan | None:
    """A stored plan that ``parsed`` is a copy of, whatever its title says: the plans sharing
    its number or signing date, compared by ``workflows.identity`` (facts and task sets)."""
    meta = parsed.metadata
    shared = [
        *([col(Plan.number) == meta.number] if meta.number else []),
        *([col(Plan.signed_on) == meta.signed_on] if meta.signed_on else []),
    ]
    if not shared:
        return None
    reading = identity_of(parsed)
    for plan in session.exec(select(Plan).where(or_(*shared)).order_by(col(Plan.id))).all():
        if plan.id is not None and same_plan(reading, _stored_identity(session, plan)):
            return plan
    return None


def _stored_identity(session: Session, plan: Plan) -> PlanIdentity:
    texts = session.exec(select(Task.task_text, Task.activity).where(Task.plan_id == plan.id)).all()
    return identity(plan.issuer, plan.number, plan.signed_on, (task_text(*row) for row in texts))


def find_earlier_version(
    session: Session, metadata: PlanMetadata, office_unit_id: int
) -> Plan | None:
    """The office's stored plan that ``metadata`` is a new version of: same issuer, title and
    period under another number (an amended plan is issued anew), the latest imported."""
    query = (
        select(Plan)
        .where(
            Plan.issuer == metadata.issuer,
            Plan.title == metadata.title,
            Plan.period_start == metadata.period.start,
            Plan.period_end == metadata.period.end,
            Plan.number != metadata.number,
            Plan.office_unit_id == office_unit_id,
        )
        .order_by(col(Plan.imported_at).desc(), col(Plan.id).desc())
    )
    return session.exec(query).first()


def find_versions_by_content(
    session: Session, parsed: ParsedPlan, office_unit_id: int | None = None
) -> list[Plan]:
    """The stored plans ``parsed`` looks like an amended version of, whatever its title says
    (``workflows.identity.new_version_of``): the same issuer, another number, a period that
    overlaps, half the tasks shared; ``office_unit_id``: that office's plans only."""
    meta = parsed.metadata
    if not meta.issuer or not meta.number:
        return []
    query = select(Plan).where(
        Plan.issuer == meta.issuer,
        Plan.number != meta.number,
        col(Plan.period_start) <= meta.period.end,
        col(Plan.period_end) >= meta.period.start,
    )
    if office_unit_id is not None:
        query = query.where(Plan.office_unit_id == office_unit_id)
    reading = identity_of(parsed)
    found = session.exec(query.order_by(col(Plan.id))).all()
    return [plan for plan in found if new_version_of(reading, _stored_identity(session, plan))]


def get_plan(session: Session, plan_id: int) -> Plan | None:
    return session.get(Plan, plan_id)


def offices_of(session: Session, plan_ids: Iterable[int]) -> dict[int, int]:
    """The office unit of each of these plans that has one."""
    query = select(Plan.id, Plan.office_unit_id).where(
        col(Plan.id).in_(list(plan_ids)), col(Plan.office_unit_id).is_not(None)
    )
    return {
        plan_id: office
        for plan_id, office in session.exec(query).all()
        if plan_id is not None and office is not None
    }


def save_plan(
    session: Session,
    parsed: ParsedPlan,
    source: SourceFile,
    directory: UnitDirectory | None,
    index: UnitIndex | None,
    *,
    now: datetime,
    office_unit_id: int | None = None,
) -> Plan:
    """Insert the plan, its tasks, units and occurrences, its source and a PlanImported event.

    Flushes; the caller commits. ``office_unit_id`` (the plan's office, ``--office``)
    defaults to the unit the directory marks as office.
    """
    meta = parsed.metadata
    organisation = directory.organisation_key if directory else ""
    plan = Plan(
        title=meta.title,
        issuer=meta.issuer,
        issuer_level=meta.issuer_level.value,
        number=meta.number,
        signed_on=meta.signed_on,
        period_start=meta.period.start,
        period_end=meta.period.end,
        period_source=meta.period_source,
        organisation=organisation,
        office_unit_id=office_unit_id or (index.office_unit_id if index else None),
        source_name=source.name,
        source_format=source.format,
        source_sha256=source.sha256,
        imported_at=now,
    )
    session.add(plan)
    session.flush()
    assert plan.id is not None
    save_source(session, plan, source, now)
    links = UnitLinks(directory, index, organisation, now)
    for position, task in enumerate(parsed.tasks, start=1):
        save_task(session, plan.id, position, task, links)
    payload = PlanImported(1, len(parsed.tasks), source.name)
    append_event(session, EventKind.PLAN_IMPORTED, now, plan_id=plan.id, payload=payload)
    return plan


def save_source(session: Session, plan: Plan, source: SourceFile, now: datetime) -> None:
    assert plan.id is not None
    session.add(
        PlanSource(
            plan_id=plan.id,
            version=plan.version,
            source_name=source.name,
            source_format=source.format,
            source_sha256=source.sha256,
            imported_at=now,
        )
    )


@dataclass(frozen=True)
class UnitLinks:
    """How a task's lead and partner names find their units: the directory and its stored ids;
    a name neither knows becomes a unit of ``organisation``, created at ``now``."""

    directory: UnitDirectory | None
    index: UnitIndex | None
    organisation: str
    now: datetime


def save_task(
    session: Session, plan_id: int, position: int, task: ParsedTask, links: UnitLinks
) -> Task:
    row, schedule = task.row, task.schedule
    stored = Task(
        plan_id=plan_id,
        ref=task.ref,
        position=position,
        section=row.section,
        section_title=row.section_title,
        number=row.number,
        objective=row.objective,
        task_text=row.task,
        activity=row.activity,
        product=row.product,
        lead_text=row.lead,
        partners_text=row.partners,
        time_text=row.time_text,
        budget=row.budget,
        notes=row.notes,
        schedule_kind=schedule.kind.value,
        recurrence=schedule.recurrence.value if schedule.recurrence else None,
        event_text=schedule.event.text if schedule.event else None,
        event_offset_days=schedule.event.offset_days if schedule.event else None,
        event_working_days=schedule.event.working_days if schedule.event else None,
        needs_review=schedule.needs_review,
        review_reasons=[{"code": r.code, "params": dict(r.params)} for r in schedule.reasons],
        schedule_notes=list(schedule.notes),
        source_table=row.source.table,
        source_row=row.source.row,
        source_page=row.source.page,
    )
    session.add(stored)
    session.flush()
    assert stored.id is not None
    link_units(session, stored.id, task, links)
    for seq, occurrence in enumerate(schedule.occurrences, start=1):
        session.add(occurrence_row(stored.id, seq, occurrence, links.now))
    if not schedule.occurrences:
        session.add(undated_occurrence(stored.id, 1, links.now))
    session.flush()
    return stored


def link_units(session: Session, task_id: int, task: ParsedTask, links: UnitLinks) -> None:
    """The task's lead and partner names, each linked to its unit or group when known."""
    for role, names in (("lead", task.lead), ("partner", task.partners)):
        for position_in_cell, name in enumerate(names, start=1):
            match = links.directory.resolve(name) if links.directory else None
            unit_id, group_id = _link_target(session, match, links, name)
            session.add(
                TaskUnit(
                    task_id=task_id,
                    role=role,
                    position=position_in_cell,
                    name=name,
                    unit_id=unit_id,
                    group_id=group_id,
                )
            )


def occurrence_row(
    task_id: int, seq: int, occurrence: ParsedOccurrence, now: datetime
) -> Occurrence:
    return Occurrence(
        task_id=task_id,
        seq=seq,
        created_at=now,
        updated_at=now,
        label=occurrence.label,
        start_date=occurrence.start,
        due_date=occurrence.due,
        due_words=occurrence.due_words,
        in_period=occurrence.in_period,
        qualifier=occurrence.qualifier,
        check_in=occurrence.check_in,
    )


def undated_occurrence(task_id: int, seq: int, now: datetime) -> Occurrence:
    """The occurrence of a task the plan leaves undated or that waits on an event."""
    return Occurrence(task_id=task_id, seq=seq, due_date=None, created_at=now, updated_at=now)


def _link_target(
    session: Session, match: UnitMatch | None, links: UnitLinks, name: str
) -> tuple[int | None, int | None]:
    index = links.index
    if match is not None and index is not None:
        if match.unit is not None and match.unit.key in index.units:
            return index.units[match.unit.key], None
        if match.group is not None and match.group.key in index.groups:
            return None, index.groups[match.group.key]
    return unknown_unit(session, links.organisation, name, links.now), None


@dataclass(frozen=True)
class PlanSummary:
    plan: Plan
    tasks: int
    needs_review: int
    occurrences: int


def list_plans(session: Session) -> list[PlanSummary]:
    tasks = (
        select(
            Task.plan_id,
            func.count(col(Task.id)).label("tasks"),
            func.sum(func.cast(col(Task.needs_review), Integer)).label("review"),
        )
        .group_by(col(Task.plan_id))
        .subquery()
    )
    occurrences = (
        select(Task.plan_id, func.count(col(Occurrence.id)).label("occurrences"))
        .join(Occurrence, col(Occurrence.task_id) == col(Task.id))
        .group_by(col(Task.plan_id))
        .subquery()
    )
    query = (
        select(Plan, tasks.c.tasks, tasks.c.review, occurrences.c.occurrences)
        .outerjoin(tasks, tasks.c.plan_id == col(Plan.id))
        .outerjoin(occurrences, occurrences.c.plan_id == col(Plan.id))
        .order_by(col(Plan.id))
    )
    return [
        PlanSummary(plan, count or 0, review or 0, dated or 0)
        for plan, count, review, dated in session.exec(query).all()
    ]
