"""Units in the store: the directory's units, contacts and groups, and names met in plans."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, or_, select

from nhacviec.store.models import (
    ChatLink,
    Task,
    TaskUnit,
    Unit,
    UnitContact,
    UnitGroup,
    UnitGroupMember,
)
from workflows.units.directory import Unit as DirectoryUnit
from workflows.units.directory import UnitDirectory
from workflows.units.directory import UnitGroup as DirectoryGroup
from workflows.units.normalize import unit_key


@dataclass
class UnitIndex:
    """Store ids of a directory's units and groups, by directory key."""

    units: dict[str, int] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)
    office_unit_id: int | None = None


def save_directory(session: Session, directory: UnitDirectory, now: datetime) -> UnitIndex:
    """Insert or update the directory's units, contacts and groups (idempotent); a new unit
    is created at ``now``."""
    index = UnitIndex()
    organisation = directory.organisation_key
    for unit in directory.units:
        row = _upsert_unit(session, organisation, unit.key, unit.name, now)
        row.aliases = list(unit.aliases)
        row.is_office, row.external, row.in_directory = unit.office, unit.external, True
        session.add(row)
        session.flush()
        assert row.id is not None
        index.units[unit.key] = row.id
        if unit.office:
            index.office_unit_id = row.id
        _save_contacts(session, row.id, unit)
    for group in directory.groups:
        index.groups[group.key] = _save_group(session, organisation, group, index)
    return index


def _upsert_unit(session: Session, organisation: str, key: str, name: str, now: datetime) -> Unit:
    full_key = f"{organisation}/{key}"
    row = session.exec(select(Unit).where(Unit.key == full_key)).first()
    if row is None:
        row = Unit(key=full_key, organisation=organisation, name=name, created_at=now)
    row.name = name
    return row


def _save_contacts(session: Session, unit_id: int, unit: DirectoryUnit) -> None:
    wanted: set[tuple[str, str, bool, str]] = set()
    wanted |= {("email", address, False, "") for address in unit.emails}
    wanted |= {("telegram", str(chat), False, "") for chat in unit.telegram_chat_ids}
    if unit.head is not None:
        if unit.head.email:
            wanted.add(("email", unit.head.email, True, unit.head.name))
        if unit.head.telegram_chat_id is not None:
            wanted.add(("telegram", str(unit.head.telegram_chat_id), True, unit.head.name))
    existing = session.exec(select(UnitContact).where(UnitContact.unit_id == unit_id)).all()
    have = {(c.channel, c.address, c.for_head, c.label): c for c in existing}
    for stale in set(have) - wanted:
        session.delete(have[stale])
    session.flush()
    for channel, address, for_head, label in sorted(wanted - set(have)):
        session.add(
            UnitContact(
                unit_id=unit_id, channel=channel, address=address, for_head=for_head, label=label
            )
        )


def _save_group(
    session: Session, organisation: str, group: DirectoryGroup, index: UnitIndex
) -> int:
    full_key = f"{organisation}/{group.key}"
    row = session.exec(select(UnitGroup).where(UnitGroup.key == full_key)).first()
    if row is None:
        row = UnitGroup(key=full_key, organisation=organisation, name=group.name)
    row.name, row.phrases = group.name, list(group.phrases)
    session.add(row)
    session.flush()
    assert row.id is not None
    members = {index.units[key] for key in group.members if key in index.units}
    current = session.exec(select(UnitGroupMember).where(UnitGroupMember.group_id == row.id)).all()
    for member in current:
        if member.unit_id not in members:
            session.delete(member)
    for unit_id in members - {member.unit_id for member in current}:
        session.add(UnitGroupMember(group_id=row.id, unit_id=unit_id))
    return row.id


def unknown_unit(session: Session, organisation: str, name: str, now: datetime) -> int:
    """A unit row for a name no directory knows, so the office can see and map it later."""
    key = f"{organisation or 'unlisted'}/?{unit_key(name)}"[:200]
    row = session.exec(select(Unit).where(Unit.key == key)).first()
    if row is None:
        row = Unit(
            key=key, organisation=organisation, name=name, in_directory=False, created_at=now
        )
        session.add(row)
        session.flush()
    assert row.id is not None
    return row.id


def find_units(session: Session, name: str, organisation: str | None = None) -> list[Unit]:
    """Units whose name or alias is ``name`` (any case, spacing, abbreviation)."""
    key = unit_key(name)
    query = select(Unit)
    if organisation is not None:
        query = query.where(
            or_(col(Unit.organisation) == organisation, col(Unit.organisation) == "")
        )
    return [
        unit
        for unit in session.exec(query.order_by(col(Unit.id))).all()
        if key in {unit_key(unit.name), *(unit_key(alias) for alias in unit.aliases)}
    ]


def group_members(session: Session, group_ids: set[int]) -> dict[int, set[int]]:
    """Unit ids of each group's members."""
    if not group_ids:
        return {}
    rows = session.exec(
        select(UnitGroupMember).where(col(UnitGroupMember.group_id).in_(group_ids))
    ).all()
    members: dict[int, set[int]] = {group_id: set() for group_id in group_ids}
    for row in rows:
        members[row.group_id].add(row.unit_id)
    return members


def contacts_of(session: Session, unit_ids: Iterable[int]) -> dict[int, list[UnitContact]]:
    """Each unit's contacts: the directory's, then the Telegram and Zalo chats linked with
    ``/start`` (as unsaved contact rows, so every reader treats them alike)."""
    ids = list(unit_ids)
    found: dict[int, list[UnitContact]] = {unit_id: [] for unit_id in ids}
    rows = session.exec(
        select(UnitContact).where(col(UnitContact.unit_id).in_(ids)).order_by(col(UnitContact.id))
    ).all()
    for contact in rows:
        found[contact.unit_id].append(contact)
    links = session.exec(
        select(ChatLink)
        .where(col(ChatLink.unit_id).in_(ids), col(ChatLink.revoked_at).is_(None))
        .order_by(col(ChatLink.id))
    ).all()
    for link in links:
        known = {(c.channel, c.address) for c in found[link.unit_id] if not c.for_head}
        if (link.channel, link.chat_id) not in known:
            found[link.unit_id].append(
                UnitContact(
                    unit_id=link.unit_id,
                    channel=link.channel,
                    address=link.chat_id,
                    label=link.chat_title,
                )
            )
    return found


def names_of(session: Session, unit_ids: Iterable[int]) -> dict[int, str]:
    rows = session.exec(select(Unit.id, Unit.name).where(col(Unit.id).in_(list(unit_ids)))).all()
    return {unit_id: name for unit_id, name in rows if unit_id is not None}


def names_by_task(session: Session, plan_id: int) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each task's lead and partner names as the plan prints them, in task and cell order."""
    query = (
        select(TaskUnit.task_id, TaskUnit.role, TaskUnit.name)
        .join(Task, col(Task.id) == col(TaskUnit.task_id))
        .where(col(Task.plan_id) == plan_id)
        .order_by(col(Task.position), col(TaskUnit.role), col(TaskUnit.position))
    )
    cells: dict[int, tuple[list[str], list[str]]] = {}
    for task_id, role, name in session.exec(query).all():
        lead, partners = cells.setdefault(task_id, ([], []))
        (lead if role == "lead" else partners).append(name)
    return [(tuple(lead), tuple(partners)) for lead, partners in cells.values()]


def link_plan_names(
    session: Session, plan_id: int, directory: UnitDirectory, index: UnitIndex
) -> int:
    """Point the plan's names that no directory knew at the directory's units and groups.

    Names already linked to a directory unit or a group are left as they are. Returns how
    many task names were linked.
    """
    query = (
        select(TaskUnit, Unit)
        .join(Task, col(Task.id) == col(TaskUnit.task_id))
        .outerjoin(Unit, col(Unit.id) == col(TaskUnit.unit_id))
        .where(col(Task.plan_id) == plan_id)
    )
    linked = 0
    for link, unit in session.exec(query).all():
        if link.group_id is not None or (unit is not None and unit.in_directory):
            continue
        match = directory.resolve(link.name)
        if match is not None and match.unit is not None and match.unit.key in index.units:
            link.unit_id, link.group_id = index.units[match.unit.key], None
        elif match is not None and match.group is not None and match.group.key in index.groups:
            link.unit_id, link.group_id = None, index.groups[match.group.key]
        else:
            continue
        session.add(link)
        linked += 1
    return linked


def list_units(session: Session) -> list[Unit]:
    """Every unit, by organisation then name (directories' units and names met in plans)."""
    query = select(Unit).order_by(col(Unit.organisation), col(Unit.name), col(Unit.id))
    return list(session.exec(query).all())
