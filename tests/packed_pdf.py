"""A real PDF rewritten as PDF 1.5 writers save it: every object that is not a stream packed
into compressed object streams (``/ObjStm``) found through a cross-reference stream.

LibreOffice and the fixtures' printers write classic cross-reference tables; Word, Acrobat and
many portals write object streams. The objects keep their numbers and bytes (pypdf reads and
writes them), so the rewritten file holds the same plan. Dictionary keys are written in
Acrobat's order (sorted: ``/Filter`` before ``/Type``).
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import IndirectObject, StreamObject


def repack(source: Path, path: Path, per_stream: int = 100) -> Path:
    reader = PdfReader(source)
    size = int(str(reader.trailer["/Size"]))
    streams: dict[int, bytes] = {}
    packed: dict[int, bytes] = {}
    for number in range(1, size):
        try:
            obj = reader.get_object(IndirectObject(number, 0, reader))
        except PdfReadError:  # a free or missing entry: left out, as a writer does
            continue
        if obj is None:
            continue
        buffer = io.BytesIO()
        obj.write_to_stream(buffer)
        (streams if isinstance(obj, StreamObject) else packed)[number] = buffer.getvalue()
    entries: dict[int, tuple[int, int, int]] = {0: (0, 0, 65535)}
    numbers = sorted(packed)
    groups = [numbers[start : start + per_stream] for start in range(0, len(numbers), per_stream)]
    next_number = size
    with path.open("wb") as out:
        out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
        for number, body in streams.items():
            entries[number] = (1, out.tell(), 0)
            out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        for group in groups:
            heads, bodies, at = [], [], 0
            for index, number in enumerate(group):
                heads.append(b"%d %d" % (number, at))
                bodies.append(packed[number])
                at += len(packed[number]) + 1
                entries[number] = (2, next_number, index)
            head = b" ".join(heads) + b"\n"
            data = zlib.compress(head + b"\n".join(bodies) + b"\n")
            entries[next_number] = (1, out.tell(), 0)
            out.write(
                b"%d 0 obj\n<</Filter/FlateDecode/First %d/Length %d/N %d/Type/ObjStm>>\n"
                b"stream\n%s\nendstream\nendobj\n"
                % (next_number, len(head), len(data), len(group), data)
            )
            next_number += 1
        entries[next_number] = (1, out.tell(), 0)
        rows = b"".join(
            struct.pack(">BIH", *entries.get(n, (0, 0, 0))) for n in range(next_number + 1)
        )
        data = zlib.compress(rows)
        root = reader.trailer.raw_get("/Root")
        info = reader.trailer.raw_get("/Info") if "/Info" in reader.trailer else None
        extra = b"/Info %d 0 R" % info.idnum if info is not None else b""
        xref = out.tell()
        out.write(
            b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root %d 0 R%s/Length %d"
            b"/Filter/FlateDecode>>\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
            % (next_number, next_number + 1, root.idnum, extra, len(data), data, xref)
        )
    return path
