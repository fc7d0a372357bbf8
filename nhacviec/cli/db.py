"""``nhacviec db upgrade``, ``db backup FILE``, ``db restore FILE``: for operators."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from nhacviec.cli.state import CliState, help_text, state
from nhacviec.store.revisions import head_revision

if TYPE_CHECKING:
    from nhacviec.store.backups import Copied

app = typer.Typer(help=help_text("cli.help.db"), no_args_is_help=True)
BackupFile = Annotated[Path, typer.Argument(help=help_text("cli.help.backup_file"))]


@app.command("upgrade", help=help_text("cli.help.db_upgrade"))
def upgrade(ctx: typer.Context) -> None:
    cli = state(ctx)
    engine = cli.app.engine  # creating the engine creates or migrates the schema
    url = engine.url.render_as_string(hide_password=True)
    cli.out.print(cli.t("cli.db.upgraded", url=url, revision=head_revision()))


@app.command("backup", help=help_text("cli.help.db_backup"))
def backup(ctx: typer.Context, file: BackupFile) -> None:
    """SQLite: a consistent copy while the service runs. PostgreSQL: the pg_dump command."""
    from nhacviec.store import backups
    from nhacviec.store.listing import sqlite_file

    cli = state(ctx)
    database = sqlite_file(cli.settings.database_url)
    if database is None:
        command = backups.dump_command(cli.settings.database_url, file)
        cli.out.print(cli.t("cli.db.pg_dump", command=command), markup=False, soft_wrap=True)
        return
    started = time.monotonic()
    copied = backups.backup_sqlite(database, file)
    _done(cli, "cli.db.backed_up", copied, time.monotonic() - started)


@app.command("restore", help=help_text("cli.help.db_restore"))
def restore(ctx: typer.Context, file: BackupFile) -> None:
    """SQLite: the backup copied into the (empty) database, then checked. PostgreSQL: the
    pg_restore command, once the database is found empty."""
    from nhacviec.store import backups
    from nhacviec.store.listing import sqlite_file

    cli = state(ctx)
    database = sqlite_file(cli.settings.database_url)
    if database is None:
        _refuse_a_full_postgres(cli)
        command = backups.restore_command(cli.settings.database_url, file)
        cli.out.print(cli.t("cli.db.pg_restore", command=command), markup=False, soft_wrap=True)
        return
    started = time.monotonic()
    restored = backups.restore_sqlite(file, database)
    _done(cli, "cli.db.restored", restored, time.monotonic() - started)
    if restored.revision != head_revision():
        cli.out.print(cli.t("cli.db.restored_older", code=head_revision()), markup=False)


def _refuse_a_full_postgres(cli: CliState) -> None:
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    from nhacviec.errors import InputError, StoreError

    engine = cli.app.unmigrated_engine
    url = engine.url.render_as_string(hide_password=True)
    try:
        tables = inspect(engine).get_table_names()
    except SQLAlchemyError as exc:
        raise StoreError("store.unreachable", url=url, error=str(exc)) from exc
    if tables:
        raise InputError("backup.target_not_empty", path=url)


def _done(cli: CliState, key: str, copied: Copied, seconds: float) -> None:
    cli.out.print(
        cli.t(
            key,
            path=str(copied.path),
            size=f"{copied.size / 1_048_576:.1f}",
            tables=copied.tables,
            revision=copied.revision or "-",
            seconds=f"{seconds:.1f}",
        ),
        markup=False,
        soft_wrap=True,
    )
