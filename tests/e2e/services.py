"""Real ``nhacviec`` processes for the scheduler's process-level tests, and what they left.

``Services`` starts the console script installed next to the running interpreter with its own
environment, and kills whatever is still running when the test ends. Nothing waits by sleeping
a fixed time: ``wait_for`` polls a condition (the database, the reminder file, a process) until
a deadline and fails with what it was waiting for.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TypeVar

import pytest
from sqlalchemy import Engine, func, insert, update
from sqlmodel import Session, SQLModel, col, select

from nhacviec.store.database import make_engine
from nhacviec.store.models import Delivery, Reminder

NHACVIEC = Path(sys.executable).parent / "nhacviec"
POLL_S = 0.01  # how often a wait looks again (a poll interval, not a synchronisation)
BLOCK_HEADER = "── "  # every block the file notifier appends starts with this rule
T = TypeVar("T")


def wait_for(condition: Callable[[], T], *, within: float, what: str) -> T:
    """The first truthy value of ``condition()``, polled until ``within`` seconds have passed."""
    deadline = time.monotonic() + within
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"waited {within:.0f} s for {what}")
        time.sleep(POLL_S)


def clean_environment(**settings: str) -> dict[str, str]:
    """This process's environment without any ``NHACVIEC_*``, plus ``settings`` (full names).
    The web of ``nhacviec run`` is off: services side by side would all take port 8080 (its
    own tests, test_run_web.py, turn it on with a free port)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("NHACVIEC_")}
    env["COLUMNS"] = "200"
    env["NHACVIEC_WEB_ENABLED"] = "false"
    return env | settings


def service_environment(
    home: Path, database_url: str, reminders_file: Path, **scheduler: int
) -> dict[str, str]:
    """Settings for a service on ``database_url`` appending to ``reminders_file``;
    ``scheduler`` knobs (``batch=10``) become ``NHACVIEC_SCHEDULER_BATCH=10``."""
    knobs = {f"NHACVIEC_SCHEDULER_{name.upper()}": str(value) for name, value in scheduler.items()}
    return clean_environment(
        NHACVIEC_HOME=str(home),
        NHACVIEC_DATABASE_URL=database_url,
        NHACVIEC_NOTIFY_CHANNELS="file",
        NHACVIEC_NOTIFY_FILE_PATH=str(reminders_file),
        **knobs,
    )


ANY_HOUR = """\
# nhacviec run reads the real clock: without quiet hours it sends at any time of day.
reminders:
  quiet_start: "00:00"
  quiet_end: "00:00"
"""


def run_environment(
    home: Path, database_url: str, reminders_file: Path, **scheduler: int
) -> dict[str, str]:
    """``service_environment`` for ``nhacviec run``, which reads the real clock: quiet hours
    off (a configuration file), so the test behaves the same at whatever hour it runs."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "any-hour.yaml"
    config.write_text(ANY_HOUR, encoding="utf-8")
    env = service_environment(home, database_url, reminders_file, **scheduler)
    return env | {"NHACVIEC_CONFIG": str(config)}


def nhacviec(env: Mapping[str, str], *args: str | Path, timeout: float = 120) -> str:
    """Run one command to its end; its standard output (fails the test on a non-zero exit)."""
    done = subprocess.run(
        [str(NHACVIEC), *map(str, args)],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"nhacviec {' '.join(map(str, args))}: {done.stderr}"
    return done.stdout


@dataclass
class Service:
    """One ``nhacviec run`` (or another long command) with its output in files."""

    name: str
    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def log(self) -> str:
        return self.stderr.read_text(encoding="utf-8", errors="replace")

    def started(self) -> bool:
        """The service logged its start: its signal handlers are in place."""
        if not self.alive:
            pytest.fail(f"{self.name} exited with {self.process.returncode}: {self.log()}")
        return '"scheduler starting"' in self.log()

    def deliveries_logged(self) -> int:
        return self.log().count('"event": "delivery"')

    def kill(self, timeout: float = 30) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout)

    def terminate(self, timeout: float) -> tuple[int, float]:
        """SIGTERM, then wait at most ``timeout`` seconds: the exit code and how long it took."""
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{self.name} still running {timeout:.0f} s after SIGTERM")
        return code, time.monotonic() - started


class Services:
    """Starts commands as background processes; ``stop_all`` kills the ones still running."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.started: list[Service] = []
        self._files: list[IO[bytes]] = []

    def start(self, name: str, env: Mapping[str, str], *args: str) -> Service:
        stdout, stderr = self.folder / f"{name}.out", self.folder / f"{name}.err"
        out, err = stdout.open("wb"), stderr.open("wb")
        self._files += [out, err]
        process = subprocess.Popen(
            [str(NHACVIEC), *(args or ("run",))],
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        service = Service(name, process, stdout, stderr)
        self.started.append(service)
        return service

    def stop_all(self) -> None:
        for service in self.started:
            if service.alive:
                service.kill()
        for handle in self._files:
            handle.close()


# -- what the processes left -------------------------------------------------------------------


def count_blocks(path: Path) -> int:
    """Messages the file notifier appended to ``path`` (0 while it does not exist)."""
    if not path.exists():
        return 0
    text = path.read_text(encoding="utf-8", errors="replace")
    return sum(1 for line in text.splitlines() if line.startswith(BLOCK_HEADER))


class Outbox:
    """Read-only looks at a store's outbox and delivery log, as a test needs them."""

    def __init__(self, url: str) -> None:
        self.engine: Engine = make_engine(url)

    def close(self) -> None:
        self.engine.dispose()

    def rows(self) -> list[Reminder]:
        with Session(self.engine) as session:
            return list(session.exec(select(Reminder).order_by(col(Reminder.id))).all())

    def pending_due(self, now: datetime | None = None) -> int:
        """Pending rows whose time has come (leased or not)."""
        now = now or datetime.now(UTC)
        with Session(self.engine) as session:
            return session.exec(
                select(func.count())
                .select_from(Reminder)
                .where(col(Reminder.status) == "pending", col(Reminder.next_attempt_at) <= now)
            ).one()

    def leased(self) -> list[Reminder]:
        """Rows a dispatcher claimed and has not finished (leased, still pending)."""
        with Session(self.engine) as session:
            return list(
                session.exec(
                    select(Reminder).where(
                        col(Reminder.status) == "pending", col(Reminder.lease_owner).is_not(None)
                    )
                ).all()
            )

    def move_pending(self, to: datetime) -> None:
        """Make every pending row due at ``to`` (a backlog that falls due while a service runs)."""
        with Session(self.engine) as session:
            session.execute(
                update(Reminder).where(col(Reminder.status) == "pending").values(next_attempt_at=to)
            )
            session.commit()

    def widen(self, copies: int) -> None:
        """Copy every pending row ``copies`` times, each copy to another address of the same
        unit: the backlog of a larger installation (every copy is a message of its own)."""
        table = SQLModel.metadata.tables["reminder"]
        names = [column.name for column in table.columns if column.name != "id"]
        with Session(self.engine) as session:
            for copy in range(1, copies + 1):
                changed = {
                    "key": table.c.key + f":copy{copy}",
                    "address": table.c.address + f":copy{copy}",
                }
                rows = select(*(changed.get(name, table.c[name]) for name in names)).where(
                    table.c.status == "pending"
                )
                session.execute(insert(table).from_select(names, rows))
            session.commit()

    def deliveries(self) -> list[Delivery]:
        with Session(self.engine) as session:
            return list(session.exec(select(Delivery).order_by(col(Delivery.id))).all())

    def accepted(self) -> list[Delivery]:
        return [d for d in self.deliveries() if d.outcome == "accepted"]


def keys_accepted_twice(deliveries: list[Delivery]) -> dict[str, int]:
    counts = Counter(d.message_key for d in deliveries if d.outcome == "accepted")
    return {key: n for key, n in counts.items() if n > 1}
