"""Typer's own words in ``--help`` («Usage:», «Options», «Show this message and exit.», the
value types) in the reader's language.

Typer prints these from module constants and from a built-in help option, all in English. They
are set here once per run, from the catalogue, before any help is printed; the value types
(``<str>``, ``<int>``) become words a clerk reads, and a flag shows none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from typer import _click as click
from typer import core, rich_utils
from typer._click import formatting

from nhacviec.i18n import translate

# rich_utils' constant -> the catalogue key of its words.
_PANEL_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "cli.typer.arguments",
    "OPTIONS_PANEL_TITLE": "cli.typer.options",
    "COMMANDS_PANEL_TITLE": "cli.typer.commands",
    "ERRORS_PANEL_TITLE": "cli.typer.error",
    "DEFAULT_STRING": "cli.typer.default",
    "ENVVAR_STRING": "cli.typer.env_var",
    "REQUIRED_LONG_STRING": "cli.typer.required",
    "DEPRECATED_STRING": "cli.typer.deprecated",
    "ABORTED_TEXT": "cli.typer.aborted",
}
# Typer's type label (between < and >) -> the catalogue key of its words.
_TYPE_WORDS = {
    "str": "cli.typer.type.text",
    "int": "cli.typer.type.integer",
    "float": "cli.typer.type.number",
    "path": "cli.typer.type.path",
    "file": "cli.typer.type.path",
    "directory": "cli.typer.type.folder",
    "datetime": "cli.typer.type.instant",
}
_LABEL = re.compile(r"^<(?P<label>[a-z]+)>$")

_language = "vi"


def use_language(lang: str) -> None:
    """Typer's words in ``lang`` for the rest of this process."""
    global _language
    _language = lang
    for constant, key in _PANEL_WORDS.items():
        setattr(rich_utils, constant, translate(key, lang))
    usage = translate("cli.typer.usage", lang)
    highlights = rich_utils.OptionHighlighter.highlights
    pattern = rf"(?P<usage>{re.escape(usage)})"
    if pattern not in highlights:
        highlights.append(pattern)


def _usage_prefix(original: Callable[..., None]) -> Callable[..., None]:
    def write_usage(
        self: formatting.HelpFormatter, prog: str, args: str = "", prefix: str | None = None
    ) -> None:
        if prefix is None:
            prefix = translate("cli.typer.usage", _language)
        original(self, prog, args, prefix)

    return write_usage


def _help_option(original: Callable[..., Any]) -> Callable[..., Any]:
    def get_help_option(self: click.Command, ctx: click.Context) -> Any:
        option = original(self, ctx)
        if option is not None:
            option.help = translate("cli.typer.help_option", _language)
        return option

    return get_help_option


def _type_words(original: Callable[..., str | None]) -> Callable[..., str | None]:
    def display_type_rich(self: core.TyperOption, ctx: click.Context) -> str | None:
        if getattr(self, "is_flag", False) and self.metavar is None:
            return None  # a flag takes no value: nothing to say about its type
        shown = original(self, ctx)
        found = _LABEL.match(shown or "")
        if found is None or found["label"] not in _TYPE_WORDS:
            return shown
        return f"<{translate(_TYPE_WORDS[found['label']], _language)}>"

    return display_type_rich


def _install() -> None:
    formatting.HelpFormatter.write_usage = _usage_prefix(  # type: ignore[method-assign]
        formatting.HelpFormatter.write_usage
    )
    click.Command.get_help_option = _help_option(  # type: ignore[method-assign]
        click.Command.get_help_option
    )
    for kind in (core.TyperOption, core.TyperArgument):
        kind.display_type_rich = _type_words(kind.display_type_rich)  # type: ignore[method-assign]


_install()
