"""``nhacviec user …``: accounts of the web face and their personal API tokens.

A password is typed twice with the input hidden, or read from standard input
(``--password-stdin``, for scripts); ``user token`` prints the new token alone on standard
output, so ``TOKEN=$(nhacviec user token LOGIN)`` holds it.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from nhacviec.cli.render import local_time
from nhacviec.cli.state import CliState, help_text, state
from nhacviec.errors import InputError
from nhacviec.services import accounts
from nhacviec.services.accounts import AccountRole, NewAccount
from nhacviec.store.users import UserLine

app = typer.Typer(help=help_text("cli.help.user"), no_args_is_help=True)

Login = Annotated[str, typer.Argument(help=help_text("cli.help.login"))]


@app.command("add", help=help_text("cli.help.user_add"))
def add(
    ctx: typer.Context,
    login: Login,
    role: Annotated[str, typer.Option("--role", help=help_text("cli.help.role"))],
    unit: Annotated[
        str | None, typer.Option("--unit", help=help_text("cli.help.user_unit"))
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help=help_text("cli.help.password_stdin"))
    ] = False,
) -> None:
    cli = state(ctx)
    chosen = _role(role)
    if chosen is AccountRole.UNIT and not unit:  # before a password is asked for
        raise InputError("users.unit_required")
    password = _stdin_password() if password_stdin else _prompted_password(cli)
    new = NewAccount(login, chosen, password, unit)
    with cli.app.transaction() as session:
        user = accounts.add_user(session, new, cli.now)
    cli.out.print(cli.t("cli.user.added", login=user.login, role=user.role), markup=False)


@app.command("token", help=help_text("cli.help.user_token"))
def token(ctx: typer.Context, login: Login) -> None:
    cli = state(ctx)
    with cli.app.transaction() as session:
        made = accounts.issue_token(session, login, cli.now)
    typer.echo(made)


@app.command("revoke", help=help_text("cli.help.user_revoke"))
def revoke(ctx: typer.Context, login: Login) -> None:
    cli = state(ctx)
    with cli.app.transaction() as session:
        count = accounts.revoke_tokens(session, login, cli.now)
    cli.out.print(cli.t("cli.user.revoked", login=login, count=count), markup=False)


@app.command("disable", help=help_text("cli.help.user_disable"))
def disable(ctx: typer.Context, login: Login) -> None:
    cli = state(ctx)
    with cli.app.transaction() as session:
        user = accounts.disable_user(session, login, cli.now)
    cli.out.print(cli.t("cli.user.disabled", login=user.login), markup=False)


@app.command("list", help=help_text("cli.help.user_list"))
def list_users(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help=help_text("cli.help.json"))] = False,
) -> None:
    cli = state(ctx)
    with cli.app.reading() as session:
        lines = accounts.list_users(session)
    if as_json:
        typer.echo(json.dumps([_user_dict(line) for line in lines], ensure_ascii=False, indent=2))
    elif not lines:
        cli.out.print(cli.t("cli.user.empty"))
    else:
        cli.out.print(_users_table(cli, lines))


def _role(value: str) -> AccountRole:
    try:
        return AccountRole(value.strip().lower())
    except ValueError:
        choices = ", ".join(role.value for role in AccountRole)
        raise InputError("users.bad_role", value=value, choices=choices) from None


def _stdin_password() -> str:
    """The first line of standard input, without its line end."""
    return sys.stdin.readline().rstrip("\r\n")


def _prompted_password(cli: CliState) -> str:
    first = typer.prompt(cli.t("cli.user.password"), hide_input=True, err=True)
    again = typer.prompt(cli.t("cli.user.password_again"), hide_input=True, err=True)
    if first != again:
        raise InputError("users.password_mismatch")
    return str(first)


def _user_dict(line: UserLine) -> dict[str, Any]:
    user = line.user
    return {
        "login": user.login,
        "role": user.role,
        "unit": line.unit_name,
        "disabled": user.disabled,
        "tokens": line.tokens,
        "created_at": user.created_at.isoformat(),
    }


def _users_table(cli: CliState, lines: list[UserLine]) -> Table:
    table = Table()
    for key in ("login", "role", "unit", "state", "tokens", "created"):
        table.add_column(cli.t(f"cli.user.column.{key}"))
    for line in lines:
        user = line.user
        status = cli.t("cli.user.state_disabled" if user.disabled else "cli.user.state_active")
        table.add_row(
            user.login,
            user.role,
            line.unit_name or "—",
            status,
            str(line.tokens),
            local_time(user.created_at),
        )
    return table
