"""``nhacviec units import FILE`` and ``nhacviec units export ORGANISATION``: the units directory
the store keeps (what the console edits), in and out as the ``config/units`` YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nhacviec.cli.state import help_text, state
from nhacviec.errors import ConfigError, InputError, SourceLocation

CLI_ACTOR = "cli"


def import_directory(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=help_text("cli.help.units_import_file"))],
) -> None:
    from nhacviec.services.directory import import_text

    cli = state(ctx)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        location = SourceLocation(file=str(file))
        raise ConfigError("units.config.unreadable", location, reason=str(exc)) from exc
    with cli.app.transaction() as session:
        change = import_text(session, text, str(file), now=cli.now, by=CLI_ACTOR)
    cli.out.print(
        cli.t(
            "console.units.imported",
            organisation=change.directory.organisation_name,
            units=change.units,
            linked=change.names_linked,
        ),
        markup=False,
    )


def export_directory(
    ctx: typer.Context,
    organisation: Annotated[str, typer.Argument(help=help_text("cli.help.units_organisation"))],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help=help_text("cli.help.output")),
    ] = None,
) -> None:
    from nhacviec.services.directory import export_text

    cli = state(ctx)
    with cli.app.reading() as session:
        text = export_text(session, organisation, cli.app.directory_files)
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError("units_init.unwritable", file=output, reason=exc.strerror) from exc


def register(app: typer.Typer) -> None:
    app.command("import", help=help_text("cli.help.units_import"))(import_directory)
    app.command("export", help=help_text("cli.help.units_export"))(export_directory)
