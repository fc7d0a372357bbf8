"""The console's menu: an area appears once its routes are mounted, for the roles it serves."""

from __future__ import annotations

from dataclasses import dataclass

from nhacviec.services.accounts import Account, AccountRole

ALL_ROLES = frozenset(AccountRole)
OFFICE_ROLES = frozenset({AccountRole.ADMIN, AccountRole.OFFICE})


@dataclass(frozen=True)
class NavItem:
    path: str  # the area's first page; the item is current on every page under it
    label: str  # a catalogue key
    roles: frozenset[AccountRole] = ALL_ROLES


def menu(items: tuple[NavItem, ...], account: Account | None) -> list[NavItem]:
    if account is None:
        return []
    return [item for item in items if account.role in item.roles]


def current(item: NavItem, path: str) -> bool:
    return path == item.path or path.startswith(item.path.rstrip("/") + "/")
