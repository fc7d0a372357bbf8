"""Where the browser tests find Chromium, and what they do without it (no browser needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.harness import CHROMIUM_ENV, find_chromium, require_chromium


def test_chromium_is_the_named_one_or_debian_s(tmp_path: Path) -> None:
    named = tmp_path / "chromium"
    named.write_text("#!/bin/sh\n")
    named.chmod(0o755)
    assert find_chromium({CHROMIUM_ENV: str(named)}) == named
    assert find_chromium({CHROMIUM_ENV: str(tmp_path / "nowhere")}) is None


def test_without_a_browser_a_test_skips_but_fails_under_ci(tmp_path: Path) -> None:
    missing = {CHROMIUM_ENV: str(tmp_path / "nowhere")}
    with pytest.raises(pytest.skip.Exception, match=r"no Chromium at .*nowhere"):
        require_chromium(missing)
    with pytest.raises(pytest.fail.Exception, match="required under CI=true"):
        require_chromium(missing | {"CI": "true"})
