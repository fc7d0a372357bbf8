"""Plans sent to the bot: the office's chat sends a plan file, reads a summary, and imports it
with «Nhập kế hoạch» or drops it with «Hủy».

The file is read by the same reader as ``nhacviec plan import --dry-run`` and kept server-side
(``services.kept_documents``, shared with the web console's uploads) until someone in the
office's chat decides; nothing is written to the plan store before. «Nhập kế hoạch» imports it
in one transaction exactly as the CLI does, or, when it is a new version of a plan the office
keeps, applies it as an amendment by the Telegram user. The web console may open the same kept
file (its «Xem trên web» button) and decide there: a file is decided once.
Methods are synchronous (run them in a worker thread from async code).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlmodel import Session

from nhacviec.bot.access import ChatAccess
from nhacviec.bot.service import Person
from nhacviec.errors import InputError, NotFoundError, OfficeOnly
from nhacviec.i18n.amendments import cancel_reason
from nhacviec.services.amend import diff_against
from nhacviec.services.importing import FileReading
from nhacviec.services.kept_documents import (
    Decided,
    Decision,
    Earlier,
    Standing,
    decide,
    read_bytes,
    read_kept,
    safe_name,
    standing,
)
from nhacviec.store import documents, plans
from nhacviec.store.models import KeptDocument, Plan
from workflows.importing import Directories
from workflows.plan import ParsedPlan
from workflows.readers.limits import ReadLimits

__all__ = ["Decided", "Decision", "DocumentService", "Earlier", "Known", "Preview", "safe_name"]

MAX_BYTES = 20 * 1024 * 1024  # the Bot API's getFile limit: a bot cannot download more


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
                unit_id=access.unit_id,
            )
            document_id = documents.save_document(session, document, self.clock())
        has_directory = reading.directory is not None
        return Preview(document_id, name, reading.parsed, has_directory, earlier)

    def decide(self, access: ChatAccess, person: Person, document_id: int, accept: bool) -> Decided:
        """«Nhập kế hoạch» (``accept``) or «Hủy» on a kept file, in one transaction."""
        _require_office(access)
        now = self.clock()
        with self.app.transaction() as session:
            row = _pending(session, access, document_id, now)
            reading = read_kept(row, self.app.directories, self.app.read_limits) if accept else None
            actor = person.actor(access)
            return decide(session, row, reading, actor, now, cancel_reason=cancel_reason())


def _require_office(access: ChatAccess) -> None:
    if not access.office:
        raise OfficeOnly()


def _earlier(session: Session, access: ChatAccess, reading: FileReading) -> Earlier | None:
    plan: Plan | None = plans.find_earlier_version(session, reading.parsed.metadata, access.unit_id)
    if plan is None:  # a title that came out damaged: the content, when it names one plan
        found = plans.find_versions_by_content(session, reading.parsed, access.unit_id)
        plan = found[0] if len(found) == 1 else None
    if plan is None or plan.id is None:
        return None
    return Earlier(plan.id, plan.version, diff_against(session, plan, reading))


def _pending(session: Session, access: ChatAccess, document_id: int, now: datetime) -> KeptDocument:
    row = documents.take_document(session, document_id, access.chat_id)
    if row is None:
        raise NotFoundError("bot.document.gone")
    found = standing(row, now)
    if found is Standing.CANCELLED:
        raise InputError("bot.document.cancelled_already")
    if found is Standing.IMPORTED:
        raise InputError("bot.document.imported_already")
    if found is Standing.EXPIRED:
        raise InputError("bot.document.expired")
    return row
