"""``nhacviec task …`` and ``nhacviec history``: one task, its moves and its audit trail.

Every move goes through ``nhacviec.services.tasks`` — the same functions the Telegram bot
calls — so the rules and the audit trail are the same whichever way a unit reports.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

import typer

from nhacviec.cli import task_requests
from nhacviec.cli.options import parse_day
from nhacviec.cli.render import history_table, occurrences_table, schedule_words
from nhacviec.cli.state import CliState, help_text, state
from nhacviec.cli.task_options import (
    AsUnit,
    ByPerson,
    EvidenceOption,
    JsonOption,
    NoteOption,
    OccurrenceOption,
    OnBehalf,
    PlanOption,
    Target,
    acting,
)
from nhacviec.i18n.extensions import deadline_lines
from nhacviec.i18n.workflow import action_name, state_name
from nhacviec.results import task_json
from nhacviec.services import extensions
from nhacviec.services import tasks as operations
from nhacviec.services.queries import TaskStatus, extras_of, status_of
from nhacviec.services.tasks import Actor, Channel, Outcome
from nhacviec.store import tasks as stored
from nhacviec.store.journal import history_of_task
from nhacviec.store.models import Task
from workflows.event_payloads import DueSource
from workflows.workflow import Action, Request

app = typer.Typer(help=help_text("cli.help.task"), no_args_is_help=True)


@app.command("show", help=help_text("cli.help.task_show"))
def show(
    ctx: typer.Context, target: Target, plan: PlanOption = None, as_json: JsonOption = False
) -> None:
    cli = state(ctx)
    with cli.app.reading() as session:
        task = operations.find_task(session, target, plan)
        status = status_of(stored.task_view(session, _id(task)), cli.now)
        history = history_of_task(session, _id(task))
        extras = extras_of(session, [status])
    if as_json:
        typer.echo(json.dumps(task_json(status, extras), ensure_ascii=False, indent=2))
        return
    view = status.view
    cli.out.print(f"[bold]{task.ref}[/bold] — {cli.t('cli.task.plan', plan=view.plan.id)}")
    cli.out.print(task.activity or task.task_text, markup=False)
    cli.out.print(
        cli.t("cli.task.units", lead="; ".join(view.lead), partners="; ".join(view.partners) or "—")
    )
    cli.out.print(
        cli.t(
            "cli.task.time",
            time=task.time_text or "—",
            schedule=schedule_words(task, cli.lang, dated_by=_dated_by(status)),
        )
    )
    cli.out.print(cli.t("cli.task.state", state=state_name(status.state, cli.lang)))
    cli.out.print(occurrences_table(status, cli.lang))
    with cli.app.reading() as session:  # issue 14: deadline history, extension requests
        for found in extensions.deadlines_of(session, task):
            for line in deadline_lines(found.label, found.history, found.requests, cli.lang):
                cli.out.print(line, markup=False)
    if history:
        cli.out.print(history_table(history, cli.lang))
    with cli.app.reading() as session:
        task_requests.print_extras(cli, session, task)


def history(
    ctx: typer.Context, target: Target, plan: PlanOption = None, as_json: JsonOption = False
) -> None:
    """``nhacviec history ID|REF``: every change to the task, oldest first."""
    cli = state(ctx)
    with cli.app.reading() as session:
        task = operations.find_task(session, target, plan)
        lines = history_of_task(session, _id(task))
    if as_json:
        typer.echo(
            json.dumps([_history_dict(line) for line in lines], ensure_ascii=False, indent=2)
        )
    elif not lines:
        cli.out.print(cli.t("cli.history.empty", ref=task.ref))
    else:
        cli.out.print(history_table(lines, cli.lang))


def _history_dict(line: Any) -> dict[str, Any]:
    entry = line.entry
    return {
        "at": entry.at.isoformat(),
        "occurrence": line.seq,
        "action": entry.action,
        "from": entry.from_state,
        "to": entry.to_state,
        "unit": line.unit_name,
        "person": entry.actor_name,
        "channel": entry.channel,
        "on_behalf": entry.on_behalf,
        "note": entry.note,
        "evidence": entry.evidence,
        "details": entry.details,
    }


def _make_move_command(action: Action) -> Callable[..., None]:
    def command(
        ctx: typer.Context,
        target: Target,
        as_unit: AsUnit,
        plan: PlanOption = None,
        occurrence: OccurrenceOption = None,
        note: NoteOption = "",
        evidence: EvidenceOption = "",
        on_behalf: OnBehalf = False,
        by: ByPerson = "",
        as_json: JsonOption = False,
    ) -> None:
        cli = state(ctx)
        request = Request(action, note=note, evidence=evidence, on_behalf=on_behalf)
        with acting(cli, target, plan, actor_of, as_unit, by) as (session, task, actor):
            outcome = operations.act(
                session, task, request, actor, cli.now, occurrence_seq=occurrence
            )
        report_outcome(cli, outcome, as_json)

    return command


for _action in (
    Action.START,
    Action.VERIFY,
    Action.CANCEL,
    Action.REOPEN,
    Action.NOTE,
):
    app.command(_action.value, help=help_text(f"cli.help.task_{_action.value}"))(
        _make_move_command(_action)
    )


@app.command("set-date", help=help_text("cli.help.task_set_date"))
def set_date(
    ctx: typer.Context,
    target: Target,
    date_text: Annotated[str, typer.Option("--date", help=help_text("cli.help.date"))],
    as_unit: AsUnit,
    start_text: Annotated[
        str | None, typer.Option("--start", help=help_text("cli.help.start"))
    ] = None,
    plan: PlanOption = None,
    occurrence: OccurrenceOption = None,
    note: NoteOption = "",
    by: ByPerson = "",
    as_json: JsonOption = False,
) -> None:
    cli = state(ctx)
    due = parse_day(date_text)
    start = parse_day(start_text) if start_text else None
    with acting(cli, target, plan, actor_of, as_unit, by) as (session, task, actor):
        outcome = operations.set_date(
            session, task, due, actor, cli.now, start=start, occurrence_seq=occurrence, note=note
        )
    report_outcome(cli, outcome, as_json)


def actor_of(cli: CliState, session: Any, task: Task, as_unit: str, by: str) -> Actor:
    plan = stored.plan_of(session, task)
    unit_id = operations.find_unit_id(session, as_unit, plan)
    return Actor(unit_id=unit_id, channel=Channel.CLI, name=by)


def report_outcome(cli: CliState, outcome: Outcome, as_json: bool) -> None:
    with cli.app.reading() as session:
        status = status_of(stored.task_view(session, _id(outcome.task)), cli.now)
        extras = extras_of(session, [status])
    if as_json:
        typer.echo(json.dumps(task_json(status, extras), ensure_ascii=False, indent=2))
        return
    move = outcome.move
    label = outcome.occurrence.label or str(outcome.occurrence.seq)
    if move.from_state is move.to_state:
        message = cli.t(
            "cli.task.done",
            ref=outcome.task.ref,
            label=label,
            action=action_name(move.action, cli.lang),
        )
    else:
        message = cli.t(
            "cli.task.moved",
            ref=outcome.task.ref,
            label=label,
            before=state_name(move.from_state, cli.lang),
            after=state_name(move.to_state, cli.lang),
        )
    cli.out.print(message, style="green")


def _dated_by(status: TaskStatus) -> str | None:
    """Who dated a task the plan left undated: "office" or "event" (None: the plan did)."""
    sources = {o.occurrence.due_source for o in status.occurrences if o.occurrence.due_date}
    if status.view.task.schedule_kind not in {"unscheduled", "event"}:
        return None
    for source in (DueSource.EVENT, DueSource.OFFICE):
        if source in sources:
            return source.value
    return None


def _id(task: Task) -> int:
    assert task.id is not None
    return task.id


# report (with --file), ask and answer: with this group's way of naming the actor
task_requests.register(app, actor_of, report_outcome)
