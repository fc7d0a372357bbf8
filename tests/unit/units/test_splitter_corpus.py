"""The splitter against a clerk's reading of six real plans from other issuers (no directory).

Each lead/partners cell of ``shared/corpus/*.json`` must split into the clerk's ``lead`` /
``partners`` list, or into the ``units_alt`` variant, compared as the corpus README says:
casefolded, whitespace collapsed, ``" -;,."`` trimmed, unordered.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.shared_paths import CORPUS, require_dir
from workflows.units.splitter import split_units


def comparable(names: list[str]) -> list[str]:
    return sorted(" ".join(name.casefold().split()).strip(" -;,.") for name in names)


def _column(columns: list[str], word: str) -> int:
    return next(i for i, title in enumerate(columns) if word in title.lower())


def _table_cells(plan: dict[str, Any]) -> Iterator[tuple[str, str]]:
    lead, partners = _column(plan["columns"], "chủ trì"), _column(plan["columns"], "phối hợp")
    for section in plan["sections"]:
        for row in section["rows"]:
            yield row["cells"][lead] or "", row["cells"][partners] or ""


def _field(item: dict[str, Any], word: str) -> str:
    for field in item["fields"]:
        if word in field["label"].lower():
            return str(field["text"])[len(field["label"]) :].strip()
    return ""


def _list_cells(plan: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for section in plan["sections"]:
        for item in section["items"]:
            yield _field(item, "chủ trì"), _field(item, "phối hợp")


def _expected_tasks(expected: dict[str, Any], layout: str) -> list[dict[str, Any]]:
    """One expected task per table row; list layouts share one field block per ``ref``."""
    if layout == "table":
        return list(expected["tasks"])
    first_of_ref: dict[str, dict[str, Any]] = {}
    for task in expected["tasks"]:
        first_of_ref.setdefault(task["ref"], task)
    return list(first_of_ref.values())


def corpus_cells() -> Iterator[Any]:
    for path in sorted(require_dir(CORPUS).glob("[0-9][0-9]_*.expected.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        plan_path = Path(path.parent, expected["plan"])
        plan = json.loads(plan_path.read_text(encoding="utf-8"))
        cells = _table_cells(plan) if plan["layout"] == "table" else _list_cells(plan)
        tasks = _expected_tasks(expected, plan["layout"])
        for (lead, partners), task in zip(cells, tasks, strict=True):
            alternative = task.get("units_alt", {})
            for role, cell in (("lead", lead), ("partners", partners)):
                case_id = f"{path.name[:2]}:{task['ref']}:{role}"
                yield pytest.param(cell, task[role], alternative.get(role), id=case_id)


@pytest.mark.parametrize(("cell", "clerk", "alternative"), list(corpus_cells()))
def test_cell_splits_as_the_clerk_reads_it(
    cell: str, clerk: list[str], alternative: list[str] | None
) -> None:
    got = comparable(split_units(cell))
    accepted = [comparable(clerk)] + ([comparable(alternative)] if alternative else [])
    assert got in accepted
