"""The bounds on what a plan file may make us read (``workflows.readers.limits``), on small
files with small limits: each refusal says which part and which limit, before any parsing."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from nhacviec.errors import DocumentError
from tests import hostile
from tests.shared_paths import require_shared
from workflows.readers import read_document
from workflows.readers.limits import ReadLimits, check_archive

MIB = hostile.MIB
SMALL = ReadLimits(
    max_part_mb=1, max_ratio=50, max_rows=100, max_columns=20, max_cells=500, max_pages=10
)


def _refusal(path: Path, limits: ReadLimits = SMALL) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        read_document(path, limits=limits)
    assert caught.value.location is not None
    assert caught.value.location.file == str(path)
    return caught.value


def _docx(path: Path, document: bytes, *extra: hostile.Part) -> Path:
    part = hostile.deflated("word/document.xml", document)
    return hostile.write_zip(path, [*hostile.docx_parts(part), *extra])


def _document(paragraphs: int) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>Nhiệm vụ {n}</w:t></w:r></w:p>" for n in range(paragraphs))
    return f'<w:document xmlns:w="{hostile.WORD_NS}"><w:body>{body}</w:body></w:document>'.encode()


def test_a_part_declaring_more_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = hostile.docx_bomb(tmp_path / "bomb.docx", gib=2 / 1024)
    error = _refusal(path)
    assert error.key == "import.limit.part_size"
    assert error.params == {"part": "word/document.xml", "size_mb": 3, "limit_mb": 1}


def test_a_part_compressed_past_the_ratio_is_refused(tmp_path: Path) -> None:
    path = _docx(tmp_path / "blank.docx", b"<w:document/>" + b" " * (2 * MIB))
    error = _refusal(path, ReadLimits(max_ratio=50))
    assert error.key == "import.limit.ratio"
    assert error.params["part"] == "word/document.xml"
    assert error.params["limit"] == 50
    assert int(str(error.params["ratio"])) > 50


def test_a_small_part_may_compress_well(tmp_path: Path) -> None:
    """Below 1 MB a part may be mostly blank (the ratio counts only big parts)."""
    check_archive(
        _docx(tmp_path / "blank.docx", b"<w:document/>" + b" " * (MIB // 2)),
        ReadLimits(max_ratio=50),
    )


def test_a_part_inflating_past_its_declared_size_is_refused(tmp_path: Path) -> None:
    error = _refusal(hostile.docx_lying(tmp_path / "lying.docx"), ReadLimits())
    assert error.key == "import.limit.size_lies"
    assert error.params == {"part": "word/document.xml", "declared": 10_000}


def test_an_xml_part_declaring_entities_is_refused(tmp_path: Path) -> None:
    error = _refusal(hostile.docx_laughs(tmp_path / "laughs.docx"), ReadLimits())
    assert error.key == "import.limit.xml_dtd"
    assert error.params == {"part": "word/document.xml"}


def test_a_doctype_outside_xml_parts_is_allowed(tmp_path: Path) -> None:
    """A web page kept in a DOCX (an "altChunk") starts with <!DOCTYPE html>: it is no XML."""
    chunk = hostile.deflated("word/afchunk.htm", b"<!DOCTYPE html><html></html>")
    path = _docx(tmp_path / "chunk.docx", _document(3), chunk)
    check_archive(path, ReadLimits())


def test_parts_unpacking_past_four_times_the_part_limit_are_refused(tmp_path: Path) -> None:
    noise = [hostile.stored(f"word/media/image{n}.png", bytes(MIB - 1000)) for n in range(5)]
    error = _refusal(_docx(tmp_path / "many.docx", _document(3), *noise))
    assert error.key == "import.limit.unpacked_total"
    assert error.params == {"size_mb": 5, "limit_mb": 4}


def test_a_damaged_deflate_stream_is_refused_as_damaged(tmp_path: Path) -> None:
    good = hostile.deflated("word/document.xml", _document(200))
    broken = hostile.Part(good.name, b"\xff" * len(good.packed), good.crc, good.size)
    path = hostile.write_zip(tmp_path / "broken.docx", hostile.docx_parts(broken))
    assert _refusal(path).key == "import.archive_damaged"


@pytest.mark.parametrize("name", ["xa-ba-long-2025h2.docx", "so-cong-thuong-2025h2.xlsx"])
def test_real_plans_pass_the_default_limits(name: str) -> None:
    check_archive(require_shared("fixtures", "plans", name), ReadLimits())


# -- XLSX: rows, columns and cells counted while streaming; merges and formulas surveyed --------


def _sheet(path: Path, rows: list[str], tail: str = "") -> Path:
    sheet = hostile.deflated("xl/worksheets/sheet1.xml", hostile.sheet_xml(rows, tail))
    return hostile.xlsx(path, sheet)


def _row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def _text(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def test_a_sheet_past_the_row_limit_is_refused_by_its_name(tmp_path: Path) -> None:
    error = _refusal(hostile.xlsx_rows(tmp_path / "rows.xlsx", 1_000))
    assert error.key == "import.limit.sheet_rows"
    assert error.params == {"sheet": "Kế hoạch", "limit": 100}


def test_a_sheet_with_data_past_the_column_limit_is_refused(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "wide.xlsx", [_row(1, _text("A1", "TT"), _text("XFD1", "x"))])
    error = _refusal(path)
    assert error.key == "import.limit.sheet_columns"
    assert error.params == {"sheet": "Kế hoạch", "limit": 20}


def test_a_sheet_past_the_cell_limit_is_refused(tmp_path: Path) -> None:
    cells = "".join(f'<c r="{chr(65 + n)}{{r}}"><v>{n}</v></c>' for n in range(10))
    rows = [f'<row r="{r}">{cells.replace("{r}", str(r))}</row>' for r in range(1, 61)]
    error = _refusal(_sheet(tmp_path / "cells.xlsx", rows))
    assert error.key == "import.limit.sheet_cells"
    assert error.params == {"sheet": "Kế hoạch", "limit": 500}


def test_merges_are_read_in_streaming_mode(tmp_path: Path) -> None:
    rows = [
        _row(1, _text("A1", "TT"), _text("B1", "Nhiệm vụ"), _text("C1", "Thời gian")),
        _row(2, _text("A2", "1"), _text("B2", "Rà soát"), _text("C2", "Quý III")),
        _row(3, _text("A3", "2"), _text("B3", "Báo cáo")),
    ]
    merges = '<mergeCells count="1"><mergeCell ref="C2:C3"/></mergeCells>'
    document = read_document(_sheet(tmp_path / "merged.xlsx", rows, merges), limits=SMALL)
    (table,) = document.tables
    assert [cell.text for cell in table.rows[1].cells] == ["1", "Rà soát", "Quý III"]
    assert table.rows[2].cells[2].continues_above
    assert document.notes == ()


def test_a_formula_without_its_value_is_flagged_not_read_as_empty(tmp_path: Path) -> None:
    rows = [
        _row(1, _text("A1", "TT"), _text("B1", "Thời gian")),
        _row(2, '<c r="A2"><v>1</v></c>', '<c r="B2"><f>DATE(2025,9,30)</f><v>45930</v></c>'),
        _row(3, '<c r="A3"><v>2</v></c>', '<c r="B3" t="str"><f>CONCAT("Quý ","IV")</f></c>'),
    ]
    document = read_document(_sheet(tmp_path / "formulas.xlsx", rows), limits=SMALL)
    (note,) = document.notes
    assert note.code == "import.xlsx_formula_uncached"
    assert dict(note.params) == {"sheet": "Kế hoạch", "cells": "B3", "count": "1"}
    (table,) = document.tables
    assert table.rows[1].cells[1].text == "45930"


def test_trailing_rows_without_data_are_not_read(tmp_path: Path) -> None:
    rows = [_row(1, _text("A1", "TT")), _row(2, _text("A2", "1")), '<row r="90" ht="20"/>']
    (table,) = read_document(_sheet(tmp_path / "styled.xlsx", rows), limits=SMALL).tables
    assert len(table.rows) == 2


# -- PDF pages and text files --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "declared"), [(50, None), (5, 500), (50, 1)], ids=["many", "count", "lying count"]
)
def test_a_pdf_past_the_page_limit_is_refused(
    tmp_path: Path, pages: int, declared: int | None
) -> None:
    error = _refusal(hostile.pdf_pages(tmp_path / "pages.pdf", pages, declared))
    assert error.key == "import.limit.pdf_pages"
    assert error.params == {"limit": 10}


def test_a_text_file_past_the_row_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rows.txt"
    path.write_text("".join(f"{n}\tNhiệm vụ {n}\tQuý IV\n" for n in range(101)), encoding="utf-8")
    error = _refusal(path)
    assert error.key == "import.limit.text_rows"
    assert error.params == {"limit": 100}


def test_a_text_file_past_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"1\tNhi\xe1\xbb\x87m v\xe1\xbb\xa5\n" + b"x" * (MIB + 1))
    error = _refusal(path)
    assert error.key == "import.limit.text_size"
    assert error.params == {"size_mb": 2, "limit_mb": 1}


def test_a_part_of_exactly_the_limit_passes(tmp_path: Path) -> None:
    data = b"<w:document/>".ljust(MIB, b" ")
    part = hostile.Part("word/document.xml", zlib.compress(data)[2:-4], zlib.crc32(data), MIB)
    check_archive(
        hostile.write_zip(tmp_path / "edge.docx", hostile.docx_parts(part)),
        ReadLimits(max_part_mb=1, max_ratio=10_000),
    )
