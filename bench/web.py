"""Web figures: the task list of a 10,000-task store under 50 concurrent clients, and the
upload of the Sở plan to its preview.

    python bench/web.py [--tasks 10000] [--clients 50] [--seconds 10] [--store DIR]
                        [--previews 20] [--page 50]

* store – the Sở Công Thương seed plan (30 tasks) imported again and again, each copy under
  its own title and source, until the store holds ``--tasks`` tasks (SQLite, through the
  import use case: the same rows ``plan import`` writes). ``--store DIR`` keeps the store
  there and reuses it on the next run.
* tasks – ``nhacviec web`` (a subprocess: the real uvicorn server) on a loopback port;
  ``--clients`` asyncio clients, each one request at a time, call
  ``GET /api/v1/tasks?limit=--page&offset=…`` (pages all over the list) with a leader's bearer
  token for ``--seconds`` seconds: p50, p95, p99 latency, requests/s, and p95 against the goal
  (100 ms); beside it the floor, ``GET /api/v1/units`` (a few rows) by as many clients: what
  the server and the machine allow at all. Then the whole list (what ``nhacviec tasks --json``
  prints: every task, megabytes of JSON) by ``--whole-clients`` clients, for its latency.
* preview – ``POST /api/v1/plans/preview`` of tests/fixtures/plans/so-cong-thuong-2025h2.docx,
  ``--previews`` times one after another: the time per request.

Figures only, no assertions; the machine's load average is printed beside them.
"""

# ruff: noqa: E402 - the import path is fixed before the project's imports, see bench/scheduler.py
from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

import argparse
import asyncio
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime

import httpx2
from sqlmodel import func, select

from config.settings import Settings
from nhacviec.app import App
from nhacviec.services import accounts
from nhacviec.services.accounts import AccountRole, NewAccount
from nhacviec.services.importing import FileReading, read_plan_file, store_readings
from nhacviec.store.models import Task
from nhacviec.store.plans import SourceFile
from workflows.standing import LOCAL_TZ
from workflows.units.directory import load_directory

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "tests" / "fixtures" / "plans" / "so-cong-thuong-2025h2.docx"
UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"
NHACVIEC = Path(sys.executable).parent / "nhacviec"
NOW = datetime(2025, 10, 15, 9, 0, tzinfo=LOCAL_TZ)
GOAL_P95_MS = 100.0
START_S = 60


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


# -- the store ----------------------------------------------------------------------------------


def copies(reading: FileReading, count: int) -> Iterator[FileReading]:
    """The seed plan again under its own title, number and source: a new plan each time (the
    same number would make it the same plan by its content, and import nothing)."""
    metadata = reading.parsed.metadata
    for number in range(1, count + 1):
        renamed = replace(
            metadata, title=f"{metadata.title} (bản {number})", number=f"{number}/KH-BENCH"
        )
        parsed = replace(reading.parsed, metadata=renamed)
        source = SourceFile(f"copy-{number}.docx", "docx", f"bench-{number:064d}"[-64:])
        yield replace(reading, parsed=parsed, source=source)


def build_store(url: str, tasks: int) -> tuple[int, float]:
    """Plans imported until the store holds ``tasks`` tasks; (tasks, seconds)."""
    reading = read_plan_file(SEED, directory=load_directory(UNITS))
    per_plan = len(reading.parsed.tasks)
    started = time.perf_counter()
    app = App(Settings(database_url=url, units_directories=(UNITS,)), clock=lambda: NOW)
    try:
        plans = -(-tasks // per_plan)
        for batch in _batches(list(copies(reading, plans)), 20):
            with app.transaction() as session:
                store_readings(session, batch, now=NOW)
        with app.reading() as session:  # counted, not assumed: an import may store nothing
            stored = int(session.exec(select(func.count()).select_from(Task)).one())
    finally:
        app.close()
    return stored, time.perf_counter() - started


def _batches(items: list[FileReading], size: int) -> Iterator[list[FileReading]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def leader_token(url: str) -> str:
    app = App(Settings(database_url=url), clock=lambda: NOW)
    try:
        with app.transaction() as session:
            login = f"bench-{time.time_ns()}"
            accounts.add_user(session, NewAccount(login, AccountRole.LEADER, "bench-pass-1"), NOW)
            return accounts.issue_token(session, login, NOW)
    finally:
        app.close()


# -- the server ---------------------------------------------------------------------------------


@contextmanager
def web_server(url: str, folder: Path) -> Iterator[str]:
    """``nhacviec web`` on a free loopback port; its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NHACVIEC_")}
    env |= {"NHACVIEC_DATABASE_URL": url, "NHACVIEC_HOME": str(folder / "home")}
    env |= {"NHACVIEC_UNITS_DIRECTORIES": str(UNITS)}
    log = (folder / "web.err").open("wb")
    process = subprocess.Popen(
        [str(NHACVIEC), "web", "--port", str(port)],  # the real clock: tokens touched as live
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(30)
        log.close()


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"nhacviec web exited with {process.returncode}")
        try:
            httpx2.get(f"{base}/api/docs", timeout=5)
            return
        except httpx2.TransportError:
            time.sleep(0.05)
    raise SystemExit(f"nhacviec web did not answer within {START_S} s")


# -- the clients --------------------------------------------------------------------------------


async def hammer(
    base: str,
    token: str,
    queries: list[dict[str, str]],
    clients: int,
    seconds: float,
    path: str = "/api/v1/tasks",
) -> tuple[list[float], int, float]:
    """``clients`` clients calling the task list (with each of ``queries`` in turn) until
    ``seconds`` have passed: every latency (ms), the failed answers, the elapsed time."""
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx2.Limits(max_connections=clients, max_keepalive_connections=clients)
    latencies: list[float] = []
    failures = 0
    async with httpx2.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=120
    ) as client:
        started = time.perf_counter()
        deadline = started + seconds

        async def one_client(first: int) -> None:
            nonlocal failures
            turn = first
            while time.perf_counter() < deadline:
                params, turn = queries[turn % len(queries)], turn + 1
                sent = time.perf_counter()
                answer = await client.get(path, params=params)
                latencies.append((time.perf_counter() - sent) * 1000)
                failures += answer.status_code != 200

        spread = max(1, len(queries) // clients)  # each client starts elsewhere in the list
        await asyncio.gather(*(one_client(number * spread) for number in range(clients)))
        return latencies, failures, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report_load(name: str, latencies: list[float], failures: int, elapsed: float) -> None:
    p50, p95, p99 = (percentile(latencies, share) for share in (0.50, 0.95, 0.99))
    print(
        f"  {name:<28} {len(latencies):>6} requests  {len(latencies) / elapsed:>8.1f} req/s  "
        f"p50 {p50:>8.1f} ms  p95 {p95:>8.1f} ms  p99 {p99:>8.1f} ms  "
        f"p95/goal {p95 / GOAL_P95_MS:>6.2f}  failed {failures}"
    )


def bench_previews(base: str, token: str, count: int) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    times: list[float] = []
    with httpx2.Client(base_url=base, headers=headers, timeout=120) as client:
        for _ in range(count):
            with SEED.open("rb") as stream:
                sent = time.perf_counter()
                answer = client.post("/api/v1/plans/preview", files={"file": (SEED.name, stream)})
                times.append((time.perf_counter() - sent) * 1000)
            if answer.status_code != 200:
                raise SystemExit(f"preview answered {answer.status_code}: {answer.text[:300]}")
    print(
        f"  preview of {SEED.name}: {count} requests, mean {sum(times) / count:.0f} ms, "
        f"p50 {percentile(times, 0.5):.0f} ms, max {max(times):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--page", type=int, default=50, help="tasks per page for the paged run")
    parser.add_argument("--whole-clients", type=int, default=2, help="clients of the whole list")
    parser.add_argument("--previews", type=int, default=20)
    parser.add_argument("--store", type=Path, help="keep (and reuse) the store in this folder")
    args = parser.parse_args()
    folder = args.store or Path(tempfile.mkdtemp(prefix="nhacviec-bench-web-"))
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / f"web-{args.tasks}.db"
    url = f"sqlite:///{database}"
    try:
        print(f"load average before: {load()}")
        if not database.exists():
            made, took = build_store(url, args.tasks)
            print(f"store: {made} tasks imported in {took:.1f} s ({database})")
        token = leader_token(url)
        with web_server(url, folder) as base:
            print(f"task list of {args.tasks} tasks, {args.seconds:.0f} s each:")
            pages = [
                {"limit": str(args.page), "offset": str(start)}
                for start in range(0, args.tasks, args.page)
            ]
            for clients in (1, args.clients):  # alone: the time one request takes
                paged = hammer(base, token, pages, clients, args.seconds)
                report_load(f"page of {args.page}, {clients} clients", *asyncio.run(paged))
            # The floor: the server's cheapest authenticated answer (a few units), same load.
            floor = hammer(base, token, [{}], args.clients, args.seconds, "/api/v1/units")
            report_load(f"units (floor), {args.clients} clients", *asyncio.run(floor))
            whole = hammer(base, token, [{}], args.whole_clients, args.seconds)
            report_load(f"whole list, {args.whole_clients} clients", *asyncio.run(whole))
            bench_previews(base, token, args.previews)
        print(f"load average after: {load()}")
    finally:
        if args.store is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
