"""One entry for every face: a plan's report in a format, as bytes, and its file name."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from nhacviec.i18n import Language
from nhacviec.reports.context import PLAIN, Options
from nhacviec.services.reports import PlanReport


class ReportFormat(StrEnum):
    DOCX = "docx"
    XLSX = "xlsx"
    HTML = "html"
    MD = "md"

    @property
    def text(self) -> bool:
        return self in (ReportFormat.HTML, ReportFormat.MD)

    @property
    def media_type(self) -> str:
        return {
            ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument"
            ".wordprocessingml.document",
            ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ReportFormat.HTML: "text/html; charset=utf-8",
            ReportFormat.MD: "text/markdown; charset=utf-8",
        }[self]


def render_report(
    report: PlanReport,
    lang: Language,
    kind: ReportFormat,
    *,
    template: Path | None = None,
    options: Options = PLAIN,
) -> bytes:
    if kind is ReportFormat.DOCX:
        from nhacviec.reports.word import render_docx

        return render_docx(report, lang, template=template, options=options)
    if kind is ReportFormat.XLSX:
        from nhacviec.reports.sheet import render_xlsx

        return render_xlsx(report, lang)
    from nhacviec.reports.text import render_text

    return render_text(report, lang, kind.value, options).encode("utf-8")


def report_file_name(report: PlanReport, kind: ReportFormat) -> str:
    """«bao-cao-kh1-20251015.docx»."""
    return f"bao-cao-kh{report.plan.id}-{report.as_of_day:%Y%m%d}.{kind.value}"
