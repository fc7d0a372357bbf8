"""``nhacviec units check FILE``: is a units directory valid, and does it know a plan's names?
``nhacviec units init --from-plan PLAN -o FILE``: draft one from the names a plan prints."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from nhacviec.cli.state import CliState, help_text, state
from nhacviec.errors import InputError
from nhacviec.services.importing import read_plan_file
from nhacviec.services.units_draft import StoredNames, draft_plans, plan_source, stored_names
from nhacviec.units_yaml import draft_to_yaml
from workflows.units.directory import UnitDirectory
from workflows.units.draft import DirectoryDraft
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
    reading = read_plan_file(plan_file, directory=directory, limits=cli.app.read_limits)
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


@app.command("init", help=help_text("cli.help.units_init"))
def init(
    ctx: typer.Context,
    from_plan: Annotated[
        list[str], typer.Option("--from-plan", metavar="PLAN", help=help_text("cli.help.from_plan"))
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help=help_text("cli.help.output")),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=help_text("cli.help.force"))] = False,
) -> None:
    cli = state(ctx)
    if output is not None and output.exists() and not force:
        raise InputError("units_init.exists", file=output)
    sources = [plan_source(text) for text in from_plan]
    stored = StoredNames([], "", {})
    plan_ids = [source.plan_id for source in sources if source.plan_id is not None]
    if plan_ids:
        with cli.app.reading() as session:
            stored = stored_names(session, plan_ids)
    paths = [source.path for source in sources if source.path is not None]
    draft = draft_plans(paths, stored.cells, stored.issuer)
    text = draft_to_yaml(draft, [source.text for source in sources], cli.lang)
    if output is None:
        typer.echo(text, nl=False)
        return
    _write(output, text)
    _say_written(cli, draft, output)
    for source in sources:
        plan = str(source.path) if source.path else stored.sources.get(source.plan_id or 0, "")
        key = "units_init.next_file" if source.path else "units_init.next_stored"
        cli.err.print(
            cli.t(key, plan=plan, id=source.plan_id, file=output), markup=False, soft_wrap=True
        )


def _say_written(cli: CliState, draft: DirectoryDraft, output: Path) -> None:
    spellings = {s for entry in (*draft.units, *draft.groups) for s in entry.spellings}
    cli.err.print(
        cli.t(
            "units_init.written",
            file=output,
            units=len(draft.units),
            aliases=sum(len(unit.aliases) for unit in draft.units),
            groups=len(draft.groups),
            names=len(spellings),
        ),
        style="green",
        markup=False,
        soft_wrap=True,
    )


def _write(output: Path, text: str) -> None:
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError("units_init.unwritable", file=output, reason=exc.strerror) from exc


def _register_store_commands() -> None:
    from nhacviec.cli import units_store

    units_store.register(app)


_register_store_commands()


def _register_scores_command() -> None:
    from nhacviec.cli.report import scores

    app.command("scores", help=help_text("cli.help.units_scores"))(scores)


_register_scores_command()
