"""The service's log lines: JSON or text (``logging.format``), at ``logging.level``, each record
of a pass carrying its id, also from the tasks and threads the pass starts."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator

import pytest

from nhacviec.logs import configure_logging, in_pass, new_pass_id

log = logging.getLogger("nhacviec.test")


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger("nhacviec")
    handlers, level, propagate = root.handlers[:], root.level, root.propagate
    yield
    root.handlers[:], root.level, root.propagate = handlers, level, propagate


async def _a_pass() -> None:
    async def send() -> None:
        log.info("delivery", extra={"outbox_key": "k1"})

    with in_pass("p-42"):
        async with asyncio.TaskGroup() as group:
            group.create_task(send())
        await asyncio.to_thread(log.info, "in a thread")
    log.info("after the pass")


def test_json_lines_carry_the_pass_id_in_tasks_and_threads(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("info", "json")
    asyncio.run(_a_pass())
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [(line["event"], line.get("pass_id")) for line in lines] == [
        ("delivery", "p-42"),
        ("in a thread", "p-42"),
        ("after the pass", None),
    ]
    assert lines[0]["outbox_key"] == "k1"
    assert lines[0]["level"] == "info"


def test_text_lines_and_the_level_from_the_settings(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("WARNING", "text")
    with in_pass("p-7"):
        log.info("not written")
        log.warning("lease lost", extra={"outbox_key": "k2"})
    err = capsys.readouterr().err
    assert "not written" not in err
    (line,) = err.splitlines()
    assert " warning nhacviec.test lease lost " in line
    assert "outbox_key=k2" in line
    assert "pass_id=p-7" in line
    with pytest.raises(json.JSONDecodeError):
        json.loads(line)


def test_pass_ids_differ() -> None:
    assert len({new_pass_id() for _ in range(100)}) == 100
