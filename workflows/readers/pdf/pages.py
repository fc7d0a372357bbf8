"""How many pages a PDF has, counted cheaply before pdfminer parses it.

pdfminer takes seconds to open a file of 100,000 page objects, so the page limit is checked on
the file's bytes first: the page tree's declared ``/Count`` and the ``/Type /Page`` objects
printed in the file, and, since PDF 1.5, those packed into compressed object streams
(``/Type /ObjStm``), which are inflated here a mebibyte at a time within a byte budget (a
cross-reference stream, ``/Type /XRef``, counts against the budget too: pdfminer inflates it
whole). Names are matched with their ``#xx`` escapes, as a reader decodes them.

What the bytes cannot show (an object stream under another filter than Flate) is caught by
``pages_past``: the page tree walked with pdfminer, stopping one page past the limit.
"""

from __future__ import annotations

import mmap
import re
import zlib
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from pdfminer.pdfpage import PDFPage

from nhacviec.errors import DocumentError, SourceLocation

MB = 1 << 20
_MARGIN = 128  # longer than any match: a match starting before the margin ends in the window


def _letters(word: str) -> bytes:
    """A PDF name ``/word`` whose letters may each be written ``#xx``."""
    parts = (f"(?:{char}|#{ord(char):02x}|#{ord(char):02X})" for char in word)
    return rb"/" + "".join(parts).encode() + rb"(?![A-Za-z0-9#])"


_TYPE = _letters("Type") + rb"\s{0,16}"
_PAGE = re.compile(_TYPE + _letters("Page"))
_COUNT = re.compile(_letters("Count") + rb"\s{1,16}(\d{1,12})")
_PACKED = re.compile(_TYPE + rb"(?:" + _letters("ObjStm") + rb"|" + _letters("XRef") + rb")")
_STREAM = re.compile(rb"stream\r?\n")
_FLATE = re.compile(_letters("FlateDecode"))
_DICT_MAX = 4096  # bytes from a stream's /Type to its ``stream`` keyword


class _Counter:
    """Page objects and the largest declared count, over bytes fed a window at a time."""

    def __init__(self, max_pages: int) -> None:
        self.max_pages, self.pages, self.declared = max_pages, 0, 0

    @property
    def over(self) -> bool:
        return self.pages > self.max_pages or self.declared > self.max_pages

    def feed(self, data: bytes | mmap.mmap, final: bool) -> int:
        """Count the matches starting in ``data`` (all of them if ``final``, else those before
        the margin); the number of bytes done, the rest to come again with the next window."""
        done = len(data) if final else max(len(data) - _MARGIN, 0)
        for found in _PAGE.finditer(data, 0, len(data)):
            if found.start() >= done:
                break
            self.pages += 1
            if self.pages > self.max_pages:
                return done
        for found in _COUNT.finditer(data):
            if found.start() < done:
                self.declared = max(self.declared, int(found[1]))
        return done


def check_page_count(path: Path, location: SourceLocation, max_pages: int, max_bytes: int) -> None:
    """Refuse a PDF whose bytes, or whose object streams once inflated (at most ``max_bytes``
    in all), declare or hold more than ``max_pages`` pages."""
    if not path.is_file() or path.stat().st_size == 0:
        return  # nothing to count: opening it says what is wrong
    counter = _Counter(max_pages)
    with path.open("rb") as stream, mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as raw:
        counter.feed(raw, final=True)
        budget = max_bytes
        for start in _packed_streams(raw):
            if counter.over:
                break
            budget = _count_packed(raw, start, counter, budget)
            if budget < 0:
                raise DocumentError("import.limit.pdf_packed", location, limit_mb=max_bytes // MB)
    if counter.over:
        raise DocumentError("import.limit.pdf_pages", location, limit=max_pages)


def _packed_streams(raw: mmap.mmap) -> Iterator[int]:
    """Where the data of each Flate-packed object or cross-reference stream starts. The
    dictionary's keys come in any order (Acrobat sorts them: ``/Filter`` before ``/Type``), so
    the filter is looked for from the object's start (``N 0 obj``) to its ``stream``."""
    for found in _PACKED.finditer(raw):
        keyword = _STREAM.search(raw, found.end(), found.end() + _DICT_MAX)
        if keyword is None:
            continue
        opened = raw.rfind(b"obj", max(found.start() - _DICT_MAX, 0), found.start())
        start = opened if opened >= 0 else found.start()
        if _FLATE.search(raw, start, keyword.start()):
            yield keyword.end()


def _count_packed(raw: mmap.mmap, start: int, counter: _Counter, budget: int) -> int:
    """Inflate one stream from ``start``, counting its pages; the budget left after it
    (below zero: the stream inflates past it, and inflating stopped there)."""
    inflater = zlib.decompressobj()
    window = b""
    at = start
    try:
        while not inflater.eof and at < len(raw) and not counter.over:
            packed = inflater.unconsumed_tail or raw[at : at + MB]
            if not inflater.unconsumed_tail:
                at += len(packed)
            piece = inflater.decompress(packed, MB)
            budget -= len(piece)
            if budget < 0:
                return budget
            window += piece
            window = window[counter.feed(window, final=inflater.eof) :]
    except zlib.error:
        pass  # a damaged stream: pdfminer says so when it reads the file
    counter.feed(window, final=True)
    return budget


def pages_past(document: Any, max_pages: int) -> bool:
    """Whether pdfminer's walk of the page tree finds more than ``max_pages`` pages (it stops
    at the first one past the limit, whatever the tree's ``/Count`` says)."""
    return sum(1 for _ in islice(PDFPage.create_pages(document), max_pages + 1)) > max_pages
