"""The issuer levels a qualifier names: "UBND cấp xã" → xa, "Sở, ban, ngành cấp tỉnh" → so."""

from __future__ import annotations

import re

from workflows.deadlines.words import matching_form
from workflows.plan import IssuerLevel

_UBND = r"(?:ubnd|ủy\s*ban\s*nhân\s*dân|uỷ\s*ban\s*nhân\s*dân)"
# One named group per level; tried left to right at each position, so "Sở, ban, ngành cấp
# tỉnh" is a department and not a province.
_LEVELS = re.compile(
    r"(?<!\w)(?:"
    r"(?P<so>sở\s*,?\s*ban\s*,?\s*ngành(?:\s*(?:cấp\s*)?tỉnh)?|các\s*sở|(?<!cơ\s)sở(?!\w)"
    r"|cơ\s*quan\s*chuyên\s*môn)"
    rf"|(?P<xa>(?:{_UBND}\s*)?(?:cấp\s*)?(?:xã|phường|thị\s*trấn)(?!\w))"
    rf"|(?P<tinh>{_UBND}\s*(?:cấp\s*)?(?:tỉnh|thành\s*phố)(?!\w)|cấp\s*tỉnh(?!\w))"
    r"|(?P<bo>(?:các\s*)?bộ\s*,?\s*ngành(?:\s*trung\s*ương)?|(?<!\w)bộ(?!\w)(?!\s*chính\s*trị))"
    r"|(?P<quoc_gia>chính\s*phủ|thủ\s*tướng)"
    r")"
)


def levels_named(qualifier: str) -> frozenset[IssuerLevel]:
    """The issuer levels a qualifier names ("UBND cấp xã" → {xa})."""
    named: set[IssuerLevel] = set()
    for match in _LEVELS.finditer(matching_form(qualifier)):
        assert match.lastgroup is not None
        named.add(IssuerLevel(match.lastgroup))
    return frozenset(named)
