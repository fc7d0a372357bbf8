"""The report as HTML or Markdown (Jinja2 templates beside the DOCX one)."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from nhacviec.i18n import Language
from nhacviec.reports.context import PLAIN, Options, report_context
from nhacviec.services.reports import PlanReport


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("nhacviec.reports", "templates"),
        autoescape=select_autoescape(["html.j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_text(report: PlanReport, lang: Language, kind: str, options: Options = PLAIN) -> str:
    """``kind``: ``html`` or ``md``."""
    template = _environment().get_template(f"report.{kind}.j2")
    return template.render(report_context(report, lang, options))


def md_cell(value: object) -> str:
    """A value inside a Markdown table cell: one line, pipes escaped."""
    return " ".join(str(value).split()).replace("|", "\\|")


_environment().filters["cell"] = md_cell
