"""Uploaded plan files: kept under a size limit, accepted by content (never by name).

The file is written to a private temporary folder under its own name (its suffix set by what
its bytes are), read there, and the folder removed; what is shown names the file alone, as the
CLI does for a file in the current folder.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from nhacviec.errors import DocumentError, NhacviecError, UnsupportedUpload, UploadTooLarge
from workflows.readers import detect_format
from workflows.readers.document import DocumentFormat

CHUNK = 1 << 20
_SUFFIX = {
    DocumentFormat.DOCX: ".docx",
    DocumentFormat.PDF: ".pdf",
    DocumentFormat.XLSX: ".xlsx",
    DocumentFormat.TEXT: ".txt",
}
_UNSAFE = re.compile(r"[^\w.\- ()]+")


@contextmanager
def saved_upload(stream: BinaryIO, filename: str | None, limit_mb: int) -> Iterator[Path]:
    """The upload as a file of a known format, named as sent (``UploadTooLarge``,
    ``UnsupportedUpload``); removed when the block ends."""
    name = safe_name(filename)
    with tempfile.TemporaryDirectory(prefix="nhacviec-upload-") as folder:
        path = Path(folder) / name
        _copy(stream, path, limit_mb * CHUNK)
        try:
            kind = detect_format(path)
        except DocumentError as exc:
            if exc.key in {"import.unsupported_format", "import.empty_file"}:
                raise UnsupportedUpload() from exc
            raise shown_as(exc, path, name) from exc
        if path.suffix.lower() != _SUFFIX[kind] and not (
            kind is DocumentFormat.TEXT and path.suffix.lower() in {".txt", ".text", ".md"}
        ):
            path = path.rename(path.with_name(path.stem + _SUFFIX[kind]))
        yield path


def safe_name(filename: str | None) -> str:
    """The last part of the name a client sent, without anything a path could use."""
    base = Path((filename or "").replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).strip(" .")
    return cleaned[:200] or "plan"


def shown_as(error: NhacviecError, path: Path, name: str) -> NhacviecError:
    """The error as the person sees it: the file named as sent, not by its temporary path."""
    location = error.location
    if location is not None and location.file == str(path):
        error.location = replace(location, file=name)
    return error


def _copy(stream: BinaryIO, path: Path, limit_bytes: int) -> None:
    written = 0
    with path.open("wb") as out:
        while block := stream.read(CHUNK):
            written += len(block)
            if written > limit_bytes:
                raise UploadTooLarge(limit_bytes // CHUNK)
            out.write(block)
