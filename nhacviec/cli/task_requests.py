"""``nhacviec task report`` with files, ``task ask`` and ``task answer``; the files and the
partner requests ``task show`` lists. Registered on ``nhacviec.cli.task``'s group.

Every move goes through the services the bot and the web call (``services.evidence``,
``services.partner_requests``), so the rules, the limits and the audit trail are the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlmodel import Session

from nhacviec.cli.options import MAX_ID, within
from nhacviec.cli.render import day, local_time
from nhacviec.cli.state import CliState, help_text, state
from nhacviec.errors import InputError
from nhacviec.i18n import Language, translate
from nhacviec.i18n.workflow import action_name
from nhacviec.services import partner_requests as requests
from nhacviec.services import tasks as operations
from nhacviec.services.evidence import EvidenceItem, Upload, act_with_files, evidence_by_task
from nhacviec.services.partner_requests import RequestDone, RequestView
from nhacviec.services.tasks import Actor, Outcome
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


Target = Annotated[str, typer.Argument(help=help_text("cli.help.target"))]
PlanOption = Annotated[
    int | None,
    typer.Option(
        "--plan", help=help_text("cli.help.plan_id"), callback=within("--plan", 1, MAX_ID)
    ),
]
AsUnit = Annotated[str, typer.Option("--as", help=help_text("cli.help.as_unit"))]
ByPerson = Annotated[str, typer.Option("--by", help=help_text("cli.help.by"))]
OccurrenceOption = Annotated[
    int | None,
    typer.Option(
        "--occurrence",
        help=help_text("cli.help.occurrence"),
        callback=within("--occurrence", 1, MAX_ID),
    ),
]
NoteOption = Annotated[str, typer.Option("--note", help=help_text("cli.help.note"))]
EvidenceOption = Annotated[str, typer.Option("--evidence", help=help_text("cli.help.evidence"))]
JsonOption = Annotated[bool, typer.Option("--json", help=help_text("cli.help.json"))]
OnBehalf = Annotated[bool, typer.Option("--on-behalf", help=help_text("cli.help.on_behalf"))]
PartnerOption = Annotated[
    str, typer.Option("--partner", help=help_text("evidence.cli.help.partner"))
]
ByDate = Annotated[str, typer.Option("--by", help=help_text("evidence.cli.help.by_date"))]
PersonOption = Annotated[str, typer.Option("--person", help=help_text("cli.help.by"))]
ActorOf = Callable[[CliState, Session, Task, str, str], Actor]
ReportOutcome = Callable[[CliState, Outcome, bool], None]


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
        with cli.app.transaction() as session:
            task = operations.find_task(session, target, plan)
            actor = actor_of(cli, session, task, as_unit, by)
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
        with cli.app.transaction() as session:
            task = operations.find_task(session, target, plan)
            actor = actor_of(cli, session, task, as_unit, person)
            partner_id = operations.find_unit_id(session, partner, stored.plan_of(session, task))
            done = requests.ask(
                session, task, partner_id, due, text, actor, cli.now, occurrence_seq=occurrence
            )
            shown = _done_json(done)
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
        with cli.app.transaction() as session:
            task = operations.find_task(session, target, plan)
            actor = actor_of(cli, session, task, as_unit, by)
            done = requests.answer(session, cli.app.evidence, task, text, actor, cli.now, uploads)
            shown = _done_json(done)
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


def _done_json(done: RequestDone) -> dict[str, Any]:
    return {
        "task": done.task.id,
        "ref": done.task.ref,
        "seq": done.occurrence.seq,
        "action": done.move.action.value,
        "requests": [
            {
                "id": r.id,
                "partner_unit_id": r.partner_unit_id,
                "due": r.due_date.isoformat(),
                "answered": r.answered_at is not None,
            }
            for r in done.requests
        ],
    }


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
