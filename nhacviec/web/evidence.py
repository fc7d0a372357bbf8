"""The web face of evidence files and partner requests: a report with files, the lead's
request to a partner, the partner's answer, a file's download; and what the task page lists.

Like ``WebService``: each method is one transaction through the same services as the CLI and
the bot (``services.evidence``, ``services.partner_requests``), the account checked first
(``access``). Downloads are the office's: admin, and office accounts of the task's plan. An
account that does not see the task at all (a unit of another task, an office account of
another plan) gets 404, as if the file did not exist; one that sees it but is not its office
(the task's own unit, a leader) gets 403.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlmodel import Session

from nhacviec.errors import Forbidden, InputError, NotFoundError
from nhacviec.results import move_json, request_done_json
from nhacviec.services import partner_requests as requests
from nhacviec.services.accounts import Account, AccountRole
from nhacviec.services.evidence import (
    EvidenceItem,
    EvidenceStore,
    Upload,
    act_with_files,
    evidence_by_task,
    file_content,
)
from nhacviec.services.partner_requests import RequestView
from nhacviec.services.tasks import Actor, Channel
from nhacviec.store import evidence as stored_evidence
from nhacviec.store import tasks as stored
from nhacviec.store.models import Task
from nhacviec.store.occurrences import get_occurrence
from nhacviec.store.tasks import TaskUnits
from nhacviec.web import access
from workflows.typed_dates import parse_day
from workflows.workflow import OPEN_STATES, Action, Request, Role, State

Clock = Callable[[], datetime]


class EvidenceWorkspace(Protocol):
    """What this face needs of the composition root (``nhacviec.app.App`` is one)."""

    def transaction(self) -> AbstractContextManager[Session]: ...

    def reading(self) -> AbstractContextManager[Session]: ...

    @property
    def evidence(self) -> EvidenceStore: ...


def may_download(account: Account, named: TaskUnits, office_unit_id: int | None) -> bool:
    """Whether the account may download the task's files (``False``: 403); raise
    ``NotFoundError`` when it may not even know they exist (404)."""
    if account.role is AccountRole.ADMIN:
        return True
    if account.role is AccountRole.OFFICE:
        if account.unit_id in (None, office_unit_id) and office_unit_id is not None:
            return True
        raise NotFoundError("evidence.not_found", file="")
    if not access.sees(account, named):
        raise NotFoundError("evidence.not_found", file="")
    return False


@dataclass(frozen=True)
class Partner:
    unit_id: int
    name: str


@dataclass(frozen=True)
class TaskExtras:
    """What the task page shows beside its history: the files, the requests, and the forms
    the account may use (asking partners, answering)."""

    files: tuple[EvidenceItem, ...]
    requests: tuple[RequestView, ...]
    downloads: bool  # the account may download the files
    partners: tuple[Partner, ...]  # whom the account may ask (it leads the task), else ()
    answers: bool  # the account's unit has a request to answer


@dataclass(frozen=True)
class Download:
    name: str
    media_type: str
    content: bytes


class EvidenceWeb:
    def __init__(self, workspace: EvidenceWorkspace, clock: Clock) -> None:
        self.workspace, self.clock = workspace, clock

    # -- reading ----------------------------------------------------------------------------

    def extras(self, account: Account, task_id: int) -> TaskExtras:
        with self.workspace.reading() as session:
            task, named, office = _task(session, task_id)
            if not access.sees(account, named):
                raise Forbidden()
            files = evidence_by_task(session, [task_id]).get(task_id, [])
            asked = requests.requests_on(session, task_id, self.clock())
            roles = access.roles_in(account, named, office)
            partners: tuple[Partner, ...] = ()
            if Role.LEAD in roles and _open(session, task):
                names = stored_evidence.unit_names(session, named.partners - named.lead)
                partners = tuple(Partner(i, n) for i, n in sorted(names.items(), key=_by_name))
            answers = bool(
                Role.PARTNER in roles
                and account.unit_id is not None
                and stored_evidence.has_open_request(session, task_id, account.unit_id)
            )
        try:
            downloads = may_download(account, named, office)
        except NotFoundError:
            downloads = False
        return TaskExtras(tuple(files), tuple(asked), downloads, partners, answers)

    def download(self, account: Account, link_id: int) -> Download:
        """A file's bytes, for the office (see the module doc)."""
        with self.workspace.reading() as session:
            item = stored_evidence.evidence_item(session, link_id)
            if item is None:
                raise NotFoundError("evidence.not_found", file=link_id)
            _, named, office = _task(session, item.task_id)
        try:
            allowed = may_download(account, named, office)
        except NotFoundError:
            raise NotFoundError("evidence.not_found", file=link_id) from None
        if not allowed:
            raise Forbidden()
        return Download(item.name, item.media_type, file_content(self.workspace.evidence, item))

    # -- acting -----------------------------------------------------------------------------

    def report(
        self,
        account: Account,
        occurrence_id: int,
        note: str,
        evidence: str,
        uploads: Sequence[Upload],
    ) -> dict[str, Any]:
        """The lead's report with its files (``services.evidence.act_with_files``)."""
        now = self.clock()
        with self.workspace.transaction() as session:
            occurrence = get_occurrence(session, occurrence_id)
            if occurrence is None:
                raise NotFoundError("web.occurrence_not_found", occurrence=occurrence_id)
            task, named, office = _task(session, occurrence.task_id)
            unit_id = access.acting_unit(account, named, office, Action.REPORT)
            request = Request(Action.REPORT, note=note, evidence=evidence)
            outcome = act_with_files(
                session,
                self.workspace.evidence,
                task,
                request,
                _actor(account, unit_id),
                now,
                uploads,
                occurrence_seq=occurrence.seq,
            )
            moved = outcome.occurrence
            session.refresh(moved)
            return {**move_json(task, outcome), "files": len(uploads)}

    def ask(
        self, account: Account, task_id: int, partner_unit_id: int, due_text: str, text: str
    ) -> dict[str, Any]:
        """The lead asks a partner of the task for its part by a date."""
        if not due_text.strip():
            raise InputError("web.date_required")
        due = parse_day(due_text)
        now = self.clock()
        with self.workspace.transaction() as session:
            task, named, office = _task(session, task_id)
            unit_id = access.acting_unit(account, named, office, Action.ASK)
            done = requests.ask(
                session, task, partner_unit_id, due, text, _actor(account, unit_id), now
            )
            return request_done_json(done)

    def answer(
        self, account: Account, task_id: int, text: str, uploads: Sequence[Upload]
    ) -> dict[str, Any]:
        """A partner answers its open requests on the task, with words and files."""
        now = self.clock()
        with self.workspace.transaction() as session:
            task, named, office = _task(session, task_id)
            unit_id = access.acting_unit(account, named, office, Action.ANSWER)
            done = requests.answer(
                session,
                self.workspace.evidence,
                task,
                text,
                _actor(account, unit_id),
                now,
                uploads,
            )
            return request_done_json(done)


def _task(session: Session, task_id: int) -> tuple[Task, TaskUnits, int | None]:
    task = stored.get_task(session, task_id)
    if task is None:
        raise NotFoundError("tasks.not_found", target=f"#{task_id}")
    plan = stored.plan_of(session, task)
    return task, stored.task_units(session, task_id), plan.office_unit_id


def _open(session: Session, task: Task) -> bool:
    assert task.id is not None
    return any(State(o.state) in OPEN_STATES for o in stored.occurrences_of(session, task.id))


def _by_name(pair: tuple[int, str]) -> str:
    return pair[1]


def _actor(account: Account, unit_id: int | None) -> Actor:
    return Actor(unit_id, Channel.WEB, name=account.login, ref=f"web:user={account.id}")
