"""``nhacviec ics`` (a unit's calendar as a file) and ``nhacviec unit calendar-link`` (its secret
address on the web server, printed once; ``--revoke`` ends it)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from nhacviec.cli.options import MAX_ID, within
from nhacviec.cli.state import help_text, state
from nhacviec.errors import InputError

if TYPE_CHECKING:
    from config.settings import WebSettings

CLI_ACTOR = "cli"
FEED_PATH = "/calendar/{token}.ics"  # the web route (nhacviec.web.calendar_feed)


def ics(
    ctx: typer.Context,
    unit: Annotated[str, typer.Option("--unit", help=help_text("calendar.help.unit"))],
    plan: Annotated[
        int | None,
        typer.Option(help=help_text("calendar.help.plan"), callback=within("--plan", 1, MAX_ID)),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help=help_text("calendar.help.output")),
    ] = None,
) -> None:
    from nhacviec.ics import feed_host, unit_calendar
    from nhacviec.services.calendar_feed import unit_feed
    from nhacviec.services.units import find_unit

    cli = state(ctx)
    app = cli.app
    with app.reading() as session:
        found = find_unit(session, unit)
        feed = unit_feed(session, found, policy=app.policy, calendar=app.calendar, plan_id=plan)
    public_url = app.settings.web.public_url
    data = unit_calendar(feed, cli.lang, host=feed_host(public_url), public_url=public_url)
    if output is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise InputError("units_init.unwritable", file=output, reason=exc.strerror) from exc
    count = len(feed.entries)
    cli.out.print(cli.t("calendar.written", unit=feed.unit, count=count, path=output), markup=False)


def calendar_link(
    ctx: typer.Context,
    unit: Annotated[str, typer.Argument(help=help_text("cli.help.unit_name"))],
    revoke: Annotated[
        bool, typer.Option("--revoke", help=help_text("calendar.help.revoke"))
    ] = False,
) -> None:
    from nhacviec.services import calendar_feed
    from nhacviec.services.units import find_unit

    cli = state(ctx)
    with cli.app.transaction() as session:
        found = find_unit(session, unit)
        if revoke:
            count = calendar_feed.revoke(session, found, now=cli.now, by=CLI_ACTOR)
        else:
            token = calendar_feed.issue_link(session, found, now=cli.now, by=CLI_ACTOR)
    if revoke:
        cli.out.print(cli.t("calendar.revoked", unit=found.name, count=count), markup=False)
        return
    cli.err.print(cli.t("calendar.link", unit=found.name), markup=False)
    typer.echo(feed_url(cli.app.settings.web, token))
    cli.err.print(cli.t("calendar.link_hint"), markup=False, style="dim")


def feed_url(web: WebSettings, token: str) -> str:
    """The feed's address: under the console's public address, else the web server's own."""
    base = web.public_url.rstrip("/") or f"http://{web.host}:{web.port}"
    return base + FEED_PATH.format(token=token)


def register(app: typer.Typer) -> None:
    app.command("calendar-link", help=help_text("calendar.help.link"))(calendar_link)
