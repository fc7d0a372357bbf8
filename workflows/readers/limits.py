"""Bounds on what a plan file may make us read, checked before any library parses it.

A DOCX or XLSX is a zip: a 3 MB file can unpack to gigabytes, and python-docx reads a whole
part into memory. So every part is checked twice before parsing: its declared size and
compression ratio from the zip's central directory (a few milliseconds), then its real size,
counted while inflating it ourselves, since the directory can lie. XML parts may not declare a
DTD: Office never writes one, and entity definitions are how an "XML bomb" grows. Rows (XLSX,
text) and pages (PDF) are counted by their readers against the same ``ReadLimits``.

Every refusal is a ``DocumentError`` naming the file, the part and the setting to raise.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from nhacviec.errors import DocumentError, SourceLocation

MB = 1 << 20
_CHUNK = 1 << 16
_RATIO_FLOOR = MB  # a small part may compress very well (blank runs); only big ones count
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature … name length, extra length
_MARKUP_WORDS = (b"<!DOCTYPE", b"<!ENTITY")
_MARKUP = _MARKUP_WORDS + tuple(word.decode().encode("utf-16-le") for word in _MARKUP_WORDS)
_OVERLAP = max(len(word) for word in _MARKUP)


@dataclass(frozen=True)
class ReadLimits:
    """The most a plan file may hold; the settings' ``reading`` section (``nhacviec.app``)."""

    max_part_mb: int = 64  # one part of a DOCX/XLSX once unpacked, or a whole text file
    max_ratio: int = 200  # unpacked size / packed size of a part larger than 1 MB
    max_rows: int = 20_000  # rows of one XLSX sheet or of a text file
    max_columns: int = 256  # columns of one XLSX sheet
    max_cells: int = 200_000  # cells holding something in one XLSX sheet
    max_pages: int = 1_000  # pages of a PDF

    @property
    def max_part_bytes(self) -> int:
        return self.max_part_mb * MB


DEFAULT_LIMITS = ReadLimits()


def check_archive(path: Path, limits: ReadLimits) -> None:
    """Refuse a zip (DOCX, XLSX) whose parts would unpack to absurd sizes or hold a DTD."""
    location = SourceLocation(str(path))
    try:
        with zipfile.ZipFile(path) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        raise DocumentError("import.unsupported_format", location) from exc
    for info in members:
        _check_declared(info, limits, location)
    total = sum(info.file_size for info in members)
    if total > 4 * limits.max_part_bytes:
        raise DocumentError(
            "import.limit.unpacked_total",
            location,
            size_mb=_mb(total),
            limit_mb=4 * limits.max_part_mb,
        )
    with path.open("rb") as stream:
        for info in members:
            _check_content(stream, info, limits, location)


def _check_declared(info: zipfile.ZipInfo, limits: ReadLimits, location: SourceLocation) -> None:
    if info.file_size > limits.max_part_bytes:
        raise DocumentError(
            "import.limit.part_size",
            location,
            part=info.filename,
            size_mb=_mb(info.file_size),
            limit_mb=limits.max_part_mb,
        )
    ratio = info.file_size // max(info.compress_size, 1)
    if info.file_size > _RATIO_FLOOR and ratio > limits.max_ratio:
        raise DocumentError(
            "import.limit.ratio",
            location,
            part=info.filename,
            ratio=ratio,
            limit=limits.max_ratio,
        )


def _check_content(
    stream: BinaryIO, info: zipfile.ZipInfo, limits: ReadLimits, location: SourceLocation
) -> None:
    """Inflate the part, counting: more bytes than declared is a lie; a DTD is refused."""
    allowed = min(info.file_size, limits.max_part_bytes)
    is_xml = info.filename.lower().endswith((".xml", ".rels"))  # not media, not an HTML chunk
    count = 0
    tail = b""
    for piece in _inflate(stream, info, location):
        count += len(piece)
        if count > allowed:
            raise DocumentError(
                "import.limit.size_lies", location, part=info.filename, declared=info.file_size
            )
        window = tail + piece
        if is_xml and any(word in window for word in _MARKUP):
            raise DocumentError("import.limit.xml_dtd", location, part=info.filename)
        tail = window[-_OVERLAP:]


def _inflate(stream: BinaryIO, info: zipfile.ZipInfo, location: SourceLocation) -> Iterator[bytes]:
    """The part's bytes, a chunk at a time, read from its local header (not zipfile's reader,
    which stops at the declared size and would hide a lie)."""
    if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return  # encrypted or an exotic method: the format's reader refuses it as damaged
    stream.seek(info.header_offset)
    header = stream.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size:
        raise DocumentError("import.archive_damaged", location)
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if signature != b"PK\x03\x04":
        raise DocumentError("import.archive_damaged", location)
    stream.seek(name_length + extra_length, 1)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type else None
    left = info.compress_size
    while left > 0:
        packed = stream.read(min(_CHUNK, left))
        if not packed:
            return
        left -= len(packed)
        if inflater is None:
            yield packed
            continue
        yield from _inflated(inflater, packed, location)


def _inflated(
    inflater: zlib._Decompress, packed: bytes, location: SourceLocation
) -> Iterator[bytes]:
    """Inflate ``packed`` a megabyte at a time, so a bomb never sits whole in memory."""
    try:
        while packed:
            yield inflater.decompress(packed, MB)
            packed = inflater.unconsumed_tail
    except zlib.error as exc:
        raise DocumentError("import.archive_damaged", location) from exc


def check_file_size(path: Path, limits: ReadLimits) -> None:
    """Refuse a text file larger than a part may be."""
    size = path.stat().st_size
    if size > limits.max_part_bytes:
        raise DocumentError(
            "import.limit.text_size",
            SourceLocation(str(path)),
            size_mb=_mb(size),
            limit_mb=limits.max_part_mb,
        )


def refuse_rows(path: Path, limit: int, sheet: str = "") -> DocumentError:
    """The refusal of a sheet or text file with more than ``limit`` rows."""
    location = SourceLocation(str(path))
    if sheet:
        return DocumentError("import.limit.sheet_rows", location, sheet=sheet, limit=limit)
    return DocumentError("import.limit.text_rows", location, limit=limit)


def _mb(size: int) -> int:
    return -(-size // MB)  # rounded up: "65 MB" for 64 MB and a byte
