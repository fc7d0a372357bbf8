"""The names of the units taking part in tasks, for standings by unit: plain columns (not
whole rows: a standings page reads every task's units), groups as their members."""

from __future__ import annotations

from collections.abc import Collection

from sqlmodel import Session, col, select

from nhacviec.store.models import TaskUnit, Unit, UnitGroupMember

_CHUNK = 500


def unit_names_by_task(session: Session, task_ids: Collection[int]) -> dict[int, set[str]]:
    """Each task's lead and partner units by name, a group named in a cell as its members
    (as ``store.tasks.units_of_tasks`` expands them)."""
    ids = sorted(task_ids)
    found: dict[int, set[str]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        direct = (
            select(TaskUnit.task_id, Unit.name)
            .join(Unit, col(Unit.id) == col(TaskUnit.unit_id))
            .where(col(TaskUnit.task_id).in_(chunk))
        )
        grouped = (
            select(TaskUnit.task_id, Unit.name)
            .join(UnitGroupMember, col(UnitGroupMember.group_id) == col(TaskUnit.group_id))
            .join(Unit, col(Unit.id) == col(UnitGroupMember.unit_id))
            .where(col(TaskUnit.task_id).in_(chunk))
        )
        for query in (direct, grouped):
            for task_id, name in session.exec(query).all():
                found.setdefault(task_id, set()).add(name)
    return found
