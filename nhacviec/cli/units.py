"""``nhacviec units check FILE``: is a units directory valid, and does it know a plan's names?"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from nhacviec.cli.state import CliState, help_text, state
from nhacviec.services.importing import read_plan_file
from workflows.units.directory import UnitDirectory
from workflows.units.splitter import resolve_units

app = typer.Typer(help=help_text("cli.help.units"), no_args_is_help=True)


@app.command("check", help=help_text("cli.help.units_check"))
def check(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=help_text("cli.help.units_file"))],
    against: Annotated[
        list[Path] | None, typer.Option("--against", help=help_text("cli.help.against"))
    ] = None,
) -> None:
    cli = state(ctx)
    directory = cli.app.directory_file(file)
    office = directory.office_unit()
    cli.out.print(
        cli.t(
            "cli.units.summary",
            organisation=directory.organisation_name,
            units=len(directory.units),
            groups=len(directory.groups),
            office=office.name if office else cli.t("cli.units.no_office"),
        ),
        style="bold",
    )
    cli.out.print(_units_table(cli, directory))
    for plan_file in against or []:
        _check_plan(cli, directory, plan_file)


def _units_table(cli: CliState, directory: UnitDirectory) -> Table:
    table = Table()
    for heading in ("unit", "aliases", "contacts", "group"):
        table.add_column(cli.t(f"cli.heading.{heading}"), overflow="fold")
    for unit in directory.units:
        contacts = [*unit.emails, *(str(chat) for chat in unit.telegram_chat_ids)]
        table.add_row(
            unit.name + (" ★" if unit.office else ""),
            "; ".join(unit.aliases),
            "\n".join(contacts),
            "; ".join(directory.group(key).name for key in unit.groups),
        )
    return table


def _check_plan(cli: CliState, directory: UnitDirectory, plan_file: Path) -> None:
    reading = read_plan_file(plan_file, directory=directory)
    names = [name for task in reading.parsed.tasks for name in (*task.lead, *task.partners)]
    unknown = list(dict.fromkeys(resolve_units(names, directory).unknown))
    if not unknown:
        cli.out.print(cli.t("cli.units.all_known", file=plan_file.name), style="green")
        return
    cli.out.print(
        cli.t("cli.units.unknown", count=len(unknown), file=plan_file.name), style="yellow"
    )
    for name in unknown:
        cli.out.print(f"  • {name}")
