"""The report as a workbook (openpyxl): the appendix table with real dates, the standings and
the ranking. Values only, never a formula: what the office sends is what it read."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from nhacviec.i18n import Language, translate
from nhacviec.reports.context import BUCKETS, appendix_rows, bucket_name, plan_reference
from nhacviec.services.queries import Tally
from nhacviec.services.reports import PlanReport

DATE_FORMAT = "DD/MM/YYYY"


def render_xlsx(report: PlanReport, lang: Language) -> bytes:
    from openpyxl import Workbook

    def t(key: str) -> str:
        return translate(key, lang)

    workbook = Workbook()
    appendix = workbook.active
    appendix.title = t("reports.sheet.appendix")
    _appendix(appendix, report, lang)
    standing = workbook.create_sheet(t("reports.sheet.standing"))
    _standing(standing, report, lang)
    ranking = workbook.create_sheet(t("reports.sheet.ranking"))
    _ranking(ranking, report, lang)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _title(sheet: Any, text: str, width: int) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.append([text])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(1, 1).font = Font(bold=True, size=13)
    sheet.cell(1, 1).alignment = Alignment(wrap_text=True)
    sheet.row_dimensions[1].height = 36


def _header(sheet: Any, headers: Sequence[str], widths: Sequence[int]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append(list(headers))
    row = sheet.max_row
    for column, width in enumerate(widths, 1):
        cell = sheet.cell(row, column)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{row + 1}"  # a coordinate: a cell would be created there


def _appendix(sheet: Any, report: PlanReport, lang: Language) -> None:
    from openpyxl.styles import Alignment

    columns = ("number", "task", "lead", "partners", "due", "result", "product")
    title = f"{translate('reports.heading.appendix', lang)} — {plan_reference(report, lang)}"
    _title(sheet, title, len(columns))
    _header(
        sheet,
        [translate(f"reports.column.{c}", lang) for c in columns],
        (8, 60, 28, 28, 13, 30, 30),
    )
    wrap = Alignment(wrap_text=True, vertical="top")
    first = sheet.max_row + 1  # counted once: ``max_row`` reads every cell
    for line, row in enumerate(appendix_rows(report, lang), first):
        due = row["due"] if row["due"] is not None else row["due_text"]
        values = (row["ref"], row["task"], row["lead"], row["partners"], due, row["result"])
        sheet.append([*values, row["product"]])
        for column in range(1, len(columns) + 1):
            sheet.cell(line, column).alignment = wrap
        if row["due"] is not None:
            sheet.cell(line, 5).number_format = DATE_FORMAT


def _standing(sheet: Any, report: PlanReport, lang: Language) -> None:
    heading = translate("reports.heading.standing", lang)
    _title(
        sheet,
        f"{heading} — {translate('reports.column.total', lang)}: {report.as_of_day:%d/%m/%Y}",
        11,
    )
    headers = [
        translate("reports.column.number", lang),
        translate("reports.column.section", lang),
        translate("reports.column.task", lang),
        translate("reports.column.occurrences", lang),
    ]
    for kind in BUCKETS:
        name = bucket_name(kind, lang)
        headers += [
            f"{name} — {translate('reports.column.task', lang)}",
            f"{name} — {translate('reports.column.occurrences', lang)}",
        ]
    _header(sheet, headers, (8, 50, 12, 12, 14, 14, 14, 14, 14, 14, 14, 14))
    sheet.append(_tally_cells("", translate("reports.column.total", lang), report.total))
    for number, group in enumerate(report.sections, 1):
        sheet.append(_tally_cells(group.key or str(number), group.title, group.tally))
    sheet.append([])
    sheet.append(["", translate("reports.heading.by_unit", lang)])
    for number, group in enumerate(report.units, 1):
        sheet.append(_tally_cells(str(number), group.title, group.tally))


def _tally_cells(number: str, name: str, tally: Tally) -> list[object]:
    cells: list[object] = [number, name, tally.tasks, tally.occurrences]
    for kind in BUCKETS:
        cells += list(tally.buckets[kind])
    return cells


def _ranking(sheet: Any, report: PlanReport, lang: Language) -> None:
    _title(sheet, translate("reports.heading.ranking", lang), 9)
    headers = [
        translate("reports.column.rank", lang),
        translate("reports.column.unit", lang),
        translate("reports.column.assigned", lang),
        *(bucket_name(kind, lang) for kind in BUCKETS),
        translate("reports.column.on_time_rate", lang),
        translate("reports.column.average_days_late", lang),
    ]
    _header(sheet, headers, (8, 40, 14, 14, 14, 14, 14, 14, 14))
    for card in report.scorecards:
        sheet.append(
            [
                card.rank,
                card.unit,
                card.assigned,
                card.done_on_time,
                card.done_late,
                card.open_on_time,
                card.overdue,
                card.on_time_rate,
                card.average_days_late,
            ]
        )
        line = sheet.max_row
        sheet.cell(line, 8).number_format = "0.0%"
        sheet.cell(line, 9).number_format = "0.0"
    sheet.append([])
    sheet.append([translate("reports.rate_note", lang)])
