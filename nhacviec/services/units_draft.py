"""The ``units init`` use case: draft a units directory from plan files or stored plans."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from nhacviec.errors import InputError, NotFoundError
from nhacviec.store import plans
from nhacviec.store import units as stored_units
from workflows.importing import parse_plan
from workflows.readers import read_document
from workflows.readers.document import SourceDocument
from workflows.units.directory import UnitDirectory
from workflows.units.draft import Cells, DirectoryDraft, draft_until_known


@dataclass(frozen=True)
class PlanSource:
    """A ``--from-plan`` argument: a plan file, or the id of a stored plan."""

    text: str
    path: Path | None
    plan_id: int | None


def plan_source(text: str) -> PlanSource:
    """A file when one is there; else a number names a stored plan; else a mistake."""
    path = Path(text)
    if path.is_file():
        return PlanSource(text, path, None)
    if text.strip().isdigit():
        return PlanSource(text, None, int(text))
    raise InputError("units_init.no_plan", plan=text)


def draft_plans(
    paths: Sequence[Path],
    stored: Sequence[Cells] = (),
    stored_issuer: str = "",
    *,
    documents: Sequence[SourceDocument] = (),
) -> DirectoryDraft:
    """Every unit name of the plan files (or documents already read) and of stored plans'
    cells, drafted until reading the files with the draft knows every name (stored names
    were split when they were imported)."""
    documents = [*documents, *(read_document(path) for path in paths)]
    issuer = parse_plan(documents[0]).metadata.issuer if documents else stored_issuer

    def read(directory: UnitDirectory | None) -> list[Cells]:
        return [*stored, *_cells(documents, directory)]

    return draft_until_known(read, issuer or stored_issuer)


def _cells(documents: Sequence[SourceDocument], directory: UnitDirectory | None) -> list[Cells]:
    return [
        (task.lead, task.partners)
        for document in documents
        for task in parse_plan(document, directory=directory).tasks
    ]


@dataclass(frozen=True)
class StoredNames:
    """The names stored plans print, task by task, with what the draft needs to say."""

    cells: list[Cells]
    issuer: str  # the first plan's
    sources: dict[int, str]  # plan id → the file it was imported from (its newest version)


def stored_names(session: Session, plan_ids: Sequence[int]) -> StoredNames:
    found = StoredNames([], "", {})
    for plan_id in plan_ids:
        plan = plans.get_plan(session, plan_id)
        if plan is None:
            raise NotFoundError("cli.plan_not_found", plan=plan_id)
        found.cells.extend(stored_units.names_by_task(session, plan_id))
        found.sources[plan_id] = plan.source_name
        if not found.issuer:
            found = StoredNames(found.cells, plan.issuer, found.sources)
    return found
