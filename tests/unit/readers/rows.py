"""A task row with nothing but its unit and time cells, for the unit-cell reading tests."""

from __future__ import annotations

from typing import Any

from workflows.plan import SourceRef, TaskRow


def unit_row(lead: str, partners: str = "", time: str = "") -> TaskRow:
    blank: dict[str, Any] = dict.fromkeys(
        ("section", "section_title", "number", "objective", "task", "activity", "product"), ""
    )
    return TaskRow(
        **blank,
        lead=lead,
        partners=partners,
        time_text=time,
        budget="",
        notes="",
        source=SourceRef(None, 1),
    )
