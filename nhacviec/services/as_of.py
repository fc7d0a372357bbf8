"""The tasks as they stood at a past instant: the stored views with the changes made after it
taken back (``workflows.as_of``), for every reading of the standings at an instant
(``tasks --now``, ``report --as-of``, ``units scores --as-of``, the console's report)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from nhacviec.store import journal
from nhacviec.store.models import HistoryEntry, Occurrence, PlanEvent
from nhacviec.store.tasks import TaskView
from workflows.as_of import Logged, OccurrenceFacts, Reassigned, lead_as_of, occurrence_as_of
from workflows.event_payloads import DueDateChanged, StateChanged, read_payload
from workflows.workflow_rules import State


def views_as_of(
    session: Session, views: Sequence[TaskView], instant: datetime, plan_id: int | None = None
) -> list[TaskView]:
    """``views`` as they stood at ``instant``: a task none of whose occurrences existed then is
    left out. With nothing changed or created after ``instant``, the views themselves."""
    created_later = any(o.created_at > instant for view in views for o in view.occurrences)
    changed, reassigned = journal.changed_after(session, instant, plan_id)
    shown = {o.id for view in views for o in view.occurrences}
    changed &= shown
    reassigned &= {view.task.id for view in views}
    if not (created_later or changed or reassigned):
        return list(views)
    logs = journal.logs_of_occurrences(session, sorted(changed))
    leads = journal.reassignments_of(session, sorted(i for i in reassigned if i is not None))
    past = []
    for view in views:
        occurrences = [
            then
            for o in view.occurrences
            if (then := _occurrence_then(o, logs.get(o.id or 0, []), instant, view)) is not None
        ]
        if view.occurrences and not occurrences:
            continue  # the task came later (an amendment added it)
        lead = lead_as_of(view.lead, _reassignments(leads.get(view.task.id or 0, [])), instant)
        past.append(replace(view, lead=lead, occurrences=tuple(occurrences)))
    return past


def _occurrence_then(
    occurrence: Occurrence, log: Sequence[PlanEvent], instant: datetime, view: TaskView
) -> Occurrence | None:
    current = _facts(occurrence)
    then = occurrence_as_of(current, [_logged(event) for event in log], instant)
    if then is None:
        return None
    if then == current:
        return occurrence
    plan = view.plan
    due = then.due_date
    moved = due != occurrence.due_date
    return Occurrence.model_validate(
        occurrence.model_dump()
        | {
            "state": then.state.value,
            "due_date": due,
            "start_date": then.start_date,
            "due_source": then.due_source,
            "in_period": (due is None or plan.period_start <= due <= plan.period_end)
            if moved
            else occurrence.in_period,
            "reported_at": then.reported_at,
            "reported_on_behalf": then.reported_on_behalf,
            "verified_at": then.verified_at,
            "extended": then.extended,
            "suspended_at": then.suspended_at,
            "suspended_from": then.suspended_from,
        }
    )


def _facts(occurrence: Occurrence) -> OccurrenceFacts:
    return OccurrenceFacts(
        created_at=occurrence.created_at,
        state=State(occurrence.state),
        due_date=occurrence.due_date,
        start_date=occurrence.start_date,
        due_source=occurrence.due_source,
        reported_at=occurrence.reported_at,
        reported_on_behalf=occurrence.reported_on_behalf,
        verified_at=occurrence.verified_at,
        extended=occurrence.extended,
        suspended_at=occurrence.suspended_at,
        suspended_from=occurrence.suspended_from,
    )


def _logged(event: PlanEvent) -> Logged:
    payload = read_payload(event.kind, event.payload)
    assert isinstance(payload, StateChanged | DueDateChanged)
    return Logged(event.at, payload)


def _reassignments(entries: Sequence[HistoryEntry]) -> list[Reassigned]:
    """The reassignments whose entry names the lead before (``services.extensions``)."""
    found = []
    for entry in entries:
        before = (entry.details or {}).get("lead_before")
        if isinstance(before, list):
            found.append(Reassigned(entry.at, tuple(str(name) for name in before)))
    return found
