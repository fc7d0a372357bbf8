"""``nhacviec run``, ``tick``, ``reminders preview``, ``deliveries``: the scheduler commands."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from nhacviec.cli.options import parse_day, within
from nhacviec.cli.render import local_time
from nhacviec.cli.state import CliState, help_text, state
from scheduler.lock import RunLock
from workflows.standing import LOCAL_TZ

if TYPE_CHECKING:  # the store, the scheduler and the bot load when a command runs
    from rich.table import Table

    from nhacviec.cli.web import WebBeside
    from nhacviec.services.operations import InstanceRecord
    from nhacviec.store.models import Delivery
    from nhacviec.telegram.runner import BotRunner
    from nhacviec.web.process_metrics import ProcessMetrics
    from nhacviec.zalo.runner import ZaloBeside
    from scheduler.passes import PassStats
    from scheduler.service import SchedulerService

log = logging.getLogger("nhacviec.service")
MAX_DELIVERIES = 100_000

reminders_app = typer.Typer(help=help_text("cli.help.reminders"), no_args_is_help=True)


def run(ctx: typer.Context) -> None:
    """The background service: plans and sends reminders, answers the Telegram bot's commands
    when a token is configured, and serves the web (``web.enabled``), until stopped (SIGTERM)."""
    from nhacviec.cli.web import web_beside
    from nhacviec.logs import configure_logging
    from nhacviec.web.process_metrics import ProcessMetrics

    cli = state(ctx)
    configure_logging(cli.settings.logging.level, cli.settings.logging.format)
    measured = ProcessMetrics()
    service = _service(cli, measured)
    bot = bot_runner(cli)
    zalo = _zalo_poller(cli, service.config.owner)
    every = timedelta(seconds=cli.settings.scheduler.every_s)
    record = cli.app.instance_record(
        service.config.owner, _bot_mode(bot), zalo.mode if zalo is not None else "off"
    )
    if zalo is not None:
        polling = zalo.poller
        record.zalo_polled = lambda: polling.polled_at
    with _single_runner(cli), web_beside(cli, measured) as web:
        record.started()
        try:
            asyncio.run(_serve(service, bot, web, every, record, measured, zalo))
        finally:
            record.stopped()


async def _serve(
    service: SchedulerService,
    bot: BotRunner | None,
    web: WebBeside | None,
    every: timedelta,
    record: InstanceRecord,
    measured: ProcessMetrics,
    zalo: ZaloBeside | None = None,
) -> None:
    """The scheduler, the bot, the web and the heartbeat in one event loop; SIGTERM or Ctrl+C
    (the scheduler's signal handlers set ``stop``) stops them all."""
    from nhacviec.cli.web import serve_beside

    stop = asyncio.Event()
    passed = functools.partial(_passed, record, measured)
    async with asyncio.TaskGroup() as group:
        group.create_task(service.run(every=every, stop=stop, on_pass=passed))
        group.create_task(_heartbeat(record, every, stop))
        if bot is not None:
            group.create_task(_bot_beside(bot, stop))
        if web is not None:
            group.create_task(serve_beside(web, stop))
        if zalo is not None:
            from nhacviec.zalo.runner import zalo_beside

            group.create_task(zalo_beside(zalo, stop))


def _zalo_poller(cli: CliState, owner: str) -> ZaloBeside | None:
    """The Zalo bot, with a Zalo token (``nhacviec.zalo``); ``owner`` names this instance when
    it leads the polling."""
    from nhacviec.zalo.runner import zalo_beside_from

    return zalo_beside_from(cli.app, owner)


def _passed(record: InstanceRecord, measured: ProcessMetrics, ok: bool, seconds: float) -> None:
    measured.pass_done(ok, seconds)
    record.beat(passed=ok)


async def _heartbeat(record: InstanceRecord, every: timedelta, stop: asyncio.Event) -> None:
    """Alive even while a long pass (a catch-up) is under way: ``nhacviec status`` counts a
    service silent for three passes as gone."""
    while True:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every.total_seconds())
        if stop.is_set():
            return
        await asyncio.to_thread(record.beat)


def _bot_mode(bot: BotRunner | None) -> str:
    from nhacviec.telegram.runner import Webhook

    if bot is None:
        return "off"
    return "webhook" if isinstance(bot.transport, Webhook) else "polling"


async def _bot_beside(bot: BotRunner, stop: asyncio.Event) -> None:
    """A bot that fails is logged and left off: reminders go on without it."""
    try:
        await bot.run(stop)
    except Exception:
        log.exception("bot failed: reminders go on without it")


def bot_runner(cli: CliState) -> BotRunner | None:
    """The bot beside the scheduler: with a token, unless ``telegram.bot`` is off."""
    from nhacviec.telegram.application import build_application
    from nhacviec.telegram.runner import BotRunner, bot_token
    from scheduler.service import default_owner

    telegram = cli.settings.telegram
    if not telegram.bot or bot_token(telegram) is None:
        return None
    return BotRunner.from_settings(
        build_application(cli.app, clock=cli.app.clock),
        telegram,
        database_url=cli.settings.database_url,
        holder=default_owner(),
    )


def tick(ctx: typer.Context) -> None:
    """One full pass at ``--now`` (or now): plan from new events, send what is due, return."""
    cli = state(ctx)
    service = _service(cli)
    with _single_runner(cli):  # beside a running service on SQLite, two senders would race
        stats = asyncio.run(_tick_and_close(service, cli.now))
    cli.err.print(cli.t("cli.tick.done", at=local_time(cli.now), **vars(stats)))


async def _tick_and_close(service: SchedulerService, now: datetime) -> PassStats:
    try:
        return await service.tick(now)
    finally:
        await service.aclose()


def _service(cli: CliState, measured: ProcessMetrics | None = None) -> SchedulerService:
    """The scheduler with the configured channels; with ``measured``, each send is timed."""
    from scheduler.service import default_owner

    config = cli.app.scheduler_config(default_owner())
    notifiers = cli.app.notifiers()
    if measured is not None:
        notifiers = measured.timed(notifiers)
    return cli.app.scheduler_service(notifiers, config)


def _single_runner(cli: CliState) -> RunLock | _NoLock:
    """On SQLite, the lock of the database file itself (any spelling of its path)."""
    from sqlalchemy.engine import make_url

    url = make_url(cli.settings.database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return _NoLock()
    return RunLock.for_database(Path(url.database).expanduser())


class _NoLock:
    def __enter__(self) -> _NoLock:
        return self

    def __exit__(self, *_: object) -> None:
        return None


@reminders_app.command("preview", help=help_text("cli.help.reminders_preview"))
def preview_command(
    ctx: typer.Context,
    unit: Annotated[str | None, typer.Option(help=help_text("cli.help.unit"))] = None,
    from_day: Annotated[str | None, typer.Option("--from", help=help_text("cli.help.from"))] = None,
    to_day: Annotated[str | None, typer.Option("--to", help=help_text("cli.help.to"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=help_text("cli.help.json"))] = False,
) -> None:
    from nhacviec.cli.preview_notes import EmptyPreview, explain
    from nhacviec.store.units import find_units, names_of
    from scheduler.passes import preview
    from scheduler.service import default_owner

    cli = state(ctx)
    start = _day_start(parse_day(from_day)) if from_day else cli.now
    end = (
        _day_start(parse_day(to_day)) + timedelta(days=1) if to_day else start + timedelta(days=31)
    )
    config = cli.app.scheduler_config(default_owner())
    with cli.app.reading() as session:
        wanted = {u.id for u in find_units(session, unit)} if unit else None
        every = [
            p
            for p in preview(cli.app.scheduler_store(session), config, cli.now)
            if wanted is None or p.recipient_unit in wanted
        ]
        planned = [p for p in every if start <= p.due_at < end]
        names = names_of(session, {p.recipient_unit for p in planned})
    rows = [_preview_dict(p, names) for p in planned]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif rows:
        cli.out.print(_preview_table(cli, rows))
    empty = EmptyPreview(cli.now, start, end, [p.due_at for p in every])
    if not rows and explain(cli, cli.app.plan_lines(), empty):
        raise typer.Exit(1)  # the clock lies outside every plan's period


def _preview_table(cli: CliState, rows: list[dict[str, Any]]) -> Table:
    from rich.table import Table

    table = Table()
    for heading in ("at", "unit", "role", "kind", "ref", "due"):
        table.add_column(cli.t(f"cli.heading.{heading}"), overflow="fold")
    for row in rows:
        table.add_row(
            row["at"][:16].replace("T", " "),
            row["recipient"],
            cli.t(f"cli.role.{row['role']}"),
            cli.t(f"cli.kind_reminder.{row['kind']}"),
            row["task"],
            row["due"] or "",
        )
    return table


def _day_start(day: Any) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=LOCAL_TZ)


def _preview_dict(planned: Any, names: dict[int, str]) -> dict[str, Any]:
    return {
        "at": planned.due_at.astimezone(LOCAL_TZ).isoformat(),
        "recipient": names.get(planned.recipient_unit, str(planned.recipient_unit)),
        "role": planned.role.value,
        "kind": planned.kind.value,
        "task": planned.task_ref,
        "occurrence": planned.occurrence_id,
        "due": planned.due.isoformat() if planned.due else None,
    }


def deliveries(
    ctx: typer.Context,
    failed: Annotated[bool, typer.Option("--failed", help=help_text("cli.help.failed"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=help_text("cli.help.json"))] = False,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            help=help_text("cli.help.deliveries_limit"),
            callback=within("--limit", 1, MAX_DELIVERIES),
        ),
    ] = 200,
) -> None:
    """The newest delivery attempts first: channel, address, outcome, error."""
    from nhacviec.store import outbox
    from nhacviec.store.units import names_of

    cli = state(ctx)
    with cli.app.reading() as session:
        rows = outbox.deliveries(session, failed_only=failed, limit=limit)
        names = names_of(session, {r.recipient_unit_id for r in rows if r.recipient_unit_id})
    if as_json:
        payload = [_delivery_dict(r, names) for r in rows]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    _print_deliveries(cli, rows, names)


def _delivery_dict(r: Delivery, names: Mapping[int, str]) -> dict[str, Any]:
    return {
        "at": r.at.isoformat(),
        "channel": r.channel,
        "address": r.address,
        "recipient": names.get(r.recipient_unit_id or 0, ""),
        "reminders": r.reminders,
        "outcome": r.outcome,
        "detail": r.detail,
    }


def _print_deliveries(cli: CliState, rows: Sequence[Delivery], names: Mapping[int, str]) -> None:
    from rich.table import Table

    table = Table()
    for heading in ("at", "channel", "unit", "reminders", "outcome", "detail"):
        table.add_column(cli.t(f"cli.heading.{heading}"), overflow="fold")
    for r in rows:
        table.add_row(
            local_time(r.at),
            r.channel,
            names.get(r.recipient_unit_id or 0, r.address),
            str(r.reminders),
            cli.t(f"cli.outcome.{r.outcome}"),
            r.detail,
        )
    cli.out.print(table)


@reminders_app.command("dead", help=help_text("cli.help.reminders_dead"))
def dead_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help=help_text("cli.help.json"))] = False,
) -> None:
    """The dead letters (the web console's «Gửi lại» list): number, channel, address, task."""
    from nhacviec.store.outbox_log import outbox_page

    cli = state(ctx)
    with cli.app.reading() as session:
        lines, _ = outbox_page(session, status="dead", limit=MAX_DELIVERIES)
    rows = [
        {
            "id": line.reminder.id,
            "channel": line.reminder.channel,
            "address": line.reminder.address,
            "recipient": line.unit_name,
            "task": line.task_ref,
            "kind": line.reminder.kind,
            "attempts": line.reminder.attempts,
            "last_error": line.reminder.last_error,
        }
        for line in lines
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        cli.out.print(cli.t("cli.dead.empty"))
    else:
        _print_dead(cli, rows)


def _print_dead(cli: CliState, rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    table = Table()
    for heading in ("id", "channel", "unit", "ref", "kind", "detail"):
        table.add_column(cli.t(f"cli.heading.{heading}"), overflow="fold")
    for row in rows:
        table.add_row(
            str(row["id"]),
            row["channel"],
            row["recipient"] or row["address"],
            row["task"],
            cli.t(f"cli.kind_reminder.{row['kind']}"),
            row["last_error"],
        )
    cli.out.print(table)


@reminders_app.command("resend", help=help_text("cli.help.reminders_resend"))
def resend_command(
    ctx: typer.Context,
    ids: Annotated[list[int], typer.Argument(help=help_text("cli.help.reminder_ids"))],
) -> None:
    """Dead letters back in the queue (as the web console's «Gửi lại»): the next pass sends."""
    from nhacviec.services.deliveries import resend

    cli = state(ctx)
    for reminder_id in ids:
        with cli.app.transaction() as session:
            resend(session, reminder_id, cli.now)
        cli.out.print(cli.t("console.deliveries.resent", id=reminder_id))
