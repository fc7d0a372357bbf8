"""The ``plan import`` use case: read files, then store every plan in one transaction.

Reading happens entirely before writing, so a bad file anywhere leaves the database as it was.
Importing a file already imported (same bytes, or the same plan from another format, or a copy
whose title came out damaged: ``workflows.identity``) creates nothing new. A plan whose title
came out damaged and whose content is an amended version of a stored plan is not stored as a
plan of its own: the import is refused with the way to apply it (``--amends``) or to name it
(``--title``), since without its title nobody can tell which it is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from nhacviec.errors import InputError, NotFoundError, SourceLocation, StoreError
from nhacviec.store import plans, units
from nhacviec.store.journal import append_event
from nhacviec.store.models import Plan
from nhacviec.store.plans import SourceFile
from workflows.event_payloads import UnitsLinked
from workflows.importing import NO_DIRECTORIES, Directories, parse_plan
from workflows.plan import ParsedPlan
from workflows.plan_events import EventKind
from workflows.readers import ProgressCallback, read_document
from workflows.readers.limits import DEFAULT_LIMITS, ReadLimits
from workflows.readers.metadata import MetadataOverrides
from workflows.units.directory import UnitDirectory


class ImportStatus(StrEnum):
    IMPORTED = "imported"
    ALREADY_IMPORTED = "already_imported"
    DRY_RUN = "dry_run"


@dataclass(frozen=True)
class FileReading:
    path: Path
    source: SourceFile
    parsed: ParsedPlan
    directory: UnitDirectory | None


@dataclass(frozen=True)
class ImportResult:
    reading: FileReading
    status: ImportStatus
    plan_id: int | None = None
    existing_source: str | None = None
    directory_key: str = ""  # the units directory the (stored) plan's names are linked to
    units_linked: int = 0  # names of an already imported plan linked to the directory now


def read_plan_file(
    path: Path,
    *,
    overrides: MetadataOverrides | None = None,
    directory: UnitDirectory | None = None,
    directories: Directories = NO_DIRECTORIES,
    on_page: ProgressCallback | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> FileReading:
    """Read and parse one plan file within ``limits`` (nothing is stored)."""
    document = read_document(path, limits=limits, on_page=on_page)
    parsed = parse_plan(document, overrides=overrides, directory=directory, directories=directories)
    chosen = directory or directories.for_issuer(parsed.metadata.issuer)
    source = SourceFile(name=path.name, format=document.format.value, sha256=_sha256(path))
    return FileReading(path=path, source=source, parsed=parsed, directory=chosen)


def store_readings(
    session: Session, readings: Sequence[FileReading], *, now: datetime, office: str | None = None
) -> list[ImportResult]:
    """Store each reading unless already stored. The caller commits (one transaction).

    ``office`` names the plan's office (``--office``); by default the directory's office.
    """
    return [_store(session, reading, now, office) for reading in readings]


def needs_store_to_preview(readings: Sequence[FileReading]) -> bool:
    """Whether ``preview_readings`` reads the store: only an untitled plan may be refused."""
    return any(not reading.parsed.metadata.title for reading in readings)


def preview_readings(session: Session, readings: Sequence[FileReading]) -> list[ImportResult]:
    """The dry run of ``store_readings``: nothing is written, but what the import would refuse
    is refused the same way (an untitled amended version of a stored plan), so the preview
    never shows as importable a file the import turns down."""
    for reading in readings:
        if not reading.parsed.metadata.title and _existing(session, reading) is None:
            _refuse_untitled_version(session, reading)
    return [ImportResult(reading, ImportStatus.DRY_RUN) for reading in readings]


def _existing(session: Session, reading: FileReading) -> Plan | None:
    return (
        plans.find_plan_by_source(session, reading.source.sha256)
        or plans.find_same_plan(session, reading.parsed.metadata)
        or plans.find_same_content(session, reading.parsed)
    )


def _store(
    session: Session, reading: FileReading, now: datetime, office: str | None
) -> ImportResult:
    existing = _existing(session, reading)
    if existing is not None:
        linked = link_names(session, existing, reading.directory, now)
        return ImportResult(
            reading,
            ImportStatus.ALREADY_IMPORTED,
            existing.id,
            existing.source_name,
            directory_key=existing.organisation,
            units_linked=linked,
        )
    _refuse_untitled_version(session, reading)
    index = (
        units.save_directory(session, reading.directory, now)
        if reading.directory is not None
        else None
    )
    organisation = reading.directory.organisation_key if reading.directory else ""
    office_id = _office_id(session, office, organisation, now) if office else None
    try:
        plan = plans.save_plan(
            session,
            reading.parsed,
            reading.source,
            reading.directory,
            index,
            now=now,
            office_unit_id=office_id,
        )
    except IntegrityError as exc:  # the reading's refs are distinct: another writer raced us
        raise StoreError("import.conflict", file=reading.path.name) from exc
    return ImportResult(reading, ImportStatus.IMPORTED, plan.id, directory_key=organisation)


def _refuse_untitled_version(session: Session, reading: FileReading) -> None:
    """An untitled plan that looks like an amended version of stored ones (same issuer,
    another number, half the tasks shared) is refused, naming them: applying it as an
    amendment or keeping it as a new plan is the office's choice."""
    if reading.parsed.metadata.title:
        return
    found = [plan.id for plan in plans.find_versions_by_content(session, reading.parsed)]
    if not found:
        return
    raise InputError(
        "import.untitled_amendment",
        SourceLocation(str(reading.path)),
        plans=", ".join(str(plan_id) for plan_id in found),
        plan=found[0],
        file=reading.path.name,
    )


def link_names(session: Session, plan: Plan, directory: UnitDirectory | None, now: datetime) -> int:
    """Link a stored plan's names to the directory it is imported with again (``--units``,
    or a directory of the settings): its units and groups become the recipients, and the
    scheduler plans the plan's reminders again."""
    if directory is None or plan.id is None:
        return 0
    index = units.save_directory(session, directory, now)
    linked = units.link_plan_names(session, plan.id, directory, index)
    plan.organisation = plan.organisation or directory.organisation_key
    if plan.office_unit_id is None:
        plan.office_unit_id = index.office_unit_id
    session.add(plan)
    if linked:
        payload = UnitsLinked(linked, directory.organisation_key)
        append_event(session, EventKind.UNITS_LINKED, now, plan_id=plan.id, payload=payload)
    return linked


def _office_id(session: Session, name: str, organisation: str, now: datetime) -> int:
    """The unit named as the plan's office: a directory unit, else a unit kept by that name."""
    found = units.find_units(session, name, organisation)
    if len(found) > 1:
        names = "; ".join(f"{unit.name} ({unit.organisation or '—'})" for unit in found)
        raise InputError("tasks.unit_ambiguous", name=name, units=names)
    if found and found[0].id is not None:
        return found[0].id
    if organisation:  # a directory lists the units: a name it lacks is a mistake, not a unit
        raise NotFoundError("import.office_not_found", name=name)
    return units.unknown_unit(session, organisation, name, now)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
