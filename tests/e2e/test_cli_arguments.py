"""Every bad argument is exit 2 with one sentence from the catalogue, never a traceback
(issue 9's cases, typed as a person typed them)."""

from __future__ import annotations

import pytest

from nhacviec.i18n import translate
from tests.e2e.conftest import CliRunner


def _one_sentence(err: str) -> str:
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.usefixtures("sqlite_url")
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--lang", "vn", "plan", "list"), ["«vn»", "vi, en"]),
        (("--lang=xx", "tasks"), ["«xx»", "vi, en"]),
        (("--now", "9999-12-31T23:59+00:00", "tick"), ["9999-12-31T23:59+00:00", "2000", "2099"]),
        (("--now", "1999-12-31T23:59+07:00", "tasks"), ["2000", "2099"]),
        (("tasks", "--due-within", "99999999999"), ["99999999999", "--due-within", "3660"]),
        (("tasks", "--due-within", "-1"), ["--due-within"]),
        (("tasks", "--plan", "99999999999"), ["--plan", "2147483647"]),
        (("task", "show", "I.1", "--plan", "0"), ["--plan"]),
        (("deliveries", "--limit", "0"), ["--limit"]),
        (("reminders", "preview", "--from", "01/01/1900"), ["01/01/1900", "2099"]),
        (("reminders", "preview", "--to", "31/12/9999"), ["31/12/9999", "2000"]),
        (("plan", "import", "x.docx", "--period", "1900..1901"), ["1900", "2099"]),
    ],
)
def test_a_bad_value_is_one_sentence_and_exit_2(
    cli: CliRunner, args: tuple[str, ...], words: list[str]
) -> None:
    run = cli(*args)
    assert run.code == 2, run.err
    sentence = _one_sentence(run.err)
    for word in words:
        assert word in sentence


def test_the_bad_language_sentence_is_in_english_when_the_help_is(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NHACVIEC_LANGUAGE", "en")
    run = cli("--lang", "vn", "plan", "list")
    expected = translate("cli.bad_lang", "en", value="vn", choices="vi, en")
    assert run.code == 2
    assert _one_sentence(run.err) == expected


@pytest.mark.parametrize("command", [("tasks",), ("reminders", "preview")])
def test_the_unit_option_has_its_own_help(cli: CliRunner, command: tuple[str, ...]) -> None:
    run = cli(*command, "--help")
    assert run.code == 0
    assert translate("cli.help.unit", "vi") in " ".join(run.out.split())
    assert translate("cli.help.unit_links_group", "vi")[:20] not in run.out


def test_the_lang_help_names_the_choices(cli: CliRunner) -> None:
    run = cli("--help")
    assert "vi" in run.out
    assert "en" in run.out
    assert "[vi|en]" in "".join(run.out.split()) or "vi|en" in run.out
