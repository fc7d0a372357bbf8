"""Run the leader-election and process tests many times in a row and say how many runs passed.

Not a test (pytest collects only ``test_*.py``) and not part of CI: a check that these tests do
not flake, to run by hand, ideally while the machine is busy with something else::

    python tests/repeat.py                  # 20 runs of the leader and bot process tests
    python tests/repeat.py --all            # the scheduler's process tests as well
    python tests/repeat.py --runs 5 -- -x   # 5 runs; arguments after -- go to pytest

Each run is one ``python -m pytest`` process (in this process's environment, ``CI=true`` so a
missing PostgreSQL fails rather than skips) over the tests below, serially (``-n 0``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The leader elections (in-process and between service processes) and the bot's processes.
TESTS = [
    "tests/integration/bot_runner/test_leader.py",
    "tests/e2e/test_bot_service.py",
    "tests/integration/zalo/test_instances.py",
]
# The scheduler's process tests: some six minutes a run on a busy two-core machine.
PROCESS_TESTS = ["tests/e2e/test_scheduler_processes.py"]


def run_once(tests: list[str], extra: list[str]) -> tuple[bool, float, str]:
    """One pytest run: passed, how long it took, its last line."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", *tests, *extra],
        cwd=REPO,
        env=os.environ | {"CI": "true"},
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    return done.returncode == 0, time.monotonic() - started, lines[-1] if lines else done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="how many runs in a row (20)")
    parser.add_argument(
        "--all", action="store_true", help="the scheduler's process tests too (much longer)"
    )
    parser.add_argument("pytest_args", nargs="*", help="more pytest arguments, after --")
    options = parser.parse_args()
    tests = TESTS + (PROCESS_TESTS if options.all else [])
    passed = 0
    for number in range(1, options.runs + 1):
        ok, took, last = run_once(tests, options.pytest_args)
        passed += ok
        print(f"run {number:2}/{options.runs}: {'pass' if ok else 'FAIL'} in {took:5.0f} s  {last}")
        sys.stdout.flush()
    print(f"{passed} of {options.runs} runs passed")
    return 0 if passed == options.runs else 1


if __name__ == "__main__":
    sys.exit(main())
