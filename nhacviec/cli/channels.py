"""``nhacviec check-channels``: a test message to a unit's contacts (or any ``--to`` address),
and what became of each, in the words of the channel."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated

import typer
from rich.table import Table

from nhacviec.cli.options import channel_list
from nhacviec.cli.state import CliState, help_text, state
from nhacviec.errors import InputError
from nhacviec.i18n.errors import render_error
from nhacviec.services import channels
from nhacviec.services.channels import REAL_CHANNELS, ProbeResult, Target
from nhacviec.services.units import find_unit
from notifiers.message import RecipientRole


def check_channels(
    ctx: typer.Context,
    unit: Annotated[str | None, typer.Option(help=help_text("cli.help.check_unit"))] = None,
    channel: Annotated[
        list[str] | None, typer.Option("--channel", help=help_text("cli.help.check_channel"))
    ] = None,
    to: Annotated[
        list[str] | None, typer.Option("--to", help=help_text("cli.help.check_to"))
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=help_text("cli.help.json"))] = False,
) -> None:
    cli = state(ctx)
    wanted = channel_list(channel, allowed=REAL_CHANNELS, default=REAL_CHANNELS)
    targets = [channels.parse_target(text) for text in to or []]
    if unit is None and not targets:
        raise InputError("channels.nothing_to_check")
    if unit is not None:
        targets = _unit_targets(cli, unit, wanted) + targets
    language = cli.lang.value
    results = asyncio.run(
        channels.probe(
            targets,
            cli.app.notifier,
            now=cli.now,
            language=language,
            explain=lambda error: render_error(error, language),
        )
    )
    with cli.app.transaction() as session:
        channels.record(session, results, cli.now)
    if as_json:
        typer.echo(json.dumps([_row(cli, r) for r in results], ensure_ascii=False, indent=2))
    else:
        _print(cli, results)
    if channels.failed(results):
        raise typer.Exit(1)


def _unit_targets(cli: CliState, name: str, wanted: tuple[str, ...]) -> list[Target]:
    with cli.app.reading() as session:
        found = find_unit(session, name)
        targets = channels.unit_targets(session, found, wanted)
    if not targets:
        raise InputError("channels.no_contacts", unit=found.name, channels=", ".join(wanted))
    return targets


def _row(cli: CliState, result: ProbeResult) -> dict[str, str]:
    target = result.target
    return {
        "channel": target.address.channel,
        "address": target.address.value,
        "unit": target.unit_name,
        "for": "head" if target.role is RecipientRole.HEAD else "unit",
        "outcome": result.delivery.status.value,
        "detail": result.delivery.detail,
    }


def _print(cli: CliState, results: list[ProbeResult]) -> None:
    table = Table()
    for heading in ("channel", "address", "unit", "outcome", "detail"):
        table.add_column(cli.t(f"cli.heading.{heading}"), overflow="fold")
    for result in results:
        target = result.target
        who = cli.t(
            "channels.head" if target.role is RecipientRole.HEAD else "channels.unit_contact"
        )
        table.add_row(
            target.address.channel,
            target.address.value + (f"\n{target.address.name}" if target.address.name else ""),
            f"{target.unit_name} ({who})" if target.unit_name else "",
            cli.t(f"cli.outcome.{result.delivery.status.value}"),
            result.delivery.detail,
            style=None if result.ok else "red",
        )
    cli.out.print(table)
    failed = channels.failed(results)
    if failed:
        cli.err.print(
            cli.t("channels.summary_failed", failed=failed, total=len(results)), style="red"
        )
    else:
        cli.err.print(
            cli.t("channels.summary", sent=len(results), total=len(results)), style="green"
        )
