"""``nhacviec event record|list``: the events event-relative deadlines wait on."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from nhacviec.cli.options import MAX_ID, parse_day, within
from nhacviec.cli.render import day, local_time
from nhacviec.cli.state import help_text, state
from nhacviec.services import events
from nhacviec.services.tasks import Actor, Channel, find_unit_id

PLAN_ID = within("--plan", 1, MAX_ID)

app = typer.Typer(help=help_text("cli.help.event"), no_args_is_help=True)


@app.command("record", help=help_text("cli.help.event_record"))
def record(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=help_text("cli.help.event_name"))],
    date_text: Annotated[str, typer.Option("--date", help=help_text("cli.help.event_date"))],
    as_unit: Annotated[str, typer.Option("--as", help=help_text("cli.help.as_unit"))],
    plan: Annotated[
        int | None, typer.Option("--plan", help=help_text("cli.help.plan_id"), callback=PLAN_ID)
    ] = None,
    note: Annotated[str, typer.Option("--note", help=help_text("cli.help.note"))] = "",
    by: Annotated[str, typer.Option("--by", help=help_text("cli.help.by"))] = "",
) -> None:
    cli = state(ctx)
    occurred_on = parse_day(date_text)
    with cli.app.transaction() as session:
        awaited = events.match_awaited(name, events.awaited_events(session, plan))
        office = find_unit_id(session, as_unit, awaited.plan)
        actor = Actor(unit_id=office, channel=Channel.CLI, name=by)
        recorded = events.record_event(
            session,
            name,
            occurred_on,
            actor,
            cli.now,
            cli.app.calendar,
            plan_id=awaited.plan.id,
            note=note,
        )
    key = "cli.event.recorded" if recorded.dated else "cli.event.recorded_none"
    message = cli.t(key, name=recorded.event.name, date=day(occurred_on), count=len(recorded.dated))
    cli.out.print(message, style="green")
    for item in recorded.dated:
        cli.out.print(f"  {item.task.ref}: {item.occurrence.due_words}")
    for task in recorded.undated:
        cli.out.print(cli.t("cli.event.undated", ref=task.ref), style="yellow")


@app.command("list", help=help_text("cli.help.event_list"))
def list_events(
    ctx: typer.Context,
    plan: Annotated[
        int | None, typer.Option("--plan", help=help_text("cli.help.plan_id"), callback=PLAN_ID)
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=help_text("cli.help.json"))] = False,
) -> None:
    cli = state(ctx)
    with cli.app.reading() as session:
        awaited = events.awaited_events(session, plan)
        recorded = events.recorded_events(session, plan)
    if as_json:
        payload = {
            "awaited": [
                {"plan": e.plan.id, "name": e.name, "tasks": [t.ref for t in e.tasks]}
                for e in awaited
            ],
            "recorded": [
                {"plan": e.plan_id, "name": e.name, "occurred_on": e.occurred_on.isoformat()}
                for e in recorded
            ],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not awaited and not recorded:
        cli.out.print(cli.t("cli.event.none"))
        return
    if awaited:
        table = Table(title=cli.t("cli.event.awaited"))
        for heading in ("plan", "event", "waiting"):
            table.add_column(cli.t(f"cli.heading.{heading}"), overflow="fold")
        for event in awaited:
            table.add_row(str(event.plan.id), event.name, ", ".join(t.ref for t in event.tasks))
        cli.out.print(table)
    if recorded:
        table = Table(title=cli.t("cli.event.recorded_title"))
        for heading in ("plan", "event", "occurred_on", "at"):
            table.add_column(cli.t(f"cli.heading.{heading}"), overflow="fold")
        for happened in recorded:
            table.add_row(
                str(happened.plan_id),
                happened.name,
                day(happened.occurred_on),
                local_time(happened.recorded_at),
            )
        cli.out.print(table)
