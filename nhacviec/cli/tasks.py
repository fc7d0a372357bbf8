"""``nhacviec tasks``: tasks with their state and standing, filtered; the four buckets."""

from __future__ import annotations

import json
from typing import Annotated, TypeVar

import typer

from nhacviec.cli.options import MAX_ID, within
from nhacviec.cli.render import bucket_summary, tally_note, tasks_table
from nhacviec.cli.state import help_text, state
from nhacviec.errors import InputError
from nhacviec.results import task_json
from nhacviec.services.queries import TaskFilter, extras_of, tally, task_statuses
from workflows.standing import Bucket
from workflows.workflow import State

# --due-within: at most ten years ahead (a plan runs a few years at most).
MAX_DAYS_AHEAD = 3660


def tasks(
    ctx: typer.Context,
    plan: Annotated[
        int | None,
        typer.Option(help=help_text("cli.help.plan_id"), callback=within("--plan", 1, MAX_ID)),
    ] = None,
    unit: Annotated[str | None, typer.Option(help=help_text("cli.help.unit"))] = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", help=help_text("cli.help.status"))
    ] = None,
    overdue: Annotated[bool, typer.Option(help=help_text("cli.help.overdue"))] = False,
    due_within: Annotated[
        int | None,
        typer.Option(
            help=help_text("cli.help.due_within"),
            callback=within("--due-within", 0, MAX_DAYS_AHEAD),
        ),
    ] = None,
    bucket: Annotated[str | None, typer.Option(help=help_text("cli.help.bucket"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=help_text("cli.help.json"))] = False,
) -> None:
    cli = state(ctx)
    wanted = TaskFilter(
        plan_id=plan,
        unit=unit,
        states=frozenset(_choice(State, value, "cli.bad_status") for value in status or []),
        overdue=overdue,
        due_within_days=due_within,
        bucket=_choice(Bucket, bucket, "cli.bad_bucket") if bucket else None,
    )
    with cli.app.reading() as session:
        statuses = task_statuses(session, cli.now, wanted)
        extras = extras_of(session, statuses) if as_json else None
    if extras is not None:
        listed = [task_json(s, extras) for s in statuses]
        typer.echo(json.dumps(listed, ensure_ascii=False, indent=2))
    elif not statuses:
        cli.out.print(cli.t("cli.tasks.empty"))
    else:
        cli.out.print(tasks_table(statuses, cli.lang))
        cli.out.print(bucket_summary(tally(statuses), cli.lang))
        cli.out.print(tally_note(cli.lang), style="dim")


Choice = TypeVar("Choice", State, Bucket)


def _choice(kind: type[Choice], value: str, key: str) -> Choice:
    try:
        return kind(value.strip().lower())
    except ValueError:
        choices = ", ".join(item.value for item in kind)
        raise InputError(key, value=value, choices=choices) from None
