"""The shape of a units directory file, and where in the file a problem sits.

Validation errors become catalogue messages (``units.config.*``) naming the entry
("units.van-phong-so.head") and the field, so an IT officer can find and fix the line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, ValidationError

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _check_email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError("bad email")
    return value


Email = Annotated[Text, AfterValidator(_check_email)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HeadEntry(_Strict):
    name: Text
    title: str = ""
    email: Email | None = None
    telegram_chat_id: int | None = None


class UnitEntry(_Strict):
    name: Text
    aliases: list[Text] = []
    emails: list[Email] = []
    telegram_chat_ids: list[int] = []
    head: HeadEntry | None = None
    groups: list[Text] = []
    office: bool = False
    external: bool = False


class GroupEntry(_Strict):
    name: Text
    phrases: list[Text] = []
    members: list[Text] = []


class OrganisationEntry(_Strict):
    key: Text
    name: Text
    issuer_names: list[Text] = []


class DirectoryFile(_Strict):
    organisation: OrganisationEntry
    units: dict[str, UnitEntry]
    groups: dict[str, GroupEntry] = {}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file: a catalogue key, its parameters and the line (if known)."""

    key: str
    line: int | None
    params: dict[str, Any]


# pydantic error types → our catalogue keys; anything else is reported with pydantic's words.
_ERROR_KEYS = {
    "missing": "units.config.missing_field",
    "extra_forbidden": "units.config.unknown_field",
    "string_too_short": "units.config.empty_text",
    "string_type": "units.config.expected_text",
    "int_type": "units.config.expected_integer",
    "int_parsing": "units.config.expected_integer",
    "int_from_float": "units.config.expected_integer",
    "bool_type": "units.config.expected_bool",
    "bool_parsing": "units.config.expected_bool",
    "list_type": "units.config.expected_list",
    "dict_type": "units.config.expected_mapping",
    "model_type": "units.config.expected_mapping",
    "model_attributes_type": "units.config.expected_mapping",
}


def parse(text: str) -> tuple[Any, yaml.Node | None]:
    """The file's data and its node tree (for line numbers). Raises ``yaml.YAMLError``."""
    return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader)


def validation_problems(
    error: ValidationError, root: yaml.Node | None, top_name: str
) -> list[Problem]:
    """One problem per pydantic error; ``top_name`` names the file's top level as an entry."""
    problems = []
    for detail in error.errors():
        location = tuple(detail["loc"])
        field_at = max((i for i, part in enumerate(location) if isinstance(part, str)), default=0)
        entry, field = location[:field_at], location[field_at:]
        params = {
            "entry": describe_path(entry) or top_name,
            "field": describe_path(field),
            "value": detail.get("input"),
            "detail": detail["msg"],
        }
        key = _ERROR_KEYS.get(detail["type"], "units.config.invalid_value")
        if detail["type"] == "value_error":
            key = "units.config.bad_email"
        problems.append(Problem(key, line_of(root, location), params))
    return problems


def describe_path(path: Sequence[Any]) -> str:
    """("units", "vp", "emails", 0) → "units.vp.emails[1]" (list positions counted from 1)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def line_of(root: yaml.Node | None, path: Sequence[Any]) -> int | None:
    """The 1-based line where the deepest existing part of ``path`` is written ("key:")."""
    if root is None:
        return None
    node, line = root, root.start_mark.line + 1
    for part in path:
        found = _child(node, part)
        if found is None:
            break
        node, line = found
    return line


def duplicate_keys(
    node: yaml.Node | None, top_name: str, path: tuple[Any, ...] = ()
) -> list[Problem]:
    """Mapping keys written twice: YAML would silently keep only the last one."""
    if isinstance(node, yaml.SequenceNode):
        items = enumerate(node.value)
        return [p for i, item in items for p in duplicate_keys(item, top_name, (*path, i))]
    if not isinstance(node, yaml.MappingNode):
        return []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        name, line = str(key_node.value), key_node.start_mark.line + 1
        if name in seen:
            entry = describe_path(path) or top_name
            params = {"entry": entry, "key": name, "first_line": seen[name]}
            problems.append(Problem("units.config.duplicate_key", line, params))
        seen.setdefault(name, line)
        problems.extend(duplicate_keys(value_node, top_name, (*path, name)))
    return problems


def _child(node: yaml.Node, part: Any) -> tuple[yaml.Node, int] | None:
    """The child node under ``part`` and the line its key (or list item) is written on."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(part):
                return value_node, key_node.start_mark.line + 1
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item: yaml.Node = node.value[part]
        return item, item.start_mark.line + 1
    return None
