"""Usage errors (an unknown command or option, a missing or malformed value) as sentences in
the reader's language, instead of the English that Typer prints by itself.

Typer stops with one of its ``UsageError``s before any command runs; the error carries what
went wrong as data (the option's name, the parameter, the validation error behind a bad value),
so each kind gets its sentence from the catalogue. A kind not listed here keeps Typer's own words.
"""

from __future__ import annotations

import re
from typing import Any

from typer._click import exceptions as usage

from nhacviec.i18n import translate

_NO_SUCH_COMMAND = re.compile(r"No such command '(?P<name>[^']+)'")
# Pydantic's error kinds behind a bad value, and the catalogue's words for each.
_VALUE_KINDS = {
    "int_parsing": "cli.usage.value.int",
    "int_from_float": "cli.usage.value.int",
    "float_parsing": "cli.usage.value.number",
    "bool_parsing": "cli.usage.value.bool",
    "less_than_equal": "cli.usage.value.at_most",
    "less_than": "cli.usage.value.below",
    "greater_than_equal": "cli.usage.value.at_least",
    "greater_than": "cli.usage.value.above",
    "enum": "cli.usage.value.choice",
    "literal_error": "cli.usage.value.choice",
}

UsageError = usage.UsageError
ShownHelp = usage.NoArgsIsHelpError  # the help was printed: nothing to add


def usage_lines(error: usage.UsageError, lang: str) -> list[str]:
    """The sentence, the command's usage and where to read more."""
    lines = [usage_sentence(error, lang)]
    ctx = error.ctx
    if ctx is not None:
        pieces = " ".join(ctx.command.collect_usage_pieces(ctx))
        lines.append(translate("cli.usage.usage", lang, usage=f"{ctx.command_path} {pieces}"))
        lines.append(translate("cli.usage.help", lang, command=ctx.command_path))
    return lines


def usage_sentence(error: usage.UsageError, lang: str) -> str:
    if isinstance(error, usage.NoSuchOption):
        sentence = translate("cli.usage.no_such_option", lang, name=error.option_name)
        if error.possibilities:
            close = ", ".join(f"«{name}»" for name in sorted(error.possibilities))
            sentence += " " + translate("cli.usage.did_you_mean", lang, names=close)
        return sentence
    if isinstance(error, usage.MissingParameter) and error.param is not None:
        kind = "option" if error.param.param_type_name == "option" else "argument"
        return translate(f"cli.usage.missing_{kind}", lang, name=_name(error.param))
    if isinstance(error, usage.BadOptionUsage):
        return translate("cli.usage.needs_value", lang, name=error.option_name)
    if isinstance(error, usage.BadParameter) and error.param is not None:
        return translate(
            "cli.usage.bad_value", lang, name=_name(error.param), why=_why(error, lang)
        )
    found = _NO_SUCH_COMMAND.search(error.message)
    if found is not None:
        return translate("cli.usage.no_such_command", lang, name=found["name"])
    return error.format_message()


def _name(param: Any) -> str:
    opts = [opt for opt in getattr(param, "opts", ()) if opt.startswith("--")]
    if param.param_type_name == "option" and opts:
        return str(opts[0])
    return f"«{param.name}»"


def _why(error: usage.BadParameter, lang: str) -> str:
    """Why the value was refused, from the validation error behind it when there is one."""
    cause = error.__cause__
    details = cause.errors() if cause is not None and hasattr(cause, "errors") else []
    if not details:
        return error.format_message()
    detail = details[0]
    key = _VALUE_KINDS.get(detail.get("type", ""))
    if key is None:
        return error.format_message()
    limits = detail.get("ctx") or {}
    return translate(
        key,
        lang,
        limit=next((limits[k] for k in ("le", "lt", "ge", "gt") if k in limits), ""),
        choices=limits.get("expected", ""),
        value=detail.get("input", ""),
    )
