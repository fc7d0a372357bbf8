"""The bot against the loopback Bot API server, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.telegram_api import BotApiServer, serve_in_thread


@pytest.fixture
def telegram() -> Iterator[BotApiServer]:
    with serve_in_thread(BotApiServer()) as server:
        yield server


@pytest.fixture
def open_telegram() -> Iterator[BotApiServer]:
    """The directory's own chat ids are reached too (every chat accepted)."""
    with serve_in_thread(BotApiServer(any_chat=True)) as server:
        yield server
