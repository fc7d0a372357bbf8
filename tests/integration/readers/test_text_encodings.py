"""Text files in every encoding a clerk's computer writes (``workflows.readers.encodings``):
found from the content, never from the file's length; legacy TCVN3/VNI text refused with a way
to convert it; a carriage return inside a tab-separated cell keeps the row whole."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from nhacviec.errors import DocumentError
from workflows.readers import detect_format, read_document
from workflows.readers.document import DocumentFormat, SourceDocument
from workflows.readers.encodings import Legacy, legacy_encoding

PLAN = (
    "KẾ HOẠCH thực hiện nhiệm vụ năm 2025 «đợt 1»\n"
    "TT\tNhiệm vụ\tCơ quan chủ trì\tThời gian\n"
    "1\tRà soát, cập nhật quy trình nội bộ\tSở Tư pháp\tQuý IV/2025\n"
    "2\tTổng hợp, báo cáo kết quả ứng dụng\tVăn phòng UBND tỉnh\tTrước ngày 15/12/2025\n"
)
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # the marks Windows-1258 keeps apart from the letter


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: letters with their hats, tones as combining marks."""
    out = b""
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out += base.encode("cp1258") + "".join(c for c in parts if c in _TONES).encode("cp1258")
    return out


def _read(tmp_path: Path, data: bytes, name: str = "plan.txt") -> SourceDocument:
    path = tmp_path / name
    path.write_bytes(data)
    return read_document(path)


def _cells(document: SourceDocument) -> list[list[str]]:
    (table,) = document.tables
    return [[cell.text for cell in row.cells] for row in table.rows]


EXPECTED = [
    ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"],
    ["1", "Rà soát, cập nhật quy trình nội bộ", "Sở Tư pháp", "Quý IV/2025"],
    ["2", "Tổng hợp, báo cáo kết quả ứng dụng", "Văn phòng UBND tỉnh", "Trước ngày 15/12/2025"],
]


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        lambda text: text.encode("utf-16-le"),
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf-8", "utf-8 BOM", "utf-16 LE BOM", "utf-16 BE BOM", "utf-16 LE", "CRLF"],
)
def test_unicode_text_reads_the_same_in_every_form(tmp_path: Path, encode: object) -> None:
    assert callable(encode)
    document = _read(tmp_path, encode(PLAN))
    assert _cells(document) == EXPECTED
    assert document.paragraphs[0].text == "KẾ HOẠCH thực hiện nhiệm vụ năm 2025 «đợt 1»"


def test_windows_1258_is_read_whatever_the_length(tmp_path: Path) -> None:
    """Found from the content: once a length of one parity read, the other did not."""
    files = [cp1258(PLAN), cp1258(PLAN + " ")]
    assert sorted(len(data) % 2 for data in files) == [0, 1]
    for number, data in enumerate(files):
        assert _cells(_read(tmp_path, data, f"{number}.txt")) == EXPECTED


# The plan typed with the legacy fonts, as the bytes their documents save.
TCVN3 = (
    b"K\xd5 ho\xb9ch th\xf9c hi\xd6n nhi\xd6m v\xf4 n\xa8m 2025\n"
    b"TT\tNhi\xd6m v\xf4\tC\xac quan ch\xf1 tr\xd7\tTh\xeai gian\n"
    b"1\tR\xb5 so\xb8t quy tr\xd7nh\t\xae\xacn v\xde\tQu\xfd IV\n"
)
VNI = (
    b"Ke\xe1 hoa\xefch th\xf6\xefc hie\xe4n nhie\xe4m vu\xef na\xeam 2025\n"
    b"TT\tNhie\xe4m vu\xef\tC\xf4 quan chu\xfb tr\xec\tTh\xf4\xf8i gian\n"
    b"1\tRa\xf8 soa\xf9t quy tr\xecnh\t\xf1\xf4n v\xf2\tQuy\xf9 IV\n"
)


@pytest.mark.parametrize(
    ("data", "legacy"),
    [
        (TCVN3, "TCVN3"),
        (VNI, "VNI"),
        (TCVN3.decode("latin-1").encode("utf-8"), "TCVN3"),  # pasted into a UTF-8 file
        (VNI.decode("cp1252").encode("utf-16"), "VNI"),
    ],
    ids=["TCVN3", "VNI", "TCVN3 glyphs in UTF-8", "VNI glyphs in UTF-16"],
)
def test_legacy_vietnamese_is_refused_with_the_way_to_convert(
    tmp_path: Path, data: bytes, legacy: str
) -> None:
    path = tmp_path / "cu.txt"
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert caught.value.key == "import.text_legacy_encoding"
    assert caught.value.params == {"encoding": legacy}
    assert caught.value.location is not None
    assert caught.value.location.file == str(path)


def test_unicode_with_quotes_and_signs_is_not_taken_for_legacy() -> None:
    text = PLAN + "Ghi chú: «Word®» và «Excel®», tỷ lệ 5×3 · mục ¶ 2, © Sở Tư pháp\n"
    assert legacy_encoding(text) is None
    assert legacy_encoding(TCVN3.decode("latin-1")) is Legacy.TCVN3
    assert legacy_encoding(VNI.decode("latin-1")) is Legacy.VNI


def test_a_carriage_return_inside_a_cell_keeps_the_row_whole(tmp_path: Path) -> None:
    data = (
        "TT\tNhiệm vụ\tCơ quan chủ trì\tThời gian\r\n"
        "1\tRà soát\rcập nhật quy trình\tSở Tư pháp\rSở Nội vụ\tQuý IV\r\n"
        "2\tBáo cáo\tVăn phòng\tTháng 12\r\n"
    ).encode()
    document = _read(tmp_path, data)
    (table,) = document.tables
    assert len(table.rows) == 3
    assert table.rows[1].cells[1].lines == ("Rà soát", "cập nhật quy trình")
    assert table.rows[1].cells[2].lines == ("Sở Tư pháp", "Sở Nội vụ")
    assert table.rows[1].cells[3].text == "Quý IV"


def test_a_file_of_carriage_returns_only_ends_its_lines_with_them(tmp_path: Path) -> None:
    assert _cells(_read(tmp_path, PLAN.replace("\n", "\r").encode())) == EXPECTED


def test_a_utf16_file_is_recognised_as_text(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN.encode("utf-16"))
    assert detect_format(path) is DocumentFormat.TEXT


def test_bytes_no_text_encoding_has_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(b"TT\tNhi\x81m v\x8d\n" * 10)
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert caught.value.key == "import.unsupported_format"
