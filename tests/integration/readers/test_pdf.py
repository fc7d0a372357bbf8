"""The PDF reader on the shared plans, checked against their JSON transcriptions and against
the DOCX reader's reading of the same documents (the PDFs are LibreOffice exports of them).

Seed fixtures: a 9-column appendix over many pages, header row repeated on each page, rows
split by page breaks. Corpus: 5-6 column tables with section rows (numeral + merged title),
and two list layouts whose paragraphs must be rebuilt from wrapped lines.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pypdf
import pytest

from nhacviec.errors import DocumentError
from nhacviec.i18n import translate
from tests.shared_paths import require_shared
from workflows.readers.document import Cell, Row, SourceDocument, Table
from workflows.readers.docx import read_docx
from workflows.readers.pdf import read_pdf
from workflows.text import fold

SEEDS = ["fixtures/plans/so-cong-thuong-2025h2", "fixtures/plans/xa-ba-long-2025h2"]
TABLE_PLANS = [
    "corpus/05_chinhphu_nq03_2025",
    "corpus/07_ttg_qd2629_2025",
    "corpus/08_ubnd_hanoi_kh310_2025",
    "corpus/13_ubnd_nghean_kh980_2025",
]
LIST_PLANS = ["corpus/01_bo_tuphap_qd173_2015", "corpus/17_ubnd_hanoi_kh308_2025"]
ALL_PLANS = SEEDS + TABLE_PLANS + LIST_PLANS
BA_LONG = SEEDS[1]
FIELD_PREFIXES = ("a)", "b)", "- Đơn vị", "- Cơ quan", "- Thời gian", "c) Thời gian")
_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.|[IVX]+\.)\s")


@cache
def _pdf(plan: str) -> SourceDocument:
    return read_pdf(require_shared(f"{plan}.pdf"))


@cache
def _docx(plan: str) -> SourceDocument:
    return read_docx(require_shared(f"{plan}.docx"))


@cache
def _json(plan: str) -> Any:
    return json.loads(require_shared(f"{plan}.json").read_text(encoding="utf-8"))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _task_table(document: SourceDocument) -> Table:
    return max(document.tables, key=lambda table: len(table.rows))


def _texts(row: Row) -> tuple[str, ...]:
    return tuple(cell.text for cell in row.cells)


def _is_repeated_header(table: Table, row: Row) -> bool:
    return row.number > 1 and _texts(row) == _texts(table.rows[0])


def _is_section(row: Row) -> bool:
    """A section row: a numeral (and title) with every other column merged into it."""
    return all(cell.covered for cell in row.cells[2:])


def _data_rows(table: Table) -> list[Row]:
    return [
        row
        for row in table.rows[1:]
        if not _is_repeated_header(table, row) and not _is_section(row)
    ]


def _signature(row: Row) -> tuple[tuple[str, bool, bool], ...]:
    """Cell texts without whitespace (a PDF cannot show whether "2025-" / "Quý" had a space)
    and merge flags."""
    return tuple((_squash(cell.text), cell.continues_above, cell.covered) for cell in row.cells)


# -- seed plans: the appendix table ------------------------------------------------------


def _json_columns(plan: Any) -> list[str]:
    """Each column's text over all activity rows, whitespace removed; a task's number,
    objective and task text stand in its first row only (the rest is a vertical merge)."""
    columns = [""] * 9
    for section in plan["sections"]:
        for task in section["tasks"]:
            for index, activity in enumerate(task["activities"]):
                first = index == 0
                values = (
                    task["number"] if first else "",
                    task["objective"] if first else "",
                    activity.get("task", task["task"] if first else ""),
                    activity["activity"],
                    activity["product"],
                    activity["lead"],
                    activity["partners"],
                    activity["time"],
                    activity["budget"],
                )
                for column, value in enumerate(values):
                    columns[column] += _squash(value)
    return columns


def _pdf_columns(table: Table) -> list[str]:
    columns = [""] * len(table.rows[0].cells)
    for row in _data_rows(table):
        for column, cell in enumerate(row.cells):
            if not cell.continues_above and not cell.covered:
                columns[column] += _squash(cell.text)
    return columns


@pytest.mark.parametrize("plan", SEEDS)
def test_seed_columns_hold_exactly_the_transcribed_text(plan: str) -> None:
    """Page-split rows leave each column's text in order, so the concatenations must agree
    character for character (whitespace aside) with the JSON's activity rows."""
    table = _task_table(_pdf(plan))
    assert len(table.rows[0].cells) == 9
    assert _pdf_columns(table) == _json_columns(_json(plan))


@pytest.mark.parametrize("plan", SEEDS)
def test_seed_section_rows_span_the_table(plan: str) -> None:
    table = _task_table(_pdf(plan))
    sections = [row for row in table.rows[1:] if _is_section(row)]
    expected = [f"{s['numeral']}. {s['title']}" for s in _json(plan)["sections"]]
    assert [row.cells[0].text for row in sections] == expected
    for row in sections:
        assert all(cell.covered and not cell.continues_above for cell in row.cells[1:])


@pytest.mark.parametrize("plan", SEEDS)
def test_one_table_over_many_pages_with_page_breaks_marked(plan: str) -> None:
    document = _pdf(plan)
    assert len(document.tables) == 1  # the borderless header and signature are not tables
    table = document.tables[0]
    pages = [row.page for row in table.rows if row.page is not None]
    assert [row.number for row in table.rows] == list(range(1, len(table.rows) + 1))
    assert len(pages) == len(table.rows)  # every row knows its page
    assert pages == sorted(pages)
    assert pages[-1] == document.page_count
    assert len(set(pages)) >= 5
    assert table.page == pages[0]
    assert not table.rows[0].after_page_break
    for previous, row in pairwise(table.rows):
        assert row.after_page_break == (row.page != previous.page)
        if row.after_page_break:
            assert _texts(row) == _texts(table.rows[0])  # the header row repeated


@pytest.mark.parametrize("plan", SEEDS + TABLE_PLANS)
def test_rows_equal_docx_rows_except_where_a_page_break_splits_one(plan: str) -> None:
    """Text and merge flags of every row agree with the DOCX reading; the only differences
    allowed are DOCX rows the PDF prints in two parts, the second opening a page."""
    pdf_table = _task_table(_pdf(plan))
    docx_rows = [_signature(row) for row in _task_table(_docx(plan)).rows]
    pdf_rows = [row for row in pdf_table.rows if not _is_repeated_header(pdf_table, row)]
    matcher = difflib.SequenceMatcher(
        a=docx_rows, b=[_signature(row) for row in pdf_rows], autojunk=False
    )
    splits = 0
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        assert (tag, a1 - a0, b1 - b0) == ("replace", 1, 2), (tag, docx_rows[a0:a1])
        first, second = pdf_rows[b0], pdf_rows[b1 - 1]
        assert first.page is not None
        assert second.page == first.page + 1
        splits += 1
    breaks = sum(1 for previous, row in pairwise(pdf_rows) if row.page != previous.page)
    assert splits <= breaks


def test_cells_wrapped_at_a_hyphen_are_joined_and_free_dashes_keep_their_spaces() -> None:
    texts = {cell.text for row in _task_table(_pdf(BA_LONG)).rows for cell in row.cells}
    assert "Phòng VH-XH" in texts  # printed "Phòng VH-" / "XH"
    assert "Phòng VH-XH Phòng Kinh tế" in texts
    assert not any("VH- XH" in text or "VH -XH" in text for text in texts)
    # printed "… giai đoạn 2026 -" / "2030": a free-standing dash keeps its spaces
    assert "Xây dựng kế hoạch công tác CCHC xã giai đoạn 2026 - 2030" in texts


def test_a_word_cut_in_a_narrow_cell_is_joined_without_a_space() -> None:
    numerals = [row.cells[0].text for row in _task_table(_pdf(TABLE_PLANS[3])).rows]
    assert "VIII" in numerals  # printed "VII" / "I" in the narrow TT column


def test_vertical_merges_and_empty_cells_are_told_apart() -> None:
    table = _task_table(_pdf(BA_LONG))
    rows = list(table.rows)
    first = next(
        i for i, row in enumerate(rows) if row.cells[3].text.startswith("Lập đề nghị xây dựng")
    )
    assert rows[first].cells[0].text == "1"
    for row in rows[first + 1 : first + 4]:  # TT, Mục tiêu, Nhiệm vụ merged over 4 rows
        assert all(cell.continues_above and cell.is_empty for cell in row.cells[:3])
        assert not any(cell.covered for cell in row.cells)
        assert row.cells[3].text
    task_six = next(row for row in rows if row.cells[1].text.endswith("giai đoạn 2026 - 2030"))
    budget = task_six.cells[8]  # Kinh phí left blank: its own (ruled) empty cell
    assert budget.is_empty
    assert not budget.continues_above
    assert not budget.covered


# -- corpus table layouts ------------------------------------------------------------------


def _time_column(headers: list[str]) -> int:
    return next(i for i, header in enumerate(headers) if fold(header).startswith("thoi gian"))


def _pdf_time_cells(table: Table) -> list[str]:
    """Time cells of the task rows; a row opening a page with no number continues the row
    the page break cut (its time text, if any, goes on the previous one)."""
    column = _time_column([cell.text for cell in table.rows[0].cells])
    cells: list[str] = []
    previous_page = table.rows[0].page
    for row in _data_rows(table):
        text = _squash(row.cells[column].text)
        if row.page != previous_page and not row.cells[0].text and cells:
            cells[-1] += text
        else:
            cells.append(text)
        previous_page = row.page
    return cells


@pytest.mark.parametrize("plan", TABLE_PLANS)
def test_corpus_time_cells_are_the_transcribed_ones(plan: str) -> None:
    data = _json(plan)
    column = _time_column(data["columns"])
    expected = [_squash(row["cells"][column]) for s in data["sections"] for row in s["rows"]]
    assert _pdf_time_cells(_task_table(_pdf(plan))) == expected


@pytest.mark.parametrize("plan", TABLE_PLANS)
def test_corpus_section_rows_are_a_numeral_and_a_merged_title(plan: str) -> None:
    table = _task_table(_pdf(plan))
    found = [(row.cells[0].text, row.cells[1].text) for row in table.rows if _is_section(row)]
    expected = [(s["label_stt"], s["label"]) for s in _json(plan)["sections"] if s["label"]]
    assert found == expected


# -- paragraphs and the header block ----------------------------------------------------


def _fields(document: SourceDocument) -> list[str]:
    texts = (_norm(paragraph.text) for paragraph in document.paragraphs)
    return [text for text in texts if text.startswith(FIELD_PREFIXES)]


@pytest.mark.parametrize("plan", LIST_PLANS)
def test_list_layout_items_and_field_lines_match_docx(plan: str) -> None:
    fields = _fields(_pdf(plan))
    assert len(fields) >= 20
    assert fields == _fields(_docx(plan))


@pytest.mark.parametrize("plan", LIST_PLANS)
def test_list_layout_paragraphs_match_docx_up_to_the_signature(plan: str) -> None:
    """Every DOCX body paragraph, in order, with its weight; the PDF then adds the signature
    block, which the DOCX keeps in a borderless table."""
    docx = [(_norm(p.text), p.bold) for p in _docx(plan).paragraphs]
    pdf = [(_norm(p.text), p.bold) for p in _pdf(plan).paragraphs]
    assert pdf[: len(docx)] == docx
    assert pdf[len(docx)][0] == "Nơi nhận:"


@pytest.mark.parametrize("plan", ALL_PLANS)
def test_numbered_headings_match_docx(plan: str) -> None:
    def headings(document: SourceDocument) -> list[str]:
        return [_norm(p.text) for p in document.paragraphs if p.bold and _HEADING.match(p.text)]

    assert headings(_pdf(plan)) == headings(_docx(plan))


@pytest.mark.parametrize("plan", ALL_PLANS)
def test_header_block_is_split_into_issuer_and_motto_lines(plan: str) -> None:
    pdf, docx = _pdf(plan), _docx(plan)
    assert pdf.header_lines == docx.header_lines
    assert pdf.header_right_lines == docx.header_right_lines
    assert pdf.header_right_lines[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    # The block's lines are not paragraphs (its issuer name may recur, e.g. "CHÍNH PHỦ" over
    # "QUYẾT NGHỊ:", so check the lines that cannot).
    paragraphs = {p.text for p in pdf.paragraphs}
    own = {line for line in pdf.header_lines if line.startswith("Số")}
    assert not paragraphs & {*own, *pdf.header_right_lines}


CORPUS_PLANS = TABLE_PLANS + LIST_PLANS


@pytest.mark.parametrize("plan", CORPUS_PLANS)
def test_recipients_and_signature_are_paragraphs_of_their_own(plan: str) -> None:
    """The "Nơi nhận" | signature block, side by side and often over a page break, comes
    out column by column: each recipient line (wrapped ones joined) and signature line."""
    data = _json(plan)
    paragraphs = [_norm(p.text) for p in _pdf(plan).paragraphs]
    recipients = [_norm(line) for line in data["recipients"]]
    signature = [*data["signature"]["role"].split("\n"), data["signature"]["name"]]
    assert [text for text in paragraphs if text in recipients] == recipients
    assert [text for text in paragraphs if text in signature] == signature


def test_header_of_a_city_plan() -> None:
    document = _pdf(LIST_PLANS[1])
    header = _json(LIST_PLANS[1])["header"]
    assert document.header_lines[:2] == tuple(header["issuer_lines"])
    assert header["number"] in document.header_lines
    assert document.header_right_lines[-1] == header["place_date"]


@pytest.mark.parametrize("plan", ALL_PLANS)
def test_page_numbers_are_dropped_and_pages_are_set(plan: str) -> None:
    document = _pdf(plan)
    assert document.page_count is not None
    assert document.page_count > 1
    for paragraph in document.paragraphs:
        assert not re.fullmatch(r"\d{1,3}", paragraph.text)
        assert paragraph.page is not None
        assert 1 <= paragraph.page <= document.page_count
    pages = [p.page or 0 for p in document.paragraphs]
    assert pages == sorted(pages)


@pytest.mark.parametrize("plan", ALL_PLANS)
def test_bold_matches_docx_for_the_same_paragraphs(plan: str) -> None:
    bold = {_norm(p.text): p.bold for p in _docx(plan).paragraphs}
    pdf = [(_norm(p.text), p.bold) for p in _pdf(plan).paragraphs]
    shared = [(text, weight) for text, weight in pdf if text in bold]
    assert len(shared) >= 10
    assert all(bold[text] == weight for text, weight in shared)


def test_progress_is_reported_after_every_page() -> None:
    calls: list[tuple[int, int]] = []
    document = read_pdf(
        require_shared(f"{LIST_PLANS[1]}.pdf"),
        on_page=lambda done, total: calls.append((done, total)),
    )
    total = document.page_count or 0
    assert calls == [(page, total) for page in range(1, total + 1)]


# -- small drawn PDFs: merges and overprinting -------------------------------------------


def _write_pdf(path: Path, content: str) -> Path:
    """A one-page A4 PDF drawing ``content`` (PDF operators) with Helvetica as /F1."""
    stream = content.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def _text(x: float, y: float, text: str) -> str:
    return f"BT /F1 11 Tf {x} {y} Td ({text}) Tj ET\n"


def test_a_cell_merged_both_ways_covers_and_continues(tmp_path: Path) -> None:
    """Grid 3 x 3: "A" spans two rows and two columns; the middle cell of the last row is
    ruled but empty."""
    xs, ys = (72, 172, 272, 372), (700, 650, 600, 550)
    rules = [
        f"{xs[0]} {ys[0]} m {xs[3]} {ys[0]} l S",
        f"{xs[2]} {ys[1]} m {xs[3]} {ys[1]} l S",  # not across "A"
        f"{xs[0]} {ys[2]} m {xs[3]} {ys[2]} l S",
        f"{xs[0]} {ys[3]} m {xs[3]} {ys[3]} l S",
        f"{xs[0]} {ys[0]} m {xs[0]} {ys[3]} l S",
        f"{xs[1]} {ys[2]} m {xs[1]} {ys[3]} l S",  # not across "A"
        f"{xs[2]} {ys[0]} m {xs[2]} {ys[3]} l S",
        f"{xs[3]} {ys[0]} m {xs[3]} {ys[3]} l S",
    ]
    texts = [(80, 670, "A"), (280, 680, "B"), (280, 630, "C"), (80, 580, "D"), (280, 580, "F")]
    content = "1 w\n" + "\n".join(rules) + "\n" + _text(72, 760, "Phu luc")
    content += "".join(_text(x, y, t) for x, y, t in texts)
    document = read_pdf(_write_pdf(tmp_path / "merged.pdf", content))
    assert [p.text for p in document.paragraphs] == ["Phu luc"]
    (table,) = document.tables
    assert [row.cells for row in table.rows] == [
        (Cell(("A",)), Cell(covered=True), Cell(("B",))),
        (Cell(continues_above=True), Cell(continues_above=True, covered=True), Cell(("C",))),
        (Cell(("D",)), Cell(), Cell(("F",))),
    ]
    assert [(row.number, row.page, row.after_page_break) for row in table.rows] == [
        (1, 1, False),
        (2, 1, False),
        (3, 1, False),
    ]


def test_header_block_under_a_stray_line(tmp_path: Path) -> None:
    lines = [
        (470, 800, "Mau so 01"),
        (100, 770, "UY BAN NHAN DAN"),
        (300, 770, "CONG HOA XA HOI CHU NGHIA VIET NAM"),
        (110, 755, "XA BA LONG"),
        (320, 755, "Doc lap - Tu do - Hanh phuc"),
        (110, 735, "So: 12/KH-UBND"),
        (270, 690, "KE HOACH"),
    ]
    content = "".join(_text(x, y, text) for x, y, text in lines)
    document = read_pdf(_write_pdf(tmp_path / "header.pdf", content))
    assert document.header_lines == ("UY BAN NHAN DAN", "XA BA LONG", "So: 12/KH-UBND")
    assert document.header_right_lines == (
        "CONG HOA XA HOI CHU NGHIA VIET NAM",
        "Doc lap - Tu do - Hanh phuc",
    )
    assert [p.text for p in document.paragraphs] == ["Mau so 01", "KE HOACH"]


def test_overprinted_text_is_read_once(tmp_path: Path) -> None:
    content = _text(72, 700, "Ke hoach cai cach") + _text(72.3, 700, "Ke hoach cai cach")
    document = read_pdf(_write_pdf(tmp_path / "overprint.pdf", content))
    assert [p.text for p in document.paragraphs] == ["Ke hoach cai cach"]


# -- errors ------------------------------------------------------------------------------


def _error_key(path: Path) -> str:
    with pytest.raises(DocumentError) as caught:
        read_pdf(path)
    assert caught.value.location is not None
    assert caught.value.location.file == str(path)
    return caught.value.key


def test_password_protected_pdf(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(require_shared(f"{LIST_PLANS[1]}.pdf")))
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu")
    target = tmp_path / "locked.pdf"
    with target.open("wb") as stream:
        writer.write(stream)
    assert _error_key(target) == "import.pdf_encrypted"


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    target = tmp_path / "scan.pdf"
    _scanned_copy_of_first_page(require_shared(f"{LIST_PLANS[1]}.pdf"), target)
    assert _error_key(target) == "import.pdf_no_text"


def test_a_scanned_page_among_text_pages_is_a_warning(tmp_path: Path) -> None:
    source = require_shared(f"{LIST_PLANS[1]}.pdf")
    assert _pdf(LIST_PLANS[1]).warnings == ()
    scan = tmp_path / "scan.pdf"
    _scanned_copy_of_first_page(source, scan)
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
    writer.append(pypdf.PdfReader(scan))
    target = tmp_path / "mixed.pdf"
    with target.open("wb") as stream:
        writer.write(stream)
    document = read_pdf(target)
    assert document.warnings == ("import.pdf_scanned_pages",)
    assert _fields(document) == _fields(_pdf(LIST_PLANS[1]))


def _scanned_copy_of_first_page(source: Path, target: Path) -> None:
    import pdfplumber

    with pdfplumber.open(source) as pdf:
        image = pdf.pages[0].to_image(resolution=40).original.convert("RGB")
    image.save(target, format="PDF")


@pytest.mark.parametrize("fraction", [0.0, 0.3, 0.9])
def test_truncated_pdf(tmp_path: Path, fraction: float) -> None:
    data = require_shared(f"{SEEDS[0]}.pdf").read_bytes()
    target = tmp_path / "cut.pdf"
    target.write_bytes(data[: int(len(data) * fraction)])
    assert _error_key(target) == "import.pdf_unreadable"


def test_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    target.write_text("Kế hoạch số 12/KH-UBND", encoding="utf-8")
    assert _error_key(target) == "import.pdf_unreadable"


@pytest.mark.parametrize(
    "key",
    [
        "import.pdf_encrypted",
        "import.pdf_no_text",
        "import.pdf_unreadable",
        "import.pdf_scanned_pages",
    ],
)
def test_error_messages_exist_in_both_languages(key: str) -> None:
    vietnamese, english = translate(key, "vi"), translate(key, "en")
    assert key not in (vietnamese, english)
    assert vietnamese != english
    assert "Vui lòng" in vietnamese
    assert "Please" in english
