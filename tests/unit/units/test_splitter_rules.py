"""Each splitting rule on the cell that motivated it (no directory)."""

from __future__ import annotations

import unicodedata

import pytest

from workflows.units.splitter import split_units

CASES = [
    # ";", line breaks and bullets always separate
    ("Sở Tư pháp; Các phòng, đơn vị thuộc Sở", ["Sở Tư pháp", "Các phòng, đơn vị thuộc Sở"]),
    ("Văn phòng Sở\nSở Nội vụ", ["Văn phòng Sở", "Sở Nội vụ"]),
    ("- Văn phòng UBND tỉnh - Sở Tư pháp", ["Văn phòng UBND tỉnh", "Sở Tư pháp"]),
    ("-VP HĐND và UBND", ["VP HĐND và UBND"]),
    ("• Phòng Kinh tế\n• Phòng VH-XH", ["Phòng Kinh tế", "Phòng VH-XH"]),
    ("Sở Nội vụ, - Các phòng, đơn vị thuộc Sở", ["Sở Nội vụ", "Các phòng, đơn vị thuộc Sở"]),
    ("VP HĐND và UBND;", ["VP HĐND và UBND"]),
    # a dash inside a name is not a bullet
    ("Vụ Pháp luật hình sự - hành chính.", ["Vụ Pháp luật hình sự - hành chính"]),
    ("Phòng Văn hóa - Xã hội", ["Phòng Văn hóa - Xã hội"]),
    ("Vụ Kế hoạch - Tài chính", ["Vụ Kế hoạch - Tài chính"]),
    # names printed with no separator
    ("Phòng VH-XH Phòng Kinh tế", ["Phòng VH-XH", "Phòng Kinh tế"]),
    ("VP HĐND và UBND Phòng VH-XH", ["VP HĐND và UBND", "Phòng VH-XH"]),
    ("Văn phòng UBND tỉnh Các phòng thuộc Sở", ["Văn phòng UBND tỉnh", "Các phòng thuộc Sở"]),
    (
        "Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ",
        ["Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"],
    ),
    ("Sở Khoa học và Công nghệ Sở Công Thương", ["Sở Khoa học và Công nghệ", "Sở Công Thương"]),
    ("Văn phòng Ban Chỉ huy", ["Văn phòng Ban Chỉ huy"]),
    ("Vụ Các vấn đề chung về xây dựng pháp luật", ["Vụ Các vấn đề chung về xây dựng pháp luật"]),
    (
        "Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã",
        ["Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã"],
    ),
    ("Bộ phận một cửa của Sở", ["Bộ phận một cửa của Sở"]),
    ("Trung Tâm Phục Vụ Hành Chính Công", ["Trung Tâm Phục Vụ Hành Chính Công"]),
    ("PHÒNG VĂN HÓA - XÃ HỘI", ["PHÒNG VĂN HÓA - XÃ HỘI"]),
    # commas: between named units, never inside a name or a collective phrase
    ("Vụ Phổ biến, giáo dục pháp luật", ["Vụ Phổ biến, giáo dục pháp luật"]),
    (
        "Vụ Các vấn đề chung về xây dựng pháp luật, Vụ Phổ biến, giáo dục pháp luật",
        ["Vụ Các vấn đề chung về xây dựng pháp luật", "Vụ Phổ biến, giáo dục pháp luật"],
    ),
    ("VTV, VOV, TTXVN, các địa phương", ["VTV", "VOV", "TTXVN", "các địa phương"]),
    ("Các Sở, ban, ngành Thành phố", ["Các Sở, ban, ngành Thành phố"]),
    ("Các Sở, ban, ngành, UBND xã, phường", ["Các Sở, ban, ngành", "UBND xã, phường"]),
    ("Sở Khoa học và Công nghệ, UBND xã, phường", ["Sở Khoa học và Công nghệ", "UBND xã, phường"]),
    ("UBND các phường, xã", ["UBND các phường, xã"]),
    ("Các cơ quan, đơn vị có liên quan", ["Các cơ quan, đơn vị có liên quan"]),
    ("Cơ quan, địa phương liên quan", ["Cơ quan, địa phương liên quan"]),
    ("Văn phòng, đơn vị thuộc Sở", ["Văn phòng, đơn vị thuộc Sở"]),
    ("Văn phòng Sở, các đơn vị", ["Văn phòng Sở", "các đơn vị"]),
    (
        "Doanh nghiệp, nhà cung cấp dịch vụ IoT, nhà đầu tư",
        ["Doanh nghiệp, nhà cung cấp dịch vụ IoT, nhà đầu tư"],
    ),
    (
        "Bộ Thông tin và Truyền thông, Bộ Khoa học và Công nghệ, Bộ",
        ["Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ", "Bộ"],
    ),
    (
        "Các sở, ban, ngành, các tổ chức chính trị-xã hội",
        ["Các sở, ban, ngành", "các tổ chức chính trị-xã hội"],
    ),
    # "và": a new unit only where a unit starts after it
    ("Bộ Khoa học và Công nghệ", ["Bộ Khoa học và Công nghệ"]),
    (
        "Cục Quản lý xử lý vi phạm hành chính và theo dõi thi hành pháp luật",
        ["Cục Quản lý xử lý vi phạm hành chính và theo dõi thi hành pháp luật"],
    ),
    (
        "Bộ Khoa học và Công nghệ và các bộ, ngành khác có liên quan",
        ["Bộ Khoa học và Công nghệ", "các bộ, ngành khác có liên quan"],
    ),
    (
        "Sở Tài chính và cơ quan, địa phương liên quan",
        ["Sở Tài chính", "cơ quan, địa phương liên quan"],
    ),
    ("Các phòng và đơn vị thuộc Sở", ["Các phòng và đơn vị thuộc Sở"]),
    ("Các phòng chuyên môn và đơn vị thuộc Sở", ["Các phòng chuyên môn và đơn vị thuộc Sở"]),
    ("VP HĐND và UBND", ["VP HĐND và UBND"]),
    (
        "Ban Quản lý các khu công nghệ cao và khu công nghiệp",
        ["Ban Quản lý các khu công nghệ cao và khu công nghiệp"],
    ),
    # parentheses stay with their unit, whatever they contain
    ("Bộ Công an (Trung tâm Dữ liệu quốc gia)", ["Bộ Công an (Trung tâm Dữ liệu quốc gia)"]),
    ("Sở Nội vụ (chủ trì; phối hợp), Sở Tư pháp", ["Sở Nội vụ (chủ trì; phối hợp)", "Sở Tư pháp"]),
    # a qualifier ("… với …") applies to every unit before it: that part stays whole
    (
        "Bộ Công an, Bộ Tài chính với các tiêu chuẩn chung; các bộ, ngành với tiêu chuẩn riêng",
        ["Bộ Công an, Bộ Tài chính với các tiêu chuẩn chung", "các bộ, ngành với tiêu chuẩn riêng"],
    ),
    # organisation words without diacritics or in other cases
    ("So Noi vu, So Tu phap", ["So Noi vu", "So Tu phap"]),
    ("Sở Nội vụ, sở tư pháp", ["Sở Nội vụ", "sở tư pháp"]),
    ("", []),
    (" ; - ", []),
]


@pytest.mark.parametrize(("cell", "names"), CASES, ids=[case[0][:40] for case in CASES])
def test_rule(cell: str, names: list[str]) -> None:
    assert split_units(cell) == names


def test_decomposed_input_splits_like_composed_input() -> None:
    cell = "VP HĐND và UBND Phòng VH-XH; Uỷ ban nhân dân xã, Phòng Kinh tế"
    decomposed = unicodedata.normalize("NFD", cell)
    assert split_units(decomposed) == split_units(cell)
    assert split_units(cell) == [
        "VP HĐND và UBND",
        "Phòng VH-XH",
        "Uỷ ban nhân dân xã",
        "Phòng Kinh tế",
    ]
