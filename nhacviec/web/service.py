"""The web face's unit of work: each request in its own transaction, through the CLI's services.

Like the bot's ``BotService``: handlers never hold a session; each method checks what the
account may do (``access``), calls the same use case as the CLI and the bot with the account
as the actor (channel ``web``) and returns plain JSON values. Methods are synchronous (FastAPI
runs them in its worker threads).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlmodel import Session

from nhacviec.errors import Forbidden, InputError, NhacviecError, NotFoundError
from nhacviec.i18n import Language
from nhacviec.i18n.amendments import cancel_reason
from nhacviec.results import amendment_json, import_json, move_json, task_json
from nhacviec.services import accounts, amend
from nhacviec.services import tasks as operations
from nhacviec.services.accounts import Account
from nhacviec.services.evidence import EvidenceStore
from nhacviec.services.importing import (
    FileReading,
    preview_readings,
    read_plan_file,
    store_readings,
)
from nhacviec.services.operations import Instance, Schema, StatusReport
from nhacviec.services.queries import TaskFilter, extras_of, status_of, task_statuses
from nhacviec.services.tasks import Actor, Channel
from nhacviec.store import journal, plans
from nhacviec.store import tasks as stored
from nhacviec.store.models import Task
from nhacviec.store.occurrence_extras import extras_of_tasks
from nhacviec.store.occurrences import get_occurrence
from nhacviec.store.task_rows import change_marker, task_rows
from nhacviec.store.tasks import Window
from nhacviec.store.units import list_units
from nhacviec.web import access
from nhacviec.web import extensions as web_extensions
from nhacviec.web.task_list import TaskListCache, encode, rows_json
from nhacviec.web.uploads import shown_as
from nhacviec.web.verified import VerifiedTokens
from workflows.extensions import DEFAULT_CAP
from workflows.importing import Directories
from workflows.readers.limits import ReadLimits
from workflows.standing import LOCAL_TZ, Bucket
from workflows.typed_dates import parse_day
from workflows.workflow import Action, Request

Clock = Callable[[], datetime]
API_ACTIONS = tuple(Action)  # set_date with its ``date`` (and optional ``start``)


class Workspace(Protocol):
    """What the web face needs of the composition root (``nhacviec.app.App`` is one)."""

    def transaction(self) -> AbstractContextManager[Session]: ...

    def reading(self) -> AbstractContextManager[Session]: ...

    @property
    def directories(self) -> Directories: ...

    @property
    def read_limits(self) -> ReadLimits: ...

    def schema(self) -> Schema: ...

    def status(self, now: datetime) -> StatusReport: ...

    def services(self, now: datetime) -> list[Instance]: ...

    @property
    def evidence(self) -> EvidenceStore: ...  # evidence files: their folder and limits


@dataclass(frozen=True)
class ActionBody:
    action: str
    note: str = ""
    evidence: str = ""
    date: str = ""  # set_date: the new due date, as the CLI's --date reads it
    start: str = ""  # set_date: the new start date (optional)
    unit: str = ""  # reassign: the new lead unit (issue 14)


class WebService:
    def __init__(self, workspace: Workspace, clock: Clock) -> None:
        self.workspace, self.clock = workspace, clock
        self.verified = VerifiedTokens()  # bearer tokens checked in the last seconds
        self.task_lists = TaskListCache()  # the task list's answers, per store version

    def authenticate(self, token: str) -> Account:
        digest = accounts.token_hash(token)
        known = self.verified.get(digest)
        if known is not None:
            return known
        generation = self.verified.generation
        with self.workspace.transaction() as session:
            account = accounts.authenticate(session, token, self.clock())
        self.verified.put(digest, account, generation)
        return account

    # -- reading ----------------------------------------------------------------------------

    def units(self) -> list[dict[str, Any]]:
        with self.workspace.reading() as session:
            return [
                {
                    "id": unit.id,
                    "key": unit.key,
                    "organisation": unit.organisation,
                    "name": unit.name,
                    "aliases": list(unit.aliases),
                    "is_office": unit.is_office,
                    "external": unit.external,
                    "in_directory": unit.in_directory,
                }
                for unit in list_units(session)
            ]

    def tasks(
        self,
        account: Account,
        plan: int | None,
        unit: str | None,
        bucket: str | None,
        window: Window | None = None,
    ) -> list[dict[str, Any]]:
        """``nhacviec tasks --json`` with the same filters; a unit account sees its own;
        ``window``: one page of them."""
        with self.workspace.reading() as session:
            return self._tasks(session, account, plan, unit, bucket, window, self.clock())

    def tasks_json(
        self,
        account: Account,
        plan: int | None,
        unit: str | None,
        bucket: str | None,
        window: Window | None = None,
    ) -> bytes:
        """``tasks`` as the JSON bytes of the answer, kept until the store changes (any
        process's write) or the local day does (``task_list``)."""
        now = self.clock()
        scope = "all" if access.sees_all(account) else f"unit:{account.unit_id}"
        page = None if window is None else (window.limit, window.offset)
        key = (scope, plan, unit, bucket, page)
        with self.workspace.reading() as session:
            version = (change_marker(session), now.astimezone(LOCAL_TZ).date())
            kept = self.task_lists.get(key, version)
            if kept is not None:
                return kept
            data = self._tasks(session, account, plan, unit, bucket, window, now)
        body = encode(data)
        self.task_lists.put(key, version, body)
        return body

    def _tasks(
        self,
        session: Session,
        account: Account,
        plan: int | None,
        unit: str | None,
        bucket: str | None,
        window: Window | None,
        now: datetime,
    ) -> list[dict[str, Any]]:
        wanted = TaskFilter(plan_id=plan, unit=unit, bucket=_bucket(bucket) if bucket else None)
        if access.sees_all(account):
            # The page (or the list) read as plain rows: the present's (a clock set before
            # what the log holds gets the past, replayed the reference way).
            if unit is None and bucket is None and not journal.logged_after(session, now, plan):
                rows = task_rows(session, plan_id=plan, window=window)
                return rows_json(rows, now, extras_of_tasks(session, (r.id for r in rows)))
            statuses = task_statuses(session, now, wanted, window)
            extras = extras_of(session, statuses)
            return [task_json(status, extras) for status in statuses]
        statuses = task_statuses(session, now, wanted)
        ids = {status.view.task.id for status in statuses if status.view.task.id}
        named = stored.units_of_tasks(session, ids)
        empty = stored.TaskUnits(frozenset(), frozenset())
        seen = [
            status
            for status in statuses
            if access.sees(account, named.get(status.view.task.id or 0, empty))
        ]
        shown = seen if window is None else window.of(seen)
        extras = extras_of(session, shown)
        return [task_json(status, extras) for status in shown]

    def task(self, account: Account, task_id: int) -> dict[str, Any]:
        """``nhacviec task show ID --json``: one task with its occurrences' files and partner
        requests; a task the account does not see is not found."""
        with self.workspace.reading() as session:
            task = stored.get_task(session, task_id)
            if task is None or not access.sees(account, stored.task_units(session, task_id)):
                raise NotFoundError("tasks.not_found", target=f"#{task_id}")
            status = status_of(stored.task_view(session, task_id), self.clock())
            return task_json(status, extras_of(session, [status]))

    # -- plans ------------------------------------------------------------------------------

    def preview(self, path: Path, lang: Language) -> Any:
        """``plan import --dry-run --json`` of the file."""
        reading = self._read(path)
        with self.workspace.reading() as session:  # refused as the import would refuse it
            return import_json(preview_readings(session, [reading]), lang)

    def import_plan(self, account: Account, path: Path, lang: Language) -> Any:
        """``plan import --json`` of the file: stored in one transaction (admin, office)."""
        access.require_writer(account)
        reading = self._read(path)
        with self.workspace.transaction() as session:
            results = store_readings(session, [reading], now=self.clock())
        return import_json(results, lang)

    def amend_plan(self, account: Account, plan_id: int, path: Path, lang: Language) -> Any:
        """``plan import --amends N --json`` of the file: applied in one transaction."""
        access.require_writer(account)
        reading = self._read(path)
        now = self.clock()
        with self.workspace.transaction() as session:
            plan = plans.get_plan(session, plan_id)
            if plan is None:
                raise NotFoundError("cli.plan_not_found", plan=plan_id)
            if not access.may_amend(account, plan.office_unit_id):
                raise Forbidden()
            actor = _actor(account, plan.office_unit_id)
            done = amend.amend(session, plan, reading, actor, now, cancel_reason=cancel_reason())
            return amendment_json(plan_id, plan.version, done.diff, lang, applied=done.applied)

    def _read(self, path: Path) -> FileReading:
        try:
            reading = read_plan_file(
                path, directories=self.workspace.directories, limits=self.workspace.read_limits
            )
        except NhacviecError as exc:
            raise shown_as(exc, path, path.name) from None
        return replace(reading, path=Path(path.name))

    # -- acting -----------------------------------------------------------------------------

    def act(self, account: Account, occurrence_id: int, body: ActionBody) -> dict[str, Any]:
        """One workflow move on the occurrence (``services.tasks.act``, or ``set_date`` for a
        new date); the new state."""
        action = _action(body.action)
        dates = _dates(body) if action is Action.SET_DATE else None
        now = self.clock()
        with self.workspace.transaction() as session:
            occurrence = get_occurrence(session, occurrence_id)
            if occurrence is None:
                raise NotFoundError("web.occurrence_not_found", occurrence=occurrence_id)
            task = stored.get_task(session, occurrence.task_id)
            assert task is not None and task.id is not None
            plan = stored.plan_of(session, task)
            named = stored.task_units(session, task.id)
            unit_id = access.acting_unit(account, named, plan.office_unit_id, action)
            actor = _actor(account, unit_id)
            if web_extensions.handles(action, body.date):  # issue 14's moves
                cap = getattr(self.workspace, "extension_cap", DEFAULT_CAP)
                outcome = web_extensions.move(
                    session, task, occurrence.seq, actor, action, note=body.note,
                    date_text=body.date, unit=body.unit, now=now, cap=cap,
                )  # fmt: skip
            else:
                outcome = _move(session, task, occurrence.seq, actor, body, dates, now)
            moved = outcome.occurrence
            session.refresh(moved)  # the versioned update wrote past the ORM object
            due = moved.due_date.isoformat() if moved.due_date else None
            return {**move_json(task, outcome), "due": due}


def _move(
    session: Session,
    task: Task,
    seq: int,
    actor: Actor,
    body: ActionBody,
    dates: tuple[date, date | None] | None,
    now: datetime,
) -> operations.Outcome:
    """The use case of the move: a new date (``dates`` given) or a workflow action."""
    if dates is None:
        request = Request(_action(body.action), note=body.note, evidence=body.evidence)
        return operations.act(session, task, request, actor, now, occurrence_seq=seq)
    due, start = dates
    return operations.set_date(
        session, task, due, actor, now, start=start, occurrence_seq=seq, note=body.note
    )


def _dates(body: ActionBody) -> tuple[date, date | None]:
    """The due date (required) and start date of a ``set_date``, read as the CLI reads them."""
    if not body.date.strip():
        raise InputError("web.date_required")
    return parse_day(body.date), parse_day(body.start) if body.start.strip() else None


def _actor(account: Account, unit_id: int | None) -> Actor:
    return Actor(unit_id, Channel.WEB, name=account.login, ref=f"web:user={account.id}")


def _action(value: str) -> Action:
    try:
        action = Action(value.strip().lower())
    except ValueError:
        action = None
    if action is None or action not in API_ACTIONS:
        choices = ", ".join(item.value for item in API_ACTIONS)
        raise InputError("web.bad_action", value=value, choices=choices)
    return action


def _bucket(value: str) -> Bucket:
    try:
        return Bucket(value.strip().lower())
    except ValueError:
        choices = ", ".join(item.value for item in Bucket)
        raise InputError("cli.bad_bucket", value=value, choices=choices) from None
