"""The two seed plans: every distinct lead/partners cell, split and resolved by hand.

Expected readings are written out as a clerk reads each cell, then checked with and without
the example directories shipped in ``config/units``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.shared_paths import REPO, require_shared
from workflows.units.directory import UnitDirectory, load_directory
from workflows.units.splitter import resolve_units, split_units

Reading = list[tuple[str, str]]  # (name as printed, directory key it resolves to)

SO_CONG_THUONG: dict[str, Reading] = {
    "Văn phòng Sở": [("Văn phòng Sở", "van-phong-so")],
    "- Văn phòng Sở": [("Văn phòng Sở", "van-phong-so")],
    "- Sở nội vụ - Các phòng và đơn vị thuộc Sở": [
        ("Sở nội vụ", "so-noi-vu"),
        ("Các phòng và đơn vị thuộc Sở", "all-units"),
    ],
    "- Sở Nội vụ - Các phòng và đơn vị thuộc Sở": [
        ("Sở Nội vụ", "so-noi-vu"),
        ("Các phòng và đơn vị thuộc Sở", "all-units"),
    ],
    "- Sở Nội vụ - Các phòng, đơn vị thuộc Sở": [
        ("Sở Nội vụ", "so-noi-vu"),
        ("Các phòng, đơn vị thuộc Sở", "all-units"),
    ],
    "Sở Nội vụ, - Các phòng, đơn vị thuộc Sở": [
        ("Sở Nội vụ", "so-noi-vu"),
        ("Các phòng, đơn vị thuộc Sở", "all-units"),
    ],
    "- Các phòng và đơn vị thuộc Sở": [("Các phòng và đơn vị thuộc Sở", "all-units")],
    "Văn phòng Sở, các đơn vị": [("Văn phòng Sở", "van-phong-so"), ("các đơn vị", "all-units")],
    "Văn phòng Sở, các đơn vị thuộc Sở": [
        ("Văn phòng Sở", "van-phong-so"),
        ("các đơn vị thuộc Sở", "all-units"),
    ],
    "Các phòng, đơn vị trực thuộc": [("Các phòng, đơn vị trực thuộc", "all-units")],
    "Các phòng, đơn vị thuộc Sở": [("Các phòng, đơn vị thuộc Sở", "all-units")],
    "- Các phòng, đơn vị thuộc Sở": [("Các phòng, đơn vị thuộc Sở", "all-units")],
    "Các phòng chuyên môn và đơn vị thuộc Sở": [
        ("Các phòng chuyên môn và đơn vị thuộc Sở", "all-units")
    ],
    "Văn phòng, đơn vị thuộc Sở": [("Văn phòng, đơn vị thuộc Sở", "all-units")],
    "Các phòng chuyên môn": [("Các phòng chuyên môn", "divisions")],
    "- Văn phòng UBND tỉnh - Sở Tư pháp": [
        ("Văn phòng UBND tỉnh", "van-phong-ubnd-tinh"),
        ("Sở Tư pháp", "so-tu-phap"),
    ],
    "Sở Tư pháp - Các phòng, đơn vị thuộc Sở": [
        ("Sở Tư pháp", "so-tu-phap"),
        ("Các phòng, đơn vị thuộc Sở", "all-units"),
    ],
    "Sở Tư pháp; Các phòng, đơn vị thuộc Sở": [
        ("Sở Tư pháp", "so-tu-phap"),
        ("Các phòng, đơn vị thuộc Sở", "all-units"),
    ],
    "Văn phòng UBND tỉnh": [("Văn phòng UBND tỉnh", "van-phong-ubnd-tinh")],
    "Văn phòng UBND tỉnh Các phòng thuộc Sở": [
        ("Văn phòng UBND tỉnh", "van-phong-ubnd-tinh"),
        ("Các phòng thuộc Sở", "divisions"),
    ],
    "Sở Nội vụ": [("Sở Nội vụ", "so-noi-vu")],
    "Sở Tài chính": [("Sở Tài chính", "so-tai-chinh")],
    "Bộ phận một cửa của Sở": [("Bộ phận một cửa của Sở", "bo-phan-mot-cua")],
}

_TTHC_NOTE = "gửi cơ quan chuyên môn theo ngành, lĩnh vực liên quan tổng hợp)"
XA_BA_LONG: dict[str, Reading] = {
    "": [],
    "Phòng Văn hóa - Xã hội": [("Phòng Văn hóa - Xã hội", "phong-van-hoa-xa-hoi")],
    "Phòng VH-XH": [("Phòng VH-XH", "phong-van-hoa-xa-hoi")],
    "Phòng Kinh tế": [("Phòng Kinh tế", "phong-kinh-te")],
    "Phòng VH-XH Phòng Kinh tế": [
        ("Phòng VH-XH", "phong-van-hoa-xa-hoi"),
        ("Phòng Kinh tế", "phong-kinh-te"),
    ],
    "VP HĐND và UBND Phòng VH-XH": [
        ("VP HĐND và UBND", "van-phong-hdnd-ubnd"),
        ("Phòng VH-XH", "phong-van-hoa-xa-hoi"),
    ],
    "-VP HĐND và UBND": [("VP HĐND và UBND", "van-phong-hdnd-ubnd")],
    "VP HĐND và UBND": [("VP HĐND và UBND", "van-phong-hdnd-ubnd")],
    "VP HĐND và UBND;": [("VP HĐND và UBND", "van-phong-hdnd-ubnd")],
    "TT Phục vụ HCC": [("TT Phục vụ HCC", "trung-tam-phuc-vu-hcc")],
    "TT phục vụ HCC": [("TT phục vụ HCC", "trung-tam-phuc-vu-hcc")],
    "TT Phục vu HCC": [("TT Phục vu HCC", "trung-tam-phuc-vu-hcc")],  # "vu": a typo
    f"TT Phục vụ HCC (TTHC cấp xã: UBND cấp xã rà soát {_TTHC_NOTE}": [
        (f"TT Phục vụ HCC (TTHC cấp xã: UBND cấp xã rà soát {_TTHC_NOTE}", "trung-tam-phuc-vu-hcc")
    ],
    f"TT Phục vụ HCC (TTHC nội bộ cấp xã: UBND cấp xã rà soát {_TTHC_NOTE}": [
        (
            f"TT Phục vụ HCC (TTHC nội bộ cấp xã: UBND cấp xã rà soát {_TTHC_NOTE}",
            "trung-tam-phuc-vu-hcc",
        )
    ],
    "Các cơ quan, đơn vị có liên quan": [("Các cơ quan, đơn vị có liên quan", "related")],
    "Các cơ quan, đơn vị liên quan": [("Các cơ quan, đơn vị liên quan", "related")],
    "Các cơ quan, đơn vị": [("Các cơ quan, đơn vị", "related")],
    "Phòng VH-XH Các cơ quan, đơn vị liên quan": [
        ("Phòng VH-XH", "phong-van-hoa-xa-hoi"),
        ("Các cơ quan, đơn vị liên quan", "related"),
    ],
    "Cơ quan soạn thảo văn bản QPPL": [("Cơ quan soạn thảo văn bản QPPL", "drafting")],
}

PLANS = {
    "so-cong-thuong-2025h2": ("so-cong-thuong.yaml", SO_CONG_THUONG),
    "xa-ba-long-2025h2": ("xa-ba-long.yaml", XA_BA_LONG),
}
# Names in these plans that the example directories deliberately do not know: none. Bodies
# outside the Sở (Sở Nội vụ, Sở Tư pháp, Sở Tài chính, Văn phòng UBND tỉnh) are listed as
# external units, and "Cơ quan soạn thảo văn bản QPPL" is a group of the drafting offices.
UNKNOWN: dict[str, set[str]] = {"so-cong-thuong-2025h2": set(), "xa-ba-long-2025h2": set()}

CASES = [
    pytest.param(plan, cell, reading, id=f"{plan[:6]}:{cell[:40]}")
    for plan, (_, readings) in PLANS.items()
    for cell, reading in readings.items()
]


def directory_for(plan: str) -> UnitDirectory:
    return load_directory(REPO / "config" / "units" / PLANS[plan][0])


def plan_data(plan: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        require_shared("fixtures", "plans", f"{plan}.json").read_text("utf-8")
    )
    return data


def plan_cells(plan: str) -> set[str]:
    data = plan_data(plan)
    return {
        activity[role]
        for section in data["sections"]
        for task in section["tasks"]
        for activity in task["activities"]
        for role in ("lead", "partners")
    }


@pytest.mark.parametrize("plan", PLANS)
def test_every_cell_of_the_plan_has_a_hand_written_reading(plan: str) -> None:
    assert plan_cells(plan) == set(PLANS[plan][1])


@pytest.mark.parametrize(("plan", "cell", "reading"), CASES)
def test_cell_splits_without_directory(plan: str, cell: str, reading: Reading) -> None:
    assert split_units(cell) == [name for name, _ in reading]


@pytest.mark.parametrize(("plan", "cell", "reading"), CASES)
def test_cell_splits_and_resolves_with_directory(plan: str, cell: str, reading: Reading) -> None:
    directory = directory_for(plan)
    names = split_units(cell, directory)
    resolved = resolve_units(names, directory)
    assert names == [name for name, _ in reading]
    keys = [None if match is None else match.target.key for _, match in resolved.matches]
    assert keys == [key if name not in UNKNOWN[plan] else None for name, key in reading]
    assert set(resolved.unknown) == UNKNOWN[plan] & set(names)


@pytest.mark.parametrize("plan", PLANS)
def test_directory_recognises_the_plan_issuer(plan: str) -> None:
    assert directory_for(plan).matches_issuer(plan_data(plan)["issuer"])


def test_offices_of_the_example_directories() -> None:
    offices = [directory_for(plan).office_unit() for plan in PLANS]
    assert [None if office is None else office.name for office in offices] == [
        "Văn phòng Sở",
        "Phòng Văn hóa - Xã hội",
    ]
