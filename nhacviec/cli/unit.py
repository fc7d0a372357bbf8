"""``nhacviec unit invite | revoke | links``: which Telegram and Zalo chats speak for which unit."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Annotated

import typer
from rich.table import Table

from nhacviec.cli import calendar
from nhacviec.cli.render import local_time
from nhacviec.cli.state import CliState, help_text, state
from nhacviec.services import links
from nhacviec.services.units import find_unit
from nhacviec.store.models import ChatLink
from nhacviec.store.units import names_of

app = typer.Typer(help=help_text("cli.help.unit_links_group"), no_args_is_help=True)
CLI_ACTOR = "cli"
calendar.register(app)  # calendar-link


@app.command("invite", help=help_text("cli.help.unit_invite"))
def invite(
    ctx: typer.Context,
    unit: Annotated[str, typer.Argument(help=help_text("cli.help.unit_name"))],
    office: Annotated[
        bool, typer.Option("--office", help=help_text("cli.help.unit_office"))
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help=help_text("cli.help.json"))] = False,
) -> None:
    cli = state(ctx)
    with cli.app.transaction() as session:
        invitation = links.invite(
            session, find_unit(session, unit), office=office, now=cli.now, by=CLI_ACTOR
        )
    if as_json:
        payload = {
            "unit": invitation.unit,
            "code": invitation.code,
            "expires_at": invitation.expires_at.isoformat(),
            "office": invitation.office,
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    key = "cli.unit.invited_office" if invitation.office else "cli.unit.invited"
    cli.out.print(
        cli.t(
            key,
            unit=invitation.unit,
            code=invitation.code,
            expires=local_time(invitation.expires_at),
        )
    )
    if cli.settings.zalo.token is not None:  # the same code links a Zalo chat
        cli.out.print(cli.t("zalo.invite_hint", code=invitation.code))


@app.command("revoke", help=help_text("cli.help.unit_revoke"))
def revoke(
    ctx: typer.Context,
    unit: Annotated[str, typer.Argument(help=help_text("cli.help.unit_name"))],
    chat: Annotated[str | None, typer.Option(help=help_text("cli.help.unit_chat"))] = None,
) -> None:
    cli = state(ctx)
    with cli.app.transaction() as session:
        found = find_unit(session, unit)
        count = links.revoke(session, found, now=cli.now, by=CLI_ACTOR, chat_id=chat)
    cli.out.print(cli.t("cli.unit.revoked", unit=found.name, count=count))


@app.command("links", help=help_text("cli.help.unit_links"))
def list_links(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help=help_text("cli.help.json"))] = False,
) -> None:
    cli = state(ctx)
    with cli.app.reading() as session:
        rows = links.links_of(session)
        names = names_of(session, {row.unit_id for row in rows})
    if as_json:
        payload = [
            {
                "unit": names.get(row.unit_id, ""),
                "chat_id": row.chat_id,
                "chat_type": row.chat_type,
                "chat_title": row.chat_title,
                "office": row.office,
                "linked_at": row.linked_at.isoformat(),
                "linked_by": row.linked_by,
            }
            for row in rows
        ]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    _print_links(cli, rows, names)


def _print_links(cli: CliState, rows: Sequence[ChatLink], names: dict[int, str]) -> None:
    table = Table()
    for heading in ("unit", "chat", "role", "linked_at", "linked_by"):
        table.add_column(cli.t(f"cli.heading.{heading}"), overflow="fold")
    for row in rows:
        table.add_row(
            names.get(row.unit_id, ""),
            f"{_messenger(row)}{row.chat_id} {row.chat_title}".strip(),
            cli.t("cli.unit.role_office" if row.office else "cli.unit.role_unit"),
            local_time(row.linked_at),
            row.linked_by,
        )
    cli.out.print(table)


def _messenger(row: ChatLink) -> str:
    """A Zalo chat's prefix ("zalo:"), as ``check-channels --to`` takes it; none for Telegram."""
    return "" if row.channel == "telegram" else f"{row.channel}:"
