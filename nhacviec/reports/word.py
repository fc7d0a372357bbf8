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
    headers and footers. A run holding more is split, each piece keeping the run's format.
    Runs are found in the XML (a 13,000-row appendix walked cell by cell costs seconds)."""
    from docx.enum.text import WD_COLOR_INDEX
    from docx.oxml.ns import qn

    if not texts:
        return
    pattern = re.compile("|".join(re.escape(text) for text in texts))
    text_tag = qn("w:t")
    for root in _roots(document):
        for element in list(root.iter(qn("w:r"))):
            text = "".join(node.text or "" for node in element.iter(text_tag))
            if "[" not in text or not pattern.search(text):
                continue
            pieces = [piece for piece in re.split(f"({pattern.pattern})", text) if piece]
            runs = [Run(element, document)]
            runs[0].text = pieces[0]
            for piece in pieces[1:]:
                added = copy.deepcopy(runs[-1]._r)
                runs[-1]._r.addnext(added)
                runs.append(Run(added, document))
                runs[-1].text = piece
            for run, piece in zip(runs, pieces, strict=True):
                if pattern.fullmatch(piece):
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _roots(document: Any) -> Iterator[Any]:
    """The body's XML, then each header's and footer's a section defines itself."""
    yield document.element.body
    for section in document.sections:
        parts = (section.header, section.footer, section.first_page_header)
        for part in parts:
            if not part.is_linked_to_previous:
                yield part._element
