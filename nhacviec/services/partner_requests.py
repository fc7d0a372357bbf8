"""Partner requests: the lead asks a partner unit for its part by a date («đề nghị cung cấp số
liệu trước ngày …»); the partner answers with words and files; the lead reads the answers on
the task. The one path for the CLI, the bot and the web.

Each call is part of the caller's transaction: the transition table decides who may (``ASK``:
the lead, ``ANSWER``: a partner), ``workflows.partner_requests`` what it cannot see (the unit
asked is a partner, the date is not past, an answer has a request). The move is written as a
history entry and a plan event (the state does not change); the scheduler follows the event and
plans the partner's reminders from the request (``PartnerRequest``) until it is answered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from nhacviec.errors import InputError, keyed
from nhacviec.services import tasks as operations
from nhacviec.services.evidence import (
    EvidenceStore,
    Upload,
    check_uploads,
    keep_files,
    with_file_names,
)
from nhacviec.services.tasks import Actor, Change
from nhacviec.store import evidence as stored
from nhacviec.store import tasks as task_store
from nhacviec.store.evidence import PartnerRequest
from nhacviec.store.models import HistoryEntry, Occurrence, Task
from workflows.event_payloads import StateChanged
from workflows.partner_requests import Asked, check_answer, check_ask, is_late
from workflows.workflow import Action, Move, Request, State


@dataclass(frozen=True)
class RequestDone:
    """An ask or an answer recorded: the task, the occurrence, the move and the requests."""

    task: Task
    occurrence: Occurrence
    move: Move
    requests: tuple[PartnerRequest, ...]


@dataclass(frozen=True)
class RequestView:
    """One request with its answer, as the task's views show it."""

    id: int
    seq: int  # the occurrence it is about
    partner: str
    asked_by: str
    due: date
    text: str
    asked_at: datetime
    answered_at: datetime | None
    answer: str  # the answer's words ("" while open)
    late: bool  # open, and its date has passed


_REFUSED = keyed(
    "requests.refused.not_a_partner",
    "requests.refused.date_past",
    "requests.refused.nothing_asked",
)


def ask(
    session: Session,
    task: Task,
    partner_unit_id: int,
    due: date,
    text: str,
    actor: Actor,
    now: datetime,
    *,
    occurrence_seq: int | None = None,
) -> RequestDone:
    """The lead asks ``partner_unit_id`` for its part by ``due`` (``RefusedError`` or
    ``InputError``, nothing written, when it may not)."""
    plan = task_store.plan_of(session, task)
    occurrence = operations.pick_occurrence(session, task, occurrence_seq)
    request = Request(Action.ASK, note=text.strip())
    move = operations.authorize(session, plan, task, occurrence, actor, request)
    assert task.id is not None and occurrence.id is not None and actor.unit_id is not None
    named = task_store.task_units(session, task.id)
    refused = check_ask(partner_unit_id, named.partners, named.lead, due, now)
    if refused is not None:
        raise InputError(_REFUSED[refused.value], ref=task.ref, due=_shown(due))
    partner_name = stored.unit_names(session, [partner_unit_id]).get(partner_unit_id, "")
    details = {"partner_unit_id": partner_unit_id, "partner": partner_name, "by": due.isoformat()}
    entry = _record(session, task, occurrence, move, request, actor, now, details)
    assert entry.id is not None
    row = stored.add_request(
        session,
        PartnerRequest(
            plan_id=task.plan_id,
            task_id=task.id,
            occurrence_id=occurrence.id,
            partner_unit_id=partner_unit_id,
            asked_by_unit_id=actor.unit_id,
            due_date=due,
            text=request.note,
            asked_at=now,
            asked_entry_id=entry.id,
        ),
    )
    return RequestDone(task, occurrence, move, (row,))


def answer(
    session: Session,
    store: EvidenceStore,
    task: Task,
    text: str,
    actor: Actor,
    now: datetime,
    uploads: Sequence[Upload] = (),
) -> RequestDone:
    """A partner answers its open requests on the task with words and files (each request is
    then answered; the files are kept as a report's are)."""
    checked = check_uploads(uploads, store.limits)
    assert task.id is not None
    plan = task_store.plan_of(session, task)
    asked = stored.open_requests_to(session, task.id, actor.unit_id or 0)
    request = with_file_names(Request(Action.ANSWER, note=text.strip()), checked)
    first = asked[0].occurrence_id if asked else None
    occurrence = _occurrence(session, task, first)
    move = operations.authorize(session, plan, task, occurrence, actor, request)
    facts = [Asked(r.partner_unit_id, r.due_date, r.answered_at) for r in asked]
    if check_answer(facts, actor.unit_id or 0) is not None:
        raise InputError("requests.refused.nothing_asked", ref=task.ref)
    details = {"requests": [r.id for r in asked]}
    entry = _record(session, task, occurrence, move, request, actor, now, details)
    assert entry.id is not None
    keep_files(session, store, entry, checked, now)
    stored.mark_answered(session, asked, entry.id, now)
    return RequestDone(task, occurrence, move, tuple(asked))


def requests_on(session: Session, task_id: int, now: datetime) -> list[RequestView]:
    """The task's requests, oldest first, each with its answer."""
    rows = stored.requests_of_task(session, task_id)
    names = stored.unit_names(
        session, {r.partner_unit_id for r in rows} | {r.asked_by_unit_id for r in rows}
    )
    answers = stored.entries(session, [r.answer_entry_id for r in rows if r.answer_entry_id])
    seqs = {o.id: o.seq for o in task_store.occurrences_of(session, task_id)}
    views = []
    for row in rows:
        assert row.id is not None
        entry = answers.get(row.answer_entry_id or 0)
        words = (entry.note or entry.evidence) if entry else ""
        asked = Asked(row.partner_unit_id, row.due_date, row.answered_at)
        views.append(
            RequestView(
                row.id,
                seqs.get(row.occurrence_id, 1),
                names.get(row.partner_unit_id, ""),
                names.get(row.asked_by_unit_id, ""),
                row.due_date,
                row.text,
                row.asked_at,
                row.answered_at,
                words,
                is_late(asked, now),
            )
        )
    return views


def _occurrence(session: Session, task: Task, occurrence_id: int | None) -> Occurrence:
    if occurrence_id is not None:
        found = session.get(Occurrence, occurrence_id)
        if found is not None:
            return found
    return operations.pick_occurrence(session, task, None)


def _record(
    session: Session,
    task: Task,
    occurrence: Occurrence,
    move: Move,
    request: Request,
    actor: Actor,
    now: datetime,
    details: Mapping[str, object],
) -> HistoryEntry:
    state = State(occurrence.state)
    payload = StateChanged(move.action, state, state)
    change = Change(payload, move.action, request.note, request.evidence, details)
    operations.record_change(session, task, occurrence, change, actor, now)
    assert occurrence.id is not None
    return stored.latest_entry(session, occurrence.id)


def _shown(day: date) -> str:
    return f"{day:%d/%m/%Y}"
