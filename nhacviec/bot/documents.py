"""Plans sent to the bot: the office's chat sends a plan file, reads a summary, and imports it
with «Nhập kế hoạch» or drops it with «Hủy».

The file is read by the same reader as ``nhacviec plan import --dry-run`` (``services.
importing``) and kept server-side (``store.documents``) until someone in the office's chat
decides; nothing is written to the plan store before. «Nhập kế hoạch» imports it in one
transaction exactly as the CLI does (``store_readings``), or, when it is a new version of a
plan the office keeps, applies it as an amendment (``services.amend``) by the Telegram user.
Methods are synchronous (run them in a worker thread from async code).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Protocol

from sqlmodel import Session

from nhacviec.bot.access import ChatAccess
from nhacviec.bot.service import Person
from nhacviec.errors import InputError, NhacviecError, NotFoundError, OfficeOnly
from nhacviec.i18n.amendments import cancel_reason
from nhacviec.services.amend import amend, diff_against
from nhacviec.services.importing import (
    FileReading,
    ImportStatus,
    read_plan_file,
    store_readings,
)
from nhacviec.services.tasks import Actor
from nhacviec.store import documents, plans
from nhacviec.store.models import BotDocument, Plan
from workflows.amendments import PlanDiff
from workflows.importing import Directories
from workflows.plan import ParsedPlan
from workflows.readers.limits import DEFAULT_LIMITS, ReadLimits

MAX_BYTES = 20 * 1024 * 1024  # the Bot API's getFile limit: a bot cannot download more
DOCUMENT_LIFETIME = timedelta(days=1)  # a summary's buttons work this long
_FALLBACK_NAME = "ke-hoach"


class Decision(StrEnum):
    IMPORTED = "imported"
    AMENDED = "amended"
    ALREADY = "already_imported"  # imported meanwhile (the CLI, another press)
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Earlier:
    """The stored plan a sent file is a new version of, and what the new version changes."""

    plan_id: int
    version: int
    diff: PlanDiff


@dataclass(frozen=True)
class Preview:
    """A file read and kept: what the summary shows; ``document_id`` goes on its buttons."""

    document_id: int
    file_name: str
    parsed: ParsedPlan
    has_directory: bool
    earlier: Earlier | None = None


@dataclass(frozen=True)
class Known:
    """The file (or the same plan in another format) is stored already: nothing kept."""

    plan_id: int
    source: str


@dataclass(frozen=True)
class Decided:
    decision: Decision
    plan_id: int | None = None
    parsed: ParsedPlan | None = None
    version: int = 1
    diff: PlanDiff | None = None
    source: str = ""


class DocumentWorkspace(Protocol):
    """What plans sent to the bot need of the composition root (``nhacviec.app.App``)."""

    def transaction(self) -> AbstractContextManager[Session]: ...

    @property
    def directories(self) -> Directories: ...

    @property
    def read_limits(self) -> ReadLimits: ...


class DocumentService:
    def __init__(self, app: DocumentWorkspace, clock: Callable[[], datetime]) -> None:
        self.app, self.clock = app, clock

    def preview(
        self, access: ChatAccess, person: Person, name: str, content: bytes
    ) -> Preview | Known:
        """Read a sent file and keep it for the office's decision (``DocumentError``: the
        reader's refusal, nothing kept)."""
        _require_office(access)
        name = safe_name(name)
        reading = read_bytes(name, content, self.app.directories, self.app.read_limits)
        with self.app.transaction() as session:
            known = (
                plans.find_plan_by_source(session, reading.source.sha256)
                or plans.find_same_plan(session, reading.parsed.metadata)
                or plans.find_same_content(session, reading.parsed)
            )
            if known is not None and known.id is not None:
                return Known(known.id, known.source_name)
            earlier = _earlier(session, access, reading)
            document = documents.NewDocument(
                access.chat_id,
                str(person.user_id),
                name,
                content,
                reading.source.sha256,
                earlier.plan_id if earlier else None,
            )
            document_id = documents.save_document(session, document, self.clock())
        has_directory = reading.directory is not None
        return Preview(document_id, name, reading.parsed, has_directory, earlier)

    def decide(self, access: ChatAccess, person: Person, document_id: int, accept: bool) -> Decided:
        """«Nhập kế hoạch» (``accept``) or «Hủy» on a kept file, in one transaction."""
        _require_office(access)
        now = self.clock()
        by = person.actor(access).ref
        with self.app.transaction() as session:
            row = _pending(session, access, document_id, now)
            if not accept:
                documents.close_document(session, row, Decision.CANCELLED, by, now)
                return Decided(Decision.CANCELLED)
            reading = read_bytes(
                row.file_name, row.content, self.app.directories, self.app.read_limits
            )
            if row.amends_plan_id is not None:
                actor = person.actor(access)
                decided = _amend(session, row.amends_plan_id, reading, actor, now)
            else:
                decided = _import(session, reading, now)
            documents.close_document(session, row, decided.decision, by, now, decided.plan_id)
            return decided


def read_bytes(
    name: str, content: bytes, directories: Directories, limits: ReadLimits = DEFAULT_LIMITS
) -> FileReading:
    """``read_plan_file`` of bytes: written under their own name in a private folder (the
    readers take a path; errors then name the file as it was sent)."""
    name = safe_name(name)
    with tempfile.TemporaryDirectory(prefix="nhacviec-bot-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            return read_plan_file(path, directories=directories, limits=limits)
        except NhacviecError as error:  # the folder is ours: the sender knows the name only
            if error.location is not None and error.location.file in (str(path), name):
                error.location = replace(error.location, file=name)
            raise


def safe_name(name: str) -> str:
    """The sent file's own name, without any folder (Telegram passes what the sender had)."""
    bare = PureWindowsPath(PurePosixPath(name.replace("\x00", "")).name).name.strip()
    return bare[-200:] if bare not in ("", ".", "..") else _FALLBACK_NAME


def _require_office(access: ChatAccess) -> None:
    if not access.office:
        raise OfficeOnly()


def _earlier(session: Session, access: ChatAccess, reading: FileReading) -> Earlier | None:
    plan: Plan | None = plans.find_earlier_version(session, reading.parsed.metadata, access.unit_id)
    if plan is None or plan.id is None:
        return None
    return Earlier(plan.id, plan.version, diff_against(session, plan, reading))


def _pending(session: Session, access: ChatAccess, document_id: int, now: datetime) -> BotDocument:
    row = documents.take_document(session, document_id, access.chat_id)
    if row is None:
        raise NotFoundError("bot.document.gone")
    if row.decided_at is not None:
        if row.decision == Decision.CANCELLED:
            raise InputError("bot.document.cancelled_already")
        raise InputError("bot.document.imported_already")
    if row.created_at + DOCUMENT_LIFETIME <= now:
        raise InputError("bot.document.expired")
    return row


def _amend(
    session: Session, plan_id: int, reading: FileReading, actor: Actor, now: datetime
) -> Decided:
    plan = plans.get_plan(session, plan_id)
    if plan is None:
        raise NotFoundError("bot.document.gone")
    reason = cancel_reason()  # the history's note on each cancelled occurrence
    amendment = amend(session, plan, reading, actor, now, cancel_reason=reason)
    if not amendment.applied:
        return Decided(Decision.ALREADY, plan_id, source=plan.source_name)
    return Decided(Decision.AMENDED, plan_id, reading.parsed, plan.version, amendment.diff)


def _import(session: Session, reading: FileReading, now: datetime) -> Decided:
    [result] = store_readings(session, [reading], now=now)
    if result.status is ImportStatus.ALREADY_IMPORTED:
        return Decided(Decision.ALREADY, result.plan_id, source=result.existing_source or "")
    return Decided(Decision.IMPORTED, result.plan_id, reading.parsed)
