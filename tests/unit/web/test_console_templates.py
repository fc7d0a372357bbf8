"""Every sentence a console page shows comes from the catalogue in both languages: a key a
template names literally must exist (``translate`` would print the bare key)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nhacviec.i18n import catalogue

TEMPLATES = Path(__file__).resolve().parents[3] / "nhacviec" / "web" / "console" / "templates"
LITERAL_KEY = re.compile(r"""(?<![\w.])t\(\s*["']([a-z_][a-z0-9_.]*)["']\s*[,)]""")


def _keys(text: str) -> set[str]:
    return set(LITERAL_KEY.findall(text))


def test_the_pattern_finds_literal_keys_only() -> None:
    text = """{{ t("console.a") }} {{ t('console.b', x=1) }} {{ t("console.c." ~ x) }} get("to")"""
    assert _keys(text) == {"console.a", "console.b"}


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_every_key_a_template_names_is_in_both_languages(template: Path) -> None:
    messages = catalogue()
    for key in sorted(_keys(template.read_text(encoding="utf-8"))):
        assert key in messages, f"{template.name}: {key} is not in the catalogue"
        assert set(messages[key]) >= {"vi", "en"}, f"{template.name}: {key}"
        assert all(messages[key].values()), f"{template.name}: {key} has an empty language"
