"""Faults that production brings, each on loopback only and bounded in count and time, with
the figures of how the service came through:

    python bench/faults.py [--trials 100] [--only kills,postgres,smtp,telegram,disk,clock,takeover]

* ``kills``: ``kill -9`` of ``nhacviec run`` at a random moment of its dispatch, ``--trials``
  times, then one last service drains what is left; messages lost (due rows not done, or
  marked sent but never received by the loopback SMTP server) and duplicated (a Message-ID
  received twice), beside the messages in flight (claimed, not settled) at the kills;
* ``postgres``: the PostgreSQL server restarted while a service sends (a private throw-away
  cluster: ``initdb`` and ``pg_ctl`` on a free port in a temporary folder, never the machine's
  own); whether the service recovers without a restart, and in how many seconds;
* ``smtp``: the mail server down for an hour of simulated time (a pass every simulated minute,
  ``tick`` at an instant), then back: attempts, dead letters, all delivered once?
* ``telegram``: the loopback Bot API answering 429, 502 and too slowly (a time-out);
* ``disk``: the SQLite file on a full file system (a small ``tmpfs``, as root; else skipped):
  the error a ``tick`` gives, ``PRAGMA integrity_check`` afterwards, recovery once space is back;
* ``clock``: ``tick --now`` with the clock jumping a day forward, then an hour back;
* ``takeover``: two services on PostgreSQL with the Telegram poller killed (``kill -9``): the
  seconds until the other polls (``--takeovers`` times).

The backlog: both seed plans imported and planned in July 2025 (``tick`` in quiet hours, nothing
sent), so on the real clock every reminder of the half-year is due: the catch-up path. A
service reads the real clock, so its quiet hours are turned off (a settings file). Figures
only, no assertions; the machine's load average is printed beside them.
"""

# ruff: noqa: E402 - the import path is fixed before the project's imports, see below
from __future__ import annotations

import sys
from pathlib import Path

# Keep this folder off the import path (its scripts are named like the packages they measure).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent)] + [
    entry for entry in sys.path if Path(entry or ".").resolve() != _HERE
]

import argparse
import asyncio
import contextlib
import functools
import glob
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import IO, Any, TypeVar

from sqlalchemy import text
from sqlmodel import Session

from config.settings import NotifySettings, Settings, SmtpSettings, TelegramSettings
from nhacviec.app import App
from notifiers.email.message import message_id
from tests.disk import fill, mount_tmpfs, unmount
from tests.e2e.services import Outbox
from tests.shared_paths import FIXTURES
from tests.smtp_server import SENDER, SmtpServer
from tests.telegram_api import ApiError, BotApiServer, serve_in_thread

NHACVIEC = Path(sys.executable).parent / "nhacviec"
REPO = _HERE.parent
SEED_PLANS = (
    ("so-cong-thuong-2025h2.docx", "so-cong-thuong.yaml"),
    ("xa-ba-long-2025h2.docx", "xa-ba-long.yaml"),
)
IMPORTED_AT = "2025-07-04T05:00+07:00"
PLANNED_AT = "2025-07-04T06:00+07:00"  # quiet hours: everything planned, nothing sent
DONE = {"sent", "superseded"}
START_S = 60.0  # a service starting on a busy machine
ANY_HOUR = 'reminders:\n  quiet_start: "00:00"\n  quiet_end: "00:00"\n'
T = TypeVar("T")
SCENARIOS = ("kills", "postgres", "smtp", "telegram", "disk", "clock", "takeover")


class Timeout(Exception):
    """A bounded wait ran out: the scenario reports it instead of hanging."""


def wait_for(condition: Callable[[], T], within: float, what: str, poll_s: float = 0.02) -> T:
    deadline = time.monotonic() + within
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise Timeout(f"waited {within:.0f} s for {what}")
        time.sleep(poll_s)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def seed_file(name: str) -> Path:
    """A seed plan, from the repository's test fixtures."""
    path = FIXTURES / name
    if not path.exists():
        raise SystemExit(f"seed plan {path} is missing (see tests/fixtures/README.md)")
    return path


# -- processes -------------------------------------------------------------------------------------


def environment(home: Path, url: str, **more: str) -> dict[str, str]:
    """A clean environment for a command on ``url``: no web, quiet hours off, email channel."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "any-hour.yaml"
    config.write_text(ANY_HOUR, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NHACVIEC_")}
    return env | {
        "NHACVIEC_HOME": str(home),
        "NHACVIEC_DATABASE_URL": url,
        "NHACVIEC_WEB_ENABLED": "false",
        "NHACVIEC_NOTIFY_CHANNELS": "email",
        "NHACVIEC_SMTP_HOST": "127.0.0.1",
        "NHACVIEC_SMTP_PORT": "9",  # nothing listens: set per scenario
        "NHACVIEC_SMTP_SECURITY": "none",
        "NHACVIEC_SMTP_FROM": SENDER,
        "NHACVIEC_SMTP_TIMEOUT_S": "10",
        **more,
    }


def nhacviec(env: Mapping[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(NHACVIEC), *map(str, args)],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def must(done: subprocess.CompletedProcess[str]) -> str:
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(done.args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


@dataclass
class Service:
    process: subprocess.Popen[bytes]
    log_path: Path
    handle: IO[bytes]

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def started(self) -> bool:
        if self.process.poll() is not None:
            raise Timeout(
                f"the service exited with {self.process.returncode}: {self.log()[-2000:]}"
            )
        return '"scheduler starting"' in self.log()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)
        self.handle.close()

    def terminate(self, within: float = 60) -> int:
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(within)
        except subprocess.TimeoutExpired:
            self.kill()
            return -9
        finally:
            self.handle.close()


def start_service(env: Mapping[str, str], log_path: Path) -> Service:
    handle = log_path.open("wb")
    process = subprocess.Popen(
        [str(NHACVIEC), "run"],
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=handle,
    )
    return Service(process, log_path, handle)


# -- the backlog -----------------------------------------------------------------------------------


def build_backlog(env: Mapping[str, str], plans: tuple[tuple[str, str], ...] = SEED_PLANS) -> None:
    """Import the seed plans and plan their reminders (quiet hours on: nothing is sent)."""
    planning = {k: v for k, v in env.items() if k != "NHACVIEC_CONFIG"}
    for plan, units in plans:
        source = seed_file(plan)
        units_file = REPO / "config" / "units" / units
        must(
            nhacviec(
                planning, "--now", IMPORTED_AT, "plan", "import", source, "--units", units_file
            )
        )
    must(nhacviec(planning, "--now", PLANNED_AT, "tick"))


def copy_store(template: Path, folder: Path, name: str) -> str:
    target = folder / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        source = template.with_name(template.name + suffix)
        if source.exists():
            shutil.copyfile(source, target.with_name(target.name + suffix))
    return f"sqlite:///{target}"


REMINDER_COPY = """
INSERT INTO reminder ({names})
SELECT {values} FROM reminder WHERE status = 'pending' AND key NOT LIKE :original
"""


def add_generation(outbox: Outbox, generation: int, due: datetime) -> int:
    """Copy every pending row of the original backlog to new addresses (``g<n>.`` before each
    mailbox), due at ``due``: a fresh backlog of as many messages, none sent yet today."""
    with Session(outbox.engine) as session:
        names = [
            row[0]
            for row in session.execute(
                text(
                    "SELECT name FROM pragma_table_info('reminder')"
                    if outbox.engine.dialect.name == "sqlite"
                    else "SELECT column_name FROM information_schema.columns"
                    " WHERE table_name = 'reminder' ORDER BY ordinal_position"
                )
            )
            if row[0] != "id"
        ]
        changed = {
            "key": "key || :key_suffix",
            "address": ":address_prefix || address",
            "next_attempt_at": ":due",
            "lease_owner": "NULL",
            "lease_until": "NULL",
        }
        values = ", ".join(changed.get(name, name) for name in names)
        sql = REMINDER_COPY.format(names=", ".join(names), values=values)
        bound = {
            "due": due,
            "key_suffix": f":g{generation}",
            "address_prefix": f"g{generation}.",
            "original": "%:g%",
        }
        session.execute(text(sql), bound)
        session.commit()
        counted = session.execute(
            text("SELECT count(*) FROM reminder WHERE key LIKE :mine"), {"mine": f"%:g{generation}"}
        ).scalar()
    return int(counted or 0)


@dataclass
class Tally:
    """What the SMTP server received against what the outbox says."""

    due_rows: int = 0
    rows_not_done: int = 0
    sent_unreceived: int = 0  # accepted in the delivery log, never in the server's mailbox
    received: int = 0
    duplicates: int = 0  # messages received more than once (same Message-ID), beyond the first
    accepted: int = 0
    leased_left: int = 0

    @property
    def lost(self) -> int:
        return self.rows_not_done + self.sent_unreceived


def tally(
    outbox: Outbox, smtp: SmtpServer, due_ids: set[int], since: datetime | None = None
) -> Tally:
    """``since``: only the deliveries logged from then on were sent to ``smtp``."""
    rows = {row.id: row for row in outbox.rows()}
    received = Counter(message["Message-ID"] for message in smtp.messages())
    accepted = [
        d for d in outbox.accepted() if d.channel == "email" and (since is None or d.at >= since)
    ]
    expected = {message_id(d.message_key, SENDER) for d in accepted}
    return Tally(
        due_rows=len(due_ids),
        rows_not_done=sum(1 for row_id in due_ids if rows[row_id].status not in DONE),
        sent_unreceived=len(expected - set(received)),
        received=sum(received.values()),
        duplicates=sum(n - 1 for n in received.values() if n > 1),
        accepted=len(accepted),
        leased_left=sum(1 for row in rows.values() if row.lease_owner),
    )


def due_ids(outbox: Outbox, now: datetime) -> set[int]:
    return {
        row.id
        for row in outbox.rows()
        if row.id is not None and row.status == "pending" and row.next_attempt_at <= now
    }


def addresses_due(outbox: Outbox) -> int:
    """Messages still to send: the addresses with due rows."""
    now = datetime.now(UTC)
    return len(
        {
            (row.channel, row.address)
            for row in outbox.rows()
            if row.status == "pending" and row.next_attempt_at <= now
        }
    )


def in_flight(outbox: Outbox, pid: int) -> int:
    """Messages a killed service had claimed and not settled: its leased addresses."""
    return len(
        {
            (row.channel, row.address)
            for row in outbox.leased()
            if row.lease_owner and row.lease_owner.endswith(f":{pid}")
        }
    )


def drain(env: Mapping[str, str], outbox: Outbox, folder: Path, within: float) -> float:
    """A last service until nothing due (leases of killed services run out first) is left."""
    started = time.monotonic()
    service = start_service(env, folder / "drain.err")
    try:
        wait_for(service.started, START_S, "the last service to start")
        wait_for(
            lambda: outbox.pending_due() == 0 and not outbox.leased(),
            within,
            "the backlog to drain",
            poll_s=0.2,
        )
    finally:
        service.terminate()
    return time.monotonic() - started


def print_tally(label: str, found: Tally) -> None:
    print(
        f"  {label}: due rows {found.due_rows}, not done {found.rows_not_done}; messages "
        f"accepted {found.accepted}, received {found.received}, accepted but never received "
        f"{found.sent_unreceived}, duplicated {found.duplicates}; leases left {found.leased_left}"
    )


# -- 1. kill -9 ------------------------------------------------------------------------------------


def kills(template: Path, folder: Path, trials: int, rng: random.Random) -> None:
    print(f"kill -9 of nhacviec run at a random moment, {trials} trials (SQLite, SMTP loopback)")
    url = copy_store(template, folder, "kills")
    outbox = Outbox(url)
    killed_in_flight: list[int] = []
    generation = 0
    started = time.monotonic()
    with SmtpServer() as smtp:
        env = environment(
            folder / "kills-home",
            url,
            NHACVIEC_CONFIG=str(folder / "kills-home" / "any-hour.yaml"),
            NHACVIEC_SMTP_PORT=str(smtp.port),
            NHACVIEC_SCHEDULER_BATCH="5",
            NHACVIEC_SCHEDULER_LEASE_S="10",
            NHACVIEC_SCHEDULER_EVERY_S="1",
        )
        try:
            due: set[int] = due_ids(outbox, datetime.now(UTC))
            for trial in range(trials):
                if addresses_due(outbox) < 40:
                    generation += 1
                    add_generation(outbox, generation, datetime.now(UTC))
                    due |= due_ids(outbox, datetime.now(UTC))
                service = start_service(env, folder / f"kill-{trial}.err")
                wait_for(service.started, START_S, "a service to start")
                time.sleep(rng.uniform(0.0, 1.5))  # the random moment: a bench may sleep
                service.kill()
                killed_in_flight.append(in_flight(outbox, service.pid))
            drained_s = drain(env, outbox, folder, within=180)
            found = tally(outbox, smtp, due)
        finally:
            outbox.close()
    hit = sum(1 for n in killed_in_flight if n)
    print(
        f"  {trials} kills in {time.monotonic() - started:.0f} s ({generation} backlog "
        f"generations); kills with messages in flight: {hit}, messages in flight in all: "
        f"{sum(killed_in_flight)}; last drain {drained_s:.0f} s"
    )
    print_tally("after the last drain", found)
    print(f"  LOST {found.lost}; DUPLICATED {found.duplicates} (bound: {sum(killed_in_flight)})")


# -- 2. PostgreSQL restarted mid-pass --------------------------------------------------------------


@dataclass
class Cluster:
    """A throw-away PostgreSQL cluster of the bench's own (``initdb``/``pg_ctl``)."""

    folder: Path
    port: int
    bin: Path
    as_postgres: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            [
                *self.as_postgres,
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-l",
                str(self.folder / "server.log"),
                "-o",
                options,
                "-w",
                *args,
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


INITDB_OPTIONS = ("-A", "trust", "-U", "postgres", "--no-sync", "-D")


@contextlib.contextmanager
def private_cluster() -> Iterator[Cluster | None]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        print("  skipped: no initdb (PostgreSQL server binaries) on this machine")
        yield None
        return
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    folder = Path(tempfile.mkdtemp(prefix="nhacviec-faults-pg-"))
    if as_postgres:
        shutil.chown(folder, "postgres", "postgres")
    cluster = Cluster(folder, free_port(), Path(found[-1]).parent, as_postgres)
    subprocess.run(
        [*as_postgres, str(cluster.bin / "initdb"), *INITDB_OPTIONS, str(folder / "data")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    cluster.ctl("start")
    try:
        yield cluster
    finally:
        with contextlib.suppress(subprocess.SubprocessError):
            cluster.ctl("-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def postgres_restart(cluster: Cluster, folder: Path) -> None:
    print("PostgreSQL restarted while a service sends (a private cluster, SMTP loopback)")
    with SmtpServer() as smtp:
        env = environment(
            folder / "pg-home",
            cluster.url,
            NHACVIEC_SMTP_PORT=str(smtp.port),
            NHACVIEC_SCHEDULER_BATCH="5",
            NHACVIEC_SCHEDULER_LEASE_S="10",
            NHACVIEC_SCHEDULER_EVERY_S="1",
        )
        build_backlog(env, SEED_PLANS[1:])
        env["NHACVIEC_CONFIG"] = str(folder / "pg-home" / "any-hour.yaml")
        outbox = Outbox(cluster.url)
        for generation in range(1, 4):
            add_generation(outbox, generation, datetime.now(UTC))
        due = due_ids(outbox, datetime.now(UTC))
        service = start_service(env, folder / "pg-service.err")
        try:
            wait_for(service.started, START_S, "the service to start")
            wait_for(lambda: len(smtp.received) >= 5, 60, "five messages")
            before = len(smtp.received)
            restarting = time.monotonic()
            cluster.ctl("-m", "fast", "restart")
            back = time.monotonic()
            outbox.engine.dispose()  # the bench's own connections died with the server
            flying = in_flight(outbox, service.pid)  # its leases outlive the failed pass
            wait_for(lambda: len(smtp.received) > before, 120, "a message after the restart")
            recovered = time.monotonic() - back
            wait_for(
                lambda: outbox.pending_due() == 0 and not outbox.leased(),
                240,
                "the backlog to drain",
                poll_s=0.2,
            )
            alive = service.process.poll() is None
            failed = service.log().count('"scheduler pass failed"')
            code = service.terminate()
            found = tally(outbox, smtp, due)
        finally:
            if service.process.poll() is None:
                service.kill()
            outbox.close()
    print(
        f"  restart took {back - restarting:.1f} s; first message {recovered:.1f} s after the "
        f"server was back; service still running: {'yes' if alive else 'NO'} (exit {code} on "
        f"SIGTERM); passes failed meanwhile: {failed}"
    )
    print_tally("after the drain", found)
    print(
        f"  LOST {found.lost}; DUPLICATED {found.duplicates} (in flight at the restart: {flying})"
    )


# -- 3. the SMTP server down for an hour (simulated) -----------------------------------------------

SIM_START = datetime(2025, 9, 8, 1, 0, tzinfo=UTC)  # Monday 8/9/2025 08:00 in Vietnam


def in_process_app(url: str, clock: list[datetime], **settings: Any) -> App:
    return App(Settings(database_url=url, **settings), clock=lambda: clock[0])


async def ticks(
    app: App, clock: list[datetime], start: datetime, minutes: int, step_s: int = 60
) -> None:
    service = app.scheduler_service(app.notifiers(), app.scheduler_config("bench:faults"))
    try:
        for second in range(0, minutes * 60, step_s):
            clock[0] = start + timedelta(seconds=second)
            await service.tick(clock[0])
    finally:
        await service.aclose()


def smtp_down(template: Path, folder: Path) -> None:
    print("The SMTP server down for an hour of simulated time, then back (a pass a minute)")
    url = copy_store(template, folder, "smtp")
    clock = [SIM_START]
    with SmtpServer() as smtp:
        smtp_settings = SmtpSettings(
            host=smtp.host, port=smtp.port, security="none", from_address=SENDER, timeout_s=5
        )
        app = in_process_app(
            url, clock, notify=NotifySettings(channels=("email",)), smtp=smtp_settings
        )
        outbox = Outbox(url)
        try:
            due = due_ids(outbox, SIM_START)
            smtp.stop()
            started = time.monotonic()
            asyncio.run(ticks(app, clock, SIM_START, 60))
            during = outbox.deliveries()
            smtp.start()
            back = SIM_START + timedelta(hours=1)
            asyncio.run(ticks(app, clock, back, 120))
            wall = time.monotonic() - started
            found = tally(outbox, smtp, due)
            rows = outbox.rows()
            after = [d for d in outbox.accepted() if d.at >= back]
            last = max((d.at for d in after), default=back)
        finally:
            outbox.close()
            app.close()
    attempts = Counter(d.message_key for d in during)
    dead = sum(1 for row in rows if row.status == "dead")
    print(
        f"  during the hour: {len(during)} failed attempts for {len(attempts)} messages "
        f"(at most {max(attempts.values(), default=0)} each); dead letters: {dead}; after: "
        f"{len(after)} messages, the last {(last - back).total_seconds() / 60:.0f} simulated "
        f"minutes after the server was back ({wall:.0f} s of wall time for 3 simulated hours)"
    )
    print_tally("three simulated hours later", found)
    print(f"  LOST {found.lost}; DUPLICATED {found.duplicates}")


# -- 4. the Bot API answering 429, 5xx and too slowly ----------------------------------------------


def telegram_rows(outbox: Outbox) -> int:
    """The backlog's email rows as Telegram rows, one chat per mailbox."""
    with Session(outbox.engine) as session:
        addresses = [
            row[0] for row in session.execute(text("SELECT DISTINCT address FROM reminder")).all()
        ]
        for number, address in enumerate(sorted(addresses)):
            session.execute(
                text(
                    "UPDATE reminder SET channel = 'telegram', address = :chat, "
                    "key = key || :suffix WHERE address = :address"
                ),
                {"chat": str(-1_001_000_000_000 - number), "address": address, "suffix": ":tg"},
            )
        session.commit()
    return len(addresses)


def telegram_faults(template: Path, folder: Path) -> None:
    print("The Bot API answering 429, 502 and too slowly (a simulated pass every 10 s)")
    for fault in ("429", "502", "time-out"):
        url = copy_store(template, folder, f"telegram-{fault}")
        outbox = Outbox(url)
        chats = telegram_rows(outbox)
        clock = [SIM_START]
        with serve_in_thread(BotApiServer(any_chat=True)) as server:
            settings = TelegramSettings.model_validate(
                {"token": server.token, "base_url": server.base_url, "timeout_s": 1.0}
            )
            app = in_process_app(
                url, clock, notify=NotifySettings(channels=("telegram",)), telegram=settings
            )
            if fault == "429":
                server.fail(ApiError.too_many_requests(3), times=chats)  # held 3 s, sent again
            elif fault == "502":
                server.fail(ApiError.bad_gateway(), times=2 * chats)
            try:
                due = due_ids(outbox, SIM_START)
                started = time.monotonic()
                if fault == "time-out":
                    server.latency_s = 2.0  # past the client's 1 s: every first send times out
                    asyncio.run(ticks(app, clock, SIM_START, 1))
                    server.latency_s = 0.0
                    asyncio.run(ticks(app, clock, SIM_START + timedelta(minutes=1), 30, 10))
                else:
                    asyncio.run(ticks(app, clock, SIM_START, 30, 10))
                wall = time.monotonic() - started
                rows = outbox.rows()
                left = sum(
                    1
                    for row_id in due
                    if next(r for r in rows if r.id == row_id).status not in DONE
                )
                sends = server.calls("sendMessage")
                accepted = [call for call in sends if call.ok]
                per_chat = Counter(call.chat_id for call in accepted)
                texts = Counter((call.chat_id, call.text) for call in accepted)
                deliveries = outbox.deliveries()
                last = max((d.at for d in deliveries if d.outcome == "accepted"), default=SIM_START)
            finally:
                outbox.close()
                app.close()
        refused = len(sends) - len(accepted)
        print(
            f"  {fault}: {chats} chats; sendMessage answered with the fault {refused} times; "
            f"accepted {len(accepted)} sends ({len(per_chat)} chats), the same text twice in a "
            f"chat {sum(n - 1 for n in texts.values() if n > 1)}; delivery log: "
            f"{sum(1 for d in deliveries if d.outcome != 'accepted')} failed attempts, dead "
            f"{sum(1 for r in rows if r.status == 'dead')}; due rows not done {left}; all out "
            f"{(last - SIM_START).total_seconds() / 60:.1f} simulated minutes after the start "
            f"({wall:.0f} s wall)"
        )


# -- 5. the SQLite disk full -----------------------------------------------------------------------


def integrity(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return ", ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))


def disk_full(template: Path, folder: Path) -> None:
    print("SQLite on a full disk (a tmpfs just larger than the database, filled)")
    mount = folder / "small-disk"
    refused = mount_tmpfs(mount, size_mb=template.stat().st_size // 1_048_576 + 8)
    if refused:
        print(f"  skipped: {refused}")
        return
    try:
        url = copy_store(template, mount, "full")
        database = mount / "full.db"
        with SmtpServer() as smtp:
            env = environment(folder / "disk-home", url, NHACVIEC_SMTP_PORT=str(smtp.port))
            filler = fill(mount)
            full = nhacviec(env, "--now", "2025-09-08T08:00+07:00", "tick")
            received_full = len(smtp.received)
            filler.unlink()  # SQLite cannot even read a WAL database with no room for its -shm
            checked = integrity(database)
            again = nhacviec(env, "--now", "2025-09-08T08:05+07:00", "tick")
            outbox = Outbox(url)
            try:
                found = tally(
                    outbox, smtp, due_ids(outbox, SIM_START) | _done_by(outbox, SIM_START)
                )
            finally:
                outbox.close()
            checked_after = integrity(database)
        (folder / "disk-full.err").write_text(full.stderr, encoding="utf-8")
        said = (full.stderr.strip().splitlines() or ["(nothing)"])[-1]
        print(f"  tick on the full disk: exit {full.returncode}; it said: {said[:300]}")
        print(
            f"  messages received meanwhile: {received_full}; space freed, "
            f"integrity_check: {checked}"
        )
        print(f"  tick again: exit {again.returncode}; integrity_check: {checked_after}")
        print_tally("after", found)
        print(f"  LOST {found.lost}; DUPLICATED {found.duplicates}")
        _service_on_full_disk(url, mount, folder)
    finally:
        unmount(mount)


def _service_on_full_disk(url: str, mount: Path, folder: Path) -> None:
    """``nhacviec run`` started on the full disk (the rest of the half-year due on the real
    clock): its passes fail, it goes on; space freed, it sends the backlog, nobody restarts it."""
    database = mount / "full.db"
    with SmtpServer() as smtp:
        home = folder / "disk-run-home"
        env = environment(
            home,
            url,
            NHACVIEC_CONFIG=str(home / "any-hour.yaml"),
            NHACVIEC_SMTP_PORT=str(smtp.port),
            NHACVIEC_SCHEDULER_EVERY_S="1",
        )
        outbox = Outbox(url)
        due = due_ids(outbox, datetime.now(UTC))
        outbox.close()
        since = datetime.now(UTC)
        filler = fill(mount)
        service = start_service(env, folder / "disk-run.err")
        try:
            wait_for(service.started, START_S, "the service to start on the full disk")
            wait_for(
                lambda: service.log().count('"scheduler pass failed"') >= 3,
                60,
                "three failed passes",
            )
            alive = service.process.poll() is None
            received_full = len(smtp.received)
            filler.unlink()
            freed = time.monotonic()
            wait_for(lambda: len(smtp.received) > received_full, 60, "a message once freed")
            first_s = time.monotonic() - freed
            outbox = Outbox(url)
            try:
                wait_for(
                    lambda: outbox.pending_due() == 0 and not outbox.leased(),
                    180,
                    "the backlog to drain",
                    poll_s=0.2,
                )
                found = tally(outbox, smtp, due, since)
            finally:
                outbox.close()
            failed = service.log().count('"scheduler pass failed"')
            code = service.terminate()
        finally:
            if service.process.poll() is None:
                service.kill()
    print(
        f"  run started on the full disk: still running after {failed} failed passes: "
        f"{'yes' if alive else 'NO'}; messages meanwhile {received_full}; the first "
        f"{first_s:.1f} s after space was freed; exit {code} on SIGTERM; integrity_check: "
        f"{integrity(database)}"
    )
    print_tally("after the run drained", found)
    print(f"  LOST {found.lost}; DUPLICATED {found.duplicates}")


def _done_by(outbox: Outbox, now: datetime) -> set[int]:
    return {
        row.id
        for row in outbox.rows()
        if row.id is not None and row.status in DONE and row.due_at <= now
    }


# -- 6. the clock jumping --------------------------------------------------------------------------


def clock_jumps(template: Path, folder: Path) -> None:
    print("The clock jumping a day forward, then an hour back (tick --now, real processes)")
    url = copy_store(template, folder, "clock")
    steps = (
        ("Mon 08:00", "2025-09-08T08:00+07:00"),
        ("+1 day: Tue 08:00", "2025-09-09T08:00+07:00"),
        ("-1 hour: Tue 07:00", "2025-09-09T07:00+07:00"),
        ("Tue 08:05", "2025-09-09T08:05+07:00"),
        ("Wed 08:00", "2025-09-10T08:00+07:00"),
    )
    with SmtpServer() as smtp:
        env = environment(folder / "clock-home", url, NHACVIEC_SMTP_PORT=str(smtp.port))
        counts = []
        for label, at in steps:
            before = len(smtp.received)
            done = nhacviec(env, "--now", at, "tick")
            counts.append(f"{label}: {len(smtp.received) - before} (exit {done.returncode})")
        outbox = Outbox(url)
        try:
            end = datetime(2025, 9, 10, 1, 0, tzinfo=UTC)
            found = tally(outbox, smtp, due_ids(outbox, end) | _done_by(outbox, end))
            accepted = outbox.accepted()
        finally:
            outbox.close()
    print("  messages per tick: " + "; ".join(counts))
    twice = sum(1 for n in Counter(d.message_key for d in accepted).values() if n > 1)
    print(f"  messages (outbox keys) accepted twice: {twice}")
    print_tally("after", found)
    print(f"  LOST {found.lost}; DUPLICATED {found.duplicates}")


# -- 7. two services, the poller killed ------------------------------------------------------------


def follows(service: Service) -> bool:
    return '"bot following: another instance polls"' in service.log()


def polling_lines(service: Service) -> list[datetime]:
    """When a service logged that it polls the bot (whole JSON lines only)."""
    found = []
    for raw in service.log().splitlines():
        with contextlib.suppress(ValueError):
            line = json.loads(raw)
            if line.get("event") == "bot polling":
                found.append(datetime.fromisoformat(line["at"]))
    return found


RETRY_S = 5.0  # telegram.leader_retry_s, left at its default


def takeover(cluster: Cluster, folder: Path, rounds: int, rng: random.Random) -> None:
    from tests.postgres import advisory_lock_holders

    print(f"Two services on PostgreSQL, the Telegram poller killed ({rounds} times)")
    with serve_in_thread(BotApiServer(any_chat=True)) as telegram:
        env = environment(
            folder / "takeover-home",
            cluster.url,
            NHACVIEC_NOTIFY_CHANNELS="console",
            NHACVIEC_TELEGRAM_TOKEN=telegram.token,
            NHACVIEC_TELEGRAM_BASE_URL=telegram.base_url,
        )
        lock = f"nhacviec.telegram.poller:{telegram.bot.id}"
        host = socket.gethostname()
        running: list[Service] = []
        seconds: list[float] = []
        try:
            for number in range(2):
                running.append(start_service(env, folder / f"takeover-{number}.err"))
            for service in running:
                wait_for(service.started, START_S, "a service to start")
            for round_number in range(rounds):
                holders = wait_for(
                    lambda: advisory_lock_holders(cluster.url, lock), START_S, "a poller"
                )
                leader = next(s for s in running if holders == [f"{host}:{s.pid}"[:63]])
                others = [s for s in running if s is not leader]
                telegram.wait_until_polling(START_S)
                for other in others:  # in its cycle of attempts to lead, not before the first
                    wait_for(functools.partial(follows, other), START_S, "the other to follow")
                time.sleep(rng.uniform(0.0, RETRY_S))  # a random moment of that cycle
                killing_at = datetime.now(UTC)
                leader.kill()
                running.remove(leader)
                survivor = others[0]

                def polling_since(after: datetime = killing_at, log: Service = survivor) -> float:
                    """Seconds from the kill to the survivor's "bot polling" (0: not yet)."""
                    found = polling_lines(log)
                    later = [(at - after).total_seconds() for at in found if at > after]
                    return min(later, default=0.0)

                seconds.append(wait_for(polling_since, 120, "the survivor to poll"))
                expected = [f"{host}:{survivor.pid}"[:63]]

                def survivor_holds(want: list[str] = expected) -> bool:
                    return advisory_lock_holders(cluster.url, lock) == want

                wait_for(survivor_holds, 60, "the survivor to hold the lock")
                if round_number + 1 < rounds:  # a new second instance for the next round
                    fresh = start_service(env, folder / f"takeover-{round_number + 2}.err")
                    wait_for(fresh.started, START_S, "a new service to start")
                    running.append(fresh)
        finally:
            for service in running:
                if service.process.poll() is None:
                    service.terminate()
    shown = ", ".join(f"{s:.1f}" for s in seconds)
    print(f'  takeover seconds (kill -9 to the survivor\'s "bot polling" log line): {shown}')
    print("  (a follower tries to lead every telegram.leader_retry_s, 5 s by default)")


# -- main ------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100, help="kill -9 trials")
    parser.add_argument("--takeovers", type=int, default=3, help="poller kills")
    parser.add_argument("--only", default=",".join(SCENARIOS), help="scenarios, comma-separated")
    parser.add_argument("--seed", type=int, default=15)
    options = parser.parse_args()
    wanted = [name.strip() for name in options.only.split(",") if name.strip()]
    unknown = set(wanted) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios {sorted(unknown)}; choose among {', '.join(SCENARIOS)}")
    rng = random.Random(options.seed)
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="nhacviec-faults-") as name:
        folder = Path(name)
        template = folder / "backlog.db"
        if set(wanted) - {"postgres", "takeover"}:
            build_backlog(environment(folder / "template-home", f"sqlite:///{template}"))
        for scenario in wanted:
            started = time.monotonic()
            try:
                if scenario == "kills":
                    kills(template, folder, options.trials, rng)
                elif scenario == "smtp":
                    smtp_down(template, folder)
                elif scenario == "telegram":
                    telegram_faults(template, folder)
                elif scenario == "disk":
                    disk_full(template, folder)
                elif scenario == "clock":
                    clock_jumps(template, folder)
                else:
                    with private_cluster() as cluster:
                        if cluster is not None and scenario == "postgres":
                            postgres_restart(cluster, folder)
                        elif cluster is not None:
                            takeover(cluster, folder, options.takeovers, rng)
            except Timeout as exc:
                print(f"  FAILED: {exc}")
            print(f"  ({scenario}: {time.monotonic() - started:.0f} s)")
    print(f"total {time.monotonic() - began:.0f} s; load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
