"""How many SQL statements a dispatch pass sends, on SQLite and PostgreSQL: its reads are a
few per plan and kind of message, never per message (the message builder reads each fact once
per pass), and each message costs a fixed handful of writes (renew the lease, log the delivery,
mark the rows)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from config.settings import Settings
from nhacviec.app import App
from nhacviec.services.importing import read_plan_file, store_readings
from notifiers.memory import MemoryNotifier
from scheduler.config import SchedulerConfig
from scheduler.policy import ReminderPolicy
from workflows.calendar import WorkingCalendar
from workflows.standing import LOCAL_TZ
from workflows.units.directory import load_directory

SEEDS = (("so-cong-thuong-2025h2.docx", "so-cong-thuong.yaml"),
         ("xa-ba-long-2025h2.docx", "xa-ba-long.yaml"))  # fmt: skip
FIRST, LAST = date(2025, 7, 1), date(2025, 7, 28)  # new plans, due days, four Mondays' lists
READS_PER_PASS = 30  # claims aside: facts, task lines, names, offices, plans' lists
WRITES_PER_MESSAGE = 3  # renew the lease, log the delivery, mark the rows
WRITES_PER_PASS = 4  # claim, claim the siblings, drop the superseded, tell of failures


@dataclass(frozen=True)
class Pass:
    day: date
    messages: int
    reads: int
    writes: int


def _packaged(package: str, name: str) -> Path:
    return Path(str(resources.files(package).joinpath(name)))


@pytest.fixture
def app(database_url: str) -> Iterator[App]:
    """Both seed plans and their units directories, imported on 01/07/2025 like the demo's."""
    app = App(Settings(database_url=database_url))
    readings = [
        read_plan_file(
            _packaged("nhacviec.data.plans", plan),
            directory=load_directory(_packaged("config.units", units)),
        )
        for plan, units in SEEDS
    ]
    with app.transaction() as session:
        store_readings(session, readings, now=datetime(2025, 7, 1, 7, 0, tzinfo=LOCAL_TZ))
    yield app
    app.close()


def _replay(app: App) -> list[Pass]:
    """Every morning from FIRST to LAST: plan, then count what the dispatch pass sends."""
    channel = MemoryNotifier()
    config = SchedulerConfig(
        policy=ReminderPolicy(), calendar=WorkingCalendar(), channels=("memory",), owner="t"
    )
    service = app.scheduler_service({"memory": channel}, config, rng=random.Random(1))
    verbs: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        verbs.append(statement.split(maxsplit=1)[0].upper())

    event.listen(app.engine, "before_cursor_execute", count)
    passes = []
    day = FIRST
    while day <= LAST:
        morning = datetime.combine(day, time(8, 0), tzinfo=LOCAL_TZ)
        service.plan(morning)
        verbs.clear()
        sent_before = len(channel.sent)
        asyncio.run(service.dispatch(morning))
        writes = sum(verbs.count(verb) for verb in ("INSERT", "UPDATE", "DELETE"))
        passes.append(Pass(day, len(channel.sent) - sent_before, verbs.count("SELECT"), writes))
        day += timedelta(days=1)
    event.remove(app.engine, "before_cursor_execute", count)
    return passes


def test_a_dispatch_pass_reads_a_bounded_number_of_times_and_writes_a_handful_per_message(
    app: App,
) -> None:
    passes = [p for p in _replay(app) if p.messages]
    busiest = max(passes, key=lambda p: p.messages)
    assert busiest.messages >= 10, busiest  # else the bounds below prove little
    assert busiest.reads < busiest.messages * 2, busiest
    assert [p for p in passes if p.reads > READS_PER_PASS] == []
    too_many_writes = [
        p for p in passes if p.writes > WRITES_PER_MESSAGE * p.messages + WRITES_PER_PASS
    ]
    assert too_many_writes == []
