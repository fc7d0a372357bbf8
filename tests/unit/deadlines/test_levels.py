"""Which issuer levels a qualifier names (rule 9)."""

from __future__ import annotations

import pytest

from workflows.deadlines.levels import levels_named
from workflows.plan import IssuerLevel as L


@pytest.mark.parametrize(
    ("qualifier", "levels"),
    [
        ("đối với báo cáo Sở, ban, ngành cấp tỉnh; UBND cấp xã", {L.SO, L.XA}),
        ("đối với báo cáo của UBND tỉnh", {L.TINH}),
        ("UBND cấp xã", {L.XA}),
        ("Ủy ban nhân dân các phường", {L.XA}),
        ("cấp tỉnh, cấp xã", {L.TINH, L.XA}),
        ("các Bộ, ngành trung ương", {L.BO}),
        ("Thủ tướng Chính phủ", {L.QUOC_GIA}),
        ("đối với báo cáo PBGDPL", set()),
        ("sau khi có chủ trương của Bộ Chính trị", set()),
        ("đối với cơ sở giáo dục", set()),
    ],
)
def test_levels_named(qualifier: str, levels: set[L]) -> None:
    assert levels_named(qualifier) == levels
