"""Import speed per format on a 2,000-row plan, against a raw read with the bare library.

    python bench/import.py [--rows 2000] [--repeat 2] [--keep DIR]

The plan is built from the real rows of the packaged Ba Lòng seed plan, repeated over seven
sections until it has the requested number of activity rows, then written as DOCX
(python-docx), XLSX (openpyxl), tab-separated text and PDF (reportlab, a ruled table whose
header repeats on every page; skipped when reportlab or a Vietnamese TTF font is missing).

For each format it prints rows/s for
  * raw   – every cell's text read with the bare library (python-docx ``cell.text``, openpyxl
            ``iter_rows``, pdfplumber ``extract_tables``, the ``csv`` module for text),
  * read  – our reader plus the shared table step (document → task rows),
  * full  – a whole ``plan import --dry-run``: read, metadata, deadlines, unit splitting,
and the ratios read/raw and full/raw (the goal is ≥ 0.5).
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import docx
import openpyxl
import pdfplumber

from workflows.importing import parse_plan
from workflows.readers import read_document
from workflows.readers.docx import read_docx
from workflows.readers.table import read_table_rows

HEADER = ["TT", "Mục tiêu", "Nhiệm vụ", "Hoạt động", "Kết quả/Sản phẩm", "Chủ trì", "Phối hợp",
          "Thời gian", "Kinh phí"]  # fmt: skip
SECTIONS = ["CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH", "CẢI CÁCH THỂ CHẾ", "CẢI CÁCH TTHC",
            "CẢI CÁCH TỔ CHỨC BỘ MÁY", "CẢI CÁCH CÔNG VỤ", "CẢI CÁCH TÀI CHÍNH CÔNG",
            "XÂY DỰNG CHÍNH PHỦ SỐ"]  # fmt: skip
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII"]
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
]
Row = list[str]


def seed_rows() -> list[Row]:
    """The activity rows of the packaged Ba Lòng plan, as nine printed cells."""
    path = Path(str(resources.files("nhacviec.data.plans").joinpath("xa-ba-long-2025h2.docx")))
    rows = read_table_rows(read_docx(path))
    return [
        [
            "",
            r.objective,
            r.task,
            r.activity,
            r.product,
            r.lead.replace("\n", " "),
            r.partners.replace("\n", " "),
            r.time_text,
            r.budget,
        ]
        for r in rows
    ]


def build_table(total: int) -> list[Row]:
    """Section rows and numbered task rows, ``total`` activity rows in all."""
    source = seed_rows()
    per_section = -(-total // len(SECTIONS))
    table: list[Row] = []
    made = 0
    for index, title in enumerate(SECTIONS):
        table.append([f"{ROMAN[index]}. {title}"] + [""] * 8)
        for number in range(1, per_section + 1):
            if made == total:
                break
            row = list(source[made % len(source)])
            row[0] = str(number)
            table.append(row)
            made += 1
    return table


TITLE = "KẾ HOẠCH Cải cách hành chính nhà nước 06 tháng cuối năm 2025"


def write_docx(table: list[Row], path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("ỦY BAN NHÂN DÂN XÃ BA LÒNG")
    document.add_paragraph(TITLE)
    grid = document.add_table(rows=len(table) + 1, cols=len(HEADER))
    for cell, text in zip(grid.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for row, values in zip(grid.rows[1:], table, strict=True):
        if values[0] and not values[1]:  # a section row: one cell over the whole width
            merged = row.cells[0].merge(row.cells[-1])
            merged.text = values[0]
            continue
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    document.save(str(path))


def write_xlsx(table: list[Row], path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([TITLE])
    sheet.append(HEADER)
    for index, values in enumerate(table, start=3):
        sheet.append(values)
        if values[0] and not values[1]:
            sheet.merge_cells(start_row=index, start_column=1, end_row=index, end_column=9)
    workbook.save(path)


def write_text(table: list[Row], path: Path) -> None:
    lines = [TITLE, "", "\t".join(HEADER)] + ["\t".join(values) for values in table]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_pdf(table: list[Row], path: Path) -> bool:
    try:
        from reportlab.lib import colors
        from reportlab.lib.pagesizes import A4, landscape
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
    except ImportError:
        return False
    font = next((f for f in FONT_CANDIDATES if Path(f).exists()), None)
    if font is None:
        return False
    pdfmetrics.registerFont(TTFont("Body", font))
    style = ParagraphStyle("cell", fontName="Body", fontSize=7, leading=8)

    def cells(values: Row) -> list[Paragraph]:
        return [Paragraph(text, style) for text in values]

    data = [cells(HEADER)] + [cells(values) for values in table]
    widths = [22, 90, 90, 90, 80, 65, 65, 60, 55]
    grid = Table(data, colWidths=widths, repeatRows=1)
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for index, values in enumerate(table, start=1):
        if values[0] and not values[1]:
            commands.append(("SPAN", (0, index), (-1, index)))
    grid.setStyle(TableStyle(commands))
    document = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=20, rightMargin=20)
    document.build([Paragraph(TITLE, style), grid])
    return True


def raw_docx(path: Path) -> int:
    tables = docx.Document(str(path)).tables
    return sum(len(cell.text) for table in tables for row in table.rows for cell in row.cells)


def raw_xlsx(path: Path) -> int:
    workbook = openpyxl.load_workbook(path, data_only=True)
    count = sum(1 for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
                for _ in row)  # fmt: skip
    workbook.close()
    return count


def raw_pdf(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return sum(len(row) for page in pdf.pages for t in page.extract_tables() for row in t)


def raw_text(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as stream:
        return sum(len(row) for row in csv.reader(stream, delimiter="\t"))


def read_rows(path: Path) -> int:
    return len(read_table_rows(read_document(path)))


def full_import(path: Path) -> int:
    return len(parse_plan(read_document(path)).tasks)


def best_of(repeat: int, work: Callable[[Path], int], path: Path) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        work(path)
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="write the generated files here")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="nhacviec-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    table = build_table(args.rows)
    files: dict[str, tuple[Path, Callable[[Path], int]]] = {}
    write_docx(table, folder / "plan.docx")
    files["docx"] = (folder / "plan.docx", raw_docx)
    write_xlsx(table, folder / "plan.xlsx")
    files["xlsx"] = (folder / "plan.xlsx", raw_xlsx)
    write_text(table, folder / "plan.txt")
    files["text"] = (folder / "plan.txt", raw_text)
    if write_pdf(table, folder / "plan.pdf"):
        files["pdf"] = (folder / "plan.pdf", raw_pdf)
    else:
        print("pdf: skipped (pip install reportlab, and a DejaVu or Liberation TTF font)")
    print(f"{args.rows} activity rows, best of {args.repeat}; files in {folder}")
    print(f"{'format':6} {'raw rows/s':>11} {'read rows/s':>12} {'full rows/s':>12} "
          f"{'read/raw':>9} {'full/raw':>9}")  # fmt: skip
    for name, (path, raw) in files.items():
        rows = read_rows(path)
        assert rows == args.rows, f"{name}: read {rows} rows, expected {args.rows}"
        raw_rate = args.rows / best_of(args.repeat, raw, path)
        read_rate = args.rows / best_of(args.repeat, read_rows, path)
        full_rate = args.rows / best_of(args.repeat, full_import, path)
        print(f"{name:6} {raw_rate:11.0f} {read_rate:12.0f} {full_rate:12.0f} "
              f"{read_rate / raw_rate:9.2f} {full_rate / raw_rate:9.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
