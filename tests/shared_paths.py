"""Where the plan fixtures live: ``tests/fixtures`` in the repository (see its README.md).

They are copies of the project's shared plans, corpus and seed texts, so that a fresh clone runs
every test. A test whose fixture is missing fails: it never skips.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURE_ROOT = REPO / "tests" / "fixtures"
FIXTURES = FIXTURE_ROOT / "plans"
CORPUS = FIXTURE_ROOT / "corpus"
SEEDS = FIXTURE_ROOT / "seeds"
# The six corpus plans (other issuers and layouts), by file stem: .docx, .pdf and .json each.
CORPUS_STEMS = (
    "01_bo_tuphap_qd173_2015",
    "05_chinhphu_nq03_2025",
    "07_ttg_qd2629_2025",
    "08_ubnd_hanoi_kh310_2025",
    "13_ubnd_nghean_kh980_2025",
    "17_ubnd_hanoi_kh308_2025",
)


def fixture_path(*relative: str) -> Path:
    """The fixture at ``relative`` (``"plans", "x.docx"``, ``"corpus", …``, ``"seeds", …``;
    the shared folder's spelling ``"fixtures", "plans", …`` is accepted too), or fail the test
    when it is absent."""
    parts = relative[1:] if relative[:1] == ("fixtures",) else relative
    joined = Path(*parts)
    if joined.parts[:1] == ("fixtures",):  # one string: "fixtures/plans/x"
        joined = Path(*joined.parts[1:])
    path = FIXTURE_ROOT / joined
    if not path.exists():
        pytest.fail(f"test fixture {path} is missing (see tests/fixtures/README.md)")
    return path


def require_shared(*relative: str) -> Path:
    """``fixture_path``: the name kept for the tests written when the fixtures were shared."""
    return fixture_path(*relative)


def require_dir(path: Path) -> Path:
    """``path``, a fixture folder, or fail (collection included) when it is absent."""
    if not path.is_dir():
        raise FileNotFoundError(
            f"test fixture folder {path} is missing (see tests/fixtures/README.md)"
        )
    return path
