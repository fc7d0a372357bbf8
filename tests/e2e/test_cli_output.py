"""Output read from a pipe or a log keeps each line whole (issue 9: CI's ``tail`` of the
demo log printed the standings cut mid-sentence at 80 columns)."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from nhacviec.logs import configure_logging

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_tail_of_a_piped_demo_prints_whole_lines(tmp_path: Path) -> None:
    database = tmp_path / "demo.db"
    env = {**os.environ, "COLUMNS": "60", "NHACVIEC_HOME": str(tmp_path / "home")}
    demo = ["demo", "--database", str(database), "--until", "01/07/2025"]
    done = subprocess.run(
        [sys.executable, "-m", "nhacviec", *demo],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    # The tail .ci/run shows: two plans' standings, the note on occurrences, the way back, the time.
    *standings, note, done_line, timing = done.stdout.splitlines()[-5:]
    assert done_line.startswith("Xong.")
    assert done_line.endswith(f"NHACVIEC_DATABASE_URL=sqlite:///{database} nhacviec tasks")
    assert note.startswith("  Nhiệm vụ định kỳ có nhiều lượt/kỳ")
    assert timing.startswith("Chạy thử xong trong ")
    assert timing.endswith("giây CPU).")
    for line in standings:
        assert line.startswith("  KH ")
        assert "hoàn thành đúng hạn" in line
        assert "chưa hoàn thành, quá hạn: " in line
    lines = [*standings, note, done_line]
    assert max(len(line) for line in lines) > 60  # longer than the width, yet whole


def test_pyproject_declares_an_spdx_license_and_a_setuptools_that_reads_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"  # a table is deprecated (pip warns)
    assert "setuptools>=77" in project["build-system"]["requires"]


def test_service_logs_go_to_the_standard_error_of_the_moment(
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = io.StringIO()
    with contextlib.redirect_stderr(first):  # a command that configured logging, then ended
        configure_logging()
        logging.getLogger("nhacviec.service").info("one")
    first.close()  # the stream of a command that has ended
    logging.getLogger("nhacviec.service").info("two")
    err = capsys.readouterr().err
    assert '"event": "two"' in err
    assert "Logging error" not in err
    logging.getLogger("nhacviec").handlers.clear()
