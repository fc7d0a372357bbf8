"""Fixtures for the tests that talk to real servers and stores."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _reclaim_garbage_in_the_test_that_made_it() -> Iterator[None]:
    """Collect garbage after each test, so that a socket or transport a test forgot to close
    fails that test (warnings are errors) instead of whichever test the collector next runs in."""
    yield
    gc.collect()
