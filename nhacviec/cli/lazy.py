"""A typer group whose sub-commands are imported only when one is run or its help is shown.

``nhacviec --help`` lists every command from the table (name, help key) without importing a
single command module, so the database, the bot and the channels stay unloaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any

import typer
import typer.main
from typer import _click as click
from typer.core import TyperCommand, TyperGroup


@dataclass(frozen=True)
class LazyCommand:
    """Where a command lives (``"package.module:attr"``: a ``typer.Typer`` or a function) and
    the catalogue key of its one-line help."""

    target: str
    help_key: str


def lazy_group(commands: Mapping[str, LazyCommand], help_text: Any) -> type[TyperGroup]:
    """A ``TyperGroup`` class serving ``commands`` lazily; ``help_text(key)`` renders help."""

    class LazyGroup(TyperGroup):
        _listing = False

        def list_commands(self, ctx: click.Context) -> list[str]:
            return [*super().list_commands(ctx), *commands]

        def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
            found = super().get_command(ctx, cmd_name)
            entry = commands.get(cmd_name)
            if found is not None or entry is None:
                return found
            if self._listing:  # the group's own help: a name and a line, nothing imported
                return TyperCommand(cmd_name, help=help_text(entry.help_key))
            return load_command(cmd_name, entry, help_text)

        def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
            self._listing = True
            try:
                super().format_help(ctx, formatter)
            finally:
                self._listing = False

    return LazyGroup


def load_command(name: str, entry: LazyCommand, help_text: Any) -> click.Command:
    """Import the command's module and build its click command."""
    module_name, _, attr = entry.target.partition(":")
    target = getattr(import_module(module_name), attr)
    if isinstance(target, typer.Typer):
        command: click.Command = typer.main.get_group(target)
    else:
        single = typer.Typer(add_completion=False)
        single.command(name, help=help_text(entry.help_key))(target)
        command = typer.main.get_command(single)
    command.name = name
    return command
