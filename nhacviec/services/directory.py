"""The units directory as the console edits it: import and export the ``config/units`` YAML,
and map the names plans print that no directory knows.

The files listed in the settings (``units_directories``) seed the directories; once an
organisation's directory is imported or edited here, the store keeps its YAML and that copy is
the one plans are read with (``current_directories``). Every change goes through the same
checks as a file (``parse_directory``: the same errors as ``nhacviec units check``), is then
saved as the store's units, contacts and groups, and the plans' names are linked again, so the
reminders reach the units the directory now names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlmodel import Session, col, select

from nhacviec.errors import InputError, NotFoundError
from nhacviec.services.importing import link_names
from nhacviec.store import units as stored_units
from nhacviec.store.directories import keep_directory, stored_directories, stored_directory
from nhacviec.store.models import Plan, Task, TaskUnit, Unit
from workflows.importing import Directories
from workflows.units.directory import UnitDirectory, parse_directory
from workflows.units.writing import (
    Data,
    data_yaml,
    directory_data,
    directory_yaml,
    with_alias,
    with_unit,
    with_unit_entry,
)

CONSOLE_SOURCE = "console"


@dataclass(frozen=True)
class DirectoryChange:
    directory: UnitDirectory
    units: int  # units in the directory now
    names_linked: int  # plan names now pointing at a unit or group of the directory


def current_directories(session: Session, files: Directories) -> Directories:
    """The settings' directories, each replaced by the store's copy of the same organisation,
    then the organisations only the store knows."""
    kept = {
        row.organisation: _parsed(row.text, row.organisation) for row in stored_directories(session)
    }
    chosen = [kept.pop(d.organisation_key, d) for d in files.directories]
    return Directories((*chosen, *kept.values()))


def directory_of(session: Session, organisation: str, files: Directories) -> UnitDirectory:
    for directory in current_directories(session, files).directories:
        if directory.organisation_key == organisation:
            return directory
    raise NotFoundError("console.units.no_directory", organisation=organisation)


def export_text(session: Session, organisation: str, files: Directories) -> str:
    """The organisation's directory as YAML: the text last imported (comments kept), or the
    settings' directory written out."""
    row = stored_directory(session, organisation)
    if row is not None:
        return row.text
    return directory_yaml(directory_of(session, organisation, files))


def import_text(
    session: Session, text: str, file_name: str, *, now: datetime, by: str
) -> DirectoryChange:
    """Replace the organisation's directory with ``text`` (checked as a file is): its units
    are saved, units it no longer lists are kept as names met in plans, plans relinked."""
    directory = parse_directory(text, file_name)
    return _apply(session, directory, text, file_name, now=now, by=by)


def unknown_units(session: Session) -> list[Unit]:
    """Names met in plans that no directory knows and that tasks still name."""
    named = select(TaskUnit.unit_id).where(col(TaskUnit.unit_id).is_not(None))
    query = (
        select(Unit)
        .where(col(Unit.in_directory).is_(False), col(Unit.id).in_(named))
        .order_by(col(Unit.organisation), col(Unit.name))
    )
    return list(session.exec(query).all())


def add_as_unit(
    session: Session, unit_id: int, organisation: str, files: Directories, *, now: datetime, by: str
) -> DirectoryChange:
    """«Thêm thành đơn vị»: the unknown name becomes a unit of the organisation's directory."""
    unknown = _unknown(session, unit_id)
    directory = directory_of(session, unknown.organisation or organisation, files)
    data, _ = with_unit(directory_data(directory), unknown.name)
    return _edited(session, data, directory, now=now, by=by, also=unknown)


def add_as_alias(
    session: Session, unit_id: int, target_id: int, files: Directories, *, now: datetime, by: str
) -> DirectoryChange:
    """«Là tên khác của …»: the unknown name becomes an alias of a directory unit."""
    unknown = _unknown(session, unit_id)
    target = session.get(Unit, target_id)
    if target is None or not target.in_directory:
        raise NotFoundError("console.units.target_not_found", unit=target_id)
    directory = directory_of(session, target.organisation, files)
    data = with_alias(directory_data(directory), _directory_key(target), unknown.name)
    return _edited(session, data, directory, now=now, by=by, also=unknown)


@dataclass(frozen=True)
class UnitEntry:
    """One unit of a directory as its file writes it, for the console's form."""

    organisation: str
    organisation_name: str
    key: str  # "" for a unit not written yet
    entry: Data
    groups: tuple[tuple[str, str], ...]  # the directory's groups: (key, name)


def unit_entry(session: Session, unit_id: int, files: Directories) -> UnitEntry:
    """The directory unit ``unit_id`` as its file writes it."""
    unit = session.get(Unit, unit_id)
    if unit is None or not unit.in_directory:
        raise NotFoundError("console.units.target_not_found", unit=unit_id)
    directory = directory_of(session, unit.organisation, files)
    key = _directory_key(unit)
    data = directory_data(directory)
    entry = data["units"][key]
    return UnitEntry(unit.organisation, directory.organisation_name, key, entry, _groups(directory))


def new_unit_entry(session: Session, organisation: str, files: Directories) -> UnitEntry:
    directory = directory_of(session, organisation, files)
    name = directory.organisation_name
    return UnitEntry(organisation, name, "", {"name": ""}, _groups(directory))


def save_unit_entry(
    session: Session,
    organisation: str,
    key: str,
    entry: Data,
    files: Directories,
    *,
    now: datetime,
    by: str,
) -> DirectoryChange:
    """The unit ``key`` (a new one when empty) written as ``entry``; the whole directory then
    checked as a file is (``ConfigError`` naming the entry and the field; nothing changed)."""
    directory = directory_of(session, organisation, files)
    data = directory_data(directory)
    if not key:
        data, key = with_unit(data, str(entry.get("name") or ""))
    elif key not in data["units"]:
        raise NotFoundError("console.units.no_unit_key", organisation=organisation, key=key)
    data = with_unit_entry(data, key, entry)
    text = data_yaml(data)
    checked = parse_directory(text, f"{organisation}.yaml")
    return _apply(session, checked, text, CONSOLE_SOURCE, now=now, by=by)


def _groups(directory: UnitDirectory) -> tuple[tuple[str, str], ...]:
    return tuple((group.key, group.name) for group in directory.groups)


def _edited(
    session: Session, data: Data, before: UnitDirectory, *, now: datetime, by: str, also: Unit
) -> DirectoryChange:
    text = data_yaml(data)
    directory = parse_directory(text, f"{before.organisation_key}.yaml")
    return _apply(session, directory, text, CONSOLE_SOURCE, now=now, by=by, naming=also)


def _apply(
    session: Session,
    directory: UnitDirectory,
    text: str,
    source: str,
    *,
    now: datetime,
    by: str,
    naming: Unit | None = None,
) -> DirectoryChange:
    organisation = directory.organisation_key
    keep_directory(session, organisation, text, source=source, now=now, by=by)
    index = stored_units.save_directory(session, directory, now)
    _retire(session, organisation, set(index.units.values()))
    linked = sum(
        link_names(session, plan, directory, now)
        for plan in _plans_to_link(session, organisation, naming)
    )
    return DirectoryChange(directory, len(directory.units), linked)


def _retire(session: Session, organisation: str, kept: set[int]) -> None:
    """The organisation's units the directory no longer lists: names met in plans again."""
    query = select(Unit).where(Unit.organisation == organisation, col(Unit.in_directory))
    for unit in session.exec(query).all():
        if unit.id not in kept:
            unit.in_directory = False
            session.add(unit)


def _plans_to_link(session: Session, organisation: str, naming: Unit | None) -> Sequence[Plan]:
    """The organisation's plans, and the plans that print the name being mapped."""
    query = select(Plan).where(Plan.organisation == organisation)
    if naming is not None and naming.id is not None:
        naming_plans = (
            select(Task.plan_id)
            .join(TaskUnit, col(TaskUnit.task_id) == col(Task.id))
            .where(TaskUnit.unit_id == naming.id)
        )
        query = select(Plan).where(
            (col(Plan.organisation) == organisation) | col(Plan.id).in_(naming_plans)
        )
    return session.exec(query.order_by(col(Plan.id))).all()


def _unknown(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None or unit.in_directory:
        raise NotFoundError("console.units.unknown_not_found", unit=unit_id)
    return unit


def _directory_key(unit: Unit) -> str:
    """The unit's key in its directory file ("van-phong-so" of "so-cong-thuong/van-phong-so")."""
    prefix = f"{unit.organisation}/"
    if not unit.key.startswith(prefix):
        raise InputError("console.units.not_in_directory", unit=unit.name)
    return unit.key[len(prefix) :]


@lru_cache(maxsize=64)
def _parsed(text: str, organisation: str) -> UnitDirectory:
    return parse_directory(text, f"{organisation}.yaml")
