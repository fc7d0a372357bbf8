"""The shared ground truth, read the way the tests compare against it."""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from workflows.plan import Period


def no_space(text: str) -> str:
    """PDF wrapping breaks lines inside tokens: compare with every space removed."""
    return re.sub(r"\s+", "", text)


def unit_form(name: str) -> str:
    """The corpus comparison rule: casefolded, spaces collapsed, ` -;,.` trimmed."""
    return " ".join(name.casefold().split()).strip(" -;,.")


def same_units(got: tuple[str, ...] | list[str], *accepted: list[str] | None) -> bool:
    mine = sorted(map(unit_form, got))
    return any(mine == sorted(map(unit_form, names)) for names in accepted if names is not None)


@dataclass(frozen=True)
class SeedRow:
    ref: str
    lead: str
    partners: str
    time: str


def seed_rows(json_path: Path) -> list[SeedRow]:
    """Every activity row of a fixture plan, with the ref a clerk would quote ("II.6b")."""
    plan = json.loads(json_path.read_text(encoding="utf-8"))
    rows = []
    for section in plan["sections"]:
        for task in section["tasks"]:
            activities = task["activities"]
            for index, activity in enumerate(activities):
                letter = string.ascii_lowercase[index] if len(activities) > 1 else ""
                rows.append(
                    SeedRow(
                        ref=f"{section['numeral']}.{task['number']}{letter}",
                        lead=activity["lead"],
                        partners=activity["partners"],
                        time=activity["time"],
                    )
                )
    return rows


def seed_plan(json_path: Path) -> dict[str, Any]:
    return dict(json.loads(json_path.read_text(encoding="utf-8")))


def expected_period(expected: dict[str, Any]) -> Period:
    return Period(
        date.fromisoformat(expected["period"]["start"]),
        date.fromisoformat(expected["period"]["end"]),
    )
