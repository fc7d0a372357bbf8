"""Which level of government issued a plan, from the issuer's name (and its number's suffix).

The level chooses between qualified deadlines ("… đối với UBND cấp xã"), so it follows the
administrative tiers: the Government, a ministry, a province or centrally-run city, a provincial
department, a commune or ward.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workflows.plan import IssuerLevel
from workflows.text import fold

# Cities run by the central government, whose People's Committee is a province-level body.
_CENTRAL_CITIES = frozenset(
    {"ha noi", "ho chi minh", "hcm", "hai phong", "da nang", "can tho", "hue"}
)
# "Thành phố Thành phố Hồ Chí Minh", "UBND TP. HCM": the city's own name repeats the word.
_CITY_WORD = re.compile(r"^(?:thanh pho|tp)\b\.?\s*")
# A People's Committee or Council and the unit it governs: "ủy ban nhân dân thành phố hà nội".
_LOCAL_GOVERNMENT = re.compile(
    r"^(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)\s+"
    r"(?P<unit>tinh|thanh pho|tp|thi tran|thi xa|xa|phuong|dac khu|huyen|quan)\b\.?\s*"
    r"(?P<name>.*)$"
)
# Party committees: "Tỉnh ủy Quảng Trị", "Thành ủy Hà Nội" (province level), "Đảng ủy xã …".
_PARTY_PROVINCE = re.compile(r"^(?:tinh uy|thanh uy)\b")
_PARTY_COMMUNE = re.compile(r"^dang uy (?:xa|phuong|thi tran|dac khu)\b")
# A ministry ("Bộ Tư pháp"), but not a provincial military command ("Bộ Chỉ huy quân sự").
_MINISTRY = re.compile(r"^bo (?!chi huy)")
_GOVERNMENT = re.compile(r"^(?:chinh phu|thu tuong)\b")
# A commune-level place word inside an agency's name ("Công an xã …"), on the printed text so
# that "xã" is not confused with "xã hội" or "xa".
_COMMUNE_WORD = re.compile(r"\b(?:XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\b(?!\s+HỘI)", re.IGNORECASE)
# The issuer code after the last dash of a number: "/KH-SCT" → "SCT", "/QĐ-TTg" → "TTg".
_NUMBER_SUFFIX = re.compile(r"-(?P<code>[^-/\s]+)$")


@dataclass(frozen=True)
class LevelReading:
    level: IssuerLevel | None
    guessed: bool = False  # a judgement the office should confirm (district-level, number only)


def issuer_level(issuer: str, *, parent: str = "", number: str = "") -> LevelReading:
    """The level of ``issuer`` (under ``parent`` when printed), else a guess from ``number``."""
    own = _level_of_body(issuer)
    if own.level is not None:
        return own
    if issuer:
        if _COMMUNE_WORD.search(issuer):
            return LevelReading(IssuerLevel.XA)
        parent_level = _level_of_body(parent).level
        if parent_level is not None:
            return LevelReading(_agency_level(parent_level))
        if _is_agency(issuer):
            return LevelReading(IssuerLevel.SO)
    return _level_from_number(number)


def _level_of_body(name: str) -> LevelReading:
    folded = fold(name)
    if not folded:
        return LevelReading(None)
    if _GOVERNMENT.match(folded):
        return LevelReading(IssuerLevel.QUOC_GIA)
    if _MINISTRY.match(folded):
        return LevelReading(IssuerLevel.BO)
    if _PARTY_PROVINCE.match(folded):
        return LevelReading(IssuerLevel.TINH)
    if _PARTY_COMMUNE.match(folded):
        return LevelReading(IssuerLevel.XA)
    local = _LOCAL_GOVERNMENT.match(folded)
    if local:
        return _local_level(local["unit"], local["name"])
    return LevelReading(None)


def _local_level(unit: str, name: str) -> LevelReading:
    city = _CITY_WORD.sub("", name.strip(" ."))
    if unit == "tinh" or (unit in {"thanh pho", "tp"} and city in _CENTRAL_CITIES):
        return LevelReading(IssuerLevel.TINH)
    if unit in {"xa", "phuong", "thi tran", "dac khu"}:
        return LevelReading(IssuerLevel.XA)
    # A district, or a city inside a province: closest to the commune tier since 2025.
    return LevelReading(IssuerLevel.XA, guessed=True)


def _agency_level(parent: IssuerLevel) -> IssuerLevel:
    """An agency under a ministry or the Government is ministry-level; under a province, a
    department; under a commune, commune-level."""
    if parent in (IssuerLevel.QUOC_GIA, IssuerLevel.BO):
        return IssuerLevel.BO
    if parent is IssuerLevel.XA:
        return IssuerLevel.XA
    return IssuerLevel.SO


def _is_agency(issuer: str) -> bool:
    """A department-style body printed without its parent ("SỞ CÔNG THƯƠNG")."""
    return bool(
        re.match(
            r"^(?:so|ban|chi cuc|cuc|van phong|thanh tra|trung tam|cong an tinh|bo chi huy"
            r"|kho bac|bao hiem xa hoi)\b",
            fold(issuer),
        )
    )


def _level_from_number(number: str) -> LevelReading:
    """ "KH-SCT" (Sở Công Thương) → sở; "QĐ-TTg", "NQ-CP" → Government; "QĐ-BTP" → ministry."""
    match = _NUMBER_SUFFIX.search(number.strip())
    if not match:
        return LevelReading(None)
    code = match["code"]
    if code in {"TTg", "TTG", "CP"}:
        return LevelReading(IssuerLevel.QUOC_GIA, guessed=True)
    if code.startswith("UB"):
        return LevelReading(None)  # a People's Committee of any tier
    if code.startswith("S"):
        return LevelReading(IssuerLevel.SO, guessed=True)
    if code.startswith("B"):
        return LevelReading(IssuerLevel.BO, guessed=True)
    return LevelReading(None)
