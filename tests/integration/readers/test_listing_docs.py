"""The list-layout reader on the corpus documents, rendered as DOCX and PDF.

Expectations come from the corpus itself: the clerk's reading (``*.expected.json``: task count,
refs, sections, task text start, time text) and the transcription (``*.json``: the field lines
as printed, whose text after the label must be the task row's lead and partners).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.shared_paths import require_shared
from workflows.plan import TaskRow
from workflows.readers.document import SourceDocument
from workflows.readers.docx import read_docx
from workflows.readers.listing import read_list_tasks
from workflows.readers.pdf import read_pdf
from workflows.text import fold

LIST_PLANS = ["01_bo_tuphap_qd173_2015", "17_ubnd_hanoi_kh308_2025"]
TABLE_PLANS = [
    "corpus/05_chinhphu_nq03_2025",
    "corpus/07_ttg_qd2629_2025",
    "corpus/08_ubnd_hanoi_kh310_2025",
    "corpus/13_ubnd_nghean_kh980_2025",
    "fixtures/plans/so-cong-thuong-2025h2",
    "fixtures/plans/xa-ba-long-2025h2",
]


@cache
def _read(path: Path) -> SourceDocument:
    if path.suffix == ".docx":
        return read_docx(path)
    document: SourceDocument = read_pdf(path)
    return document


def _rows(suffix: str, *parts: str) -> list[TaskRow]:
    *folders, name = parts
    return read_list_tasks(_read(require_shared(*folders, f"{name}.{suffix}")))


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _squash(text: str) -> str:
    """Without any whitespace: PDF line wrapping may split or join words."""
    return "".join(text.split())


def _printed_fields(item: dict[str, Any]) -> dict[str, str]:
    """The transcription's field lines as {"lead"|"partners"|"time": text after the label}."""
    fields: dict[str, str] = {}
    for line in item["fields"]:
        label = fold(line["label"])
        value = line["text"][len(line["label"]) :].strip()
        if "chu tri" in label:
            fields["lead"] = value
        elif "phoi hop" in label:
            fields["partners"] = value
        elif "thoi gian" in label:
            fields["time"] = value
    return fields


def _printed_tasks(plan: dict[str, Any]) -> Iterator[dict[str, str]]:
    """One entry per task in the transcription: bullets under "a) Nhiệm vụ:" are one each."""
    for section in plan["sections"]:
        for item in section["items"]:
            paragraphs = item["paragraphs"]
            for _ in paragraphs[1:] or paragraphs:
                yield _printed_fields(item)


@pytest.fixture(params=["docx", "pdf"])
def suffix(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


@pytest.mark.parametrize("stem", LIST_PLANS)
def test_list_plans_give_the_clerks_tasks_in_order(stem: str, suffix: str) -> None:
    expected = _json(require_shared("corpus", f"{stem}.expected.json"))
    rows = _rows(suffix, "corpus", stem)

    assert len(rows) == expected["task_count"]
    for row, task in zip(rows, expected["tasks"], strict=True):
        assert _squash(row.task).startswith(_squash(task["task_text_start"])), task["ref"]
        assert _squash(row.time_text) == _squash(task["time_text"]), task["ref"]
        assert _squash(row.section_title) == _squash(task["section"]), task["ref"]
        assert _ref_matches(row, task), (row.ref_hint, task["ref"])


def _ref_matches(row: TaskRow, task: dict[str, Any]) -> bool:
    """The printed ref, with a letter per bullet when several tasks share one heading."""
    if "group" not in task:
        return bool(row.ref_hint == task["ref"])
    return bool(row.ref_hint[: len(task["ref"])] == task["ref"] and row.ref_hint[-1].isalpha())


@pytest.mark.parametrize("stem", LIST_PLANS)
def test_list_plans_keep_lead_and_partners_as_printed(stem: str, suffix: str) -> None:
    plan = _json(require_shared("corpus", f"{stem}.json"))
    rows = _rows(suffix, "corpus", stem)

    printed = list(_printed_tasks(plan))
    assert len(rows) == len(printed)
    for row, fields in zip(rows, printed, strict=True):
        assert _squash(row.lead) == _squash(fields["lead"]), row.ref_hint
        assert _squash(row.partners) == _squash(fields["partners"]), row.ref_hint
        assert _squash(row.time_text) == _squash(fields["time"]), row.ref_hint


def test_list_refs_are_unique_within_a_plan(suffix: str) -> None:
    for stem in LIST_PLANS:
        refs = [row.ref_hint for row in _rows(suffix, "corpus", stem)]
        assert len(set(refs)) == len(refs), stem


@pytest.mark.parametrize("stem", TABLE_PLANS)
def test_table_plans_have_no_list_tasks(stem: str, suffix: str) -> None:
    assert _rows(suffix, *stem.split("/")) == []
