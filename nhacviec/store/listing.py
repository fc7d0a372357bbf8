"""``nhacviec plan list`` read through one plain SQL query on SQLite: no SQLAlchemy to import.

``plans.list_plans`` (SQLAlchemy) stays the reference; a test holds both equal. The light path
is taken only for an existing SQLite file already at the newest schema revision; anything else
(PostgreSQL, a new file, a schema to migrate) goes the full way.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from nhacviec.store.revisions import head_revision

if TYPE_CHECKING:
    from nhacviec.store.plans import PlanSummary


@dataclass(frozen=True)
class PlanLine:
    """One plan as ``plan list`` shows it."""

    id: int
    title: str
    issuer: str
    issuer_level: str
    number: str
    version: int
    office_unit_id: int | None
    period_start: date
    period_end: date
    source_name: str
    imported_at: datetime
    tasks: int
    needs_review: int
    occurrences: int


def line_of(summary: PlanSummary) -> PlanLine:
    """The line of a plan read through SQLAlchemy."""
    plan = summary.plan
    assert plan.id is not None
    return PlanLine(
        id=plan.id,
        title=plan.title,
        issuer=plan.issuer,
        issuer_level=plan.issuer_level,
        number=plan.number,
        version=plan.version,
        office_unit_id=plan.office_unit_id,
        period_start=plan.period_start,
        period_end=plan.period_end,
        source_name=plan.source_name,
        imported_at=plan.imported_at,
        tasks=summary.tasks,
        needs_review=summary.needs_review,
        occurrences=summary.occurrences,
    )


_PLAN_LINES = """
SELECT p.id, p.title, p.issuer, p.issuer_level, p.number, p.version, p.office_unit_id,
       p.period_start, p.period_end, p.source_name, p.imported_at,
       (SELECT count(*) FROM task t WHERE t.plan_id = p.id),
       (SELECT coalesce(sum(t.needs_review), 0) FROM task t WHERE t.plan_id = p.id),
       (SELECT count(*) FROM occurrence o JOIN task t ON o.task_id = t.id
         WHERE t.plan_id = p.id)
FROM plan p ORDER BY p.id
"""

# sqlite:///relative.db, sqlite:////absolute.db (no query string, no in-memory database)
_SQLITE_FILE = re.compile(r"^sqlite(?:\+pysqlite)?:///(?P<path>[^?]+)$")


def sqlite_file(url: str) -> Path | None:
    """The file of a plain SQLite URL, else ``None``."""
    match = _SQLITE_FILE.match(url)
    if match is None or match["path"] == ":memory:" or match["path"].startswith("file:"):
        return None
    return Path(match["path"]).expanduser()


def read_plan_lines(path: Path) -> list[PlanLine] | None:
    """Every plan of the SQLite file at ``path``, or ``None`` when the file is missing or its
    schema is not at the newest revision (the caller then goes through the full store)."""
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        if _stored_revision(connection) != head_revision():
            return None
        return [_line(row) for row in connection.execute(_PLAN_LINES)]
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def _stored_revision(connection: sqlite3.Connection) -> str | None:
    row = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if row is None:
        return None
    found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if found is None else str(found[0])


def _line(row: tuple[object, ...]) -> PlanLine:
    (id_, title, issuer, level, number, version, office, start, end, source, at, *counts) = row
    tasks, review, occurrences = (int(str(count)) for count in counts)
    return PlanLine(
        id=int(str(id_)),
        title=str(title),
        issuer=str(issuer),
        issuer_level=str(level),
        number=str(number),
        version=int(str(version)),
        office_unit_id=None if office is None else int(str(office)),
        period_start=date.fromisoformat(str(start)),
        period_end=date.fromisoformat(str(end)),
        source_name=str(source),
        imported_at=datetime.fromisoformat(str(at)).replace(tzinfo=UTC),
        tasks=tasks,
        needs_review=review,
        occurrences=occurrences,
    )
