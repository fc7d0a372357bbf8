"""``nhacviec status [--json]``: what an operator checks first (issue 15). The report reads the
database as it is: a schema behind the code's is reported, never migrated."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

import typer

from nhacviec.cli.render import local_time
from nhacviec.cli.state import CliState, help_text, state
from nhacviec.services.operations import Instance, StatusReport


def status(
    ctx: typer.Context,
    as_json: Annotated[
        bool, typer.Option("--json", help=help_text("cli.help.status_json"))
    ] = False,
) -> None:
    cli = state(ctx)
    report = cli.app.status(cli.now)
    if as_json:
        typer.echo(json.dumps(status_json(report), ensure_ascii=False, indent=2))
        return
    for line in status_lines(cli, report):
        cli.out.print(line, markup=False, soft_wrap=True)


def status_json(report: StatusReport) -> dict[str, Any]:
    """The report for scripts: instants in ISO 8601 (UTC), counts by status and channel."""
    return {
        "at": _iso(report.at),
        "schema": {
            "stored": report.schema.stored,
            "code": report.schema.code,
            "current": report.schema.current,
        },
        "instances": [_instance_json(one) for one in report.instances],
        "bot_poller": report.poller.owner if report.poller else None,
        "outbox": _nested(report.backlog),
        "oldest_due_at": _iso(report.oldest_due_at),
        "dead": report.dead_by_channel(),
        "last_delivered": {channel: _iso(at) for channel, at in report.last_accepted.items()},
        "attempts": _nested({(c, o): n for (c, o), n in report.attempts.items()}),
        "zalo": _zalo_json(report),
    }


def _zalo_json(report: StatusReport) -> dict[str, Any] | None:
    """The Zalo channel: configured, its bot's mode, who polls and when it last did, the last
    message Zalo accepted and the chats linked."""
    zalo = report.zalo
    if zalo is None:
        return None
    poller = report.zalo_poller
    return {
        "configured": zalo.configured,
        "mode": zalo.mode,
        "poller": poller.owner if poller else None,
        "receivers": [one.owner for one in report.zalo_receivers],
        "last_poll_at": _iso(report.zalo_polled_at),
        "last_sent_at": _iso(report.last_accepted.get("zalo")),
        "linked_chats": zalo.linked_chats,
    }


def _instance_json(one: Instance) -> dict[str, Any]:
    return {
        "owner": one.owner,
        "host": one.host,
        "pid": one.pid,
        "alive": one.alive,
        "bot": one.bot,
        "polls_bot": one.polls_bot,
        "zalo": one.zalo,
        "polls_zalo": one.polls_zalo,
        "zalo_polled_at": _iso(one.zalo_polled_at),
        "started_at": _iso(one.started_at),
        "heartbeat_at": _iso(one.heartbeat_at),
        "last_pass_at": _iso(one.last_pass_at),
        "last_pass_ok": one.last_pass_ok,
    }


def _nested(counts: dict[tuple[str, str], int]) -> dict[str, dict[str, int]]:
    nested: dict[str, dict[str, int]] = {}
    for (outer, inner), count in sorted(counts.items()):
        nested.setdefault(outer, {})[inner] = count
    return nested


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def status_lines(cli: CliState, report: StatusReport) -> list[str]:
    """The report in the reader's language, one fact a line."""
    schema = report.schema
    if schema.stored is None:
        return [cli.t("status.schema.empty", code=schema.code)]
    if not schema.current:
        return [cli.t("status.schema.behind", stored=schema.stored, code=schema.code)]
    lines = [cli.t("status.schema.current", stored=schema.stored)]
    lines += _instance_lines(cli, report)
    lines += _zalo_lines(cli, report)
    lines += _outbox_lines(cli, report)
    return lines


def _zalo_lines(cli: CliState, report: StatusReport) -> list[str]:
    zalo = report.zalo
    if zalo is None:
        return []
    chats = zalo.linked_chats
    if not zalo.configured:
        return [cli.t("zalo_ops.status.unconfigured", chats=chats)]
    if zalo.mode == "off":
        return [cli.t("zalo_ops.status.bot_off", chats=chats)]
    receivers = ", ".join(one.owner for one in report.zalo_receivers)
    polled, sent = report.zalo_polled_at, report.last_accepted.get("zalo")
    never = cli.t("zalo_ops.status.never")
    return [
        cli.t(
            "zalo_ops.status.on",
            mode=cli.t(f"status.bot.{zalo.mode}"),
            poller=receivers or cli.t("zalo_ops.status.nobody"),
            polled=local_time(polled) if polled else never,
            sent=local_time(sent) if sent else never,
            chats=chats,
        )
    ]


def _instance_lines(cli: CliState, report: StatusReport) -> list[str]:
    alive = [one for one in report.instances if one.alive]
    lines = [
        cli.t("status.instances", count=len(alive)) if alive else cli.t("status.instances.none")
    ]
    for one in report.instances:
        lines.append(_instance_line(cli, one))
    poller = report.poller
    lines.append(
        cli.t("status.poller", owner=poller.owner) if poller else cli.t("status.poller.none")
    )
    return lines


def _instance_line(cli: CliState, one: Instance) -> str:
    if not one.alive:
        return cli.t(
            "status.instance.silent", owner=one.owner, heartbeat=local_time(one.heartbeat_at)
        )
    if one.last_pass_at is None:
        last_pass = cli.t("status.pass.none")
    else:
        outcome = "ok" if one.last_pass_ok else "failed"
        last_pass = cli.t(f"status.pass.{outcome}", at=local_time(one.last_pass_at))
    return cli.t(
        "status.instance",
        owner=one.owner,
        started=local_time(one.started_at),
        heartbeat=local_time(one.heartbeat_at),
        last_pass=last_pass,
        bot=cli.t(f"status.bot.{one.bot}"),
    )


def _outbox_lines(cli: CliState, report: StatusReport) -> list[str]:
    by_status = report.by_status()
    counts = ", ".join(
        cli.t("status.count", status=cli.t(f"status.state.{name}"), count=count)
        for name, count in by_status.items()
    )
    lines = [cli.t("status.outbox", counts=counts) if counts else cli.t("status.outbox.empty")]
    oldest = report.oldest_due_at
    lines.append(
        cli.t("status.oldest_due", at=local_time(oldest))
        if oldest
        else cli.t("status.oldest_due.none")
    )
    dead = ", ".join(
        cli.t("status.channel_count", channel=channel, count=count)
        for channel, count in report.dead_by_channel().items()
    )
    lines.append(cli.t("status.dead", counts=dead) if dead else cli.t("status.dead.none"))
    sent = "; ".join(
        cli.t("status.last_sent.channel", channel=channel, at=local_time(at))
        for channel, at in sorted(report.last_accepted.items())
    )
    lines.append(
        cli.t("status.last_sent", deliveries=sent) if sent else cli.t("status.last_sent.none")
    )
    return lines
