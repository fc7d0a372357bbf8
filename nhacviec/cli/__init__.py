"""The ``nhacviec`` command. Every error a person can cause ends in one clear message."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from nhacviec.cli.lazy import LazyCommand, lazy_group
from nhacviec.cli.state import (
    CliState,
    choose_help_language,
    console,
    environment_language,
    help_text,
)
from nhacviec.i18n import Language, translate

if TYPE_CHECKING:
    from nhacviec.cli.usage import UsageError
    from nhacviec.errors import NhacviecError

# Every command: name -> where it lives and its help line. A module is imported only when its
# command runs or shows its help, so ``nhacviec --help`` loads no database, bot or channel.
COMMANDS: dict[str, LazyCommand] = {
    "plan": LazyCommand("nhacviec.cli.plan:app", "cli.help.plan"),
    "units": LazyCommand("nhacviec.cli.units:app", "cli.help.units"),
    "unit": LazyCommand("nhacviec.cli.unit:app", "cli.help.unit_links_group"),
    "db": LazyCommand("nhacviec.cli.db:app", "cli.help.db"),
    "task": LazyCommand("nhacviec.cli.task_extensions:app", "cli.help.task"),  # + issue 14
    "event": LazyCommand("nhacviec.cli.events:app", "cli.help.event"),
    "history": LazyCommand("nhacviec.cli.task:history", "cli.help.history"),
    "reminders": LazyCommand("nhacviec.cli.scheduler:reminders_app", "cli.help.reminders"),
    "run": LazyCommand("nhacviec.cli.scheduler:run", "cli.help.run"),
    "tick": LazyCommand("nhacviec.cli.scheduler:tick", "cli.help.tick"),
    "deliveries": LazyCommand("nhacviec.cli.scheduler:deliveries", "cli.help.deliveries"),
    "check-channels": LazyCommand(
        "nhacviec.cli.channels:check_channels", "cli.help.check_channels"
    ),
    "tasks": LazyCommand("nhacviec.cli.tasks:tasks", "cli.help.tasks"),
    "demo": LazyCommand("nhacviec.cli.demo:demo", "cli.help.demo"),
    "user": LazyCommand("nhacviec.cli.user:app", "cli.help.user"),
    "web": LazyCommand("nhacviec.cli.web:web", "cli.help.web"),
    "status": LazyCommand("nhacviec.cli.status:status", "cli.help.status_command"),
    "report": LazyCommand("nhacviec.cli.report:report", "cli.help.report"),
    "ics": LazyCommand("nhacviec.cli.calendar:ics", "calendar.help.ics"),
}


def build_app() -> typer.Typer:
    """The root command, its help in the language chosen for this run (``--lang`` or
    ``NHACVIEC_LANGUAGE``): built when the run starts, not when the module loads."""
    app = typer.Typer(
        help=help_text("cli.help.app"),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        cls=lazy_group(COMMANDS, help_text),
    )

    @app.callback()
    def root(
        ctx: typer.Context,
        config: Annotated[Path | None, typer.Option(help=help_text("cli.help.config"))] = None,
        lang: Annotated[Language | None, typer.Option(help=help_text("cli.help.lang"))] = None,
        now: Annotated[str | None, typer.Option(help=help_text("cli.help.now"))] = None,
    ) -> None:
        from nhacviec.app import system_time  # the one real clock, from the composition root

        ctx.obj = CliState(
            config_file=config, language_option=lang, now_option=now, clock=system_time
        )
        ctx.call_on_close(ctx.obj.close)

    return app


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code (2: bad input, 3: store failure)."""
    args = hoist_global_options(list(sys.argv[1:] if argv is None else argv))
    lang = _language_of(args)
    if lang not in LANGUAGES:  # refused before anything runs, in the help's language
        return _report(_bad_language(lang), environment_language().value)
    choose_help_language(lang)
    from nhacviec.cli.usage import ShownHelp, UsageError

    try:
        done = build_app()(args=args, prog_name="nhacviec", standalone_mode=False)
    except SystemExit as stopped:
        return stopped.code if isinstance(stopped.code, int) else (0 if stopped.code is None else 1)
    except ShownHelp as shown:
        return shown.exit_code
    except UsageError as refused:
        return _report_usage(refused, lang)
    except Exception as exc:
        return _report(exc, lang)
    return done if isinstance(done, int) else 0  # an Exit's code; a command returns None


def _report_usage(error: UsageError, lang: str) -> int:
    """A usage error in the reader's language (Typer would print it in English); exit 2."""
    from nhacviec.cli.usage import usage_lines

    err = console(stderr=True)
    sentence, *rest = usage_lines(error, lang)
    err.print(sentence, style="red", markup=False, soft_wrap=True)
    for line in rest:
        err.print(line, markup=False, soft_wrap=True)
    return 2


def _report(error: Exception, lang: str) -> int:
    """Print an error a person caused (or a store failure) as a sentence; the exit code."""
    from config.settings import SettingsError
    from nhacviec.errors import NhacviecError
    from nhacviec.i18n.errors import render_error

    err = console(stderr=True)
    if isinstance(error, NhacviecError):
        err.print(render_error(error, lang), style="red", markup=False, soft_wrap=True)
        hint = _hint(error, lang)
        if hint:
            err.print(hint, markup=False, soft_wrap=True)
        return error.exit_code
    if isinstance(error, SettingsError):
        message = translate("cli.error.settings", lang, source=error.source, detail=error.detail)
        err.print(message, style="red", markup=False, soft_wrap=True)
        return 2
    raise error


LANGUAGES = tuple(language.value for language in Language)


def _bad_language(value: str) -> Exception:
    from nhacviec.errors import InputError

    return InputError("cli.bad_lang", value=value, choices=", ".join(LANGUAGES))


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
    from nhacviec.errors import RefusedError

    if not isinstance(error, RefusedError):
        return ""
    key = f"cli.hint.{error.code}"
    hint = translate(key, lang)
    return "" if hint == key else hint


def _language_of(args: list[str]) -> str:
    """The language for error messages, known even when the command itself fails early."""
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return environment_language().value
