"""Fixtures for the tests that talk to real servers and stores."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

# The folders whose tests open sockets (SMTP, the Bot API, webhooks) on event loops they end.
_SOCKET_FOLDERS = frozenset({"notifiers", "bot", "bot_runner", "scheduler"})


@pytest.fixture(scope="session")
def _frozen_heap() -> None:
    """Move what is alive once the tests are collected (modules, their constants) out of the
    collector's sight, so that each collection below walks only what the tests made."""
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def _reclaim_garbage_in_the_test_that_made_it(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test that opens sockets, collect garbage: a socket or transport the test
    forgot to close then fails that test (warnings are errors), not whichever test the
    collector happens to run in next."""
    if request.path.parent.name not in _SOCKET_FOLDERS:
        yield
        return
    request.getfixturevalue("_frozen_heap")
    yield
    gc.collect()
