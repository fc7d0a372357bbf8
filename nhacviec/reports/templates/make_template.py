"""Write the shipped report template, ``bao-cao.docx`` (docxtpl tags in a python-docx document).

Run ``python -m nhacviec.reports.templates.make_template`` after changing it; the .docx is kept
in the repository and shipped in the package. An office may write its own template from it
(``nhacviec report --template FILE``): every name below is in the context.

The layout is that of a report (báo cáo) in Nghị định 30/2020/NĐ-CP, Phụ lục I: A4, margins
top 20 mm, bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; the issuing body (cơ quan
chủ quản, then cơ quan ban hành in bold) and «Số: …/BC-…» at the top left; the national title
(quốc hiệu, 13 pt bold capitals) and motto (tiêu ngữ, 14 pt bold) at the top right with the
place and date in italics under them; the kind «BÁO CÁO» and its summary title centred in bold;
the body in 14 pt, justified, first lines indented; «Nơi nhận:» (12 pt bold italic, the list in
11 pt) at the bottom left, the signer's title in bold at the bottom right.

Context names (``nhacviec.reports.context.report_context``, plus ``chart``, an image):
nation, motto, parent, issuer, number, place, date_words, kind, title, summary, as_of,
total_line, standing[bucket, tasks, occurrences], tally_note, buckets[4], short_buckets[4],
sections / units [number, name, tasks, occurrences, counts[4][tasks, occurrences]],
ranking[rank, unit, assigned, done_on_time, done_late, open_on_time, overdue, on_time_rate,
average_days_late], rate_note, overdue[number, ref, task, lead, due, days_late, state],
evidence[number, ref, unit, evidence, reported_on], undated[number, ref, task, lead, time_text,
awaits], none, shortcomings, next_steps, recipients_title, recipients[], signer[],
signer_name, appendix[ref, task, lead, partners, due_text, result, product], t(key).
Every name prints with ``{{ name }}``; the renderer highlights the placeholders it finds in the
result (text in square brackets the clerk must replace), wherever a template puts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "bao-cao.docx"
FONT = "Times New Roman"

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT


def build(path: Path = TEMPLATE) -> Path:
    document = Document()
    _page(document)
    _styles(document)
    _heading_block(document)
    _body(document)
    _signature(document)
    _appendix(document)
    document.save(str(path))
    return path


def _page(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    # Page numbers from the second page on, centred at the top (Nghị định 30, Phụ lục I).
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    number._p.append(field)


def _styles(document: Any) -> None:
    for name in ("Normal", "Table Grid"):
        style = document.styles[name]
        style.font.name = FONT
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT)
    normal = document.styles["Normal"]
    normal.font.size = Pt(14)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    document.styles["Table Grid"].font.size = Pt(12)


def _para(
    container: Any,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent_first_mm: float | None = None,
    after: float | None = None,
    underline_mm: tuple[float, float] | None = None,
    break_before: bool = False,
) -> Any:
    paragraph = container.add_paragraph()
    if break_before:
        paragraph.add_run().add_break(WD_BREAK.PAGE)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        if size is not None:
            run.font.size = Pt(size)
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    if indent_first_mm is not None:
        fmt.first_line_indent = Mm(indent_first_mm)
    if after is not None:
        fmt.space_after = Pt(after)
    if underline_mm is not None:  # a short rule under the line above: a bordered empty line
        fmt.left_indent, fmt.right_indent = Mm(underline_mm[0]), Mm(underline_mm[1])
        fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(2)
        _bottom_border(paragraph)
    return paragraph


def _bottom_border(paragraph: Any) -> None:
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (
        ("w:val", "single"),
        ("w:sz", "6"),
        ("w:space", "1"),
        ("w:color", "000000"),
    ):
        bottom.set(qn(name), value)
    borders.append(bottom)
    properties.append(borders)


def _no_borders(table: Any) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _widths(table: Any, widths_mm: Sequence[float]) -> None:
    """Fixed column widths, in the grid (LibreOffice reads it) and in every cell (Word)."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        column.w = Mm(width)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _first(cell: Any) -> Any:
    """The cell's own first paragraph, emptied (a new cell holds one)."""
    return cell.paragraphs[0]


def _heading_block(document: Any) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [68, 100])
    left, right = table.rows[0].cells
    first = _first(left)
    first.text = "{%p if parent %}"
    _para(left, "{{ parent }}", size=13, align=CENTER, after=0)
    _para(left, "{%p endif %}", after=0)
    _para(left, "{{ issuer }}", bold=True, size=13, align=CENTER, after=0)
    _para(left, underline_mm=(22, 22))
    number = _para(left, "{{ number }}", size=13, align=CENTER, after=0)
    number.paragraph_format.space_before = Pt(6)
    nation = _first(right)
    run = nation.add_run("{{ nation }}")
    run.bold, run.font.size = True, Pt(13)
    nation.alignment = CENTER
    nation.paragraph_format.space_after = Pt(0)
    _para(right, "{{ motto }}", bold=True, size=14, align=CENTER, after=0)
    _para(right, underline_mm=(24, 24))
    place = _para(right, "", align=CENTER, after=0)
    place.paragraph_format.space_before = Pt(6)
    for text in ("{{ place }}", ", {{ date_words }}"):
        piece = place.add_run(text)
        piece.italic, piece.font.size = True, Pt(14)
    _para(document, after=0)
    _para(document, "{{ kind }}", bold=True, size=14, align=CENTER, after=0)
    _para(document, "{{ title }}", bold=True, size=14, align=CENTER, after=0)
    _para(document, underline_mm=(60, 60))
    _para(document, after=0)
    _para(document, "{{ summary }}", align=JUSTIFY, indent_first_mm=10)


def _heading(document: Any, text: str) -> None:
    heading = _para(document, text, bold=True, align=JUSTIFY, indent_first_mm=10, after=3)
    heading.paragraph_format.space_before = Pt(6)
    heading.paragraph_format.keep_with_next = True


def _grid(
    document: Any,
    headers: list[str],
    cells: list[str],
    loop: str,
    widths: Sequence[float],
    left: frozenset[int] = frozenset({1}),
) -> None:
    """A table: a header row, then one row per item of ``loop`` (``{%tr for … %}``)."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, widths)
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, header, bold=True, align=CENTER)
    _cell(table.rows[1].cells[0], f"{{%tr for r in {loop} %}}")
    for column, (cell, text) in enumerate(zip(table.rows[2].cells, cells, strict=True)):
        _cell(cell, text, align=LEFT if column in left else CENTER)
    table.rows[2]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row on one page
    _cell(table.rows[3].cells[0], "{%tr endfor %}")
    _repeat_header(table.rows[0])


def _cell(cell: Any, text: str, *, bold: bool = False, align: WD_ALIGN_PARAGRAPH = LEFT) -> None:
    paragraph = _first(cell)
    run = paragraph.add_run(text)
    run.bold = bold or None
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    properties.append(header)


def _if_none(document: Any, items: str) -> None:
    _para(document, f"{{%p if not {items} %}}", after=0)
    _para(document, "{{ none }}", align=JUSTIFY, indent_first_mm=10)
    _para(document, "{%p endif %}", after=0)


COUNTS = [f"{{{{ r.counts[{i}].tasks }}}} ({{{{ r.counts[{i}].occurrences }}}})" for i in range(4)]
BUCKET_HEADERS = [f"{{{{ short_buckets[{i}] }}}}" for i in range(4)]
GROUP_WIDTHS = [12, 43, 26, 21, 21, 21, 21]


def _body(document: Any) -> None:
    _heading(document, "I. {{ t('reports.heading.results') | upper }}")
    _heading(document, "1. {{ t('reports.heading.standing') }}")
    _para(document, "{{ total_line }}", align=JUSTIFY, indent_first_mm=10)
    table = document.add_table(rows=4, cols=3)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [85, 40, 40])
    for cell, text in zip(
        table.rows[0].cells,
        [
            "{{ t('reports.column.bucket') }}",
            "{{ t('reports.column.task') }}",
            "{{ t('reports.column.occurrences') }}",
        ],
        strict=True,
    ):
        _cell(cell, text, bold=True, align=CENTER)
    _cell(table.rows[1].cells[0], "{%tr for r in standing %}")
    for cell, text, align in zip(
        table.rows[2].cells,
        ["{{ r.bucket }}", "{{ r.tasks }}", "{{ r.occurrences }}"],
        [LEFT, CENTER, CENTER],
        strict=True,
    ):
        _cell(cell, text, align=align)
    _cell(table.rows[3].cells[0], "{%tr endfor %}")
    _para(document, "{{ tally_note }}", italic=True, size=12, align=JUSTIFY, indent_first_mm=10)

    group_headers = ["{{ t('reports.column.number') }}", "", "{{ t('reports.column.tasks') }}"]
    group_cells = ["{{ r.number }}", "{{ r.name }}", "{{ r.tasks }} ({{ r.occurrences }})"]
    _heading(document, "2. {{ t('reports.heading.by_section') }}")
    _grid(
        document,
        [group_headers[0], "{{ t('reports.column.section') }}", group_headers[2], *BUCKET_HEADERS],
        [*group_cells, *COUNTS],
        "sections",
        GROUP_WIDTHS,
    )
    _heading(document, "3. {{ t('reports.heading.by_unit') }}")
    _grid(
        document,
        [group_headers[0], "{{ t('reports.column.unit') }}", group_headers[2], *BUCKET_HEADERS],
        [*group_cells, *COUNTS],
        "units",
        GROUP_WIDTHS,
    )
    _para(document, "{{ chart }}", align=CENTER)

    _heading(document, "4. {{ t('reports.heading.ranking') }}")
    _grid(
        document,
        [
            "{{ t('reports.column.rank') }}",
            "{{ t('reports.column.unit') }}",
            "{{ t('reports.column.assigned') }}",
            *BUCKET_HEADERS,
            "{{ t('reports.column.on_time_rate') }}",
            "{{ t('reports.column.average_days_late') }}",
        ],
        [
            "{{ r.rank }}",
            "{{ r.unit }}",
            "{{ r.assigned }}",
            "{{ r.done_on_time }}",
            "{{ r.done_late }}",
            "{{ r.open_on_time }}",
            "{{ r.overdue }}",
            "{{ r.on_time_rate }}",
            "{{ r.average_days_late }}",
        ],
        "ranking",
        [16, 36, 17, 16, 16, 16, 16, 17, 20],
    )
    _para(
        document,
        "{{ t('reports.short.note') }} {{ rate_note }}",
        italic=True,
        size=12,
        align=JUSTIFY,
        indent_first_mm=10,
    )

    _heading(document, "5. {{ t('reports.heading.overdue') }}")
    _if_none(document, "overdue")
    _grid(
        document,
        [
            "{{ t('reports.column.number') }}",
            "{{ t('reports.column.task') }}",
            "{{ t('reports.column.lead') }}",
            "{{ t('reports.column.due') }}",
            "{{ t('reports.column.days_late') }}",
            "{{ t('reports.column.state') }}",
        ],
        [
            "{{ r.ref }}",
            "{{ r.task }}",
            "{{ r.lead }}",
            "{{ r.due }}",
            "{{ r.days_late }}",
            "{{ r.state }}",
        ],
        "overdue",
        [14, 54, 30, 28, 16, 23],
        frozenset({1, 2, 5}),
    )
    _heading(document, "6. {{ t('reports.heading.evidence') }}")
    _if_none(document, "evidence")
    _grid(
        document,
        [
            "{{ t('reports.column.number') }}",
            "{{ t('reports.column.task') }}",
            "{{ t('reports.column.unit') }}",
            "{{ t('reports.column.evidence') }}",
            "{{ t('reports.column.reported_on') }}",
        ],
        [
            "{{ r.number }}",
            "{{ r.ref }}",
            "{{ r.unit }}",
            "{{ r.evidence }}",
            "{{ r.reported_on }}",
        ],
        "evidence",
        [12, 24, 53, 48, 31],
        frozenset({2, 3}),
    )
    _heading(document, "7. {{ t('reports.heading.undated') }}")
    _if_none(document, "undated")
    _grid(
        document,
        [
            "{{ t('reports.column.number') }}",
            "{{ t('reports.column.task') }}",
            "{{ t('reports.column.lead') }}",
            "{{ t('reports.column.time_text') }}",
            "{{ t('reports.column.awaits') }}",
        ],
        ["{{ r.ref }}", "{{ r.task }}", "{{ r.lead }}", "{{ r.time_text }}", "{{ r.awaits }}"],
        "undated",
        [14, 60, 30, 38, 26],
        frozenset({1, 2, 3, 4}),
    )
    _heading(document, "II. {{ t('reports.heading.shortcomings') | upper }}")
    _para(document, "{{ shortcomings }}", align=JUSTIFY, indent_first_mm=10)
    _heading(document, "III. {{ t('reports.heading.next_steps') | upper }}")
    _para(document, "{{ next_steps }}", align=JUSTIFY, indent_first_mm=10)
    _para(document, after=0)


def _signature(document: Any) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [84, 84])
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # one page
    left, right = table.rows[0].cells
    title = _first(left)
    run = title.add_run("{{ recipients_title }}")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    title.paragraph_format.space_after = Pt(0)
    _para(left, "{%p for line in recipients %}", after=0)
    _para(left, "{{ line }}", size=11, after=0)
    _para(left, "{%p endfor %}", after=0)
    first = _first(right)
    first.text = "{%p for line in signer %}"
    _para(right, "{{ line }}", bold=True, size=14, align=CENTER, after=0)
    _para(right, "{%p endfor %}", after=0)
    for _ in range(4):
        _para(right, after=0)
    _para(right, "{{ signer_name }}", bold=True, size=14, align=CENTER, after=0)


def _appendix(document: Any) -> None:
    """On landscape pages of its own: seven columns of a plan's words."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    section.different_first_page_header_footer = False
    _para(
        document, "{{ t('reports.heading.appendix') }}", bold=True, size=14, align=CENTER, after=0
    )
    _para(document, "({{ title }})", italic=True, size=13, align=CENTER)
    _grid(
        document,
        [
            "{{ t('reports.column.number') }}",
            "{{ t('reports.column.task') }}",
            "{{ t('reports.column.lead') }}",
            "{{ t('reports.column.partners') }}",
            "{{ t('reports.column.due') }}",
            "{{ t('reports.column.result') }}",
            "{{ t('reports.column.product') }}",
        ],
        [
            "{{ r.ref }}",
            "{{ r.task }}",
            "{{ r.lead }}",
            "{{ r.partners }}",
            "{{ r.due_text }}",
            "{{ r.result }}",
            "{{ r.product }}",
        ],
        "appendix",
        [14, 75, 36, 36, 29, 36, 36],
        frozenset({1, 2, 3, 5, 6}),
    )


if __name__ == "__main__":
    print(build())
