"""``nhacviec db upgrade``: for operators who migrate before starting the service."""

from __future__ import annotations

import typer

from nhacviec.cli.state import help_text, state
from nhacviec.store.revisions import head_revision

app = typer.Typer(help=help_text("cli.help.db"), no_args_is_help=True)


@app.command("upgrade", help=help_text("cli.help.db_upgrade"))
def upgrade(ctx: typer.Context) -> None:
    cli = state(ctx)
    engine = cli.app.engine  # creating the engine creates or migrates the schema
    url = engine.url.render_as_string(hide_password=True)
    cli.out.print(cli.t("cli.db.upgraded", url=url, revision=head_revision()))
