"""Evidence figures: reports with files kept by content, on SQLite.

    python bench/evidence.py [--reports 200] [--size-kb 512] [--distinct 0.5]

The Sở Công Thương seed plan is imported into a fresh SQLite store; then ``--reports`` reports
are made one after another (each its own transaction, through ``services.evidence
.act_with_files``: the limits checked, the move, the file written by its SHA-256 and linked),
each carrying one file of ``--size-kb`` KB, a share ``--distinct`` of them with content of their
own and the rest repeating earlier ones. Printed: the time per report (median, p95), the files
on disk against the files sent, and the time to read every task's files back
(``evidence_by_task``, what the report upward reads).

Figures only, no assertions; the machine's load average is printed beside them.
"""

# ruff: noqa: E402 - the import path is fixed before the project's imports, see bench/scheduler.py
from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

import argparse
import os
import statistics
import tempfile
import time
from datetime import datetime, timedelta

from config.settings import EvidenceSettings, Settings
from nhacviec.app import App
from nhacviec.services.evidence import Upload, act_with_files, evidence_by_task
from nhacviec.services.importing import read_plan_file, store_readings
from nhacviec.services.tasks import Actor, Channel
from nhacviec.store import tasks as stored
from nhacviec.store.models import Occurrence, Task
from workflows.standing import LOCAL_TZ
from workflows.units.directory import load_directory
from workflows.workflow import Action, Request

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "tests" / "fixtures" / "plans" / "so-cong-thuong-2025h2.docx"
UNITS = REPO / "config" / "units" / "so-cong-thuong.yaml"
NOW = datetime(2025, 7, 10, 9, 0, tzinfo=LOCAL_TZ)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--size-kb", type=int, default=512)
    parser.add_argument("--distinct", type=float, default=0.5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nhacviec-bench-evidence-") as folder:
        root = Path(folder)
        settings = Settings(
            database_url=f"sqlite:///{root / 'store.db'}",
            units_directories=(UNITS,),
            evidence=EvidenceSettings(folder=root / "evidence"),
        )
        app = App(settings, clock=lambda: NOW)
        reading = read_plan_file(SEED, directory=load_directory(UNITS))
        with app.transaction() as session:
            store_readings(session, [reading], now=NOW)
            pairs = [
                (task, occurrence)
                for task in stored.tasks_of_plan(session, 1)
                for occurrence in stored.occurrences_of(session, task.id or 0)
            ]
            leads = {task.id: stored.task_units(session, task.id or 0).lead for task, _ in pairs}
        targets = [(t, o) for t, o in pairs if leads[t.id]]
        times = report_all(app, targets, leads, options)
        started = time.perf_counter()
        with app.reading() as session:
            found = evidence_by_task(session, [task.id or 0 for task, _ in targets])
        read_s = time.perf_counter() - started
        on_disk = [p.stat().st_size for p in (root / "evidence").rglob("*") if p.is_file()]
        app.close()
    sent = len(times)
    print(f"reports with one {options.size_kb} KB file: {sent} (share distinct {options.distinct})")
    print(
        f"  per report: median {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {statistics.quantiles(times, n=20)[-1] * 1000:.1f} ms"
    )
    print(f"  files sent {sent}, kept on disk {len(on_disk)} ({sum(on_disk) / 2**20:.1f} MB)")
    print(f"  evidence_by_task of {len(found)} tasks: {read_s * 1000:.1f} ms")
    print(f"  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def report_all(
    app: App,
    targets: list[tuple[Task, Occurrence]],
    leads: dict[int | None, frozenset[int]],
    options: argparse.Namespace,
) -> list[float]:
    """One report per occurrence while there are occurrences, each with its file; the time of
    each (its transaction included)."""
    times = []
    size = options.size_kb * 1024
    count = min(options.reports, len(targets))  # one report per occurrence a unit leads
    distinct = max(1, int(count * options.distinct))
    for number in range(count):
        task, occurrence = targets[number]
        seed = number % distinct
        content = seed.to_bytes(4, "big") * (size // 4)
        unit = min(leads[task.id])
        request = Request(Action.REPORT, note=f"Báo cáo {number}")
        started = time.perf_counter()
        with app.transaction() as session:
            act_with_files(
                session,
                app.evidence,
                task,
                request,
                Actor(unit, Channel.CLI),
                NOW + timedelta(minutes=number),
                [Upload(f"bao-cao-{number}.pdf", content)],
                occurrence_seq=occurrence.seq,
            )
        times.append(time.perf_counter() - started)
    return times


if __name__ == "__main__":
    main()
