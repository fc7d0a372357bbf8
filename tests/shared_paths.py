"""Where the shared plan fixtures live: ``../shared`` next to the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
FIXTURES = SHARED / "fixtures" / "plans"
CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"


def require_shared(*relative: str) -> Path:
    """The shared file at ``relative``, or skip the test with a clear reason when it is absent."""
    path = SHARED.joinpath(*relative)
    if not path.exists():
        pytest.skip(f"shared fixture {path} is absent (expected ../shared next to the repo)")
    return path
