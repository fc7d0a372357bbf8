"""``--help`` speaks the reader's language throughout: Typer's own headings, the help option's
line and the value types too, not only nhacviec's sentences."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.e2e.conftest import CliRunner

ENGLISH_ONLY = ("Usage:", "Options", "Commands", "Show this message", "<str>", "<int>", "<bool>")


def test_vietnamese_help_has_no_english_words_of_typer(cli: CliRunner) -> None:
    run = cli("task", "report", "--help")
    assert run.code == 0, run.err
    for words in ("Cách dùng: nhacviec task report", "Tham số", "Tùy chọn", "[bắt buộc]"):
        assert words in run.out
    assert "Hiện hướng dẫn này rồi thoát." in run.out
    assert "<số nguyên>" in run.out
    assert "<chữ>" in run.out
    assert [words for words in ENGLISH_ONLY if words in run.out] == []


def test_root_help_lists_commands_under_a_vietnamese_heading(cli: CliRunner) -> None:
    run = cli("--help")
    assert "Lệnh" in run.out
    assert "Tùy chọn" in run.out
    assert [words for words in ENGLISH_ONLY if words in run.out] == []


def test_a_flag_shows_no_type(cli: CliRunner) -> None:
    run = cli("task", "report", "--help")
    line = next(line for line in run.out.splitlines() if "--on-behalf" in line)
    assert "<" not in line


def test_lang_en_turns_typer_words_english_and_back(cli: CliRunner) -> None:
    english = cli("--lang", "en", "plan", "--help")
    assert "Usage: nhacviec plan" in english.out
    assert "Show this message and exit." in english.out
    again = cli("plan", "--help")  # the next run in the same process: Vietnamese again
    assert "Cách dùng: nhacviec plan" in again.out


@pytest.mark.parametrize(
    ("args", "title"),
    [
        (["--lang", "en", "--help"], "nhacviec — plan reminders"),
        (["--help"], "nhacviec — nhắc việc theo kế hoạch"),
    ],
)
def test_root_help_is_in_the_language_asked_for_in_a_new_process(
    args: list[str], title: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "nhacviec", *args],
        capture_output=True,
        text=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert title in done.stdout
