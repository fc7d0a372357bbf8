"""Properties of the splitter on generated cells: it never loses text, never invents names."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from workflows.units.splitter import split_units
from workflows.units.tokens import BULLETS, DASHES

TRIM = " -;,." + DASHES + BULLETS
VOCABULARY = [
    "Sở", "sở", "Bộ", "Phòng", "phòng", "Ban", "ban", "Cục", "Vụ", "UBND", "HĐND", "VP", "TT",
    "Văn", "phòng", "Trung", "tâm", "Ủy", "Uỷ", "ban", "Công", "an", "Các", "các", "và", "với",
    "Nội", "vụ", "Tư", "pháp", "Khoa", "học", "Công", "nghệ", "Kinh", "tế", "VH-XH", "HCC",
    "đơn", "vị", "cơ", "quan", "thuộc", "có", "liên", "quan", "ngành", "địa", "phương", "xã",
    "Xã", "hội", "VTV", "TTXVN", "(Trung", "tâm)", "(ghi", "chú", "x)", "So", "Noi", "vu",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", ", ", "; ", "\n", " - ", "-", " và ", "(", ")", ". ", "•"]

cells = st.lists(
    st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(SEPARATORS)), max_size=20
).map(lambda parts: "".join(word + separator for word, separator in parts))


def words_of(text: str) -> list[str]:
    """The words a name must keep: everything but separators, bullets and a lone "và"."""
    pieces = (
        piece.strip(TRIM) for piece in re.split(r"[\s,;]+", unicodedata.normalize("NFC", text))
    )
    return [piece for piece in pieces if piece and piece != "và"]


def check(text: str) -> None:
    names = split_units(text)
    assert all(name and name == name.strip(TRIM) for name in names)
    for word in words_of(text):
        assert any(word in name for name in names), (word, names)


@given(cells)
def test_generated_cells_keep_every_word(text: str) -> None:
    check(text)


@given(st.text())
def test_any_text_keeps_every_word(text: str) -> None:
    check(text)


@given(cells)
def test_decomposed_unicode_splits_the_same(text: str) -> None:
    assert split_units(unicodedata.normalize("NFD", text)) == split_units(text)
