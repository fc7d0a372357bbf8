"""The report as a Word document: the shipped docxtpl template, or an office's own."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from docx.text.run import Run

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
    context = report_context(report, lang, options)
    chart = io.BytesIO(standings_chart(report, lang))
    context["chart"] = InlineImage(document, chart, width=Mm(CHART_WIDTH_MM))
    try:
        document.render(context, autoescape=True)
    except TemplateError as exc:
        raise InputError(
            "reports.bad_template", file=str(template or "bao-cao.docx"), detail=str(exc)
        ) from exc
    mark_placeholders(document.docx, _placeholders(context))
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


def _placeholders(context: dict[str, Any]) -> list[str]:
    """The placeholder texts of the context (values and list items), longest first."""
    found = {
        item.text
        for value in context.values()
        for item in (value if isinstance(value, list) else [value])
        if isinstance(item, Placeholder)
    }
    return sorted(found, key=len, reverse=True)


def mark_placeholders(document: Any, texts: list[str]) -> None:
    """Highlight (yellow) every occurrence of ``texts`` in the document's runs: body, tables,
    headers and footers. A run holding more is split, each piece keeping the run's format."""
    from docx.enum.text import WD_COLOR_INDEX

    if not texts:
        return
    pattern = re.compile("|".join(re.escape(text) for text in texts))
    for paragraph in _paragraphs(document):
        for run in list(paragraph.runs):
            text = run.text
            if not pattern.search(text):
                continue
            pieces = [piece for piece in re.split(f"({pattern.pattern})", text) if piece]
            run.text = pieces[0]
            previous = run
            for piece in pieces[1:]:
                element = copy.deepcopy(run._r)
                previous._r.addnext(element)
                previous = Run(element, paragraph)
                previous.text = piece
            for made in _runs_from(run, len(pieces)):
                if pattern.fullmatch(made.text):
                    made.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _runs_from(first: Any, count: int) -> list[Any]:
    runs = [first]
    element = first._r
    for _ in range(count - 1):
        element = element.getnext()
        runs.append(Run(element, first._parent))
    return runs


def _paragraphs(document: Any) -> Iterator[Any]:
    def walk(container: Any) -> Iterator[Any]:
        yield from container.paragraphs
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    yield from walk(cell)

    yield from walk(document)
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header):
            yield from walk(part)
