"""Hostile plan files (issue 13): how fast and in how much memory each is refused.

    python bench/hostile.py [--keep DIR]

Builds every hostile file of ``tests/hostile.py`` at full size (a 3 MB DOCX whose XML inflates
to 1 GiB, a DOCX whose part lies about its size, a billion-laughs DOCX, an XLSX of 1,000,000
rows, PDFs of 100,000 pages and of 5,000 pages declaring one, the same two with their page
trees packed in compressed object streams, a text of 1,000,000 rows), then
runs ``nhacviec plan import --dry-run FILE`` on each in a fresh process and prints its exit
code, wall and CPU seconds (the start-up of the command included) and peak memory (RSS of
that process). Goal: exit 2, under 5 s, under 300 MB, by the project's own limits (no ulimit).
Figures only; a busy machine is slower (the load average is printed).
"""

# ruff: noqa: E402 - the import path is fixed before the project's imports, see below
from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent)] + [
    entry for entry in sys.path if Path(entry or ".").resolve() != _HERE
]

import argparse
import os
import tempfile

from tests.hostile import BUILDERS, run_measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the files in DIR and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"load average {os.getloadavg()[0]:.1f}")
        print(f"{'file':26} {'size MB':>8} {'exit':>5} {'wall s':>7} {'CPU s':>6} {'peak MB':>8}")
        for label, (name, build, _) in BUILDERS.items():
            path = build(folder / name)
            size = path.stat().st_size / (1 << 20)
            measured = run_measured(path, folder / "home")
            print(
                f"{label:26} {size:8.1f} {measured.code:5} {measured.seconds:7.2f} "
                f"{measured.cpu_seconds:6.2f} {measured.peak_mb:8.0f}"
            )
        print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
