"""Evidence files: a report (or a partner's answer) carries files, kept by their content.

``act_with_files`` is the one path the CLI, the bot and the web take to report with files: the
files are checked against the limits before anything is written (a refusal leaves the data
unchanged), the move is made (``services.tasks.act``), then each file is kept in the evidence
folder by its SHA-256 (the same content twice: one file, one ``EvidenceFile`` row) and linked
to the move's history entry under the name it was sent with.

``evidence_by_task`` is what the task's views and the report upward read.
Files are assumed virus-free: nothing scans them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property
from pathlib import Path

from sqlmodel import Session

from nhacviec.errors import InputError, keyed
from nhacviec.services import tasks as operations
from nhacviec.services.tasks import Actor, Outcome
from nhacviec.store import evidence as stored
from nhacviec.store.blobs import BlobFolder
from nhacviec.store.evidence import EvidenceItem, EvidenceLink
from nhacviec.store.models import HistoryEntry, Task
from workflows.evidence import FileLimits, check_files, clean_name, media_type
from workflows.workflow import Action, Request

__all__ = [
    "FILE_ACTIONS",
    "EvidenceItem",
    "EvidenceStore",
    "Upload",
    "act_with_files",
    "check_uploads",
    "evidence_by_task",
    "keep_files",
]

FILE_ACTIONS = frozenset({Action.REPORT, Action.ANSWER})  # the moves that may carry files
_EVIDENCE_WORDS = 2000  # the history entry's evidence column: the files' names, shortened


@dataclass(frozen=True)
class Upload:
    """A file as it was sent: its name (any folder dropped when checked) and its bytes."""

    name: str
    content: bytes


@dataclass(frozen=True)
class EvidenceStore:
    """Where evidence files are kept and the limits they must keep (from the settings)."""

    folder: Path
    limits: FileLimits

    @cached_property
    def blobs(self) -> BlobFolder:
        return BlobFolder(self.folder)


_REFUSED = keyed(
    "evidence.refused.empty",
    "evidence.refused.too_big",
    "evidence.refused.type",
    "evidence.refused.too_many",
)


def check_uploads(uploads: Sequence[Upload], limits: FileLimits) -> list[Upload]:
    """The uploads under their clean names; ``InputError`` naming the first one refused."""
    cleaned = [Upload(clean_name(upload.name), upload.content) for upload in uploads]
    refused = check_files([(u.name, len(u.content)) for u in cleaned], limits)
    if refused is not None:
        raise InputError(_REFUSED[refused.code.value], None, **refused.params)
    return cleaned


def with_file_names(request: Request, uploads: Sequence[Upload]) -> Request:
    """A request whose evidence names the files when nothing else was written (a report of
    files alone says what it carries)."""
    if not uploads or request.evidence.strip():
        return request
    names = ", ".join(upload.name for upload in uploads)
    return replace(request, evidence=names[:_EVIDENCE_WORDS])


def act_with_files(
    session: Session,
    store: EvidenceStore,
    task: Task,
    request: Request,
    actor: Actor,
    now: datetime,
    uploads: Sequence[Upload] = (),
    *,
    occurrence_seq: int | None = None,
    expected_version: int | None = None,
) -> Outcome:
    """``services.tasks.act`` with files kept and linked to the move (see the module doc)."""
    checked = check_uploads(uploads, store.limits)
    if checked and request.action not in FILE_ACTIONS:
        raise InputError("evidence.not_for_action", action=request.action.value)
    outcome = operations.act(
        session,
        task,
        with_file_names(request, checked),
        actor,
        now,
        occurrence_seq=occurrence_seq,
        expected_version=expected_version,
    )
    if checked:
        assert outcome.occurrence.id is not None
        keep_files(
            session, store, stored.latest_entry(session, outcome.occurrence.id), checked, now
        )
    return outcome


def keep_files(
    session: Session,
    store: EvidenceStore,
    entry: HistoryEntry,
    uploads: Sequence[Upload],
    now: datetime,
) -> list[int]:
    """Keep each (checked) file once by its content and link it to ``entry``; the link ids."""
    assert entry.id is not None
    linked = []
    for upload in uploads:
        digest = store.blobs.put(upload.content)
        file_id = stored.add_file(
            session, digest, len(upload.content), media_type(upload.name), now
        )
        link = EvidenceLink(
            file_id=file_id,
            entry_id=entry.id,
            task_id=entry.task_id,
            occurrence_id=entry.occurrence_id,
            name=upload.name,
            added_at=now,
        )
        stored.add_link(session, link)
        assert link.id is not None
        linked.append(link.id)
    return linked


def evidence_by_task(session: Session, task_ids: Iterable[int]) -> dict[int, list[EvidenceItem]]:
    """Every file of each task (oldest first; tasks without files are left out): for the task's
    views, and for the report upward to list what each task's reports carried."""
    return stored.evidence_of_tasks(session, task_ids)


def file_content(store: EvidenceStore, item: EvidenceItem) -> bytes:
    return store.blobs.read(item.sha256)
