"""Hostile plan files are refused by the project's own limits (issue 13, item 9): exit 2 and a
sentence naming the file and the limit, the database untouched, the memory bounded.

The files are built at full size in a temporary folder (``tests/hostile.py``); the speed of
each refusal is a figure of ``bench/hostile.py``, not an assertion here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import hostile
from tests.e2e.conftest import CliRunner

PEAK_MB = 300


@pytest.mark.parametrize("case", list(hostile.BUILDERS), ids=list(hostile.BUILDERS))
def test_a_hostile_file_is_refused_with_a_sentence(
    cli: CliRunner, sqlite_url: str, tmp_path: Path, case: str
) -> None:
    name, build, words = hostile.BUILDERS[case]
    path = build(tmp_path / name)
    run = cli("--lang", "vi", "plan", "import", path)
    assert run.code == 2, run.err
    assert f"tệp {path}:" in run.err
    assert words in run.err
    assert not (tmp_path / "nhacviec.db").exists() or cli("plan", "list", "--json").json() == []


@pytest.mark.slow
def test_every_hostile_file_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """Each in its own process, whose peak memory is measured (no ulimit: our limits)."""
    for case, (name, build, words) in hostile.BUILDERS.items():
        measured = hostile.run_measured(build(tmp_path / name), tmp_path / "home")
        assert measured.code == 2, (case, measured.err)
        assert words in measured.err, case
        assert measured.peak_mb < PEAK_MB, (case, measured.peak_mb)


def test_the_limits_come_from_the_settings(
    cli: CliRunner, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = hostile.text_rows(tmp_path / "plan.txt", 150)
    monkeypatch.setenv("NHACVIEC_READING_MAX_ROWS", "100")
    run = cli("--lang", "en", "plan", "import", "--dry-run", path)
    assert run.code == 2
    assert "more than 100 table rows" in run.err
    assert "reading.max_rows (NHACVIEC_READING_MAX_ROWS)" in run.err
