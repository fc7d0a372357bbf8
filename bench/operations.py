"""Operator figures on the demo database: ``nhacviec status`` and ``db backup`` / ``db restore``.

    python bench/operations.py [--database PATH] [--repeat 5]

Without ``--database`` the demo is made first in a temporary folder (``nhacviec demo``, about
half a minute). Prints, as the median of the repeats, the wall and CPU seconds of each command
run as a subprocess (imports included) and of the report alone in this process; the backup's
size. Figures only, no assertions; the machine's load average is printed beside them.
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
import functools
import os
import resource
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable

from config.settings import Settings
from nhacviec.app import App, system_time

NHACVIEC = Path(sys.executable).parent / "nhacviec"


def timed(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one ``nhacviec`` subprocess (which must exit 0)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([str(NHACVIEC), *args], env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _once(args: list[str], env: dict[str, str], cwd: Path, _: int) -> tuple[float, float]:
    return timed(args, env, cwd)


def median_of(repeat: int, run: Callable[[int], tuple[float, float]]) -> tuple[float, float]:
    runs = [run(number) for number in range(repeat)]
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def demo_database(folder: Path, env: dict[str, str]) -> Path:
    subprocess.run([str(NHACVIEC), "demo"], env=env, cwd=folder, check=True, capture_output=True)
    return folder / "nhacviec-demo.db"


def in_process(database: Path, repeat: int) -> float:
    app = App(Settings(database_url=f"sqlite:///{database}"))
    app.status(system_time())  # the engine and the first connection out of the figure
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        app.status(system_time())
        times.append(time.perf_counter() - started)
    app.close()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = {**os.environ, "NHACVIEC_HOME": str(folder / "home")}
        database = options.database or demo_database(folder, env)
        env["NHACVIEC_DATABASE_URL"] = f"sqlite:///{database.resolve()}"
        print(f"database: {database} ({database.stat().st_size / 1_048_576:.1f} MB)")
        print(f"{'command':<24} {'wall s':>7} {'cpu s':>7}")
        for label, args in (("status", ["status"]), ("status --json", ["status", "--json"])):
            command = functools.partial(_once, args, env, folder)
            wall, cpu = median_of(options.repeat, command)
            print(f"{label:<24} {wall:7.2f} {cpu:7.2f}")
        print(f"{'status (report only)':<24} {in_process(database, options.repeat):7.3f}")

        def backup(number: int) -> tuple[float, float]:
            return timed(["db", "backup", str(folder / f"backup-{number}.db")], env, folder)

        wall, cpu = median_of(options.repeat, backup)
        size = (folder / "backup-0.db").stat().st_size / 1_048_576
        print(f"{'db backup':<24} {wall:7.2f} {cpu:7.2f}   ({size:.1f} MB)")

        def restore(number: int) -> tuple[float, float]:
            target = {**env, "NHACVIEC_DATABASE_URL": f"sqlite:///{folder / f'r-{number}.db'}"}
            return timed(["db", "restore", str(folder / "backup-0.db")], target, folder)

        wall, cpu = median_of(options.repeat, restore)
        print(f"{'db restore':<24} {wall:7.2f} {cpu:7.2f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
