"""Name keys: one key for every way a clerk writes the same unit name."""

from __future__ import annotations

import unicodedata

import pytest

from workflows.units.normalize import loose_key, unit_key, without_notes


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        (nfd("Phòng Văn hóa - Xã hội"), "Phòng Văn hóa - Xã hội"),
        ("Uỷ ban nhân dân xã", "Ủy ban nhân dân xã"),
        ("Phòng Văn hoá - Xã hội", "Phòng Văn hóa - Xã hội"),
        ("Sở  Nội   vụ", "Sở Nội vụ"),
        ("SỞ NỘI VỤ", "Sở Nội vụ"),
        ("sở nội vụ", "Sở Nội vụ"),
        ("Phòng VH-XH", "Phòng Văn hóa - Xã hội"),
        ("Phòng Văn hóa – Xã hội", "Phòng Văn hóa - Xã hội"),
        ("TT Phục vụ HCC", "Trung tâm Phục vụ hành chính công"),
        ("TT phục vụ HCC", "Trung tâm Phục vụ hành chính công"),
        ("VP HĐND và UBND", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"),
        ("Ban CHQS xã", "Ban Chỉ huy quân sự xã"),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("Sở Khoa học & Công nghệ", "Sở Khoa học và Công nghệ"),
        ("các tổ chức chính trị-xã hội", "các tổ chức chính trị - xã hội"),
        ("Phòng Kĩ thuật", "Phòng Kỹ thuật"),
        ("Văn phòng Sở.", "Văn phòng Sở"),
    ],
)
def test_spellings_of_one_name_share_a_key(written: str, canonical: str) -> None:
    assert unit_key(written) == unit_key(canonical)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Sở Tư pháp", "Sở Tài chính"),
        ("Phòng Văn hóa - Xã hội", "Phòng Kinh tế"),
        ("Trung tâm Phục vụ hành chính công", "TT Phục vu HCC"),  # a missing tone mark
        ("Hòa", "Hóa"),  # a different tone is a different word
    ],
)
def test_different_names_have_different_keys(one: str, other: str) -> None:
    assert unit_key(one) != unit_key(other)


def test_loose_key_ignores_diacritics_and_typos_in_them() -> None:
    assert loose_key("TT Phục vu HCC") == loose_key("Trung tâm Phục vụ hành chính công")
    assert loose_key("So Noi vu") == loose_key("Sở Nội vụ")
    assert loose_key("Phong Ki thuat") == loose_key("Phòng Kỹ thuật")


def test_abbreviations_typed_without_diacritics_expand() -> None:
    assert unit_key("VP HDND và UBND") == unit_key("Văn phòng Hội đồng nhân dân và UBND")
    assert loose_key("VP HDND va UBND") == loose_key("Văn phòng HĐND và Ủy ban nhân dân")


def test_parenthesised_remarks_are_set_aside() -> None:
    assert without_notes("TT Phục vụ HCC (TTHC cấp xã: UBND cấp xã rà soát)") == (
        "TT Phục vụ HCC",
        "TTHC cấp xã: UBND cấp xã rà soát",
    )
    assert without_notes("Sở Nội vụ") == ("Sở Nội vụ", "")
