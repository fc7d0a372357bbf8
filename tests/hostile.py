"""Hostile plan files, built on the fly (they are big or absurd; none is committed).

The zips are written by hand, byte by byte, so that a file can declare what it likes: a part
whose XML inflates to a gibibyte is packed once per mebibyte and repeated (a deflate stream
flushed fully after each mebibyte restarts from nothing, so every mebibyte packs to the same
bytes), and a part can declare a size other than its real one.
"""

from __future__ import annotations

import os
import random
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

MIB = 1 << 20
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC = REL_NS + "/officeDocument"


@dataclass(frozen=True)
class Part:
    name: str
    packed: bytes
    crc: int
    size: int  # the size the zip declares, true or not
    method: int = zlib.DEFLATED


def deflated(name: str, data: bytes) -> Part:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    packed = packer.compress(data) + packer.flush()
    return Part(name, packed, zlib.crc32(data), len(data))


def stored(name: str, data: bytes) -> Part:
    return Part(name, data, zlib.crc32(data), len(data), method=0)


def repeated(name: str, head: bytes, unit: bytes, times: int, tail: bytes) -> Part:
    """``head + unit * times + tail`` deflated without ever holding it whole."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    segment = packer.compress(unit) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(unit) + packer.flush(zlib.Z_FULL_FLUSH)
    assert segment == again, "a fully flushed deflate stream packs equal input equally"
    last = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(unit, crc)
    crc = zlib.crc32(tail, crc)
    packed = first + segment * (times - 1) + again + last
    return Part(name, packed, crc, len(head) + len(unit) * times + len(tail))


def lying(part: Part, size: int) -> Part:
    """The same bytes, declaring another unpacked size."""
    return Part(part.name, part.packed, part.crc, size, part.method)


def write_zip(path: Path, parts: Sequence[Part]) -> Path:
    local = struct.Struct("<4sHHHHHIIIHH")
    central = struct.Struct("<4sHHHHHHIIIHHHHHII")
    directory = b""
    with path.open("wb") as out:
        for part in parts:
            name = part.name.encode()
            offset = out.tell()
            sizes = (part.crc, len(part.packed), part.size, len(name), 0)
            out.write(local.pack(b"PK\x03\x04", 20, 0, part.method, 0, 0x21, *sizes))
            out.write(name + part.packed)
            directory += central.pack(
                b"PK\x01\x02", 20, 20, 0, part.method, 0, 0x21, *sizes, 0, 0, 0, 0, offset
            )
            directory += name
        start = out.tell()
        end = struct.pack(
            "<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), start, 0
        )
        out.write(directory + end)
    return path


def docx_parts(document: Part) -> list[Part]:
    """A DOCX around ``document`` (word/document.xml): just what a reader looks for."""
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
        'main+xml"/></Types>'
    )
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
        f'<Relationship Id="rId1" Type="{OFFICE_DOC}" Target="word/document.xml"/></Relationships>'
    )
    return [
        deflated("[Content_Types].xml", types.encode()),
        deflated("_rels/.rels", rels.encode()),
        document,
    ]


def docx_bomb(path: Path, gib: float = 1.0, padding_mb: int = 0) -> Path:
    """A DOCX of about ``padding_mb`` + 1 MB whose document.xml inflates to ``gib`` GiB."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{WORD_NS}"><w:body>'
    unit = b"<w:p><w:r><w:t>Nhi\xe1\xbb\x87m v\xe1\xbb\xa5</w:t></w:r></w:p>" * (MIB // 48)
    unit = unit.ljust(MIB, b" ")
    document = repeated(
        "word/document.xml", head.encode(), unit, int(gib * 1024), b"</w:body></w:document>"
    )
    media = stored("word/media/image1.png", _noise(padding_mb * MIB))
    return write_zip(path, [*docx_parts(document), media])


def docx_lying(path: Path) -> Path:
    """A DOCX whose document.xml declares 10 kB and a ratio of 1, and inflates to 256 MiB."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{WORD_NS}"><w:body>'
    unit = (b"<w:p/>" * (MIB // 6)).ljust(MIB, b" ")
    document = repeated("word/document.xml", head.encode(), unit, 256, b"</w:body></w:document>")
    return write_zip(path, [*docx_parts(lying(document, 10_000))])


def billion_laughs(levels: int = 10) -> bytes:
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE lolz [", '<!ENTITY lol0 "lol">']
    lines += [
        f'<!ENTITY lol{n} "{"".join(f"&lol{n - 1};" for _ in range(10))}">'
        for n in range(1, levels)
    ]
    lines += [
        "]>",
        f'<w:document xmlns:w="{WORD_NS}"><w:body><w:p><w:r>',
        f"<w:t>&lol{levels - 1};</w:t></w:r></w:p></w:body></w:document>",
    ]
    return "\n".join(lines).encode()


def docx_laughs(path: Path) -> Path:
    return write_zip(path, docx_parts(deflated("word/document.xml", billion_laughs())))


def xlsx(path: Path, sheet: Part, extra: Sequence[Part] = ()) -> Path:
    """An XLSX with one sheet (xl/worksheets/sheet1.xml): the parts openpyxl needs."""
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>'
    )
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
        f'<Relationship Id="rId1" Type="{OFFICE_DOC}" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{SHEET_NS}" xmlns:r="{REL_NS}">'
        '<sheets><sheet name="Kế hoạch" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
        f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    )
    parts = [
        deflated("[Content_Types].xml", types.encode()),
        deflated("_rels/.rels", rels.encode()),
        deflated("xl/workbook.xml", workbook.encode()),
        deflated("xl/_rels/workbook.xml.rels", workbook_rels.encode()),
        sheet,
        *extra,
    ]
    return write_zip(path, parts)


def sheet_xml(rows: Sequence[str], tail: str = "") -> bytes:
    body = "".join(rows)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SHEET_NS}">'
        f"<sheetData>{body}</sheetData>{tail}</worksheet>"
    ).encode()


def xlsx_rows(path: Path, count: int) -> Path:
    """An XLSX of ``count`` rows of one number each, its sheet packed a row at a time."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SHEET_NS}"><sheetData>'
    packer = zlib.compressobj(1, zlib.DEFLATED, -zlib.MAX_WBITS)
    packed, crc, size = [packer.compress(head.encode())], zlib.crc32(head.encode()), len(head)
    for start in range(1, count + 1, 10_000):
        stop = min(start + 10_000, count + 1)
        chunk = "".join(
            f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(start, stop)
        )
        data = chunk.encode()
        packed.append(packer.compress(data))
        crc, size = zlib.crc32(data, crc), size + len(data)
    tail = b"</sheetData></worksheet>"
    packed.append(packer.compress(tail) + packer.flush())
    sheet = Part(
        "xl/worksheets/sheet1.xml", b"".join(packed), zlib.crc32(tail, crc), size + len(tail)
    )
    return xlsx(path, sheet)


def pdf_pages(path: Path, pages: int, declared: int | None = None) -> Path:
    """A PDF of ``pages`` empty pages whose page tree declares ``declared`` (default: true)."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Count %d/Kids[%s]>>"
        % (
            declared if declared is not None else pages,
            b" ".join(b"%d 0 R" % (n + 3) for n in range(pages)),
        ),
    ]
    objects += [b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"] * pages
    with path.open("wb") as out:
        out.write(b"%PDF-1.4\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
        out.write(
            b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
        )
    return path


def pdf_packed_pages(
    path: Path,
    pages: int,
    declared: int | None = None,
    per_stream: int = 10_000,
    *,
    page_name: bytes = b"Page",
    hex_streams: bool = False,
    padding: int = 0,
) -> Path:
    """A PDF 1.5 of ``pages`` empty pages whose every object but the streams sits in
    compressed object streams (``/ObjStm``, ``per_stream`` objects each) found through a
    cross-reference stream: nothing of the page tree is readable in the file's bytes.

    ``page_name`` is how ``/Page`` is written (``P#61ge`` is the same name); ``hex_streams``
    packs the object streams with ``/ASCIIHexDecode`` instead of Flate; ``padding`` blank
    bytes end the first object stream (a stream that inflates far)."""
    kids = b" ".join(b"%d 0 R" % (n + 3) for n in range(pages))
    count = declared if declared is not None else pages
    packed = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Count %d/Kids[%s]>>" % (count, kids),
        *[b"<</Type/%s/Parent 2 0 R/MediaBox[0 0 595 842]>>" % page_name] * pages,
    ]
    first_stream = len(packed) + 1  # object numbers 1.. are packed; the streams follow
    groups = [packed[start : start + per_stream] for start in range(0, len(packed), per_stream)]
    where: list[tuple[int, int]] = []  # (object stream's number, index in it) per object
    with path.open("wb") as out:
        out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
        offsets: dict[int, int] = {}
        for index, group in enumerate(groups):
            number, start = first_stream + index, index * per_stream + 1
            heads, bodies, at = [], [], 0
            for offset, body in enumerate(group):
                heads.append(b"%d %d" % (start + offset, at))
                bodies.append(body)
                at += len(body) + 1
                where.append((number, offset))
            head = b" ".join(heads) + b"\n"
            plain = head + b"\n".join(bodies) + b"\n" + b" " * (padding if index == 0 else 0)
            data = plain.hex().encode() + b">" if hex_streams else zlib.compress(plain, 6)
            method = b"ASCIIHexDecode" if hex_streams else b"FlateDecode"
            offsets[number] = out.tell()
            out.write(
                b"%d 0 obj\n<</Type/ObjStm/N %d/First %d/Length %d/Filter/%s>>\n"
                b"stream\n%s\nendstream\nendobj\n"
                % (number, len(group), len(head), len(data), method, data)
            )
        xref_number = first_stream + len(groups)
        entries = [struct.pack(">BIH", 0, 0, 65535)]
        entries += [struct.pack(">BIH", 2, stream, index) for stream, index in where]
        entries += [struct.pack(">BIH", 1, offsets[n], 0) for n in sorted(offsets)]
        xref = out.tell()
        entries.append(struct.pack(">BIH", 1, xref, 0))
        data = zlib.compress(b"".join(entries), 6)
        out.write(
            b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root 1 0 R/Length %d/Filter/FlateDecode>>"
            b"\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
            % (xref_number, xref_number + 1, len(data), data, xref)
        )
    return path


def _noise(size: int) -> bytes:
    """Bytes that do not compress (a picture's), the same on every run."""
    return random.Random(13).randbytes(size)


def text_rows(path: Path, count: int) -> Path:
    """A tab-separated text of ``count`` rows (a table pasted far too many times)."""
    row = "1\tRà soát quy trình nội bộ\tSở Tư pháp\tQuý IV/2025\n".encode()
    with path.open("wb") as out:
        for _ in range(count // 10_000):
            out.write(row * 10_000)
        out.write(row * (count % 10_000))
    return path


# Every hostile file of issue 13 at full size, with the words its refusal says.
BUILDERS: dict[str, tuple[str, Callable[[Path], Path], str]] = {
    "docx bomb": ("bomb.docx", docx_bomb, "vượt giới hạn 64 MB"),
    "docx lying sizes": ("lying.docx", docx_lying, "nhiều hơn kích thước 10000 byte"),
    "billion laughs": ("laughs.docx", docx_laughs, "khai báo DTD/ENTITY"),
    "xlsx 1,000,000 rows": ("rows.xlsx", lambda p: xlsx_rows(p, 1_000_000), "hơn 20000 dòng"),
    "pdf 100,000 pages": ("pages.pdf", lambda p: pdf_pages(p, 100_000), "hơn 1000 trang"),
    "pdf lying count": ("count.pdf", lambda p: pdf_pages(p, 5_000, declared=1), "hơn 1000 trang"),
    "pdf packed 100,000 pages": (
        "packed.pdf",
        lambda p: pdf_packed_pages(p, 100_000),
        "hơn 1000 trang",
    ),
    "pdf packed lying count": (
        "packed-count.pdf",
        lambda p: pdf_packed_pages(p, 5_000, declared=1),
        "hơn 1000 trang",
    ),
    "text 1,000,000 rows": ("rows.txt", lambda p: text_rows(p, 1_000_000), "hơn 20000 dòng"),
}


@dataclass(frozen=True)
class Measured:
    code: int
    seconds: float  # wall clock, the command's start-up included
    cpu_seconds: float  # user + system: what a busy machine does not inflate
    peak_mb: float
    err: str


def run_measured(path: Path, home: Path) -> Measured:
    """``nhacviec plan import --dry-run PATH`` in a fresh process, timed, with its peak
    memory: a child of a child, so that RUSAGE_CHILDREN counts that one process alone."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "run = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "seconds = time.perf_counter() - start\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "sys.stderr.write(run.stderr)\n"
        "print(run.returncode, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)\n"
    )
    command = [sys.executable, "-c", probe, sys.executable, "-m", "nhacviec"]
    command += ["--lang", "vi", "plan", "import", "--dry-run", str(path)]
    env = {**os.environ, "NHACVIEC_HOME": str(home), "COLUMNS": "200"}
    env.pop("NHACVIEC_CONFIG", None)
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    code, seconds, cpu, peak = done.stdout.split()
    return Measured(int(code), float(seconds), float(cpu), float(peak), done.stderr)
