"""Plan metadata read from every shared document, in every format it is rendered in, against
the values recorded in its JSON (fixtures: ``issuer``, ``title``, ``document_number``,
``period``; corpus: ``issuer``, ``doc_number``, ``doc_date``, ``title``, ``period``)."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.shared_paths import require_shared
from workflows.plan import Period, PlanMetadata
from workflows.readers.document import SourceDocument
from workflows.readers.docx import read_docx
from workflows.readers.listing import read_list_tasks
from workflows.readers.metadata import read_metadata
from workflows.readers.pdf import read_pdf
from workflows.readers.text import read_text
from workflows.readers.xlsx import read_xlsx
from workflows.text import fold

FIXTURES = {
    "so-cong-thuong-2025h2": "000_739eac5672039361",
    "xa-ba-long-2025h2": "001_5e627b14153b6930",
}
# Where each corpus plan's period is read from (its JSON ``period_note`` says why).
CORPUS_PERIOD_SOURCES = {
    "01_bo_tuphap_qd173_2015": "title",
    "05_chinhphu_nq03_2025": "deadlines",  # UNCLEAR: deadlines 2025…2028, cycle to 2030
    "07_ttg_qd2629_2025": "body",  # "II. MỤC TIÊU ĐẾN NĂM 2030", signed in 2025
    "08_ubnd_hanoi_kh310_2025": "title",  # "… ĐẾN NĂM 2030", signed in 2025
    "13_ubnd_nghean_kh980_2025": "deadlines",  # UNCLEAR
    "17_ubnd_hanoi_kh308_2025": "deadlines",  # UNCLEAR
}
# A decision whose body holds the plan is known by the plan's title, not the decision's.
ATTACHED_PLAN_PREFIX = {"01_bo_tuphap_qd173_2015": "Quyết định ban hành "}


@cache
def _read(path: Path) -> SourceDocument:
    if path.suffix == ".docx":
        return read_docx(path)
    if path.suffix == ".xlsx":
        return read_xlsx(path)
    if path.suffix == ".txt":
        return read_text(path)
    document: SourceDocument = read_pdf(path)
    return document


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _period(recorded: dict[str, str]) -> Period:
    return Period(date.fromisoformat(recorded["start"]), date.fromisoformat(recorded["end"]))


def _time_texts(document: SourceDocument) -> list[str]:
    """The plan's time column: the cells under a "Thời gian"/"Thời hạn" header, or the time
    fields of a list layout."""
    for table in document.tables:
        for position, row in enumerate(table.rows):
            for column, cell in enumerate(row.cells):
                if fold(cell.text).startswith(("thoi gian", "thoi han")):
                    return [below.cells[column].text for below in table.rows[position + 1 :]]
    return [row.time_text for row in read_list_tasks(document)]


def _metadata(path: Path) -> tuple[PlanMetadata, list[str]]:
    document = _read(path)
    metadata, notices = read_metadata(document, time_texts=_time_texts(document))
    return metadata, [notice.code for notice in notices]


@pytest.mark.parametrize("suffix", ["docx", "pdf", "xlsx", "txt"])
@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_plans(name: str, suffix: str) -> None:
    recorded = _json(require_shared("fixtures", "plans", f"{name}.json"))
    if suffix == "txt":
        path = require_shared("seeds", f"{FIXTURES[name]}.txt")
    else:
        path = require_shared("fixtures", "plans", f"{name}.{suffix}")

    metadata, notices = _metadata(path)

    assert metadata.issuer == recorded["issuer"]
    assert metadata.issuer_level.value == recorded["issuer_level"]
    assert metadata.number == recorded["document_number"]
    assert (metadata.period, metadata.period_source) == (_period(recorded["period"]), "title")
    if suffix == "xlsx":  # the appendix alone prints its caption, not the plan's title
        assert notices == ["metadata.title_from_caption"]
    else:
        assert (metadata.title, notices) == (recorded["title"], [])


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
@pytest.mark.parametrize("stem", sorted(CORPUS_PERIOD_SOURCES))
def test_corpus_plans(stem: str, suffix: str) -> None:
    recorded = _json(require_shared("corpus", f"{stem}.json"))

    metadata, notices = _metadata(require_shared("corpus", f"{stem}.{suffix}"))

    assert fold(metadata.issuer) == fold(recorded["issuer"])
    assert metadata.issuer_level.value == recorded["issuer_level"]
    assert metadata.number == recorded["doc_number"]
    assert metadata.signed_on == date.fromisoformat(recorded["doc_date"])
    assert metadata.title == recorded["title"].removeprefix(ATTACHED_PLAN_PREFIX.get(stem, ""))
    assert metadata.period == _period(recorded["period"])
    assert metadata.period_source == CORPUS_PERIOD_SOURCES[stem]
    inferred = CORPUS_PERIOD_SOURCES[stem] == "deadlines"
    assert notices == (["metadata.period_from_deadlines"] if inferred else [])
    assert recorded["period_note"].startswith("UNCLEAR") == inferred
