"""``nhacviec report``: the report upward on a plan (DOCX, XLSX, HTML, Markdown).
``nhacviec units scores``: the lead units' scorecards, ranked."""

from __future__ import annotations

import json
from datetime import datetime, time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from nhacviec.cli.options import MAX_ID, parse_day, parse_instant, within
from nhacviec.cli.state import CliState, help_text, state
from nhacviec.errors import InputError
from nhacviec.reports.context import BUCKETS, Options, bucket_name, day
from nhacviec.reports.files import ReportFormat, render_report, report_file_name
from nhacviec.services.reports import plan_report, unit_scorecards
from workflows.standing import LOCAL_TZ

END_OF_DAY = time(23, 59, 59)


def report(
    ctx: typer.Context,
    plan: Annotated[
        int,
        typer.Option(help=help_text("cli.help.report_plan"), callback=within("--plan", 1, MAX_ID)),
    ],
    as_of: Annotated[str | None, typer.Option("--as-of", help=help_text("cli.help.as_of"))] = None,
    format_name: Annotated[
        str, typer.Option("--format", help=help_text("cli.help.report_format"))
    ] = "docx",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=help_text("cli.help.report_output"))
    ] = None,
    template: Annotated[
        Path | None, typer.Option(help=help_text("cli.help.report_template"))
    ] = None,
    place: Annotated[str | None, typer.Option(help=help_text("cli.help.report_place"))] = None,
) -> None:
    cli = state(ctx)
    kind = _format(format_name)
    instant = report_instant(cli, as_of)
    with cli.app.reading() as session:
        found = plan_report(session, plan, instant)
    data = render_report(found, cli.lang, kind, template=template, options=Options(place=place))
    if output is None and kind.text:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    target = output or Path(report_file_name(found, kind))
    target.write_bytes(data)
    cli.out.print(cli.t("reports.written", file=target), markup=False)


def scores(
    ctx: typer.Context,
    plan: Annotated[
        int,
        typer.Option(help=help_text("cli.help.report_plan"), callback=within("--plan", 1, MAX_ID)),
    ],
    as_of: Annotated[str | None, typer.Option("--as-of", help=help_text("cli.help.as_of"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=help_text("cli.help.json"))] = False,
) -> None:
    cli = state(ctx)
    instant = report_instant(cli, as_of)
    with cli.app.reading() as session:
        cards = unit_scorecards(session, plan, instant)
    if as_json:
        rows = [
            {
                "rank": c.rank,
                "unit": c.unit,
                "assigned": c.assigned,
                "done_on_time": c.done_on_time,
                "done_late": c.done_late,
                "open_on_time": c.open_on_time,
                "open_late": c.overdue,
                "on_time_rate": c.on_time_rate,
                "average_days_late": c.average_days_late,
            }
            for c in cards
        ]
        document = {"plan": plan, "as_of": instant.isoformat(), "units": rows}
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    as_of_day = day(instant.astimezone(LOCAL_TZ).date())
    cli.out.print(cli.t("reports.scores.title", plan=plan, as_of=as_of_day), style="bold")
    if not cards:
        cli.out.print(cli.t("reports.scores.empty"))
        return
    table = _scores_table(cli)
    for c in cards:
        table.add_row(
            str(c.rank),
            c.unit,
            str(c.assigned),
            str(c.done_on_time),
            str(c.done_late),
            str(c.open_on_time),
            str(c.overdue),
            "—" if c.on_time_rate is None else f"{c.on_time_rate:.0%}",
            "—" if c.average_days_late is None else f"{c.average_days_late:.1f}",
        )
    cli.out.print(table)
    cli.out.print(cli.t("reports.rate_note"), style="dim")


def _scores_table(cli: CliState) -> Table:
    table = Table()
    table.add_column(cli.t("reports.column.rank"), justify="right")
    table.add_column(cli.t("reports.column.unit"), overflow="fold")
    table.add_column(cli.t("reports.column.assigned"), justify="right")
    for kind in BUCKETS:
        table.add_column(bucket_name(kind, cli.lang), justify="right")
    table.add_column(cli.t("reports.column.on_time_rate"), justify="right")
    table.add_column(cli.t("reports.column.average_days_late"), justify="right")
    return table


def report_instant(cli: CliState, as_of: str | None) -> datetime:
    """``--as-of``: a day (its end, Hà Nội time) or an instant; else the command's now."""
    if as_of is None:
        return cli.now
    if "T" in as_of:
        return parse_instant(as_of)
    return datetime.combine(parse_day(as_of), END_OF_DAY, tzinfo=LOCAL_TZ)


def _format(value: str) -> ReportFormat:
    try:
        return ReportFormat(value.strip().lower())
    except ValueError:
        choices = ", ".join(kind.value for kind in ReportFormat)
        raise InputError("reports.bad_format", value=value, choices=choices) from None
