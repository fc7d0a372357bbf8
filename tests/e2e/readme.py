"""The README's shell examples, read as a user reads them: fenced ``bash`` blocks by section.

A block belongs to the nearest heading above it (any level). Each line of a block is one
command; a line ending in ``\\`` continues on the next. Leading ``NAME=value`` words set the
environment of that command only; ``export NAME=value …`` sets it for the rest of the section.
A trailing comment ``# exit N`` (``# exit 2: why``) says the command must exit with N; any other
command must exit 0. A ``<placeholder>`` is one word, which the test replaces.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"

_HEADING = re.compile(r"^(#{1,6})\s+(?P<title>.+?)\s*$")
_FENCE = re.compile(r"^(?P<indent>\s*)```(?P<lang>\S*)\s*$")
_EXIT = re.compile(r"\s#\s*exit\s+(?P<code>\d+)\b")
_PLACEHOLDER = re.compile(r"<[^<>'\"]+>")  # "<the printed token>": one word a user types in
_ASSIGNMENT = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)=(?P<value>.*)$", re.DOTALL)


@dataclass(frozen=True)
class Command:
    """One command line of a block."""

    line: str  # as written (continuations joined)
    env: dict[str, str]  # NAME=value words before the command
    argv: list[str]  # the command and its arguments, quotes removed
    exit_code: int  # what the README says it exits with
    export: bool = False  # ``export NAME=value …``: ``env`` holds the names, ``argv`` is empty

    @property
    def is_service(self) -> bool:
        """``nhacviec run``: a service that runs until it is stopped."""
        return self.argv[:1] == ["nhacviec"] and self.argv[-1:] == ["run"]


@dataclass(frozen=True)
class Block:
    section: str  # the heading above it
    lang: str
    first_line: int  # 1-based, in README.md
    commands: list[Command] = field(default_factory=list)

    @property
    def is_shell(self) -> bool:
        return self.lang in {"bash", "sh", "shell", "console"}


def parse_command(line: str) -> Command:
    """Split one command line (comments dropped) into its environment, words and exit code."""
    expected = _EXIT.search(line)
    words = shlex.split(_PLACEHOLDER.sub(lambda found: shlex.quote(found[0]), line), comments=True)
    if words[:1] == ["export"]:
        return Command(line, _assignments(words[1:]), [], 0, export=True)
    env: dict[str, str] = {}
    while words and (match := _ASSIGNMENT.match(words[0])):
        env[match["name"]] = match["value"]
        words.pop(0)
    return Command(line, env, words, int(expected["code"]) if expected else 0)


def _assignments(words: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for word in words:
        match = _ASSIGNMENT.match(word)
        if match is None:
            raise ValueError(f"export of something other than NAME=value: {word!r}")
        found[match["name"]] = match["value"]
    return found


def _commands(lines: list[str]) -> list[Command]:
    commands: list[Command] = []
    pending = ""
    for raw in lines:
        stripped = raw.strip()
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        joined = pending + stripped
        pending = ""
        if joined and not joined.startswith("#"):
            commands.append(parse_command(joined))
    if pending:
        raise ValueError(f"a block ends inside a continued line: {pending!r}")
    return commands


def blocks(text: str | None = None) -> list[Block]:
    """Every fenced block of the README, with its section and (shell blocks) its commands."""
    lines = (README.read_text(encoding="utf-8") if text is None else text).splitlines()
    found: list[Block] = []
    section = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if fence is None:
            heading = _HEADING.match(line)
            if heading is not None:
                section = heading["title"]
            index += 1
            continue
        body: list[str] = []
        index += 1
        while index < len(lines) and not _FENCE.match(lines[index]):
            body.append(lines[index])
            index += 1
        block = Block(section, fence["lang"], index - len(body))
        if block.is_shell:
            block.commands.extend(_commands(body))
        found.append(block)
        index += 1  # the closing fence
    return found


def section_blocks(prefix: str, text: str | None = None) -> list[Block]:
    """The shell blocks of the section whose heading starts with ``prefix``, in order."""
    return [b for b in blocks(text) if b.is_shell and b.section.startswith(prefix)]
