"""The units directory: who can receive tasks, how their names are written, and where to reach them.

A directory is read from a YAML file (see ``config/units/README.md``) once, at the edge, and
then used as a plain value: ``resolve(name)`` finds the unit or group a printed name means.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from nhacviec.errors import ConfigError, SourceLocation
from workflows.units import schema
from workflows.units.normalize import loose_key, unit_key, without_notes


@dataclass(frozen=True)
class UnitHead:
    name: str
    email: str | None = None
    telegram_chat_id: int | None = None
    title: str = ""  # "Chánh Văn phòng", "Trưởng phòng"


@dataclass(frozen=True)
class Unit:
    key: str
    name: str
    aliases: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    telegram_chat_ids: tuple[int, ...] = ()
    head: UnitHead | None = None
    groups: tuple[str, ...] = ()  # keys of the groups the unit belongs to
    office: bool = False  # the unit that owns and follows up the plan
    external: bool = False  # outside the organisation (another Sở, the province's office)


@dataclass(frozen=True)
class UnitGroup:
    """A collective phrase ("Các phòng, đơn vị thuộc Sở") and the units it stands for."""

    key: str
    name: str
    phrases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # unit keys


class MatchHow(StrEnum):
    NAME = "name"  # the unit's own name (any case, spacing, abbreviation)
    ALIAS = "alias"
    PHRASE = "phrase"  # a group's name or one of its phrases
    WITHOUT_DIACRITICS = "without_diacritics"  # only equal once diacritics are ignored


@dataclass(frozen=True)
class UnitMatch:
    target: Unit | UnitGroup
    how: MatchHow
    note: str = ""  # a parenthesised remark set aside to find the match ("TTHC cấp xã: …")

    @property
    def unit(self) -> Unit | None:
        return self.target if isinstance(self.target, Unit) else None

    @property
    def group(self) -> UnitGroup | None:
        return self.target if isinstance(self.target, UnitGroup) else None


@dataclass(frozen=True)
class UnitDirectory:
    organisation_key: str
    organisation_name: str
    issuer_names: tuple[str, ...]
    units: tuple[Unit, ...]
    groups: tuple[UnitGroup, ...] = ()
    _exact: dict[str, tuple[Unit | UnitGroup, MatchHow]] = field(
        init=False, repr=False, compare=False
    )
    _loose: dict[str, list[Unit | UnitGroup]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        exact: dict[str, tuple[Unit | UnitGroup, MatchHow]] = {}
        loose: dict[str, list[Unit | UnitGroup]] = {}
        for target, how, name in _names(self.units, self.groups):
            key = unit_key(name)
            if key in exact and exact[key][0] is not target:
                raise ValueError(f"name {name!r} belongs to two entries")
            exact.setdefault(key, (target, how))
            similar = loose.setdefault(loose_key(name), [])
            if target not in similar:
                similar.append(target)
        object.__setattr__(self, "_exact", exact)
        object.__setattr__(self, "_loose", loose)

    def resolve(self, name: str) -> UnitMatch | None:
        """The unit or group ``name`` means, or None when the directory does not know it.

        Tried in order: the name as written; without parenthesised remarks; both once more
        ignoring diacritics, accepted only when a single entry matches.
        """
        bare, note = without_notes(name)
        readings = [(name, "")] + ([(bare, note)] if bare != name else [])
        for text, kept in readings:
            hit = self._exact.get(unit_key(text))
            if hit is not None:
                return UnitMatch(hit[0], hit[1], kept)
        for text, kept in readings:
            similar = self._loose.get(loose_key(text), [])
            if len(similar) == 1:
                return UnitMatch(similar[0], MatchHow.WITHOUT_DIACRITICS, kept)
        return None

    def knows(self, name: str) -> bool:
        return bool(unit_key(name)) and self.resolve(name) is not None

    def is_name_prefix(self, text: str) -> bool:
        """Whether ``text`` is a known name or its beginning (whole words): "Văn phòng HĐND và"."""
        key = unit_key(text)
        return bool(key) and any(k == key or k.startswith(key + " ") for k in self._exact)

    def unit(self, key: str) -> Unit:
        return next(unit for unit in self.units if unit.key == key)

    def group(self, key: str) -> UnitGroup:
        return next(group for group in self.groups if group.key == key)

    def members(self, group: UnitGroup) -> tuple[Unit, ...]:
        return tuple(unit for unit in self.units if unit.key in group.members)

    def office_unit(self) -> Unit | None:
        return next((unit for unit in self.units if unit.office), None)

    def matches_issuer(self, issuer: str) -> bool:
        """Whether a plan's printed issuer ("SỞ CÔNG THƯƠNG") is this organisation."""
        names = (self.organisation_name, *self.issuer_names)
        return unit_key(issuer) in {unit_key(name) for name in names}


def _names(
    units: Iterable[Unit], groups: Iterable[UnitGroup]
) -> Iterator[tuple[Unit | UnitGroup, MatchHow, str]]:
    for unit in units:
        yield unit, MatchHow.NAME, unit.name
        for alias in unit.aliases:
            yield unit, MatchHow.ALIAS, alias
    for group in groups:
        for phrase in (group.name, *group.phrases):
            yield group, MatchHow.PHRASE, phrase


def load_directory(path: Path | str) -> UnitDirectory:
    """Read and check a units directory file. Raises ``ConfigError`` naming the entry to fix."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError("units.config.unreadable", _at(path), reason=str(exc)) from exc
    return parse_directory(text, path)


def parse_directory(text: str, path: Path | str) -> UnitDirectory:
    """Check a units directory's text (an upload, a stored copy) as ``load_directory`` checks
    a file; ``path`` names it in the errors."""
    path = Path(path)
    try:
        data, root = schema.parse(text)
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc) from exc
    _raise_first(path, schema.duplicate_keys(root, path.name))
    if not isinstance(data, dict):
        raise ConfigError("units.config.not_a_mapping", _at(path))
    try:
        entries = schema.DirectoryFile.model_validate(data)
    except ValidationError as exc:
        _raise_first(path, schema.validation_problems(exc, root, path.name))
        raise  # unreachable: a ValidationError always has at least one problem
    _raise_first(path, _consistency_problems(entries, root))
    return _build(entries)


def _at(path: Path, line: int | None = None) -> SourceLocation:
    return SourceLocation(file=str(path), row=line)


def _raise_first(path: Path, problems: list[schema.Problem]) -> None:
    if problems:
        first = problems[0]
        raise ConfigError(first.key, _at(path, first.line), **first.params)


def _yaml_error(path: Path, exc: yaml.YAMLError) -> ConfigError:
    mark = getattr(exc, "problem_mark", None)
    line = None if mark is None else mark.line + 1
    column = None if mark is None else mark.column + 1
    problem = getattr(exc, "problem", None) or str(exc)
    return ConfigError(
        "units.config.yaml_syntax", _at(path, line), line=line, column=column, problem=problem
    )


def _consistency_problems(entries: schema.DirectoryFile, root: Any) -> list[schema.Problem]:
    return [
        *_key_problems(entries, root),
        *_reference_problems(entries, root),
        *_office_problems(entries, root),
        *_name_problems(entries, root),
    ]


def _key_problems(entries: schema.DirectoryFile, root: Any) -> Iterator[schema.Problem]:
    for section, keys in (("units", entries.units), ("groups", entries.groups)):
        for key in keys:
            if not schema.KEY_PATTERN.match(key):
                line = schema.line_of(root, (section, key))
                yield schema.Problem("units.config.bad_key", line, {"entry": section, "key": key})


def _reference_problems(entries: schema.DirectoryFile, root: Any) -> Iterator[schema.Problem]:
    for key, unit in entries.units.items():
        for group in unit.groups:
            if group not in entries.groups:
                line = schema.line_of(root, ("units", key, "groups"))
                params = {"entry": f"units.{key}", "group": group}
                yield schema.Problem("units.config.unknown_group", line, params)
    for key, group_entry in entries.groups.items():
        for member in group_entry.members:
            if member not in entries.units:
                line = schema.line_of(root, ("groups", key, "members"))
                params = {"entry": f"groups.{key}", "member": member}
                yield schema.Problem("units.config.unknown_member", line, params)


def _office_problems(entries: schema.DirectoryFile, root: Any) -> Iterator[schema.Problem]:
    offices = [key for key, unit in entries.units.items() if unit.office]
    for key in offices[1:]:
        line = schema.line_of(root, ("units", key, "office"))
        params = {"entry": f"units.{key}", "other": f"units.{offices[0]}"}
        yield schema.Problem("units.config.two_offices", line, params)
    for key in offices:
        if entries.units[key].external:
            line = schema.line_of(root, ("units", key, "external"))
            yield schema.Problem("units.config.external_office", line, {"entry": f"units.{key}"})


def _name_problems(entries: schema.DirectoryFile, root: Any) -> Iterator[schema.Problem]:
    """Two entries sharing a name, alias or phrase (compared as ``resolve`` compares them)."""
    owners: dict[str, str] = {}
    for entry, field_name, name in _entry_names(entries):
        key = unit_key(name)
        owner = owners.setdefault(key, entry)
        if owner != entry:
            line = schema.line_of(root, (*entry.split("."), field_name))
            params = {"entry": entry, "other": owner, "name": name}
            yield schema.Problem("units.config.duplicate_name", line, params)


def _entry_names(entries: schema.DirectoryFile) -> Iterator[tuple[str, str, str]]:
    for key, unit in entries.units.items():
        yield f"units.{key}", "name", unit.name
        for alias in unit.aliases:
            yield f"units.{key}", "aliases", alias
    for key, group in entries.groups.items():
        yield f"groups.{key}", "name", group.name
        for phrase in group.phrases:
            yield f"groups.{key}", "phrases", phrase


def _build(entries: schema.DirectoryFile) -> UnitDirectory:
    joined = {key: set(group.members) for key, group in entries.groups.items()}
    for key, unit in entries.units.items():
        for group in unit.groups:
            joined[group].add(key)
    units = tuple(_unit(key, entry, joined) for key, entry in entries.units.items())
    groups = tuple(
        UnitGroup(key, entry.name, tuple(entry.phrases), _in_order(entries, joined[key]))
        for key, entry in entries.groups.items()
    )
    organisation = entries.organisation
    return UnitDirectory(
        organisation.key, organisation.name, tuple(organisation.issuer_names), units, groups
    )


def _unit(key: str, entry: schema.UnitEntry, joined: dict[str, set[str]]) -> Unit:
    head = None
    if entry.head is not None:
        h = entry.head
        head = UnitHead(h.name, h.email, h.telegram_chat_id, h.title)
    groups = tuple(group for group, members in joined.items() if key in members)
    return Unit(
        key=key,
        name=entry.name,
        aliases=tuple(entry.aliases),
        emails=tuple(entry.emails),
        telegram_chat_ids=tuple(entry.telegram_chat_ids),
        head=head,
        groups=groups,
        office=entry.office,
        external=entry.external,
    )


def _in_order(entries: schema.DirectoryFile, members: set[str]) -> tuple[str, ...]:
    return tuple(key for key in entries.units if key in members)
