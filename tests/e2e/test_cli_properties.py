"""Whatever a person types as an option's value, the command answers with a sentence: exit 0,
1 or 2, never a traceback (issue 9: ``--lang vn``, ``--now 9999-…``, ``--due-within 99999999999``
all ended in one)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer import _click as click
from typer.core import TyperArgument, TyperGroup, TyperOption

from nhacviec.cli import COMMANDS, main
from nhacviec.cli.lazy import load_command
from nhacviec.cli.state import help_text
from tests.e2e.conftest import CliRunner, Run

# ``run`` and ``web`` serve until stopped and ``demo`` replays half a year: their options are
# checked by the tests of those commands; here every other command runs once per example.
NOT_RUN_HERE = {"run", "web", "demo"}


def _leaves(
    path: tuple[str, ...], command: click.Command
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    if isinstance(command, TyperGroup):
        for name, sub in command.commands.items():
            yield from _leaves((*path, name), sub)
    else:
        yield path, command


def _commands() -> list[tuple[tuple[str, ...], click.Command]]:
    found = []
    for name, entry in COMMANDS.items():
        if name not in NOT_RUN_HERE:
            found += list(_leaves((name,), load_command(name, entry, help_text)))
    return found


COMMAND_LINES = _commands()


def _typed(value: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return value.filter(lambda text: "\x00" not in text)


VALUES: st.SearchStrategy[str] = st.one_of(
    _typed(st.text(max_size=30)),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
    st.dates().map(lambda day: day.isoformat()),
    st.datetimes(timezones=st.timezones()).map(lambda at: at.isoformat()),
    st.datetimes(datetime(2000, 1, 1), datetime(2099, 12, 31), timezones=st.timezones()).map(
        lambda at: at.isoformat()
    ),
    st.sampled_from(
        ["vi", "en", "vn", "", "-1", "0", "1", "2", "II.1b", "Văn phòng Sở", ".", "/", "..", "1..2"]
    ),
)


def _options(command: click.Command) -> list[click.Parameter]:
    return [p for p in command.params if p.name not in {"help"}]


def _arguments(command: click.Command) -> list[TyperArgument]:
    return [p for p in command.params if isinstance(p, TyperArgument)]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with both seed plans, copied for each command."""
    folder = tmp_path_factory.mktemp("seeded")

    url = f"sqlite:///{folder / 'seed.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NHACVIEC_DATABASE_URL", url)
        patch.setenv("NHACVIEC_HOME", str(folder / "home"))
        plans = resources.files("nhacviec.data.plans")
        for name in ("so-cong-thuong-2025h2.docx", "xa-ba-long-2025h2.docx"):
            assert main(["plan", "import", str(plans.joinpath(name))]) == 0
    return folder / "seed.db"


def _assert_answered(run: Run, args: list[str]) -> None:
    assert run.code in {0, 1, 2}, (args, run.code, run.err)
    assert "Traceback" not in run.err, (args, run.err)
    if run.code != 0:
        assert run.err.strip(), (args, run.out)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("path", "command"), COMMAND_LINES, ids=[" ".join(path) for path, _ in COMMAND_LINES]
)
@settings(
    max_examples=int(os.environ.get("CLI_EXAMPLES", "12")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_option_value_gets_a_sentence(
    cli: CliRunner,
    seeded: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    path: tuple[str, ...],
    command: click.Command,
    data: st.DataObject,
) -> None:
    monkeypatch.chdir(tmp_path)  # a command writing a FILE (``db backup``) writes it here
    database = tmp_path / "db.sqlite"
    if not database.exists():
        database.write_bytes(seeded.read_bytes())
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", f"sqlite:///{database}")
    args = [*path]
    for argument in _arguments(command):
        count = argument.nargs if argument.nargs > 0 else 1
        args += [data.draw(VALUES, label=argument.name or "") for _ in range(count)]
    options = [p for p in _options(command) if isinstance(p, TyperOption)]
    chosen = (
        data.draw(st.lists(st.sampled_from(options), max_size=3, unique_by=id)) if options else []
    )
    for option in chosen:
        name = max(option.opts, key=len)
        if option.is_flag:
            args.append(name)
        else:
            args += [name, data.draw(VALUES, label=name)]
    root = data.draw(st.sampled_from([[], ["--lang"], ["--now"], ["--config"]]))
    if root:
        args += [*root, data.draw(VALUES, label=root[0])]
    if "--now" not in args and path[0] in {"tick"}:
        args += ["--now", "2025-09-01T08:00+07:00"]
    _assert_answered(cli(*args), args)
