"""The page limit on PDFs whose page tree sits in compressed object streams (PDF 1.5+
``/ObjStm``, issue 13 item 9): counted from the inflated streams before pdfminer parses the
file, within a byte budget; what the bytes cannot show, pdfminer's walk of the tree does."""

from __future__ import annotations

from pathlib import Path

import pytest

from nhacviec.errors import DocumentError, SourceLocation
from tests import hostile
from tests.packed_pdf import repack
from tests.shared_paths import fixture_path
from workflows.readers import read_document
from workflows.readers.limits import ReadLimits
from workflows.readers.pdf.pages import check_page_count

MIB = hostile.MIB
SMALL = ReadLimits(max_part_mb=1, max_pages=10)


def _refusal(path: Path, limits: ReadLimits = SMALL) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        read_document(path, limits=limits)
    assert caught.value.location is not None
    assert caught.value.location.file == str(path)
    return caught.value


def _counted(path: Path, max_pages: int, max_bytes: int = 64 * MIB) -> DocumentError | None:
    """The refusal of the count from the bytes alone (no pdfminer), if any."""
    try:
        check_page_count(path, SourceLocation(str(path)), max_pages, max_bytes)
    except DocumentError as error:
        return error
    return None


@pytest.mark.parametrize(
    ("pages", "declared", "per_stream"),
    [(50, None, 7), (5, 500, 2), (50, 1, 7), (50, None, 10_000)],
    ids=["many", "count", "lying count", "one stream"],
)
def test_a_packed_pdf_past_the_page_limit_is_refused(
    tmp_path: Path, pages: int, declared: int | None, per_stream: int
) -> None:
    path = hostile.pdf_packed_pages(tmp_path / "packed.pdf", pages, declared, per_stream)
    error = _refusal(path)
    assert error.key == "import.limit.pdf_pages"
    assert error.params == {"limit": 10}
    counted = _counted(path, 10)
    assert counted is not None
    assert counted.key == "import.limit.pdf_pages"


def test_a_packed_pdf_within_the_limit_is_read(tmp_path: Path) -> None:
    """Eight blank pages: counted, let through, and read (a PDF without text, said so)."""
    path = hostile.pdf_packed_pages(tmp_path / "packed.pdf", 8, per_stream=3)
    assert _counted(path, 10) is None
    assert _refusal(path).key == "import.pdf_no_text"


def test_pages_are_counted_exactly_across_inflated_windows(tmp_path: Path) -> None:
    """30,000 pages in one stream inflate to about 1.5 MiB, read a mebibyte at a time: a
    page object cut by the window's end is counted once, not twice nor never."""
    path = hostile.pdf_packed_pages(tmp_path / "packed.pdf", 30_000, per_stream=40_000)
    assert _counted(path, 30_000) is None
    error = _counted(path, 29_999)
    assert error is not None
    assert error.params == {"limit": 29_999}


def test_an_escaped_page_name_is_a_page(tmp_path: Path) -> None:
    """``/P#61ge`` is the name ``/Page`` to every reader: counted as one."""
    path = hostile.pdf_packed_pages(tmp_path / "packed.pdf", 50, 1, 7, page_name=b"P#61ge")
    counted = _counted(path, 10)
    assert counted is not None
    assert counted.key == "import.limit.pdf_pages"


def test_streams_under_another_filter_are_counted_by_the_page_tree(tmp_path: Path) -> None:
    """Object streams in ASCII hex are not inflated from the bytes; the tree walk, stopping
    one page past the limit, refuses the file before any page is read."""
    path = hostile.pdf_packed_pages(tmp_path / "hex.pdf", 50, 1, 7, hex_streams=True)
    assert _counted(path, 10) is None
    error = _refusal(path)
    assert error.key == "import.limit.pdf_pages"
    assert error.params == {"limit": 10}


def test_an_object_stream_inflating_past_the_budget_is_refused(tmp_path: Path) -> None:
    path = hostile.pdf_packed_pages(tmp_path / "far.pdf", 1, per_stream=7, padding=2 * MIB)
    error = _refusal(path)
    assert error.key == "import.limit.pdf_packed"
    assert error.params == {"limit_mb": 1}
    assert _refusal(path, ReadLimits(max_part_mb=4, max_pages=10)).key == "import.pdf_no_text"


def test_a_real_plan_saved_with_object_streams_reads_as_its_original(tmp_path: Path) -> None:
    """The Sở Công Thương plan (16 pages) rewritten with its page tree in object streams:
    read within the limit exactly as the original; one page under its size, refused from
    the bytes."""
    source = fixture_path("fixtures/plans/so-cong-thuong-2025h2.pdf")
    path = repack(source, tmp_path / "packed.pdf")
    assert b"/Type/Page" not in path.read_bytes()
    original, packed = read_document(source), read_document(path)
    assert packed.page_count == original.page_count == 16
    assert packed.paragraphs == original.paragraphs
    assert packed.tables == original.tables
    counted = _counted(path, 15)
    assert counted is not None
    assert counted.params == {"limit": 15}
    assert _counted(path, 16) is None
