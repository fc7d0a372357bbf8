"""Rule 9: pick the parts of a cell whose qualifier names the plan issuer's level.

"Trước ngày 10/12/2025 đối với báo cáo của UBND tỉnh - Trước ngày 01/12/2025 đối với báo cáo
Sở, ban, ngành cấp tỉnh; UBND cấp xã": a department (``so``) keeps the second part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workflows.deadlines.glue import Reading
from workflows.deadlines.levels import levels_named
from workflows.plan import IssuerLevel


@dataclass(frozen=True)
class Choice:
    kept: tuple[Reading, ...]
    dropped: tuple[Reading, ...] = ()
    unmatched: bool = False  # parts name levels, none of them the issuer's


def choose_for_level(readings: Sequence[Reading], level: IssuerLevel) -> Choice:
    """Keep the parts meant for ``level`` and the unqualified ones; drop the others."""
    named = [levels_named(reading.qualifier) for reading in readings]
    if not any(named):
        return Choice(tuple(readings))
    if not any(level in levels for levels in named):
        return Choice(tuple(readings), unmatched=True)
    kept = tuple(
        r for r, levels in zip(readings, named, strict=True) if not levels or level in levels
    )
    dropped = tuple(
        r for r, levels in zip(readings, named, strict=True) if levels and level not in levels
    )
    return Choice(kept, dropped)
