"""The report upward of a 5,000-task plan: DOCX time against python-docx writing the table bare.

    python bench/report.py [--tasks 5000] [--repeat 2] [--keep DIR]

The plan is bench/import.py's: the real rows of the packaged Ba Lòng seed plan repeated over
seven sections until it has ``--tasks`` activity rows, written as tab-separated text and
imported into a new SQLite store (the import use case: the rows ``plan import`` writes).

It prints, best of ``--repeat``:
  * model  – ``plan_report``: the tasks and their standings read from the store at an instant;
  * docx   – ``render_docx``: the shipped docxtpl template filled (every table, the chart, the
             appendix of every occurrence), saved to bytes;
  * bare   – python-docx writing the appendix table alone (the same rows and columns, one
             ``cell.text`` per cell) to bytes, no template, no chart;
  * xlsx   – ``render_xlsx`` (the appendix with date cells, the standings, the ranking);
and the ratio docx / bare (the goal is ≤ 2).

Figures only, no assertions.
"""

# ruff: noqa: E402 - the import path is fixed before the project's imports, see bench/scheduler.py
from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import argparse
import importlib
import io
import os
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

import docx

from config.settings import Settings
from nhacviec.app import App
from nhacviec.i18n import Language
from nhacviec.reports.context import appendix_rows
from nhacviec.reports.sheet import render_xlsx
from nhacviec.reports.word import render_docx
from nhacviec.services.importing import read_plan_file, store_readings
from nhacviec.services.reports import PlanReport, plan_report
from workflows.plan import IssuerLevel, Period
from workflows.readers.limits import ReadLimits
from workflows.readers.metadata import MetadataOverrides
from workflows.standing import LOCAL_TZ

plans = importlib.import_module("bench.import")  # bench/import.py (a keyword as a name)

AS_OF = datetime(2025, 10, 15, 23, 59, 59, tzinfo=LOCAL_TZ)
T = TypeVar("T")


def build_store(folder: Path, tasks: int) -> tuple[App, int]:
    """A store holding one plan of ``tasks`` activity rows; the plan's id."""
    plan_file = folder / "ke-hoach.txt"
    plans.write_text(plans.build_table(tasks), plan_file)
    settings = Settings(database_url=f"sqlite:///{folder / 'report.db'}")
    app = App(settings)
    overrides = MetadataOverrides(
        issuer="ỦY BAN NHÂN DÂN XÃ BA LÒNG",
        issuer_level=IssuerLevel.XA,
        period=Period(date(2025, 7, 1), date(2025, 12, 31)),
    )
    limits = ReadLimits(max_rows=tasks * 2 + 100, max_cells=tasks * 40 + 1000)
    reading = read_plan_file(plan_file, overrides=overrides, limits=limits)
    with app.transaction() as session:
        [result] = store_readings(session, [reading], now=datetime(2025, 7, 1, tzinfo=LOCAL_TZ))
    assert result.plan_id is not None
    return app, result.plan_id


def bare_docx(report: PlanReport) -> bytes:
    """The appendix table alone, written with python-docx as anyone would."""
    rows = appendix_rows(report, Language.VI)
    headers = ["TT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn", "Kết quả", "Sản phẩm"]
    document = docx.Document()
    table = document.add_table(rows=len(rows) + 1, cols=len(headers))
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    keys = ("ref", "task", "lead", "partners", "due_text", "result", "product")
    for row, values in zip(table.rows[1:], rows, strict=True):
        for cell, key in zip(row.cells, keys, strict=True):
            cell.text = values[key]
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def best_of(repeat: int, work: Callable[[], T]) -> tuple[float, T]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="write the DOCX and XLSX there")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        start = time.perf_counter()
        app, plan_id = build_store(Path(temporary), args.tasks)
        print(f"store: {args.tasks} rows imported in {time.perf_counter() - start:.1f} s")

        def model() -> PlanReport:
            with app.reading() as session:
                return plan_report(session, plan_id, AS_OF)

        model_s, report = best_of(args.repeat, model)
        docx_s, document = best_of(args.repeat, lambda: render_docx(report, Language.VI))
        bare_s, bare = best_of(args.repeat, lambda: bare_docx(report))
        xlsx_s, workbook = best_of(args.repeat, lambda: render_xlsx(report, Language.VI))
        app.close()
    occurrences = report.total.occurrences
    print(f"plan: {report.total.tasks} tasks, {occurrences} occurrences (appendix rows)")
    print(f"model  {model_s:7.2f} s   (plan_report from the store)")
    print(f"docx   {docx_s:7.2f} s   ({len(document) / 1e6:.1f} MB: template, chart, appendix)")
    print(f"bare   {bare_s:7.2f} s   ({len(bare) / 1e6:.1f} MB: python-docx, the appendix alone)")
    print(f"xlsx   {xlsx_s:7.2f} s   ({len(workbook) / 1e6:.1f} MB)")
    print(f"docx / bare = {docx_s / bare_s:.2f} (goal ≤ 2)   load average {os.getloadavg()[0]:.1f}")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        (args.keep / "bao-cao.docx").write_bytes(document)
        (args.keep / "bao-cao.xlsx").write_bytes(workbook)


if __name__ == "__main__":
    main()
