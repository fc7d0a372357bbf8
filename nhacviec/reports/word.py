"""The report as a Word document: the shipped docxtpl template, or an office's own."""

from __future__ import annotations

import io
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

from nhacviec.errors import InputError
from nhacviec.i18n import Language
from nhacviec.reports.chart import standings_chart
from nhacviec.reports.context import PLAIN, Options, Placeholder, report_context
from nhacviec.services.reports import PlanReport

CHART_WIDTH_MM = 150


def shipped_template() -> bytes:
    return resources.files(__package__).joinpath("templates", "bao-cao.docx").read_bytes()


def render_docx(
    report: PlanReport,
    lang: Language,
    *,
    template: Path | None = None,
    options: Options = PLAIN,
) -> bytes:
    """The DOCX bytes; ``template``: an office's docxtpl template instead of the shipped one
    (``InputError`` when it is missing or cannot be rendered)."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage
    from jinja2 import TemplateError

    source = _template_bytes(template)
    document = DocxTemplate(io.BytesIO(source))
    context = _rich(report_context(report, lang, options))
    chart = io.BytesIO(standings_chart(report, lang))
    context["chart"] = InlineImage(document, chart, width=Mm(CHART_WIDTH_MM))
    try:
        document.render(context, autoescape=True)
    except TemplateError as exc:
        raise InputError(
            "reports.bad_template", file=str(template or "bao-cao.docx"), detail=str(exc)
        ) from exc
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _template_bytes(template: Path | None) -> bytes:
    if template is None:
        return shipped_template()
    if not template.is_file():
        raise InputError("reports.template_missing", file=str(template))
    data = template.read_bytes()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError("reports.bad_template", file=str(template), detail="not a .docx (zip)")
    return data


def _rich(context: dict[str, Any]) -> dict[str, Any]:
    """Placeholders become highlighted runs (``{{r name }}`` in the template); the other
    names a template may print raw (``parent``, ``place``) become plain runs."""
    from docxtpl import RichText

    def run(value: object, style: dict[str, Any]) -> object:
        if isinstance(value, Placeholder):
            return RichText(value.text, highlight="FFFF00", **style)
        return RichText(str(value), **style)

    for name, style in _RUN_STYLES.items():
        value = context[name]
        context[name] = run(value, style) if value else value
    context["recipients"] = [run(line, {"size": 22}) for line in context["recipients"]]
    return context


# How each raw name prints (docxtpl sizes are in half-points).
_RUN_STYLES: dict[str, dict[str, Any]] = {
    "parent": {"size": 26},
    "place": {"size": 28, "italic": True},
    "shortcomings": {"size": 28},
    "next_steps": {"size": 28},
    "signer_name": {"size": 28, "bold": True},
}
