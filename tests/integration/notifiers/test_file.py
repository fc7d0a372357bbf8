"""The file notifier appends whole UTF-8 blocks, also with two processes writing at once."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from pathlib import Path

from notifiers.base import Address, DeliveryStatus
from notifiers.console import format_block
from notifiers.file import FileNotifier
from notifiers.render import render
from tests.integration.notifiers import file_writer
from tests.unit.notifiers import messages
from tests.unit.notifiers.messages import VHXH

REPO = Path(__file__).resolve().parents[3]
TO_FILE = Address("file", "unit:7", VHXH)


def test_appends_the_console_block_in_utf8(tmp_path: Path) -> None:
    path = tmp_path / "reminders" / "out.txt"  # the folder is created
    notifier = FileNotifier(path, width=50)
    digest, action = messages.digest(), messages.action()
    assert asyncio.run(notifier.send(TO_FILE, digest, key="a")).ok
    assert asyncio.run(notifier.send(TO_FILE, action, key="b")).ok
    expected = format_block(TO_FILE, digest, render(digest), channel="file", width=50)
    expected += format_block(TO_FILE, action, render(action), channel="file", width=50)
    assert path.read_bytes() == expected.encode("utf-8")
    assert expected.startswith(f"── Gửi: {VHXH} (file) ──")


def test_a_path_that_cannot_be_written_is_a_temporary_failure(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    notifier = FileNotifier(blocker / "out.txt")
    delivery = asyncio.run(notifier.send(TO_FILE, messages.digest(), key="a"))
    assert delivery.status is DeliveryStatus.TEMPORARY
    assert "Error" in delivery.detail


def test_two_processes_append_whole_blocks(tmp_path: Path) -> None:
    path = tmp_path / "shared.txt"
    count = 30
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.integration.notifiers.file_writer",
                str(path),
                label,
                str(count),
            ],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for label in ("A", "B")
    ]
    for writer in writers:  # both set up before either starts
        assert writer.stdout is not None
        assert writer.stdout.readline() == "ready\n"
    for writer in writers:  # go: both at once
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.close()
    assert [writer.wait(timeout=100) for writer in writers] == [0, 0]
    for writer in writers:
        assert writer.stdout is not None
        writer.stdout.close()

    expected = {}
    for label in ("A", "B"):
        message = file_writer.big_message(label)
        rendered = render(message)
        for number in range(count):
            address = file_writer.address(label, number)
            expected[address.name] = format_block(
                address, message, rendered, channel="file", width=72
            )
    content = path.read_text(encoding="utf-8")
    blocks = re.split(r"(?=^── Gửi: Writer )", content, flags=re.MULTILINE)
    assert blocks[0] == ""
    found = blocks[1:]
    assert len(found) == 2 * count
    seen = []
    for block in found:
        name = re.match(r"── Gửi: (Writer [AB] #\d+) \(file\)", block)
        assert name is not None
        assert block == expected[name.group(1)]
        seen.append(name.group(1))
    for label in ("A", "B"):  # each writer's blocks in its own order
        assert [s for s in seen if s.startswith(f"Writer {label}")] == [
            f"Writer {label} #{n}" for n in range(count)
        ]
