"""``nhacviec task report`` with files, ``task ask`` and ``task answer``; the files and the
partner requests ``task show`` lists. Registered on ``nhacviec.cli.task``'s group.

Every move goes through the services the bot and the web call (``services.evidence``,
``services.partner_requests``), so the rules, the limits and the audit trail are the same.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlmodel import Session

from nhacviec.cli.render import day, local_time
from nhacviec.cli.state import CliState, help_text, state
from nhacviec.cli.task_options import (
    ActorOf,
    AsUnit,
    ByPerson,
    EvidenceOption,
    JsonOption,
    NoteOption,
    OccurrenceOption,
    OnBehalf,
    PlanOption,
    ReportOutcome,
    Target,
    acting,
)
from nhacviec.errors import InputError
from nhacviec.i18n import Language, translate
from nhacviec.i18n.workflow import action_name
from nhacviec.results import request_done_json
from nhacviec.services import partner_requests as requests
from nhacviec.services import tasks as operations
from nhacviec.services.evidence import EvidenceItem, Upload, act_with_files, evidence_by_task
from nhacviec.services.partner_requests import RequestView
from nhacviec.store import tasks as stored
from nhacviec.store.models import Task
from workflows.typed_dates import parse_day
from workflows.workflow import Action, Request

FilesOption = Annotated[
    list[Path] | None, typer.Option("--file", help=help_text("evidence.cli.help.file"))
]
TextOption = Annotated[
    str, typer.Option("--text", "--note", help=help_text("evidence.cli.help.text"))
]
PartnerOption = Annotated[
    str, typer.Option("--partner", help=help_text("evidence.cli.help.partner"))
]
ByDate = Annotated[str, typer.Option("--by", help=help_text("evidence.cli.help.by_date"))]
PersonOption = Annotated[str, typer.Option("--person", help=help_text("cli.help.by"))]


def register(app: typer.Typer, actor_of: ActorOf, report_outcome: ReportOutcome) -> None:
    """Add ``report``, ``ask`` and ``answer`` to the ``task`` group, with its way of naming
    the actor and of telling a move's outcome."""

    @app.command("report", help=help_text("cli.help.task_report"))
    def report(
        ctx: typer.Context,
        target: Target,
        as_unit: AsUnit,
        plan: PlanOption = None,
        occurrence: OccurrenceOption = None,
        note: NoteOption = "",
        evidence: EvidenceOption = "",
        files: FilesOption = None,
        on_behalf: OnBehalf = False,
        by: ByPerson = "",
        as_json: JsonOption = False,
    ) -> None:
        cli = state(ctx)
        uploads = read_files(files or [])
        request = Request(Action.REPORT, note=note, evidence=evidence, on_behalf=on_behalf)
        with acting(cli, target, plan, actor_of, as_unit, by) as (session, task, actor):
            outcome = act_with_files(
                session,
                cli.app.evidence,
                task,
                request,
                actor,
                cli.now,
                uploads,
                occurrence_seq=occurrence,
            )
        report_outcome(cli, outcome, as_json)

    @app.command("ask", help=help_text("evidence.cli.help.task_ask"))
    def ask(
        ctx: typer.Context,
        target: Target,
        partner: PartnerOption,
        by_date: ByDate,
        text: TextOption,
        as_unit: AsUnit,
        plan: PlanOption = None,
        occurrence: OccurrenceOption = None,
        person: PersonOption = "",
        as_json: JsonOption = False,
    ) -> None:
        cli = state(ctx)
        due = parse_day(by_date)
        with acting(cli, target, plan, actor_of, as_unit, person) as (session, task, actor):
            partner_id = operations.find_unit_id(session, partner, stored.plan_of(session, task))
            done = requests.ask(
                session, task, partner_id, due, text, actor, cli.now, occurrence_seq=occurrence
            )
            shown = request_done_json(done)
        _say(cli, "evidence.cli.asked", shown, as_json, partner=partner, due=day(due))

    @app.command("answer", help=help_text("evidence.cli.help.task_answer"))
    def answer(
        ctx: typer.Context,
        target: Target,
        as_unit: AsUnit,
        text: TextOption = "",
        files: FilesOption = None,
        plan: PlanOption = None,
        by: ByPerson = "",
        as_json: JsonOption = False,
    ) -> None:
        cli = state(ctx)
        uploads = read_files(files or [])
        with acting(cli, target, plan, actor_of, as_unit, by) as (session, task, actor):
            done = requests.answer(session, cli.app.evidence, task, text, actor, cli.now, uploads)
            shown = request_done_json(done)
        _say(cli, "evidence.cli.answered", shown, as_json, count=len(uploads))


def read_files(paths: list[Path]) -> list[Upload]:
    """The files ``--file`` names, read whole (``InputError`` for one that cannot be read)."""
    uploads = []
    for path in paths:
        try:
            uploads.append(Upload(path.name, path.read_bytes()))
        except OSError as exc:
            raise InputError(
                "evidence.cli.unreadable", path=str(path), detail=exc.strerror
            ) from exc
    return uploads


def _say(cli: CliState, key: str, shown: dict[str, Any], as_json: bool, **params: object) -> None:
    if as_json:
        typer.echo(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    cli.out.print(cli.t(key, ref=shown["ref"], **params), style="green")


# -- what ``task show`` lists -----------------------------------------------------------------


def print_extras(cli: CliState, session: Session, task: Task) -> None:
    """The task's files and partner requests (nothing when it has none)."""
    assert task.id is not None
    files = evidence_by_task(session, [task.id]).get(task.id, [])
    asked = requests.requests_on(session, task.id, cli.now)
    if files:
        cli.out.print(files_table(files, cli.lang))
    if asked:
        cli.out.print(requests_table(asked, cli.lang))


def files_table(files: list[EvidenceItem], lang: Language) -> Table:
    table = Table(title=translate("evidence.cli.files_title", lang), title_justify="left")
    for key in ("id", "seq", "name", "size", "action", "unit", "at"):
        table.add_column(translate(f"evidence.cli.column.{key}", lang))
    for item in files:
        table.add_row(
            str(item.link_id),
            str(item.seq or ""),
            item.name,
            size_text(item.size),
            action_name(Action(item.action), lang),
            item.unit_name,
            local_time(item.added_at),
        )
    return table


def requests_table(asked: list[RequestView], lang: Language) -> Table:
    table = Table(title=translate("evidence.cli.requests_title", lang), title_justify="left")
    for key in ("seq", "partner", "due", "text", "status", "answer"):
        table.add_column(translate(f"evidence.cli.column.{key}", lang))
    for view in asked:
        table.add_row(
            str(view.seq),
            view.partner,
            day(view.due),
            view.text,
            status_text(view, lang),
            view.answer,
        )
    return table


def status_text(view: RequestView, lang: Language) -> str:
    if view.answered_at is not None:
        return translate("evidence.request.answered", lang, at=local_time(view.answered_at))
    return translate("evidence.request.late" if view.late else "evidence.request.open", lang)


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
