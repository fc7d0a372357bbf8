"""``nhacviec demo``: the plan period replayed in seconds.

The two seed plans are imported into a new SQLite file on 01/07/2025; then every day of the
half-year is played on a simulated clock: at 08:00 the scheduler plans and sends what is due
(each message a unit receives is shown on one line, or in full with ``--full``), and along the
way units start and report tasks, the offices verify, return, set a date the plan left open.
It ends with the four standings of each plan. Everything goes through the same services and
scheduler as the real service; only the clock and the console channel are the demo's.

``--channels email,telegram`` also delivers every reminder for real, through the SMTP server and
the Bot API server the environment names (``NHACVIEC_SMTP_*``, ``NHACVIEC_TELEGRAM_*``), to the
example addresses and chats of the example units directories; the delivery log's totals close
the replay. A day of the replay passes in an instant, but the seconds inside one pass are real,
so Telegram's per-second limits hold.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from time import monotonic, process_time
from typing import Annotated

import typer
from rich.console import Console
from sqlmodel import Session

from nhacviec.cli.options import channel_list, parse_day
from nhacviec.cli.plan import read_files
from nhacviec.cli.render import bucket_summary, tally_note
from nhacviec.cli.state import CliState, help_text, state
from nhacviec.errors import InputError
from nhacviec.i18n import Language
from nhacviec.services import tasks as operations
from nhacviec.services.channels import REAL_CHANNELS
from nhacviec.services.importing import store_readings
from nhacviec.services.queries import TaskFilter, tally, task_statuses
from nhacviec.services.tasks import Actor, Channel
from nhacviec.store import outbox
from nhacviec.store.models import Plan
from nhacviec.store.plans import list_plans
from notifiers.base import Address, Delivery, DeliveryStatus, Notifier
from notifiers.message import Message
from notifiers.render import render
from workflows.readers.metadata import MetadataOverrides
from workflows.standing import LOCAL_TZ
from workflows.workflow import Action, Request

DEMO_PLANS = ("so-cong-thuong-2025h2.docx", "xa-ba-long-2025h2.docx")
DEMO_DIRECTORIES = ("so-cong-thuong.yaml", "xa-ba-long.yaml")
FIRST_DAY, LAST_DAY = date(2025, 7, 1), date(2025, 12, 31)
SEND_AT = time(8, 0)
CONSOLE = "console"


def _at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2025, month, day, hour, 0, tzinfo=LOCAL_TZ)


@dataclass(frozen=True)
class Step:
    """One thing a unit or an office does in the story."""

    plan: int  # 1: Sở Công Thương, 2: xã Ba Lòng
    ref: str
    unit: str
    action: Action
    at: datetime
    note: str = ""
    evidence: str = ""
    set_to: date | None = None
    occurrence: int | None = None


STORY = (
    Step(1, "I.1", "Văn phòng Sở", Action.START, _at(7, 14)),
    Step(
        1,
        "IV.3",
        "Văn phòng Sở",
        Action.SET_DATE,
        _at(7, 20),
        set_to=date(2025, 12, 15),
        note="Theo Kế hoạch phân cấp được UBND tỉnh phê duyệt",
    ),
    Step(
        2,
        "I.1",
        "Phòng Văn hóa - Xã hội",
        Action.REPORT,
        _at(7, 25),
        evidence="Kế hoạch số 57/KH-UBND",
    ),
    Step(2, "I.1", "Phòng Văn hóa - Xã hội", Action.VERIFY, _at(7, 26)),
    Step(1, "I.1", "Văn phòng Sở", Action.REPORT, _at(7, 28), evidence="Số 125/KH-SCT"),
    Step(1, "I.1", "Văn phòng Sở", Action.VERIFY, _at(7, 29)),
    Step(1, "III.3", "Phòng Quản lý Thương mại", Action.START, _at(8, 18)),
    Step(
        1, "III.3", "Phòng Quản lý Thương mại", Action.REPORT, _at(9, 4), evidence="Số 302/BC-QLTM"
    ),
    Step(1, "III.3", "Văn phòng Sở", Action.VERIFY, _at(9, 5)),
    Step(
        2,
        "I.2",
        "Phòng Văn hóa - Xã hội",
        Action.REPORT,
        _at(9, 26),
        occurrence=1,
        note="Đã tuyên truyền trên Cổng thông tin điện tử xã",
    ),
    Step(2, "I.2", "Phòng Văn hóa - Xã hội", Action.VERIFY, _at(9, 29), occurrence=1),
    Step(
        1,
        "II.2",
        "Phòng Quản lý Công nghiệp",
        Action.REPORT,
        _at(11, 20),
        evidence="Số 410/BC-QLCN",
    ),
    Step(1, "II.2", "Văn phòng Sở", Action.VERIFY, _at(11, 21)),
    Step(2, "II.3a", "Trạm Y tế xã", Action.REPORT, _at(11, 10), note="Đã rà soát 4 văn bản"),
    Step(
        2,
        "II.3a",
        "Phòng Văn hóa - Xã hội",
        Action.RETURN,
        _at(11, 12),
        note="Báo cáo chưa có danh mục văn bản đã rà soát, đề nghị bổ sung",
    ),
)


def demo(
    ctx: typer.Context,
    database: Annotated[Path, typer.Option(help=help_text("cli.help.demo_database"))] = Path(
        "nhacviec-demo.db"
    ),
    full: Annotated[bool, typer.Option(help=help_text("cli.help.demo_full"))] = False,
    channels: Annotated[
        str, typer.Option("--channels", help=help_text("cli.help.demo_channels"))
    ] = "console",
    until: Annotated[str | None, typer.Option(help=help_text("cli.help.demo_until"))] = None,
) -> None:
    started, started_cpu = monotonic(), process_time()
    real = channel_list([channels], allowed=(CONSOLE, *REAL_CHANNELS), default=(CONSOLE,))
    real = tuple(name for name in real if name != CONSOLE)
    last_day = _last_day(until)
    cli = _demo_state(state(ctx), database)
    clocks = _DemoClocks(datetime.combine(FIRST_DAY, SEND_AT, tzinfo=LOCAL_TZ))
    notifiers = {  # built first: a channel without its server is refused before any work
        name: cli.app.notifier(name, wall_clock=clocks.wall, pace_clock=clocks) for name in real
    }
    cli.out.print(cli.t("cli.demo.start", database=database), style="bold")
    plans = [_packaged("nhacviec.data.plans", name) for name in DEMO_PLANS]
    readings = read_files(cli, plans, MetadataOverrides(), None, show_progress=True)
    first_morning = datetime.combine(FIRST_DAY, time(7, 0), tzinfo=LOCAL_TZ)
    with cli.app.transaction() as session:
        results = store_readings(session, readings, now=first_morning)
    for result in results:
        meta = result.reading.parsed.metadata
        cli.out.print(
            cli.t("cli.demo.imported", title=meta.title, tasks=len(result.reading.parsed.tasks))
        )
    if "zalo" in real:
        from nhacviec.cli.demo_zalo import link_demo_chats

        link_demo_chats(cli, first_morning)
    asyncio.run(_replay(cli, full, notifiers, clocks, last_day))
    _show_deliveries(cli, real)
    _show_standing(cli, datetime.combine(last_day, time(17, 0), tzinfo=LOCAL_TZ))
    cli.out.print(cli.t("cli.demo.done", database=database, url=cli.settings.database_url))
    cli.close()
    seconds, cpu = monotonic() - started, process_time() - started_cpu
    cli.out.print(
        cli.t("cli.demo.timing", seconds=_seconds(seconds, cli.lang), cpu=_seconds(cpu, cli.lang))
    )


def _seconds(value: float, lang: Language) -> str:
    """One decimal, with the language's decimal mark (26,5 giây; 26.5 seconds)."""
    shown = f"{value:.1f}"
    return shown.replace(".", ",") if lang is Language.VI else shown


def _last_day(until: str | None) -> date:
    """The replay's last day: ``--until`` (within the plans' half-year), else 31/12/2025."""
    if until is None:
        return LAST_DAY
    day = parse_day(until)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InputError("cli.demo.bad_until", day=until)
    return day


async def _replay(
    cli: CliState,
    full: bool,
    real: Mapping[str, Notifier],
    clocks: _DemoClocks,
    last_day: date,
) -> None:
    """Every day of the period: the story's steps of the day, then the 08:00 pass."""
    channel = _DemoChannel(cli.out, cli.t, full)
    notifiers: dict[str, Notifier] = {CONSOLE: channel, **real}
    config = replace(cli.app.scheduler_config("demo"), channels=(CONSOLE, *real))
    service = cli.app.scheduler_service(notifiers, config, rng=random.Random(7))
    steps = sorted(STORY, key=lambda step: step.at)
    day = FIRST_DAY
    try:
        while day <= last_day:
            morning = datetime.combine(day, SEND_AT, tzinfo=LOCAL_TZ)
            clocks.move_to(morning)
            channel.start_day(day)
            await service.tick(morning)
            todays = [step for step in steps if step.at.date() == day]
            if todays:
                channel.show_day()
                with cli.app.transaction() as session:
                    for step in todays:
                        cli.out.print(_play(cli, session, step))
            day += timedelta(days=1)
    finally:
        await service.aclose()


class _DemoClocks:
    """The replay's time for the real notifiers: the simulated instant (the email's Date) and a
    pacing scale on which a skipped day passes at once while seconds within a pass are real."""

    def __init__(self, start: datetime) -> None:
        self.instant = start
        self._skipped_s = 0.0

    def move_to(self, instant: datetime) -> None:
        self._skipped_s += (instant - self.instant).total_seconds()
        self.instant = instant

    def wall(self) -> datetime:
        return self.instant

    def now(self) -> float:
        return self._skipped_s + monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def _show_deliveries(cli: CliState, real: tuple[str, ...]) -> None:
    """How many messages each real channel took and refused (from the delivery log)."""
    if not real:
        return
    with cli.app.reading() as session:
        counts = outbox.delivery_counts(session)
    for name in real:
        accepted = counts.get((name, DeliveryStatus.ACCEPTED.value), 0)
        attempts = sum(count for (channel, _), count in counts.items() if channel == name)
        cli.out.print(
            cli.t(
                f"cli.demo.delivered.{name}",
                accepted=accepted,
                failed=attempts - accepted,
                server=_server(cli, name),
            ),
            style="bold",
        )


def _server(cli: CliState, channel: str) -> str:
    if channel == "email":
        return f"{cli.settings.smtp.host}:{cli.settings.smtp.port}"
    if channel == "zalo":
        return cli.settings.zalo.base_url
    return cli.settings.telegram.base_url


class _DemoChannel:
    """The demo's channel: one line per message (or the whole text), under a day header."""

    channel = CONSOLE

    def __init__(self, out: Console, t: object, full: bool) -> None:
        self.out, self.t, self.full = out, t, full
        self.day: date | None = None
        self.shown = False

    def start_day(self, day: date) -> None:
        self.day, self.shown = day, False

    def show_day(self) -> None:
        if not self.shown:
            self.out.print(self._t("cli.demo.day", day=_day_words(self.day)), style="bold cyan")
            self.shown = True

    async def send(self, address: Address, message: Message, *, key: str) -> Delivery:
        self.show_day()
        if self.full:
            self.out.print(render(message).text, markup=False)
        else:
            counts = ", ".join(
                self._t(f"cli.demo.section.{section.value}", count=len(items))
                for section, items in message.sections.items()
                if items
            )
            self.out.print(f"  → {message.recipient_name}: {counts}", markup=False)
        return Delivery.accepted(provider_id=key)

    async def aclose(self) -> None:
        return None

    def _t(self, key: str, **params: object) -> str:
        assert callable(self.t)
        return str(self.t(key, **params))


def _day_words(day: date | None) -> str:
    assert day is not None
    return day.strftime("%d/%m/%Y")


def _play(cli: CliState, session: Session, step: Step) -> str:
    task = operations.find_task(session, step.ref, step.plan)
    plan = session.get(Plan, task.plan_id)
    assert plan is not None
    actor = Actor(operations.find_unit_id(session, step.unit, plan), Channel.CLI, name="demo")
    if step.set_to is not None:
        outcome = operations.set_date(session, task, step.set_to, actor, step.at, note=step.note)
    else:
        request = Request(step.action, note=step.note, evidence=step.evidence)
        outcome = operations.act(
            session, task, request, actor, step.at, occurrence_seq=step.occurrence
        )
    if step.set_to is not None:
        return cli.t(
            "cli.demo.step_date",
            unit=step.unit,
            ref=f"{step.ref} (KH {step.plan})",
            due=step.set_to.strftime("%d/%m/%Y"),
        )
    return cli.t(
        "cli.demo.step",
        unit=step.unit,
        action=cli.t(f"workflow.action.{outcome.move.action.value}"),
        ref=f"{step.ref} (KH {step.plan})",
        state=cli.t(f"workflow.state.{outcome.move.to_state.value}"),
    )


def _show_standing(cli: CliState, default_at: datetime) -> None:
    now = cli.now if cli.now_option else default_at
    with cli.app.reading() as session:
        plans = list_plans(session)
        counts = {
            s.plan.id: tally(task_statuses(session, now, TaskFilter(plan_id=s.plan.id)))
            for s in plans
        }
    at = now.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")
    cli.out.print(cli.t("cli.demo.standing", at=at), style="bold")
    for summary in plans:
        line = bucket_summary(counts[summary.plan.id], cli.lang)
        cli.out.print(f"  KH {summary.plan.id} ({summary.plan.issuer}): {line}")
    cli.out.print(f"  {tally_note(cli.lang)}")


def _demo_state(cli: CliState, database: Path) -> CliState:
    """A fresh SQLite file and the packaged example directories, whatever else is configured."""
    for suffix in ("", "-wal", "-shm", ".run.lock"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    directories = tuple(_packaged("config.units", name) for name in DEMO_DIRECTORIES)
    settings = cli.settings.model_copy(
        update={
            "database_url": f"sqlite:///{database.resolve()}",
            "units_directories": directories,
        }
    )
    demo_cli = CliState(cli.config_file, cli.language_option, cli.now_option, clock=cli.clock)
    demo_cli.__dict__["settings"] = settings  # pre-fill the cached property
    return demo_cli


def _packaged(package: str, name: str) -> Path:
    return Path(str(resources.files(package).joinpath(name)))
