"""``nhacviec task extend | extension approve|refuse | reassign | suspend | resume | return``:
issue 14's moves (``nhacviec.services.extensions``, the same use cases the bot and the web call).

``nhacviec task`` is this module's ``app``: ``nhacviec.cli.task``'s, with these commands added.

The office's moves take ``--as`` like every move; without it they act as the plan's office.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

import typer

from nhacviec.cli.options import parse_day
from nhacviec.cli.state import CliState, help_text, state
from nhacviec.cli.task import app, report_outcome
from nhacviec.cli.task_options import (
    AsUnit,
    ByPerson,
    JsonOption,
    NoteOption,
    OccurrenceOption,
    PlanOption,
    Target,
    acting,
)
from nhacviec.errors import InputError
from nhacviec.services import extensions as moves
from nhacviec.services import tasks as operations
from nhacviec.services.tasks import Actor, Channel, Outcome
from nhacviec.store import tasks as stored
from nhacviec.store.models import Task

OfficeAs = Annotated[str, typer.Option("--as", help=help_text("extensions.help.office_as"))]
Reason = Annotated[str, typer.Option("--reason", help=help_text("extensions.help.reason"))]
ToDate = Annotated[str, typer.Option("--to", help=help_text("extensions.help.to_date"))]

_Done = TypeVar("_Done")

extension_app = typer.Typer(help=help_text("extensions.help.extension"), no_args_is_help=True)
app.add_typer(extension_app, name="extension")


@app.command("extend", help=help_text("extensions.help.extend"))
def extend(
    ctx: typer.Context,
    target: Target,
    to: ToDate,
    as_unit: AsUnit,
    reason: Reason = "",
    plan: PlanOption = None,
    occurrence: OccurrenceOption = None,
    by: ByPerson = "",
    as_json: JsonOption = False,
) -> None:
    cli = state(ctx)
    day = parse_day(to)
    cap = cli.settings.workflow.extension_cap
    with acting(cli, target, plan, actor_of, as_unit, by) as (session, task, actor):
        asked = moves.request_extension(
            session, task, day, reason, actor, cli.now, cap=cap, occurrence_seq=occurrence
        )
    key = "extensions.cli.asked_late" if asked.request.late else "extensions.cli.asked"
    _tell(cli, asked.outcome, as_json, key, ref=task.ref, date=_day(day))


@extension_app.command("approve", help=help_text("extensions.help.approve"))
def approve(
    ctx: typer.Context,
    target: Target,
    to: Annotated[
        str | None, typer.Option("--to", help=help_text("extensions.help.granted_date"))
    ] = None,
    reason: Reason = "",
    as_unit: OfficeAs = "",
    plan: PlanOption = None,
    occurrence: OccurrenceOption = None,
    by: ByPerson = "",
    as_json: JsonOption = False,
) -> None:
    cli = state(ctx)
    granted = parse_day(to) if to else None
    with acting(cli, target, plan, actor_of, as_unit, by) as (session, task, actor):
        done = moves.approve_extension(
            session, task, actor, cli.now, granted=granted, note=reason, occurrence_seq=occurrence
        )
    if as_json:
        report_outcome(cli, done.outcome, as_json)
        return
    day = done.request.granted_due
    assert day is not None
    cli.out.print(cli.t("extensions.cli.approved", ref=task.ref, date=_day(day)), style="green")


def _make_reason_command(
    use_case: Callable[..., _Done], tell: Callable[[CliState, Task, _Done, bool], None]
) -> Any:
    """``refuse``, ``suspend``, ``resume``: the office's move with a reason (``use_case``: one
    of ``services.extensions``' that take it), then ``tell``."""

    def command(
        ctx: typer.Context,
        target: Target,
        reason: Reason = "",
        as_unit: OfficeAs = "",
        plan: PlanOption = None,
        occurrence: OccurrenceOption = None,
        by: ByPerson = "",
        as_json: JsonOption = False,
    ) -> None:
        cli = state(ctx)
        with acting(cli, target, plan, actor_of, as_unit, by) as (session, task, actor):
            done = use_case(session, task, reason, actor, cli.now, occurrence_seq=occurrence)
        tell(cli, task, done, as_json)

    return command


def _refused(cli: CliState, task: Task, done: moves.ExtensionOutcome, as_json: bool) -> None:
    _tell(cli, done.outcome, as_json, "extensions.cli.refused", ref=task.ref)


def _suspended(cli: CliState, task: Task, outcome: Outcome, as_json: bool) -> None:
    report_outcome(cli, outcome, as_json)


def _resumed(cli: CliState, task: Task, outcome: Outcome, as_json: bool) -> None:
    report_outcome(cli, outcome, as_json)
    due = outcome.occurrence.due_date
    if due is not None and not as_json:
        cli.out.print(cli.t("extensions.cli.due_now", date=_day(due)))


extension_app.command("refuse", help=help_text("extensions.help.refuse"))(
    _make_reason_command(moves.refuse_extension, _refused)
)


@extension_app.command("list", help=help_text("extensions.help.list"))
def waiting(ctx: typer.Context, plan: PlanOption = None, as_json: JsonOption = False) -> None:
    """The requests waiting for the office, oldest first."""
    cli = state(ctx)
    with cli.app.reading() as session:
        found = moves.pending_requests(session, plan)
        rows = [
            {
                "plan": item.task.plan_id,
                "ref": item.task.ref,
                "occurrence": item.occurrence.seq,
                "due": item.occurrence.due_date.isoformat() if item.occurrence.due_date else None,
                "requested": item.request.requested_due.isoformat(),
                "reason": item.request.reason,
                "late": item.request.late,
                "asked_at": item.request.requested_at.isoformat(),
            }
            for item in found
        ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        cli.out.print(cli.t("extensions.cli.none_waiting"))
    for row, item in zip(rows, found, strict=True):
        due = item.occurrence.due_date
        line = cli.t(
            "extensions.cli.waiting",
            plan=row["plan"],
            ref=row["ref"],
            due=_day(due) if due else "—",
            date=_day(item.request.requested_due),
            reason=row["reason"],
        )
        cli.out.print(line, markup=False)


@app.command("reassign", help=help_text("extensions.help.reassign"))
def reassign(
    ctx: typer.Context,
    target: Target,
    to: Annotated[str, typer.Option("--to", help=help_text("extensions.help.to_unit"))],
    reason: Reason = "",
    as_unit: OfficeAs = "",
    plan: PlanOption = None,
    by: ByPerson = "",
    as_json: JsonOption = False,
) -> None:
    cli = state(ctx)
    with acting(cli, target, plan, actor_of, as_unit, by) as (session, task, actor):
        outcome = moves.reassign(session, task, to, reason, actor, cli.now)
        lead = "; ".join(stored.task_view(session, _id(task)).lead)
    _tell(cli, outcome, as_json, "extensions.cli.reassigned", ref=task.ref, unit=lead)


app.command("suspend", help=help_text("extensions.help.suspend"))(
    _make_reason_command(moves.suspend, _suspended)
)
app.command("resume", help=help_text("extensions.help.resume"))(
    _make_reason_command(moves.resume, _resumed)
)


@app.command("return", help=help_text("cli.help.task_return"))
def return_(
    ctx: typer.Context,
    target: Target,
    as_unit: OfficeAs = "",
    plan: PlanOption = None,
    occurrence: OccurrenceOption = None,
    note: NoteOption = "",
    redo_by: Annotated[
        str | None, typer.Option("--redo-by", help=help_text("extensions.help.redo_by"))
    ] = None,
    by: ByPerson = "",
    as_json: JsonOption = False,
) -> None:
    cli = state(ctx)
    day = parse_day(redo_by) if redo_by else None
    with acting(cli, target, plan, actor_of, as_unit, by) as (session, task, actor):
        outcome = moves.return_for_redo(
            session, task, note, actor, cli.now, redo_by=day, occurrence_seq=occurrence
        )
    report_outcome(cli, outcome, as_json)
    if day is not None and not as_json:
        cli.out.print(cli.t("extensions.cli.redo_by", date=_day(day)))


# -- helpers ----------------------------------------------------------------------------------


def actor_of(cli: CliState, session: Any, task: Task, as_unit: str, by: str) -> Actor:
    """The unit named by ``--as``; without it, the plan's office."""
    plan = stored.plan_of(session, task)
    if as_unit:
        unit_id = operations.find_unit_id(session, as_unit, plan)
    elif plan.office_unit_id is not None:
        unit_id = plan.office_unit_id
    else:
        raise InputError("extensions.cli.no_office", plan=plan.id)
    return Actor(unit_id=unit_id, channel=Channel.CLI, name=by)


def _tell(cli: CliState, outcome: Outcome, as_json: bool, key: str, **params: object) -> None:
    """The task as ``--json`` prints it, or the sentence ``key`` says of the move."""
    if as_json:
        report_outcome(cli, outcome, as_json)
        return
    cli.out.print(cli.t(key, **params), style="green")


def _day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def _id(task: Task) -> int:
    assert task.id is not None
    return task.id
