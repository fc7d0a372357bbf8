"""CPU time a command costs before and while it answers (user + sys of the child process).

    python bench/startup.py [--repeat 5]

Both seed plans are imported into a fresh SQLite file, then ``nhacviec --help``, ``nhacviec
plan list`` and ``nhacviec tasks`` run ``--repeat`` times each as a person types them; the
best and median CPU seconds are printed beside the targets (issue 9: 0.5 s and 1 s) and the
figures before the lazy command table (every command then paid ~2.4 s on a quiet machine;
measured here on a loaded 2-core one, 1.6 s / 1.7 s / 1.8 s).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path

COMMANDS: tuple[tuple[str, tuple[str, ...], float | None, float], ...] = (
    # label, arguments, target CPU s, CPU s before (this machine, commit 4b1d84f)
    ("--help", ("--help",), 0.5, 1.61),
    ("plan list", ("plan", "list"), 1.0, 1.67),
    ("tasks", ("tasks",), None, 1.77),
)


def cpu_seconds(args: tuple[str, ...], env: dict[str, str]) -> float:
    """User + system CPU seconds of one ``nhacviec`` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, "-m", "nhacviec", *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def seeded_environment(folder: Path) -> dict[str, str]:
    env = {**os.environ, "NHACVIEC_HOME": str(folder / "home")}
    env["NHACVIEC_DATABASE_URL"] = f"sqlite:///{folder / 'bench.db'}"
    plans = resources.files("nhacviec.data.plans")
    for name in ("so-cong-thuong-2025h2.docx", "xa-ba-long-2025h2.docx"):
        path = str(plans.joinpath(name))
        subprocess.run(
            [sys.executable, "-m", "nhacviec", "plan", "import", path],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = seeded_environment(Path(folder))
        print(f"{'command':<10} {'best':>6} {'median':>7} {'target':>7} {'before':>7}")
        for label, args, target, before in COMMANDS:
            times = [cpu_seconds(args, env) for _ in range(options.repeat)]
            wanted = f"{target:.1f}" if target is not None else "—"
            print(
                f"{label:<10} {min(times):6.2f} {statistics.median(times):7.2f} "
                f"{wanted:>7} {before:7.2f}"
            )


if __name__ == "__main__":
    main()
