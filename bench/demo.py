"""Demo figures: the CPU seconds of ``nhacviec demo`` and the SQL statements it runs.

    python bench/demo.py [--only cpu|sql] [--repeat 3] [--full] [--until 31/12/2025]

Sections, each printing figures only (no assertions):

* cpu – ``nhacviec demo --database TMP/demo.db`` run as a subprocess, as a user runs it (the
  imports included); its user + system CPU seconds (``/usr/bin/time -v`` counts the same), the
  median of the repeats, and the ratio to the baseline of 26.5 s measured before the message
  builder read in batches (goal: ≤ 10 s of CPU, a ratio ≤ 0.38).
* sql – the same demo in this process with a SQLAlchemy ``before_cursor_execute`` listener on
  every engine: how many statements it sends (executemany counts once), and the ten most
  frequent shapes (goal: far fewer than the 20,013 of the baseline).

The machine's load average is printed before and after: figures taken on a busy machine are
slower.

Add a section by writing ``bench_<name>(args) -> None`` and listing it in ``SECTIONS``.
"""

# ruff: noqa: E402 - the import path is fixed before the project's imports, see below
from __future__ import annotations

import sys
from pathlib import Path

# Keep this folder off the import path (its scripts are named like the packages they measure)
# and put the repository on it.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent)] + [
    entry for entry in sys.path if Path(entry or ".").resolve() != _HERE
]

import argparse
import contextlib
import io
import os
import resource
import statistics
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from typing import Any

BASELINE_CPU_S = 26.5  # issue 9: the demo before batched reads (20,013 SQL statements)
GOAL_CPU_S = 10.0


def _demo_args(args: argparse.Namespace, database: Path) -> list[str]:
    found = ["demo", "--database", str(database)]
    if args.full:
        found.append("--full")
    if args.until:
        found += ["--until", args.until]
    return found


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_cpu(args: argparse.Namespace) -> None:
    print(f"cpu: nhacviec demo as a subprocess, {args.repeat} run(s); load {_load()}")
    seconds = []
    for run in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory() as folder:
            command = [sys.executable, "-m", "nhacviec", *_demo_args(args, Path(folder) / "x.db")]
            before = _children_cpu()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=_HERE.parent)
            seconds.append(_children_cpu() - before)
        print(f"  run {run}: {seconds[-1]:6.2f} s CPU")
    median = statistics.median(seconds)
    print(
        f"  median {median:.2f} s CPU (goal ≤ {GOAL_CPU_S:.0f} s); "
        f"ratio to the baseline {BASELINE_CPU_S} s: {median / BASELINE_CPU_S:.2f} "
        f"({BASELINE_CPU_S / median:.1f}x faster); load {_load()}"
    )


def bench_sql(args: argparse.Namespace) -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from nhacviec.cli import main

    shapes: Counter[str] = Counter()

    def count(*params: Any) -> None:
        shapes[" ".join(str(params[2]).split())[:100]] += 1

    print(f"sql: nhacviec demo in this process; load {_load()}")
    event.listen(Engine, "before_cursor_execute", count)
    try:
        with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stdout(io.StringIO()):
            main(_demo_args(args, Path(folder) / "x.db"))
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    print(f"  {sum(shapes.values()):,} statements (baseline 20,013); the most frequent:")
    for shape, times in shapes.most_common(10):
        print(f"  {times:6,}  {shape}")


SECTIONS: dict[str, Callable[[argparse.Namespace], None]] = {"cpu": bench_cpu, "sql": bench_sql}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--full", action="store_true", help="the demo with --full")
    parser.add_argument("--until", help="the demo's last day (DD/MM/YYYY)")
    args = parser.parse_args()
    for name in args.only or list(SECTIONS):
        SECTIONS[name](args)


if __name__ == "__main__":
    main()
