"""The plans' desk: the list of plans, and plan files kept until the office decides (uploaded
here, or sent to the bot). Each method one transaction through ``nhacviec.services``, the
account's rights checked first (``web.access``)."""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from nhacviec.errors import Forbidden, InputError, NotFoundError
from nhacviec.i18n.amendments import cancel_reason
from nhacviec.services.accounts import Account
from nhacviec.services.amend import diff_against
from nhacviec.services.importing import FileReading
from nhacviec.services.kept_documents import (
    DOCUMENT_LIFETIME,
    Decided,
    Standing,
    corrected,
    decide,
    read_bytes,
    standing,
)
from nhacviec.services.queries import TaskStatus, count_by_bucket, task_statuses
from nhacviec.services.tasks import Actor, Channel
from nhacviec.store import documents, plans
from nhacviec.store.models import KeptDocument, Plan, Unit
from nhacviec.store.plans import PlanSummary
from nhacviec.web import access
from nhacviec.web.service import Workspace
from workflows.amendments import PlanDiff
from workflows.corrections import Corrections, TaskCorrection
from workflows.plan import ParsedPlan
from workflows.standing import Bucket

PENDING_SHOWN = 20  # the newest kept files the plans page lists
READINGS_KEPT = 8  # readings remembered (immutable values), the newest first to stay
_READINGS: OrderedDict[tuple[str, str, int], FileReading] = OrderedDict()
_READINGS_LOCK = threading.Lock()


@dataclass(frozen=True)
class PlanRow:
    summary: PlanSummary
    office: str  # the office unit's name, "" when none
    standings: dict[Bucket, int]  # occurrences in each standing


@dataclass(frozen=True)
class Waiting:
    """A kept file waiting for the office's decision, as the plans page lists it."""

    id: int
    file_name: str
    source: str
    sender: str
    unit_id: int | None
    amends_plan_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class Upload:
    """A file to keep: its name (its suffix set by its content) and bytes."""

    name: str
    content: bytes
    amends: int | None = None


@dataclass(frozen=True)
class KeptView:
    """A kept file as its page shows it. ``reading`` (corrections applied) and ``original``
    (as read) only while it may be decided on; ``diff`` for a new version of a plan."""

    document: KeptDocument
    standing: Standing
    may_decide: bool
    corrections: Corrections
    reading: FileReading | None = None
    original: ParsedPlan | None = None
    diff: PlanDiff | None = None
    amends_version: int | None = None
    known: Plan | None = None  # the plan is stored already (the same file, or another format)


class PlanDesk:
    def __init__(self, workspace: Workspace, clock: Callable[[], datetime]) -> None:
        self.workspace, self.clock = workspace, clock

    def plans(self, account: Account) -> tuple[list[PlanRow], list[Waiting]]:
        """Every plan with its four standings, and the kept files waiting for a decision."""
        access.require_reader(account)
        now = self.clock()
        with self.workspace.reading() as session:
            summaries = plans.list_plans(session)
            counts = _standings(session, now)
            offices = _unit_names(session, {s.plan.office_unit_id for s in summaries})
            waiting = [
                row
                for row in _recent_documents(session)
                if row.created_at + DOCUMENT_LIFETIME > now
                and access.may_read_document(account, row.unit_id)
            ]
        rows = [
            PlanRow(s, offices.get(s.plan.office_unit_id or 0, ""), counts[s.plan.id or 0])
            for s in summaries
        ]
        return rows, waiting

    def keep(self, account: Account, upload: Upload) -> int:
        """Read an uploaded file (the reader's refusal: nothing kept) and keep it; its id."""
        access.require_writer(account)
        reading = read_bytes(
            upload.name, upload.content, self.workspace.directories, self.workspace.read_limits
        )
        with self.workspace.transaction() as session:
            office_unit_id = account.unit_id
            if upload.amends is not None:
                plan = plans.get_plan(session, upload.amends)
                if plan is None:
                    raise NotFoundError("cli.plan_not_found", plan=upload.amends)
                if not access.may_amend(account, plan.office_unit_id):
                    raise Forbidden()
                office_unit_id = plan.office_unit_id
            new = documents.NewDocument(
                None,
                account.login[:40],
                reading.path.name,
                upload.content,
                reading.source.sha256,
                upload.amends,
                source=documents.WEB,
                account_id=account.id,
                unit_id=office_unit_id,
            )
            document_id = documents.save_document(session, new, self.clock())
        key = (reading.source.sha256, reading.path.name, id(self.workspace.directories))
        _remember(key, reading)  # its page comes next
        return document_id

    def kept(self, account: Account, document_id: int) -> KeptView:
        """A kept file, read again with the office's corrections (and the amendment's diff)."""
        access.require_reader(account)
        now = self.clock()
        with self.workspace.reading() as session:
            row = _readable(session, account, document_id)
            found = standing(row, now)
            view = KeptView(
                row,
                found,
                access.may_decide(account, row.unit_id) and found is Standing.PENDING,
                Corrections.from_json(row.corrections),
            )
            if found is not Standing.PENDING:
                return view
            first = self._reading(row)
            reading, original = corrected(first, row), first.parsed  # the file read once
            return replace(
                view, reading=reading, original=original, **_against(session, row, reading)
            )

    def correct(
        self, account: Account, document_id: int, position: int, correction: TaskCorrection
    ) -> None:
        """Keep the office's correction of one task of a kept file (an empty one: none)."""
        with self.workspace.transaction() as session:
            row = self._pending(session, account, document_id)
            reading = self._reading(row)
            if not 0 <= position < len(reading.parsed.tasks):
                raise NotFoundError("console.plans.no_such_row", row=position + 1)
            _check_names(correction, reading)
            corrections = Corrections.from_json(row.corrections).with_task(position, correction)
            documents.keep_corrections(session, row, corrections.to_json())

    def decide(self, account: Account, document_id: int, accept: bool) -> Decided:
        """«Nhập kế hoạch» (``accept``) or «Hủy», in one transaction; decided once."""
        now = self.clock()
        with self.workspace.transaction() as session:
            row = self._pending(session, account, document_id)
            reading = corrected(self._reading(row), row) if accept else None
            if row.amends_plan_id is not None and reading is not None:
                plan = plans.get_plan(session, row.amends_plan_id)
                if plan is None or not access.may_amend(account, plan.office_unit_id):
                    raise Forbidden()
            actor = Actor(
                row.unit_id, Channel.WEB, name=account.login, ref=f"web:user={account.id}"
            )
            return decide(session, row, reading, actor, now, cancel_reason=cancel_reason())

    def _reading(self, row: KeptDocument) -> FileReading:
        """The kept file as read (a PDF takes seconds: the page and each correction would read
        it again); the newest readings are remembered by the file's hash."""
        key = (row.sha256, row.file_name, id(self.workspace.directories))
        with _READINGS_LOCK:
            found = _READINGS.get(key)
            if found is not None:
                _READINGS.move_to_end(key)
                return found
        reading = read_bytes(
            row.file_name, row.content, self.workspace.directories, self.workspace.read_limits
        )
        _remember(key, reading)
        return reading

    def _pending(self, session: Session, account: Account, document_id: int) -> KeptDocument:
        access.require_writer(account)
        row = documents.take_document(session, document_id)
        if row is None:
            raise NotFoundError("console.plans.upload_gone", upload=document_id)
        if not access.may_decide(account, row.unit_id):
            raise Forbidden()
        found = standing(row, self.clock())
        if found is Standing.CANCELLED:
            raise InputError("console.plans.cancelled_already")
        if found is Standing.IMPORTED:
            raise InputError("console.plans.decided_already")
        if found is Standing.EXPIRED:
            raise InputError("console.plans.expired")
        return row


def _remember(key: tuple[str, str, int], reading: FileReading) -> None:
    with _READINGS_LOCK:
        _READINGS[key] = reading
        _READINGS.move_to_end(key)
        while len(_READINGS) > READINGS_KEPT:
            _READINGS.popitem(last=False)


def _against(session: Session, row: KeptDocument, reading: FileReading) -> dict[str, Any]:
    """An amendment's diff against its plan, else the plan already stored from this file."""
    if row.amends_plan_id is None:
        known = plans.find_plan_by_source(session, row.sha256)
        return {"known": known or plans.find_same_plan(session, reading.parsed.metadata)}
    plan = plans.get_plan(session, row.amends_plan_id)
    if plan is None:
        return {}
    return {"diff": diff_against(session, plan, reading), "amends_version": plan.version}


def _check_names(correction: TaskCorrection, reading: FileReading) -> None:
    """Units are chosen from the plan's directory, never typed (a client may send anything)."""
    directory = reading.directory
    for name in (*(correction.lead or ()), *(correction.partners or ())):
        if directory is None or directory.resolve(name) is None:
            raise InputError("console.plans.unknown_unit", name=name)


def _readable(session: Session, account: Account, document_id: int) -> KeptDocument:
    row = documents.get_document(session, document_id)
    if row is None:
        raise NotFoundError("console.plans.upload_gone", upload=document_id)
    if not access.may_read_document(account, row.unit_id):
        raise Forbidden()
    return row


def _standings(session: Session, now: datetime) -> dict[int, dict[Bucket, int]]:
    by_plan: dict[int, list[TaskStatus]] = defaultdict(list)
    for status in task_statuses(session, now):
        by_plan[status.view.plan.id or 0].append(status)
    counts: dict[int, dict[Bucket, int]] = defaultdict(lambda: dict.fromkeys(Bucket, 0))
    counts.update({plan_id: count_by_bucket(found) for plan_id, found in by_plan.items()})
    return counts


def _unit_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = [unit_id for unit_id in ids if unit_id is not None]
    if not wanted:
        return {}
    query = select(Unit).where(col(Unit.id).in_(wanted))
    return {unit.id or 0: unit.name for unit in session.exec(query).all()}


def _recent_documents(session: Session) -> list[Waiting]:
    """The newest undecided kept files, without their bytes."""
    query = (
        sql_select(
            col(KeptDocument.id),
            col(KeptDocument.file_name),
            col(KeptDocument.source),
            col(KeptDocument.user_id),
            col(KeptDocument.unit_id),
            col(KeptDocument.amends_plan_id),
            col(KeptDocument.created_at),
        )
        .where(col(KeptDocument.decided_at).is_(None))
        .order_by(col(KeptDocument.id).desc())
        .limit(PENDING_SHOWN)
    )
    return [Waiting(*found) for found in session.execute(query).all()]
