"""The ``nhacviec`` command. Every error a person can cause ends in one clear message."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from config.settings import SettingsError
from nhacviec.cli import channels, db, events, plan, scheduler, task, unit, units
from nhacviec.cli.demo import demo
from nhacviec.cli.state import CliState, help_language, help_text
from nhacviec.cli.tasks import tasks
from nhacviec.errors import NhacviecError
from nhacviec.i18n import translate
from nhacviec.services.tasks import RefusedError

app = typer.Typer(
    help=help_text("cli.help.app"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(plan.app, name="plan")
app.add_typer(units.app, name="units")
app.add_typer(unit.app, name="unit")
app.add_typer(db.app, name="db")
app.add_typer(task.app, name="task")
app.add_typer(events.app, name="event")
app.command("history", help=help_text("cli.help.history"))(task.history)
app.add_typer(scheduler.reminders_app, name="reminders")
app.command("run", help=help_text("cli.help.run"))(scheduler.run)
app.command("tick", help=help_text("cli.help.tick"))(scheduler.tick)
app.command("deliveries", help=help_text("cli.help.deliveries"))(scheduler.deliveries)
app.command("check-channels", help=help_text("cli.help.check_channels"))(channels.check_channels)
app.command("tasks", help=help_text("cli.help.tasks"))(tasks)
app.command("demo", help=help_text("cli.help.demo"))(demo)


@app.callback()
def root(
    ctx: typer.Context,
    config: Annotated[Path | None, typer.Option(help=help_text("cli.help.config"))] = None,
    lang: Annotated[str | None, typer.Option(help=help_text("cli.help.lang"))] = None,
    now: Annotated[str | None, typer.Option(help=help_text("cli.help.now"))] = None,
) -> None:
    ctx.obj = CliState(config_file=config, language_option=lang, now_option=now)
    ctx.call_on_close(ctx.obj.close)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code (2: bad input, 3: store failure)."""
    args = hoist_global_options(list(sys.argv[1:] if argv is None else argv))
    err = Console(stderr=True, highlight=False)
    lang = _language_of(args)
    try:
        app(args=args, prog_name="nhacviec")  # usage errors: typer prints them and exits 2
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except NhacviecError as exc:
        err.print(exc.message(lang), style="red", markup=False, soft_wrap=True)
        hint = _hint(exc, lang)
        if hint:
            err.print(hint, markup=False, soft_wrap=True)
        return exc.exit_code
    except SettingsError as exc:
        message = translate("cli.error.settings", lang, source=exc.source, detail=exc.detail)
        err.print(message, style="red", markup=False, soft_wrap=True)
        return 2
    return 0


GLOBAL_OPTIONS = ("--now", "--lang", "--config")


def hoist_global_options(args: list[str]) -> list[str]:
    """Let ``--now``, ``--lang`` and ``--config`` follow the command too: ``nhacviec tasks
    --overdue --now 2025-09-29T08:00+07:00`` reads as the root options it is."""
    hoisted: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and "=" in arg:
            hoisted.append(arg)
        elif name in GLOBAL_OPTIONS and index + 1 < len(args):
            hoisted += [arg, args[index + 1]]
            index += 1
        else:
            rest.append(arg)
        index += 1
    return hoisted + rest


def _hint(error: NhacviecError, lang: str) -> str:
    """The command-line option that answers a refusal ("--note", "--on-behalf")."""
    if not isinstance(error, RefusedError):
        return ""
    key = f"cli.hint.{error.refusal.code}"
    hint = translate(key, lang)
    return "" if hint == key else hint


def _language_of(args: list[str]) -> str:
    """The language for error messages, known even when the command itself fails early."""
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return help_language().value
