"""Builders for the bad files a user may hand to ``plan import``."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from PIL import Image


def empty_file(folder: Path) -> Path:
    path = folder / "trong.docx"
    path.write_bytes(b"")
    return path


def picture_named_docx(folder: Path) -> Path:
    """A photo of the plan saved under a .docx name."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buffer, format="PNG")
    path = folder / "anh-chup.docx"
    path.write_bytes(buffer.getvalue())
    return path


def docx_without_task_table(folder: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Tổ chức hội nghị tổng kết năm 2025")
    document.add_paragraph("Giao Văn phòng chủ trì, phối hợp với các phòng chuẩn bị nội dung.")
    path = folder / "khong-co-bang.docx"
    document.save(str(path))
    return path


def docx_without_time_column(folder: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH năm 2025")
    table = document.add_table(rows=3, cols=4)
    rows = [
        ("TT", "Nội dung", "Chủ trì", "Phối hợp"),
        ("1", "Xây dựng kế hoạch", "Văn phòng", "Các phòng"),
        ("2", "Tuyên truyền", "Văn phòng", "Các phòng"),
    ]
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    path = folder / "thieu-cot-thoi-gian.docx"
    document.save(str(path))
    return path


def encrypted_pdf(folder: Path, source: Path) -> Path:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=str(source))
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu")
    path = folder / "co-mat-khau.pdf"
    with path.open("wb") as stream:
        writer.write(stream)
    return path


def image_only_pdf(folder: Path) -> Path:
    """A scan: pages that are pictures, with no text layer."""
    path = folder / "ban-scan.pdf"
    Image.new("RGB", (600, 800), "white").save(path, format="PDF")
    return path


def broken_xlsx(folder: Path) -> Path:
    """A workbook whose parts are damaged (a mail client cut the attachment)."""
    path = folder / "hong.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet")
    return path
