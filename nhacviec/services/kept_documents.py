"""Plan files kept until the office decides — sent to the bot or uploaded to the web console.

Both faces read a kept file the same way (``read_bytes``: the reader of ``plan import``), tell
the same standing of it (``standing``: decided once, within a day), and decide the same way
(``decide``): «Nhập kế hoạch» imports it in one transaction exactly as the CLI does
(``store_readings``) or, when it is a new version of a stored plan, applies it as an amendment
(``services.amend``); «Hủy» drops its bytes. The office's corrections, when there are any,
are applied to the reading before (``workflows.corrections``).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path, PurePosixPath, PureWindowsPath

from sqlmodel import Session

from nhacviec.errors import NhacviecError, NotFoundError
from nhacviec.services.amend import amend
from nhacviec.services.importing import FileReading, ImportStatus, read_plan_file, store_readings
from nhacviec.services.tasks import Actor
from nhacviec.store import documents, plans
from nhacviec.store.models import KeptDocument
from workflows.amendments import PlanDiff
from workflows.corrections import Corrections, apply_corrections
from workflows.importing import Directories
from workflows.plan import ParsedPlan
from workflows.readers.limits import DEFAULT_LIMITS, ReadLimits

DOCUMENT_LIFETIME = timedelta(days=1)  # a kept file can be decided on this long
_FALLBACK_NAME = "ke-hoach"


class Decision(StrEnum):
    IMPORTED = "imported"
    AMENDED = "amended"
    ALREADY = "already_imported"  # imported meanwhile (the CLI, another press)
    CANCELLED = "cancelled"


class Standing(StrEnum):
    """Whether a kept file may still be decided on (each face words the refusals)."""

    PENDING = "pending"
    IMPORTED = "imported"  # decided: imported or amended
    CANCELLED = "cancelled"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Earlier:
    """The stored plan a kept file is a new version of, and what the new version changes."""

    plan_id: int
    version: int
    diff: PlanDiff


@dataclass(frozen=True)
class Decided:
    decision: Decision
    plan_id: int | None = None
    parsed: ParsedPlan | None = None
    version: int = 1
    diff: PlanDiff | None = None
    source: str = ""


def standing(row: KeptDocument, now: datetime) -> Standing:
    if row.decided_at is not None:
        return Standing.CANCELLED if row.decision == Decision.CANCELLED else Standing.IMPORTED
    if row.created_at + DOCUMENT_LIFETIME <= now:
        return Standing.EXPIRED
    return Standing.PENDING


def read_bytes(
    name: str, content: bytes, directories: Directories, limits: ReadLimits = DEFAULT_LIMITS
) -> FileReading:
    """``read_plan_file`` of bytes: written under their own name in a private folder (the
    readers take a path; errors then name the file as it was sent)."""
    name = safe_name(name)
    with tempfile.TemporaryDirectory(prefix="nhacviec-kept-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            reading = read_plan_file(path, directories=directories, limits=limits)
        except NhacviecError as error:  # the folder is ours: the sender knows the name only
            if error.location is not None and error.location.file in (str(path), name):
                error.location = replace(error.location, file=name)
            raise
    return replace(reading, path=Path(name))


def read_kept(
    row: KeptDocument, directories: Directories, limits: ReadLimits = DEFAULT_LIMITS
) -> FileReading:
    """The kept file's reading with the office's corrections applied."""
    return corrected(read_bytes(row.file_name, row.content, directories, limits), row)


def corrected(reading: FileReading, row: KeptDocument) -> FileReading:
    """``reading`` (of the kept file ``row``) with the office's corrections applied."""
    corrections = Corrections.from_json(row.corrections)
    if corrections.is_empty:
        return reading
    parsed = apply_corrections(reading.parsed, corrections, reading.directory)
    return replace(reading, parsed=parsed)


def safe_name(name: str) -> str:
    """The sent file's own name, without any folder (Telegram passes what the sender had)."""
    bare = PureWindowsPath(PurePosixPath(name.replace("\x00", "")).name).name.strip()
    return bare[-200:] if bare not in ("", ".", "..") else _FALLBACK_NAME


def decide(
    session: Session,
    row: KeptDocument,
    reading: FileReading | None,
    actor: Actor,
    now: datetime,
    *,
    cancel_reason: str,
) -> Decided:
    """Import (or amend with) ``reading``, or cancel when it is None; the row records the
    decision and who made it (``actor.ref``). The caller has checked ``standing`` and commits."""
    if reading is None:
        documents.close_document(session, row, Decision.CANCELLED, actor.ref, now)
        return Decided(Decision.CANCELLED)
    if row.amends_plan_id is not None:
        decided = _amend(session, row.amends_plan_id, reading, actor, now, cancel_reason)
    else:
        decided = _import(session, reading, now)
    documents.close_document(session, row, decided.decision, actor.ref, now, decided.plan_id)
    return decided


def _amend(
    session: Session, plan_id: int, reading: FileReading, actor: Actor, now: datetime, reason: str
) -> Decided:
    plan = plans.get_plan(session, plan_id)
    if plan is None:
        raise NotFoundError("cli.plan_not_found", plan=plan_id)
    amendment = amend(session, plan, reading, actor, now, cancel_reason=reason)
    if not amendment.applied:
        return Decided(Decision.ALREADY, plan_id, source=plan.source_name)
    return Decided(Decision.AMENDED, plan_id, reading.parsed, plan.version, amendment.diff)


def _import(session: Session, reading: FileReading, now: datetime) -> Decided:
    [result] = store_readings(session, [reading], now=now)
    if result.status is ImportStatus.ALREADY_IMPORTED:
        return Decided(Decision.ALREADY, result.plan_id, source=result.existing_source or "")
    return Decided(Decision.IMPORTED, result.plan_id, reading.parsed)
