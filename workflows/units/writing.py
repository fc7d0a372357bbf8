"""A units directory written back as the YAML ``load_directory`` reads (``config/units``), and
the small edits the console makes to it. Pure: text in, text out.

An edit works on the file's data (a plain mapping), and the caller checks the result with
``parse_directory``: an edited directory passes the same checks, with the same errors, as a
file an IT officer writes by hand.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

from workflows.units.directory import Unit, UnitDirectory, UnitGroup

Data = dict[str, Any]


def directory_data(directory: UnitDirectory) -> Data:
    """The file's data: the organisation, the units, then the groups (empty fields left out)."""
    organisation: Data = {"key": directory.organisation_key, "name": directory.organisation_name}
    if directory.issuer_names:
        organisation["issuer_names"] = list(directory.issuer_names)
    data: Data = {
        "organisation": organisation,
        "units": {unit.key: _unit_data(unit) for unit in directory.units},
    }
    if directory.groups:
        data["groups"] = {group.key: _group_data(group) for group in directory.groups}
    return data


def _unit_data(unit: Unit) -> Data:
    entry: Data = {"name": unit.name}
    if unit.aliases:
        entry["aliases"] = list(unit.aliases)
    if unit.emails:
        entry["emails"] = list(unit.emails)
    if unit.telegram_chat_ids:
        entry["telegram_chat_ids"] = list(unit.telegram_chat_ids)
    if unit.head is not None:
        head: Data = {"name": unit.head.name}
        if unit.head.title:
            head["title"] = unit.head.title
        if unit.head.email:
            head["email"] = unit.head.email
        if unit.head.telegram_chat_id is not None:
            head["telegram_chat_id"] = unit.head.telegram_chat_id
        entry["head"] = head
    if unit.groups:
        entry["groups"] = list(unit.groups)  # membership written once: on the unit
    if unit.office:
        entry["office"] = True
    if unit.external:
        entry["external"] = True
    return entry


def _group_data(group: UnitGroup) -> Data:
    entry: Data = {"name": group.name}
    if group.phrases:
        entry["phrases"] = list(group.phrases)
    return entry


def data_yaml(data: Data) -> str:
    return yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
    )


def directory_yaml(directory: UnitDirectory) -> str:
    return data_yaml(directory_data(directory))


def with_unit(data: Data, name: str, *, external: bool = False) -> tuple[Data, str]:
    """The data with a new unit called ``name`` (under a key made from it), and that key."""
    units: Data = dict(data.get("units") or {})
    key = free_key(name, set(units))
    entry: Data = {"name": name.strip()}
    if external:
        entry["external"] = True
    units[key] = entry
    return {**data, "units": units}, key


def with_alias(data: Data, unit_key: str, alias: str) -> Data:
    """The data with ``alias`` added to the unit ``unit_key`` (a ``KeyError`` if it is none)."""
    units: Data = dict(data["units"])
    entry: Data = dict(units[unit_key])
    aliases = list(entry.get("aliases") or [])
    if alias.strip() not in aliases:
        aliases.append(alias.strip())
    entry["aliases"] = aliases
    units[unit_key] = entry
    return {**data, "units": units}


def with_unit_entry(data: Data, unit_key: str, entry: Data) -> Data:
    """The data with the unit ``unit_key``'s entry replaced (or added at the end)."""
    units: Data = dict(data.get("units") or {})
    units[unit_key] = entry
    return {**data, "units": units}


def free_key(name: str, taken: set[str]) -> str:
    """A key for ``name`` in the file's style ("phong-kinh-te"), not among ``taken``."""
    plain = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_name = plain.encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:60].strip("-") or "don-vi"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key
