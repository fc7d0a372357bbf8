"""``units init`` on real plans: the drafted file loads with the directory loader, knows every
name the plan prints, and on the seed plans agrees with the directories the offices wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from nhacviec.i18n import Language
from nhacviec.services.units_draft import draft_plans
from nhacviec.units_yaml import draft_to_yaml
from tests.shared_paths import CORPUS, CORPUS_STEMS, FIXTURES
from workflows.importing import parse_plan
from workflows.readers import read_document
from workflows.readers.document import SourceDocument
from workflows.units.directory import Unit, UnitDirectory, load_directory
from workflows.units.draft import DirectoryDraft

REPO = Path(__file__).resolve().parents[3]
SEEDS = {"so-cong-thuong-2025h2": "so-cong-thuong", "xa-ba-long-2025h2": "xa-ba-long"}
PLANS = [
    *((FIXTURES.name, f"{stem}.{fmt}") for stem in SEEDS for fmt in ("docx", "pdf", "xlsx")),
    *((CORPUS.name, f"{stem}.{fmt}") for stem in CORPUS_STEMS for fmt in ("docx", "pdf")),
]
_drafts: dict[Path, DirectoryDraft] = {}
_documents: dict[Path, SourceDocument] = {}


def _plan(folder: str, name: str) -> Path:
    return {FIXTURES.name: FIXTURES, CORPUS.name: CORPUS}[folder] / name


def _document(path: Path) -> SourceDocument:
    if path not in _documents:
        _documents[path] = read_document(path)
    return _documents[path]


def _draft(path: Path) -> DirectoryDraft:
    if path not in _drafts:
        _drafts[path] = draft_plans([], [], documents=[_document(path)])
    return _drafts[path]


def _printed_names(path: Path, directory: UnitDirectory | None) -> list[str]:
    parsed = parse_plan(_document(path), directory=directory)
    return [name for task in parsed.tasks for name in (*task.lead, *task.partners)]


@pytest.mark.parametrize(("folder", "name"), PLANS)
def test_the_drafted_file_loads_and_knows_every_name_of_the_plan(
    folder: str, name: str, tmp_path: Path
) -> None:
    path = _plan(folder, name)
    draft = _draft(path)
    for lang in Language:
        file = tmp_path / f"units.{lang.value}.yaml"
        file.write_text(draft_to_yaml(draft, [path.name], lang), encoding="utf-8")
        directory = load_directory(file)
        assert [unit.name for unit in directory.units] == [unit.name for unit in draft.units]
        assert [group.name for group in directory.groups] == [g.name for g in draft.groups]
        assert [unit.aliases for unit in directory.units] == [u.aliases for u in draft.units]
    unknown = [n for n in _printed_names(path, directory) if directory.resolve(n) is None]
    assert unknown == []
    # the names as split without any directory (what an import without one stores) too
    assert [n for n in _printed_names(path, None) if directory.resolve(n) is None] == []
    assert directory.office_unit() is None  # the office marks it; the draft never guesses


@pytest.mark.parametrize(("folder", "name"), PLANS)
def test_every_printed_name_lands_in_exactly_one_entry(folder: str, name: str) -> None:
    draft = _draft(_plan(folder, name))
    spellings = [s for entry in (*draft.units, *draft.groups) for s in entry.spellings]
    assert len(spellings) == len(set(spellings))
    assert len(draft.units) + len(draft.groups) <= len(spellings)
    for entry in (*draft.units, *draft.groups):
        assert entry.name not in entry.aliases
        assert entry.tasks >= 1
        assert entry.lead <= entry.tasks


@pytest.mark.parametrize("stem", SEEDS)
@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_on_the_seed_plans_the_draft_agrees_with_the_offices_directory(stem: str, fmt: str) -> None:
    """Every unit the draft makes is one unit of the hand-written directory (never two merged),
    and every group is a group there: the draft may only be finer than the office's."""
    draft = _draft(_plan(FIXTURES.name, f"{stem}.{fmt}"))
    office = load_directory(REPO / "config" / "units" / f"{SEEDS[stem]}.yaml")
    for entry in draft.units:
        targets = {office.resolve(spelling) for spelling in entry.spellings}
        kinds = {type(match.target) if match else None for match in targets}
        assert kinds == {Unit}, entry
        assert len({match.target for match in targets if match}) == 1, entry
    for entry in draft.groups:
        for spelling in entry.spellings:
            match = office.resolve(spelling)
            assert match is not None, spelling
            assert match.group is not None, spelling
