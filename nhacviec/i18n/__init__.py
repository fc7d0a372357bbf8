"""The message catalogue: every sentence a person reads, in Vietnamese and English.

Catalogue files live in ``catalogue/*.yaml``; each key maps to ``{vi: ..., en: ...}`` with
``str.format`` placeholders. Code refers to messages by key and never spells a sentence itself.
The modules beside it make sentences from the domain's facts: ``errors`` (``render_error``),
``workflow`` (state, action and role names, refusals), ``amendments`` (a plan diff's lines).

Used by the faces (CLI, bot) and the channels' templates only. May import the domain
(``workflows``) and the ground (``nhacviec.errors``); never the store, the use cases, the
scheduler or a face.
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
_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeysLoader(_BASE_LOADER):  # type: ignore[valid-type,misc]
    """Refuses a key written twice in one mapping: YAML would silently keep the last one
    (so ``tasks --unit`` once showed the help of ``nhacviec unit``)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                line = key_node.start_mark.line + 1
                raise ValueError(f"message key {key!r} is defined twice (line {line})")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


def load_messages(text: str, name: str) -> dict[str, Mapping[str, str]]:
    """One catalogue file's messages; ``ValueError`` naming the file for a repeated key."""
    try:
        data = yaml.load(text, Loader=_UniqueKeysLoader) or {}
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from exc
    return dict(data)


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
        data = load_messages(entry.read_text(encoding="utf-8"), entry.name)
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
