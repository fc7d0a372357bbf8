"""Scheduler figures: planning rate, and (added later) due scans, memory and start-up.

    python bench/scheduler.py [--only planning] [--tasks 100000] [--sample-jobs 5000] [--repeat 3]

Sections, each printing figures only (no assertions):

* planning – ``plan_occurrence`` over synthetic tasks (deadlines, quarter windows, monthly
  check-ins of continuous work: several occurrences each), as occurrences planned per second
  (goal ≥ 20,000/s), against a naive design that adds one APScheduler 3 date job per reminder
  to a ``SQLAlchemyJobStore`` on a SQLite file. The naive side is timed on a sample of jobs and
  extrapolated to every reminder the plan produced.

* due_scan – ``outbox.claim_due`` (the dispatcher's claim: the due scan and the lease) on stores
  of 10,000 and 1,000,000 pending reminders, SQLite and (when reachable) PostgreSQL; with 1,000
  rows due and the rest ahead, and with every row due (catch-up); the 1M/10k ratio (goal ≤ 2).
  A claim takes whole addresses within ``--batch`` rows (the first address whole, however many
  rows it has): the rows and addresses of a claim are printed. Each claim is rolled back, so
  every repeat claims the same rows.
* rss – ``nhacviec run`` (a subprocess, default knobs, file channel) on the 1M-row SQLite store:
  VmRSS sampled from /proc once its first pass is done and it is idle (goal < 200 MB).
* first_dispatch – the same runs: from process start to the first message in the file
  (goal < 3 s), with 1,000 rows due, then with all 1M due (catch-up: each row 181 days before
  its planned instant, as after a long downtime).

The synthetic reminders are "new plan" notices to 300 units (plan-wide rows: no occurrence to
read), inserted with ``executemany`` (SQLite) or ``COPY`` (PostgreSQL). Stores live in a
temporary folder or a temporary PostgreSQL database (``NHACVIEC_TEST_POSTGRES_URL``, default
postgresql+psycopg://postgres@127.0.0.1:5432/postgres), dropped at the end. Every section
prints the machine's load average before and after: figures taken on a busy machine are slower.

Add a section by writing ``bench_<name>(args) -> None`` and listing it in ``SECTIONS``.
"""

# ruff: noqa: E402 - the import path is fixed before the project's imports, see below
from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the package it measures: keep its own folder off the import path so
# ``import scheduler`` finds the package, not this script.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

import argparse
import atexit
import functools
import itertools
import os
import random
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine, create_engine, func, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col

from nhacviec.store.database import ensure_schema, make_engine, writing
from nhacviec.store.models import Plan, Reminder, Unit
from nhacviec.store.outbox import claim_due
from scheduler.model import OccurrenceFacts, PlannedReminder
from scheduler.planning import series as planning_series
from scheduler.planning.reminders import plan_occurrence
from scheduler.policy import ReminderPolicy
from workflows.calendar import WorkingCalendar
from workflows.standing import LOCAL_TZ

PERIOD_START, PERIOD_END = date(2025, 7, 1), date(2025, 12, 31)
QUARTERS = ((date(2025, 7, 1), date(2025, 9, 30)), (date(2025, 10, 1), date(2025, 12, 31)))
STATES = ["assigned"] * 6 + ["in_progress"] * 2 + ["reported", "verified"]
UNITS = 300


# -- synthetic plans ---------------------------------------------------------------------------


def synthetic_occurrences(tasks: int, seed: int) -> Iterator[OccurrenceFacts]:
    """Occurrences of ``tasks`` tasks: 40 % one deadline, 40 % "Quý III, IV" (two windows),
    20 % continuous work (a check-in each month: six), spread over 100 plans."""
    rng = random.Random(seed)
    occurrence_id = 0
    for task in range(tasks):
        shape = rng.random()
        spans: list[tuple[date | None, date]]
        if shape < 0.4:
            spans = [(None, _day_in_period(rng))]
        elif shape < 0.8:
            spans = [(start, due) for start, due in QUARTERS]
        else:
            spans = _months()
        leads = tuple(rng.sample(range(1, UNITS), rng.choice((1, 1, 1, 2))))
        partners = tuple(rng.sample(range(1, UNITS), rng.choice((0, 1, 2, 3))))
        for start, due in spans:
            occurrence_id += 1
            state = rng.choice(STATES)
            yield OccurrenceFacts(
                occurrence_id=occurrence_id,
                plan_id=task % 100 + 1,
                task_ref=f"{task // 1000 + 1}.{task % 1000 + 1}",
                state=state,
                start=start,
                due=due,
                reported_at=_reported(due) if state in {"reported", "verified"} else None,
                check_in=shape >= 0.8,
                lead_units=leads,
                partner_units=partners,
                office_unit=UNITS + task % 100,
            )


def _day_in_period(rng: random.Random) -> date:
    return PERIOD_START + timedelta(days=rng.randrange((PERIOD_END - PERIOD_START).days + 1))


def _months() -> list[tuple[date | None, date]]:
    firsts = [date(2025, month, 1) for month in range(7, 13)] + [date(2026, 1, 1)]
    return [
        (first, following - timedelta(days=1)) for first, following in itertools.pairwise(firsts)
    ]


def _reported(due: date) -> datetime:
    return datetime(due.year, due.month, due.day, 15, 0, tzinfo=LOCAL_TZ)


# -- planning ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanningRun:
    occurrences: int
    reminders: int
    seconds: float
    sample: list[PlannedReminder]

    @property
    def rate(self) -> float:
        return self.occurrences / self.seconds


def time_planning(
    occurrences: list[OccurrenceFacts], now: datetime, sample_size: int
) -> PlanningRun:
    """Plan every occurrence at ``now`` (cold memo caches), keeping a sample of reminders."""
    policy, calendar = ReminderPolicy(), WorkingCalendar()
    for name in dir(planning_series):
        cached = getattr(planning_series, name)
        if hasattr(cached, "cache_clear"):
            cached.cache_clear()
    reminders = 0
    sample: list[PlannedReminder] = []
    started = time.perf_counter()
    for facts in occurrences:
        planned = plan_occurrence(facts, policy, calendar, now)
        reminders += len(planned)
        if len(sample) < sample_size:
            sample.extend(planned[: sample_size - len(sample)])
    seconds = time.perf_counter() - started
    return PlanningRun(len(occurrences), reminders, seconds, sample)


def time_apscheduler(sample: list[PlannedReminder]) -> float:
    """Seconds to add one APScheduler date job per reminder to a SQLite ``SQLAlchemyJobStore``.

    Run dates are moved a year past the real clock so no job fires while the store fills.
    """
    shift = datetime.now(UTC) + timedelta(days=365) - min(r.due_at for r in sample)
    with tempfile.TemporaryDirectory() as folder:
        store = SQLAlchemyJobStore(url=f"sqlite:///{Path(folder) / 'jobs.sqlite'}")
        scheduler = BackgroundScheduler(jobstores={"default": store}, timezone=LOCAL_TZ)
        scheduler.start(paused=True)
        started = time.perf_counter()
        for reminder in sample:
            scheduler.add_job(
                print,
                "date",
                run_date=reminder.due_at + shift,
                args=(reminder.key,),
                id=reminder.key,
                misfire_grace_time=None,
            )
        seconds = time.perf_counter() - started
        scheduler.shutdown(wait=False)
        store.engine.dispose()
    return seconds


def best_of(
    repeat: int, occurrences: list[OccurrenceFacts], now: datetime, sample_size: int
) -> tuple[PlanningRun, float]:
    """The fastest of ``repeat`` runs (others share the machine) and the median rate."""
    runs = sorted(
        (time_planning(occurrences, now, sample_size) for _ in range(repeat)),
        key=lambda run: run.seconds,
    )
    return runs[0], statistics.median(run.rate for run in runs)


def bench_planning(args: argparse.Namespace) -> None:
    occurrences = list(synthetic_occurrences(args.tasks, args.seed))
    print(f"planning: {args.tasks:,} synthetic tasks → {len(occurrences):,} occurrences")
    print(f"  (best of {args.repeat} runs, memo caches cleared before each; median in brackets)")
    import_at = datetime(2025, 7, 1, 0, 0, tzinfo=LOCAL_TZ)
    at_import, median = best_of(args.repeat, occurrences, import_at, args.sample_jobs)
    _print_run("at import (1/7/2025, everything ahead)", at_import, median)
    midway_at = datetime(2025, 10, 15, 10, 0, tzinfo=LOCAL_TZ)
    midway, median = best_of(args.repeat, occurrences, midway_at, 0)
    _print_run("mid-period (15/10/2025 10:00, with catch-up)", midway, median)
    jobs = at_import.sample
    seconds = time_apscheduler(jobs)
    per_job = seconds / len(jobs)
    naive_seconds = per_job * at_import.reminders
    naive_rate = at_import.occurrences / naive_seconds
    print(
        f"  naive APScheduler 3: {len(jobs):,} date jobs added to a SQLite SQLAlchemyJobStore"
        f" in {seconds:.2f} s ({1 / per_job:,.0f} jobs/s)"
    )
    print(
        f"    extrapolated to the {at_import.reminders:,} reminders at import:"
        f" {naive_seconds:,.0f} s = {naive_rate:,.0f} occurrences/s"
    )
    print(f"  ratio planning / naive (at import): {at_import.rate / naive_rate:,.0f}x")
    print("  (planning rows are not stored here; the store section times the outbox insert)")


def _print_run(label: str, run: PlanningRun, median: float) -> None:
    print(
        f"  {label}: {run.rate:,.0f} occurrences/s [{median:,.0f}] (goal ≥ 20,000),"
        f" {run.reminders:,} reminders in {run.seconds:.2f} s"
        f" ({run.reminders / run.seconds:,.0f} reminders/s)"
    )


# -- the outbox at scale: synthetic stores -----------------------------------------------------

POSTGRES_URL = os.environ.get(
    "NHACVIEC_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
DUE = 1_000  # rows due at the store's build time; the rest are spread over the next half-year
BENCH_UNITS = 300
_COLUMNS = (
    "key",
    "plan_id",
    "occurrence_id",
    "kind",
    "stage",
    "recipient_unit_id",
    "role",
    "channel",
    "address",
    "due_date",
    "due_at",
    "status",
    "attempts",
    "next_attempt_at",
    "last_error",
    "created_at",
)


def machine_load(label: str) -> None:
    one, five, _ = os.getloadavg()
    print(f"  machine load {label}: {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs")


def synthetic_reminders(rows: int, now: datetime) -> Iterator[tuple[Any, ...]]:
    """``rows`` pending reminders in ``_COLUMNS`` order: the first ``DUE`` due (a minute to ten
    hours ago), the others ahead, one to 180 days from ``now``."""
    rng = random.Random(rows)
    for index in range(rows):
        if index < DUE:
            at = now - timedelta(minutes=1 + index % 600)
        else:
            at = now + timedelta(minutes=1 + rng.randrange(180 * 24 * 60))
        unit = 1 + index % BENCH_UNITS
        address = f"unit:{unit}"
        key = f"bench:{index}:file:{address}"
        yield (key, 1, None, "new_plan", index, unit, "lead", "file", address, None, at)


def _full_row(row: tuple[Any, ...], now: datetime) -> tuple[Any, ...]:
    due_at = row[-1]
    return (*row, "pending", 0, due_at, "", now)


@dataclass(frozen=True)
class SyntheticStore:
    url: str
    rows: int
    built_at: datetime
    insert_seconds: float

    @property
    def backend(self) -> str:
        return make_url(self.url).get_backend_name()


class Stores:
    """Synthetic stores made once per run of the bench, shared by the sections."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="nhacviec-bench-"))
        self._built: dict[tuple[str, int], SyntheticStore] = {}
        self._databases: list[str] = []
        atexit.register(self.clean)

    def get(self, backend: str, rows: int) -> SyntheticStore | None:
        if (backend, rows) not in self._built:
            url = self._new_url(backend, rows)
            if url is None:
                return None
            self._built[backend, rows] = build_store(url, rows)
        return self._built[backend, rows]

    def _new_url(self, backend: str, rows: int) -> str | None:
        if backend == "sqlite":
            return f"sqlite:///{self.folder / f'outbox-{rows}.db'}"
        admin = postgres_admin()
        if admin is None:
            return None
        name = f"nhacviec_bench_{uuid.uuid4().hex[:10]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self._databases.append(name)
        url = admin.url.set(database=name).render_as_string(hide_password=False)
        admin.dispose()
        return url

    def clean(self) -> None:
        admin = postgres_admin() if self._databases else None
        if admin is not None:
            with admin.connect() as connection:
                for name in self._databases:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
        self._databases.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


@functools.cache
def stores() -> Stores:
    return Stores()


def postgres_admin() -> Engine | None:
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError:
        engine.dispose()
        return None
    return engine


def build_store(url: str, rows: int) -> SyntheticStore:
    """A migrated store with 300 units, one plan and ``rows`` pending reminders."""
    engine = make_engine(url)
    ensure_schema(engine)
    now = datetime.now(UTC)
    with Session(engine) as session:
        session.add(_bench_plan(now))
        session.add_all(_bench_unit(number, now) for number in range(1, BENCH_UNITS + 1))
        session.commit()
    started = time.perf_counter()
    reminders = (_full_row(row, now) for row in synthetic_reminders(rows, now))
    if engine.dialect.name == "postgresql":
        _copy_rows(engine, reminders)
    else:
        _insert_rows(engine, reminders)
    seconds = time.perf_counter() - started
    engine.dispose()
    return SyntheticStore(url, rows, now, seconds)


def _bench_plan(now: datetime) -> Plan:
    return Plan(
        id=1,
        title="Kế hoạch thử tải",
        issuer="Sở thử tải",
        issuer_level="so",
        period_start=PERIOD_START,
        period_end=PERIOD_END,
        period_source="bench",
        source_name="bench",
        source_format="docx",
        source_sha256="0" * 64,
        imported_at=now,
    )


def _bench_unit(number: int, now: datetime) -> Unit:
    name = f"Đơn vị thử tải {number}"
    return Unit(id=number, key=f"bench/unit-{number}", name=name, created_at=now)


def _insert_rows(engine: Engine, rows: Iterable[tuple[Any, ...]]) -> None:
    """SQLite: one transaction of ``executemany``; instants as SQLAlchemy stores them (UTC)."""
    placeholders = ", ".join("?" for _ in _COLUMNS)
    statement = f"INSERT INTO reminder ({', '.join(_COLUMNS)}) VALUES ({placeholders})"
    raw = engine.raw_connection()
    try:
        cursor = raw.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.execute("BEGIN")
        cursor.executemany(statement, (tuple(map(_sqlite_value, row)) for row in rows))
        cursor.execute("COMMIT")
        cursor.execute("ANALYZE")
    finally:
        raw.close()


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def _copy_rows(engine: Engine, rows: Iterable[tuple[Any, ...]]) -> None:
    """PostgreSQL: ``COPY … FROM STDIN``, then ``ANALYZE`` as autovacuum would."""
    raw = engine.raw_connection()
    try:
        connection: Any = raw.driver_connection
        statement = f"COPY reminder ({', '.join(_COLUMNS)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        connection.commit()
        connection.autocommit = True
        connection.execute("ANALYZE reminder")
    finally:
        raw.close()


# -- due scan ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Claims:
    cold: float  # seconds for the first claim
    warm: list[float]  # seconds for each claim after it
    rows: int  # rows in a claim (each claims the same: rolled back)
    addresses: int  # the addresses they are for


def time_claims(url: str, now: datetime, batch: int, repeat: int) -> Claims:
    """One cold claim, then ``repeat`` warm ones (each rolled back), of ``batch`` rows at most
    unless one address alone has more (whole addresses)."""
    engine = make_engine(url)
    seconds, claims = [], []
    for _ in range(repeat + 1):
        with Session(writing(engine)) as session:
            started = time.perf_counter()
            claimed = claim_due(session, now, "bench", timedelta(minutes=5), batch)
            seconds.append(time.perf_counter() - started)
            session.rollback()
        claims.append((len(claimed), len({(row.channel, row.address) for row in claimed})))
    engine.dispose()
    if len(set(claims)) != 1 or not claims[0][0]:
        raise RuntimeError(f"the claims differ or are empty: {claims}")
    return Claims(seconds[0], seconds[1:], *claims[0])


def bench_due_scan(args: argparse.Namespace) -> None:
    print(
        f"due scan: outbox.claim_due, {args.batch} rows at most in whole addresses"
        f" (best and median of {args.repeat})"
    )
    machine_load("before")
    for backend in ("sqlite", "postgresql"):
        small, large = stores().get(backend, args.small), stores().get(backend, args.large)
        if small is None or large is None:
            print(f"  {backend}: no server at {POSTGRES_URL}, skipped")
            continue
        print(
            f"  {backend}: stores built, {small.rows:,} rows inserted in"
            f" {small.insert_seconds:.1f} s, {large.rows:,} in {large.insert_seconds:.1f} s"
        )
        for label, shift in (("1,000 due, the rest ahead", 0), ("every row due (catch-up)", 365)):
            medians = []
            for store in (small, large):
                now = store.built_at + timedelta(days=shift)
                claims = time_claims(store.url, now, args.batch, args.repeat)
                medians.append(statistics.median(claims.warm))
                print(
                    f"    {label}, {store.rows:>9,} pending: {claims.rows:,} rows of"
                    f" {claims.addresses} address(es) a claim; best {min(claims.warm) * 1000:7.1f}"
                    f" ms, median {medians[-1] * 1000:7.1f} ms (first {claims.cold * 1000:.1f} ms)"
                )
            ratio = medians[1] / medians[0]
            print(f"    ratio {large.rows:,} / {small.rows:,}: {ratio:.2f} (goal ≤ 2)")
    machine_load("after")


# -- the service with 1M rows: memory and start-up ---------------------------------------------


@dataclass(frozen=True)
class ServiceRun:
    first_dispatch: float  # seconds from start to the first message in the file
    pass_done: float | None  # seconds to the end of the first pass (None: stopped before)
    rss_idle_kb: list[int]  # VmRSS samples while idle after the first pass
    hwm_kb: int  # VmHWM: the peak resident set


def nhacviec_command() -> list[str]:
    script = Path(sys.executable).parent / "nhacviec"
    return [str(script)] if script.exists() else [sys.executable, "-m", "nhacviec"]


def service_env(store: SyntheticStore, folder: Path) -> dict[str, str]:
    """Settings for ``run``: the file channel, and no quiet hours (the service reads the real
    clock and sends nothing in quiet hours; the bench must measure at any hour)."""
    config = folder / "any-hour.yaml"
    config.write_text('reminders:\n  quiet_start: "00:00"\n  quiet_end: "00:00"\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("NHACVIEC_")}
    return env | {
        "NHACVIEC_CONFIG": str(config),
        "NHACVIEC_HOME": str(folder / "home"),
        "NHACVIEC_DATABASE_URL": store.url,
        "NHACVIEC_NOTIFY_CHANNELS": "file",
        "NHACVIEC_NOTIFY_FILE_PATH": str(folder / "reminders.txt"),
        "NHACVIEC_SCHEDULER_EVERY_S": "1",
    }


def proc_status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def poll(
    condition: Callable[[], bool], process: subprocess.Popen[bytes], within: float, what: str
) -> float:
    """Seconds until ``condition()`` holds (polled every 2 ms); an error after ``within`` or
    when ``process`` ends first."""
    started = time.perf_counter()
    while not condition():
        if process.poll() is not None:
            raise RuntimeError(f"nhacviec run exited with {process.returncode} before {what}")
        if time.perf_counter() - started > within:
            raise RuntimeError(f"gave up after {within:.0f} s waiting for {what}")
        time.sleep(0.002)
    return time.perf_counter() - started


def run_service(store: SyntheticStore, *, idle_samples: int) -> ServiceRun:
    """Start ``nhacviec run``, time its first message, sample its memory once idle, stop it."""
    folder = Path(tempfile.mkdtemp(dir=stores().folder))
    reminders, log = folder / "reminders.txt", folder / "run.err"
    with log.open("wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [*nhacviec_command(), "run"],
            env=service_env(store, folder),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        try:
            poll(
                lambda: reminders.exists() and reminders.stat().st_size > 0,
                process,
                120,
                "a message",
            )
            first = time.perf_counter() - started
            pass_done, samples = None, []
            if idle_samples:
                poll(lambda: b'"scheduler pass"' in log.read_bytes(), process, 300, "the pass")
                pass_done = time.perf_counter() - started
                for _ in range(idle_samples):
                    samples.append(proc_status_kb(process.pid, "VmRSS"))
                    time.sleep(0.1)
            hwm = proc_status_kb(process.pid, "VmHWM")
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return ServiceRun(first, pass_done, samples, hwm)


def rearm_due(store: SyntheticStore, *, every_row: bool = False) -> None:
    """Make the first ``DUE`` rows pending and due again, a minute ago; or every row, each
    181 days before its due instant (SQLite): a backlog spread as the outbox planned it, as
    after a long downtime (one instant for all would let the due index be read in row order)."""
    engine = make_engine(store.url)
    moved = update(Reminder).values(
        status="pending",
        sent_at=None,
        lease_owner=None,
        lease_until=None,
        next_attempt_at=store.built_at - timedelta(minutes=1),
    )
    if every_row:
        moved = moved.values(next_attempt_at=func.datetime(col(Reminder.due_at), "-181 days"))
    else:
        moved = moved.where(col(Reminder.id) <= DUE)
    with Session(writing(engine)) as session:
        session.execute(moved)
        session.commit()
    engine.dispose()


@functools.cache
def service_runs(rows: int, repeat: int) -> tuple[list[ServiceRun], ServiceRun]:
    """``repeat`` runs with 1,000 rows due among ``rows``, then one run with all rows due."""
    store = stores().get("sqlite", rows)
    if store is None:
        raise RuntimeError("the SQLite store could not be built")
    runs = []
    for _ in range(repeat):
        rearm_due(store)
        runs.append(run_service(store, idle_samples=20))
    rearm_due(store, every_row=True)
    catch_up = run_service(store, idle_samples=0)
    return runs, catch_up


def bench_rss(args: argparse.Namespace) -> None:
    print(f"rss: nhacviec run on SQLite with {args.large:,} pending reminders ({DUE:,} due)")
    machine_load("before")
    runs, catch_up = service_runs(args.large, args.repeat)
    for number, run in enumerate(runs, 1):
        idle = run.rss_idle_kb
        print(
            f"  run {number}: first pass done after {run.pass_done or 0:.2f} s; idle VmRSS"
            f" {min(idle) / 1024:.0f}-{max(idle) / 1024:.0f} MB over {len(idle)} samples,"
            f" peak (VmHWM) {run.hwm_kb / 1024:.0f} MB (goal < 200 MB)"
        )
    peak = catch_up.hwm_kb / 1024
    print(f"  all {args.large:,} due (catch-up): peak by the first message {peak:.0f} MB")
    machine_load("after")


def bench_first_dispatch(args: argparse.Namespace) -> None:
    print(f"first dispatch: nhacviec run on SQLite with {args.large:,} pending reminders")
    machine_load("before")
    runs, catch_up = service_runs(args.large, args.repeat)
    times = [run.first_dispatch for run in runs]
    listed = ", ".join(f"{t:.2f}" for t in times)
    print(
        f"  {DUE:,} due: start to first message {statistics.median(times):.2f} s median"
        f" ({listed}) (goal < 3 s)"
    )
    print(f"  all {args.large:,} due (catch-up): {catch_up.first_dispatch:.2f} s (goal < 3 s)")
    machine_load("after")


# -- main --------------------------------------------------------------------------------------

SECTIONS: dict[str, Callable[[argparse.Namespace], None]] = {
    "planning": bench_planning,
    "due_scan": bench_due_scan,
    "rss": bench_rss,
    "first_dispatch": bench_first_dispatch,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append")
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--sample-jobs", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch", type=int, default=500, help="rows per claim (due_scan)")
    parser.add_argument("--small", type=int, default=10_000, help="pending rows, small store")
    parser.add_argument("--large", type=int, default=1_000_000, help="pending rows, large store")
    args = parser.parse_args()
    for name, section in SECTIONS.items():
        if not args.only or name in args.only:
            section(args)


if __name__ == "__main__":
    main()
