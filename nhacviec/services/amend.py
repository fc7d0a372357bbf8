"""Amendments: a new version of a stored plan (``plan import NEW --amends PLAN``).

The amended plan's tasks are paired with the stored ones (``workflows.amendments``); the diff
is shown first (``--dry-run``), then applied in one transaction: new tasks added, vanished ones
cancelled with the reason "bãi bỏ theo kế hoạch sửa đổi", changed deadlines re-dated. Every
occurrence keeps its state and history; each change is an event of the plan's log. What the
office decided holds: a granted extension's date and a reassigned lead are kept, and the diff's
``notices`` say where the amended plan would have changed them (the office decides).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlmodel import Session, col, delete, select

from nhacviec.services.extensions import deadline_history_of
from nhacviec.services.importing import FileReading
from nhacviec.services.tasks import Actor, Change, NewDate, change_date, record_change
from nhacviec.store import tasks as stored
from nhacviec.store import units
from nhacviec.store.journal import append_event
from nhacviec.store.models import HistoryEntry, Occurrence, Plan, Task, TaskUnit
from nhacviec.store.occurrences import OccurrenceUpdate, update_occurrence
from nhacviec.store.plans import (
    UnitLinks,
    find_plan_by_source,
    link_units,
    occurrence_row,
    save_source,
    save_task,
)
from workflows.amendments import (
    ChangeKind,
    OccurrenceChange,
    PlanDiff,
    StoredOccurrence,
    StoredTask,
    TaskChange,
    diff_plan,
)
from workflows.amendments.occurrences import plan_due
from workflows.event_payloads import (
    DueSource,
    OccurrenceAdded,
    PlanAction,
    PlanAmended,
    StateChanged,
    TaskChanged,
)
from workflows.plan import Task as ParsedTask
from workflows.plan_events import EventKind
from workflows.units.directory import UnitDirectory
from workflows.workflow import Action, State


@dataclass(frozen=True)
class Amendment:
    plan: Plan
    diff: PlanDiff
    applied: bool


def diff_against(session: Session, plan: Plan, reading: FileReading) -> PlanDiff:
    """What importing ``reading`` as the plan's next version would change."""
    assert plan.id is not None
    return diff_plan(_snapshot(session, plan.id), reading.parsed.tasks)


def amend(
    session: Session,
    plan: Plan,
    reading: FileReading,
    actor: Actor,
    now: datetime,
    *,
    cancel_reason: str,
) -> Amendment:
    """Apply the amended version; the caller commits (one transaction). ``cancel_reason`` is
    the note on each occurrence the amendment cancels (the face words it).

    A file already imported for this plan (same bytes) changes nothing.
    """
    assert plan.id is not None
    diff = diff_against(session, plan, reading)
    if find_plan_by_source(session, reading.source.sha256) is not None:
        return Amendment(plan, diff, applied=False)
    directory = reading.directory
    index = units.save_directory(session, directory, now) if directory is not None else None
    applier = _Applier(session, plan, directory, index, actor, now, cancel_reason)
    applier.free_refs(diff)
    for position, change in enumerate(diff.changes, start=1):
        applier.apply(change, position)
    plan.version += 1
    plan.source_name, plan.source_format = reading.source.name, reading.source.format
    plan.source_sha256 = reading.source.sha256
    session.add(plan)
    save_source(session, plan, reading.source, now)
    counts = {kind.value: count for kind, count in diff.counts().items()}
    payload = PlanAmended(plan.version, reading.source.name, counts)
    append_event(session, EventKind.PLAN_AMENDED, now, plan_id=plan.id, payload=payload)
    return Amendment(plan, diff, applied=True)


def _snapshot(session: Session, plan_id: int) -> list[StoredTask]:
    snapshot = []
    reassigned = _reassigned_tasks(session, plan_id)
    for task in stored.tasks_of_plan(session, plan_id):
        assert task.id is not None
        occurrences = stored.occurrences_of(session, task.id)
        lead = stored.task_view(session, task.id).lead if task.id in reassigned else ()
        snapshot.append(
            StoredTask(
                id=task.id,
                ref=task.ref,
                task_text=task.task_text,
                activity=task.activity,
                time_text=task.time_text,
                schedule_kind=task.schedule_kind,
                occurrences=tuple(_stored_occurrence(session, o) for o in occurrences),
                cancelled=bool(occurrences)
                and all(o.state == State.CANCELLED for o in occurrences),
                lead_text=task.lead_text,
                lead=tuple(lead),
                reassigned=task.id in reassigned,
            )
        )
    return snapshot


def _reassigned_tasks(session: Session, plan_id: int) -> set[int]:
    """The plan's tasks whose lead the office reassigned (``task reassign``)."""
    query = select(HistoryEntry.task_id).where(
        col(HistoryEntry.plan_id) == plan_id, col(HistoryEntry.action) == Action.REASSIGN.value
    )
    return set(session.exec(query).all())


def _stored_occurrence(session: Session, occurrence: Occurrence) -> StoredOccurrence:
    assert occurrence.id is not None
    extended = occurrence.extended
    history = deadline_history_of(session, occurrence) if extended else None
    return StoredOccurrence(
        id=occurrence.id,
        seq=occurrence.seq,
        label=occurrence.label,
        start=occurrence.start_date,
        due=occurrence.due_date,
        state=occurrence.state,
        extended=extended,
        plan_due=plan_due(history) if history is not None else occurrence.due_date,
    )


class _Applier:
    def __init__(
        self,
        session: Session,
        plan: Plan,
        directory: UnitDirectory | None,
        index: units.UnitIndex | None,
        actor: Actor,
        now: datetime,
        reason: str,
    ) -> None:
        self.session, self.plan, self.actor, self.now = session, plan, actor, now
        organisation = directory.organisation_key if directory else plan.organisation
        self.links = UnitLinks(directory, index, organisation, now)
        self.reason = reason

    def free_refs(self, diff: PlanDiff) -> None:
        """Give every stored task a temporary ref, so the amended refs can be written in any
        order (a new task may take the ref of a removed one; renumbering shifts refs)."""
        for change in diff.changes:
            if change.stored is not None:
                task = self._task(change.stored.id)
                task.ref = f"~{task.id}"
                self.session.add(task)
        self.session.flush()

    def apply(self, change: TaskChange, position: int) -> None:
        if change.kind is ChangeKind.ADDED:
            assert change.new is not None
            self._add(change.new, position)
        elif change.kind is ChangeKind.REMOVED:
            assert change.stored is not None
            self._remove(change, position)
        else:
            assert change.stored is not None and change.new is not None
            self._update(change, position)

    def _add(self, new: ParsedTask, position: int) -> None:
        assert self.plan.id is not None
        task = save_task(self.session, self.plan.id, position, new, self.links)
        self._event(EventKind.TASK_ADDED, task, TaskChanged(task.ref))

    def _remove(self, change: TaskChange, position: int) -> None:
        assert change.stored is not None
        task = self._task(change.stored.id)
        task.ref = f"{change.stored.ref}~v{self.plan.version}"[:50]
        task.position = position
        self.session.add(task)
        for move in change.occurrences:
            self._occurrence_change(task, move)
        self._event(EventKind.TASK_REMOVED, task, TaskChanged(change.stored.ref))

    def _update(self, change: TaskChange, position: int) -> None:
        assert change.stored is not None and change.new is not None
        task = self._task(change.stored.id)
        _refresh(task, change.new, position)
        self.session.add(task)
        self._relink_units(task, change.new, keep_lead=change.keep_lead)
        for move in change.occurrences:
            self._occurrence_change(task, move)
        if change.text_changed:
            self._event(EventKind.TASK_REWORDED, task, TaskChanged(task.ref))

    def _occurrence_change(self, task: Task, move: OccurrenceChange) -> None:
        if move.kind == "add":
            assert move.new is not None and task.id is not None
            seq = stored.next_seq(self.session, task.id)
            occurrence = occurrence_row(task.id, seq, move.new, self.now)
            self.session.add(occurrence)
            self.session.flush()
            added = OccurrenceAdded(occurrence.label)
            self._event(EventKind.OCCURRENCE_ADDED, task, added, occurrence)
            return
        assert move.stored is not None
        existing = self.session.get(Occurrence, move.stored.id)
        assert existing is not None
        if move.kind == "redate":
            assert move.new is not None
            new = NewDate(
                move.new.due,
                move.new.start,
                DueSource.AMENDMENT,
                PlanAction.AMEND,
                due_words=move.new.due_words,
                label=move.new.label,
            )
            change_date(self.session, self.plan, task, existing, new, self.actor, self.now)
        else:
            self._cancel(task, existing)

    def _cancel(self, task: Task, occurrence: Occurrence) -> None:
        """The signed amendment cancels the work: no role check, the reason is the plan's."""
        before = State(occurrence.state)
        cancel = OccurrenceUpdate(updated_at=self.now, state=State.CANCELLED)
        if not update_occurrence(self.session, occurrence, occurrence.version, cancel):
            raise RuntimeError("an occurrence changed while its plan was being amended")
        payload = StateChanged(Action.CANCEL, before, State.CANCELLED)  # never on anyone's behalf
        details = {"version": self.plan.version + 1}
        change = Change(payload, PlanAction.AMEND, note=self.reason, details=details)
        record_change(self.session, task, occurrence, change, self.actor, self.now)

    def _relink_units(self, task: Task, new: ParsedTask, *, keep_lead: bool) -> None:
        """The amended plan's units; a reassigned task keeps the lead the office chose."""
        assert task.id is not None
        linked = delete(TaskUnit).where(col(TaskUnit.task_id) == task.id)
        if keep_lead:
            linked = linked.where(col(TaskUnit.role) != "lead")
            new = replace(new, lead=())
        self.session.exec(linked)
        link_units(self.session, task.id, new, self.links)

    def _task(self, task_id: int) -> Task:
        task = self.session.get(Task, task_id)
        assert task is not None
        return task

    def _event(
        self,
        kind: EventKind,
        task: Task,
        payload: TaskChanged | OccurrenceAdded,
        occurrence: Occurrence | None = None,
    ) -> None:
        append_event(
            self.session,
            kind,
            self.now,
            plan_id=self.plan.id,
            task_id=task.id,
            occurrence_id=occurrence.id if occurrence else None,
            payload=payload,
        )


def _refresh(task: Task, new: ParsedTask, position: int) -> None:
    """The stored row takes the amended wording, units, deadline words and ref."""
    row, schedule = new.row, new.schedule
    task.ref, task.position = new.ref, position
    task.section, task.section_title, task.number = row.section, row.section_title, row.number
    task.objective, task.task_text, task.activity = row.objective, row.task, row.activity
    task.product, task.budget, task.notes = row.product, row.budget, row.notes
    task.lead_text, task.partners_text, task.time_text = row.lead, row.partners, row.time_text
    task.schedule_kind = schedule.kind.value
    task.recurrence = schedule.recurrence.value if schedule.recurrence else None
    event = schedule.event
    task.event_text = event.text if event else None
    task.event_offset_days = event.offset_days if event else None
    task.event_working_days = event.working_days if event else None
    task.needs_review = schedule.needs_review
    task.review_reasons = [{"code": r.code, "params": dict(r.params)} for r in schedule.reasons]
    task.schedule_notes = list(schedule.notes)
    task.source_table, task.source_row = row.source.table, row.source.row
    task.source_page = row.source.page
