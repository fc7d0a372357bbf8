"""Document readers: one module per format (``pdf/`` a package), each producing a
``SourceDocument``; ``table``, ``listing`` and ``metadata/`` turn it into rows and metadata.

``read_document`` picks the reader by the file's content (not its name), so a PDF saved as
".docx" is still read, and a picture is refused with a clear message.

The domain's adapters: they may import the format libraries (python-docx, pdfplumber, openpyxl),
the plan model, ``workflows.text`` and the ground (``nhacviec.errors``); never the store, the
scheduler, a channel or a face.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from nhacviec.errors import DocumentError, SourceLocation
from workflows.readers.document import DocumentFormat, SourceDocument
from workflows.readers.encodings import looks_like_text
from workflows.readers.limits import DEFAULT_LIMITS, ReadLimits, check_archive, check_file_size

ProgressCallback = Callable[[int, int], None]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls, or an encrypted .docx/.xlsx


def detect_format(path: Path) -> DocumentFormat:
    location = SourceLocation(str(path))
    if not path.is_file():
        raise DocumentError("import.file_not_found", location)
    with path.open("rb") as stream:
        head = stream.read(4096)
    if not head:
        raise DocumentError("import.empty_file", location)
    if head.startswith(b"%PDF"):
        return DocumentFormat.PDF
    if head.startswith(_OLE_MAGIC):
        raise DocumentError("import.encrypted_office", location)
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(path, location)
    if looks_like_text(head):
        return DocumentFormat.TEXT
    raise DocumentError("import.unsupported_format", location)


def _zip_format(path: Path, location: SourceLocation) -> DocumentFormat:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise DocumentError("import.unsupported_format", location) from exc
    if "word/document.xml" in names:
        return DocumentFormat.DOCX
    if "xl/workbook.xml" in names:
        return DocumentFormat.XLSX
    raise DocumentError("import.unsupported_format", location)


def read_document(
    path: Path,
    *,
    limits: ReadLimits = DEFAULT_LIMITS,
    on_page: ProgressCallback | None = None,
) -> SourceDocument:
    """Read any supported plan file into its neutral form, within ``limits``: a zip's parts
    are checked before any library parses them (``limits.check_archive``)."""
    kind = detect_format(path)
    if kind in (DocumentFormat.DOCX, DocumentFormat.XLSX):
        check_archive(path, limits)
    if kind is DocumentFormat.DOCX:
        from workflows.readers.docx import read_docx

        return read_docx(path)
    if kind is DocumentFormat.XLSX:
        from workflows.readers.xlsx import read_xlsx

        return read_xlsx(path, limits)
    if kind is DocumentFormat.PDF:
        from workflows.readers.pdf import read_pdf

        return read_pdf(
            path,
            on_page=on_page,
            max_pages=limits.max_pages,
            max_packed_bytes=limits.max_part_bytes,
        )
    from workflows.readers.text import read_text

    check_file_size(path, limits)
    return read_text(path, max_rows=limits.max_rows)
