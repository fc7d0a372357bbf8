"""The units directory and the chat links as the console shows and changes them: each call one
transaction through ``services.directory`` and ``services.links`` (the CLI's use cases), the
account's role checked first (``web.access``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from nhacviec.errors import Forbidden, NotFoundError
from nhacviec.services import directory as directories
from nhacviec.services import links
from nhacviec.services.accounts import Account
from nhacviec.services.directory import DirectoryChange, UnitEntry
from nhacviec.services.links import Invitation
from nhacviec.store.directories import DirectoryText, stored_directories
from nhacviec.store.models import ChatLink, Unit
from nhacviec.store.units import list_units
from nhacviec.web import access
from nhacviec.web.service import Workspace
from workflows.units.directory import Unit as DirectoryUnit
from workflows.units.directory import UnitDirectory
from workflows.units.writing import Data


@dataclass(frozen=True)
class UnitLine:
    id: int | None  # None: the directory's unit is not in the store yet
    entry: DirectoryUnit
    groups: tuple[str, ...]  # the groups' names
    links: tuple[ChatLink, ...]


@dataclass(frozen=True)
class DirectoryView:
    directory: UnitDirectory
    units: tuple[UnitLine, ...]
    kept_since: datetime | None  # when the store's copy was last imported or edited
    kept_by: str
    source: str


@dataclass(frozen=True)
class UnitsOverview:
    directories: tuple[DirectoryView, ...]
    unknown: tuple[Unit, ...]
    choices: tuple[Unit, ...]  # the directories' units, for «Là tên khác của …»

    def organisation_name(self, key: str) -> str:
        """The directory's organisation's name (its key when no directory has it)."""
        names = {
            view.directory.organisation_key: view.directory.organisation_name
            for view in self.directories
        }
        return names.get(key, key)


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    unit_id: int
    start_code: str  # the code as the deep link carries it (no dash: Telegram's allowed set)


def actor_of(account: Account) -> str:
    return f"web:{account.login}"


class UnitsDesk:
    def __init__(self, workspace: Workspace, clock: Callable[[], datetime]) -> None:
        self.workspace, self.clock = workspace, clock

    def overview(self, account: Account) -> UnitsOverview:
        access.require_chat_linker(account)
        with self.workspace.reading() as session:
            current = self.workspace.directories.directories
            kept = {row.organisation: row for row in stored_directories(session)}
            rows = list_units(session)
            active = links.links_of(session)
            unknown = directories.unknown_units(session)
        by_key = {row.key: row for row in rows if row.in_directory and row.id is not None}
        chats: dict[int, list[ChatLink]] = {}
        for link in active:
            chats.setdefault(link.unit_id, []).append(link)
        views = tuple(
            _view(directory, by_key, chats, kept.get(directory.organisation_key))
            for directory in current
        )
        choices = tuple(row for row in rows if row.in_directory and row.id is not None)
        return UnitsOverview(views, tuple(unknown), choices)

    def export_yaml(self, account: Account, organisation: str) -> str:
        access.require_chat_linker(account)
        with self.workspace.reading() as session:
            return directories.export_text(session, organisation, self.workspace.directories)

    def import_yaml(self, account: Account, text: str, file_name: str) -> DirectoryChange:
        access.require_directory_editor(account)
        with self.workspace.transaction() as session:
            return directories.import_text(
                session, text, file_name, now=self.clock(), by=actor_of(account)
            )

    def add_as_unit(self, account: Account, unit_id: int, organisation: str) -> DirectoryChange:
        access.require_directory_editor(account)
        with self.workspace.transaction() as session:
            return directories.add_as_unit(
                session,
                unit_id,
                organisation,
                self.workspace.directories,
                now=self.clock(),
                by=actor_of(account),
            )

    def add_as_alias(self, account: Account, unit_id: int, target_id: int) -> DirectoryChange:
        access.require_directory_editor(account)
        with self.workspace.transaction() as session:
            return directories.add_as_alias(
                session,
                unit_id,
                target_id,
                self.workspace.directories,
                now=self.clock(),
                by=actor_of(account),
            )

    def unit_entry(self, account: Account, unit_id: int | None, organisation: str) -> UnitEntry:
        """A directory unit as its file writes it (a blank one for ``unit_id`` None)."""
        access.require_directory_editor(account)
        with self.workspace.reading() as session:
            if unit_id is None:
                return directories.new_unit_entry(session, organisation, self.workspace.directories)
            return directories.unit_entry(session, unit_id, self.workspace.directories)

    def save_unit(
        self, account: Account, organisation: str, key: str, entry: Data
    ) -> DirectoryChange:
        access.require_directory_editor(account)
        with self.workspace.transaction() as session:
            return directories.save_unit_entry(
                session,
                organisation,
                key,
                entry,
                self.workspace.directories,
                now=self.clock(),
                by=actor_of(account),
            )

    def invite(self, account: Account, unit_id: int, office: bool) -> IssuedInvitation:
        """A one-time code for the unit's chat (``nhacviec unit invite``), shown once."""
        access.require_chat_linker(account)
        if office and not access.may_invite_office(account, unit_id):
            raise Forbidden()
        with self.workspace.transaction() as session:
            unit = _unit(session, unit_id)
            made = links.invite(
                session, unit, office=office, now=self.clock(), by=actor_of(account)
            )
        return IssuedInvitation(made, unit_id, links.normalise_code(made.code))

    def revoke(self, account: Account, unit_id: int, chat_id: str | None) -> tuple[str, int]:
        """Unlink the unit's chat (or all its chats and codes): the unit's name, how many."""
        access.require_chat_linker(account)
        with self.workspace.transaction() as session:
            unit = _unit(session, unit_id)
            count = links.revoke(
                session, unit, now=self.clock(), by=actor_of(account), chat_id=chat_id
            )
            return unit.name, count


def _unit(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFoundError("console.units.unit_not_found", unit=unit_id)
    return unit


def _view(
    directory: UnitDirectory,
    by_key: dict[str, Unit],
    chats: dict[int, list[ChatLink]],
    kept: DirectoryText | None,
) -> DirectoryView:
    names = {group.key: group.name for group in directory.groups}
    lines = []
    for entry in directory.units:
        row = by_key.get(f"{directory.organisation_key}/{entry.key}")
        unit_id = row.id if row is not None else None  # None: not saved in the store yet
        groups = tuple(names[key] for key in entry.groups if key in names)
        lines.append(UnitLine(unit_id, entry, groups, tuple(chats.get(unit_id or 0, []))))
    return DirectoryView(
        directory,
        tuple(lines),
        kept.updated_at if kept else None,
        kept.updated_by if kept else "",
        kept.source if kept else "",
    )
