"""Both seed plans, in every form they come in, read into exactly their ground-truth rows."""

from __future__ import annotations

from datetime import date

import pytest

from tests.integration.importing.ground_truth import no_space, seed_plan, seed_rows
from tests.shared_paths import require_shared
from workflows.importing import parse_plan
from workflows.plan import IssuerLevel, ParsedPlan
from workflows.readers import read_document

SEED_FILES = [
    ("so-cong-thuong-2025h2", "so-cong-thuong-2025h2.docx"),
    ("so-cong-thuong-2025h2", "so-cong-thuong-2025h2.pdf"),
    ("so-cong-thuong-2025h2", "so-cong-thuong-2025h2.xlsx"),
    ("so-cong-thuong-2025h2", "../seeds/000_739eac5672039361.txt"),
    ("xa-ba-long-2025h2", "xa-ba-long-2025h2.docx"),
    ("xa-ba-long-2025h2", "xa-ba-long-2025h2.pdf"),
    ("xa-ba-long-2025h2", "xa-ba-long-2025h2.xlsx"),
]
_cache: dict[str, ParsedPlan] = {}


def _parse(file_name: str) -> ParsedPlan:
    if file_name not in _cache:
        _cache[file_name] = parse_plan(
            read_document(require_shared("fixtures", "plans", file_name))
        )
    return _cache[file_name]


@pytest.mark.parametrize(("plan", "file_name"), SEED_FILES, ids=[f for _, f in SEED_FILES])
def test_rows_match_the_ground_truth(plan: str, file_name: str) -> None:
    expected = seed_rows(require_shared("fixtures", "plans", f"{plan}.json"))
    parsed = _parse(file_name)
    assert [task.ref for task in parsed.tasks] == [row.ref for row in expected]
    for task, row in zip(parsed.tasks, expected, strict=True):
        assert no_space(task.row.lead) == no_space(row.lead), task.ref
        assert no_space(task.row.partners) == no_space(row.partners), task.ref
        assert no_space(task.row.time_text) == no_space(row.time), task.ref


@pytest.mark.parametrize(("plan", "file_name"), SEED_FILES, ids=[f for _, f in SEED_FILES])
def test_plan_metadata_is_read(plan: str, file_name: str) -> None:
    truth = seed_plan(require_shared("fixtures", "plans", f"{plan}.json"))
    meta = _parse(file_name).metadata
    assert meta.issuer_level == IssuerLevel(truth["issuer_level"])
    assert (meta.period.start, meta.period.end) == (date(2025, 7, 1), date(2025, 12, 31))
    assert meta.issuer.casefold() == truth["issuer"].casefold()
    if not file_name.endswith((".xlsx", ".txt")):  # the appendix alone carries no title
        assert meta.title == truth["title"]


def test_docx_rows_keep_their_cell_text_exactly() -> None:
    """In DOCX the text is exact, not just equal without spaces."""
    expected = seed_rows(require_shared("fixtures", "plans", "xa-ba-long-2025h2.json"))
    parsed = _parse("xa-ba-long-2025h2.docx")
    for task, row in zip(parsed.tasks, expected, strict=True):
        assert task.row.lead.replace("\n", " ") == row.lead
        assert task.row.time_text == row.time


def test_activity_rows_share_their_task_but_keep_their_own_task_cell() -> None:
    tasks = {task.ref: task for task in _parse("xa-ba-long-2025h2.docx").tasks}
    first, second = tasks["II.7a"], tasks["II.7b"]
    assert first.row.objective == second.row.objective
    assert second.row.task.startswith("Nâng cao chất lượng nhân lực")
    assert first.row.task != second.row.task


def test_unit_cells_are_split_into_units_even_without_separators() -> None:
    tasks = {task.ref: task for task in _parse("xa-ba-long-2025h2.pdf").tasks}
    assert tasks["I.5"].lead == ("Phòng VH-XH", "Phòng Kinh tế")
    assert tasks["II.2a"].lead == ("VP HĐND và UBND", "Phòng VH-XH")


def test_page_split_rows_are_joined_in_the_pdf() -> None:
    tasks = {task.ref: task for task in _parse("so-cong-thuong-2025h2.pdf").tasks}
    # "Các phòng," on one page and "đơn vị thuộc Sở" on the next are one cell.
    assert tasks["III.1"].row.lead == "Các phòng, đơn vị thuộc Sở"
    assert tasks["III.1"].row.objective.endswith("sau khi Bộ, ngành trung ương công bố.")
