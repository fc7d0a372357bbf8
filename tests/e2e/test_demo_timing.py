"""``nhacviec demo`` ends with how long it took: wall seconds and CPU seconds, in the user's
language (the README quotes that figure)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nhacviec.i18n import translate
from tests.e2e.conftest import CliRunner

UNTIL = "02/07/2025"  # the import and two mornings: the line is the same for any period


def _timing_pattern(lang: str, decimal_mark: str) -> re.Pattern[str]:
    number = r"\d+" + re.escape(decimal_mark) + r"\d"
    sentence = re.escape(translate("cli.demo.timing", lang, seconds="@1@", cpu="@2@"))
    return re.compile(sentence.replace("@1@", f"({number})").replace("@2@", f"({number})"))


@pytest.mark.parametrize(("lang", "decimal_mark"), [("vi", ","), ("en", ".")])
def test_the_demo_prints_its_wall_and_cpu_time_last(
    cli: CliRunner, tmp_path: Path, lang: str, decimal_mark: str
) -> None:
    run = cli("--lang", lang, "demo", "--database", tmp_path / "demo.db", "--until", UNTIL)
    assert run.code == 0, run.err
    last = run.out.strip().splitlines()[-1]
    found = _timing_pattern(lang, decimal_mark).fullmatch(last)
    assert found, last
    wall, cpu = (float(value.replace(",", ".")) for value in found.groups())
    assert wall > 0
    assert cpu > 0
