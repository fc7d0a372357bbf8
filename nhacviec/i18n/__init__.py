"""The message catalogue: every sentence a person reads, in Vietnamese and English.

Catalogue files live in ``catalogue/*.yaml``; each key maps to ``{vi: ..., en: ...}`` with
``str.format`` placeholders. Code refers to messages by key and never spells a sentence itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import yaml


class Language(StrEnum):
    VI = "vi"
    EN = "en"


DEFAULT_LANGUAGE = Language.VI


# libyaml's parser when PyYAML was built with it (the catalogue loads on every command).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _KeepMissing(dict[str, Any]):
    """Leaves an unknown placeholder visible instead of failing while rendering an error."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """All messages, keyed by message key then language code. Loaded once."""
    merged: dict[str, Mapping[str, str]] = {}
    folder = resources.files(__package__).joinpath("catalogue")
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = yaml.load(entry.read_text(encoding="utf-8"), Loader=_LOADER) or {}
        for key, texts in data.items():
            if key in merged:
                raise ValueError(f"message key {key!r} is defined twice (second in {entry.name})")
            merged[key] = texts
    return merged


def translate(key: str, lang: Language | str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """Render message ``key`` in ``lang``; falls back to Vietnamese, then to the key itself."""
    texts = catalogue().get(key)
    if texts is None:
        return key
    template = texts.get(str(lang)) or texts.get(DEFAULT_LANGUAGE.value) or key
    return template.format_map(_KeepMissing(params))


t = translate
