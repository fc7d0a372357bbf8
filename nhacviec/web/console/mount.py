"""The console's pages and files on the web application, and its menu."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from nhacviec.services.accounts import AccountRole
from nhacviec.web.console import (
    deliveries,
    evidence_page,
    logins,
    plans,
    reports,
    task_page,
    tasks,
    units,
    users,
)
from nhacviec.web.console.nav import OFFICE_ROLES, NavItem

PLAN_READERS = frozenset({AccountRole.ADMIN, AccountRole.OFFICE, AccountRole.LEADER})

# Each area: its routes and its menu item (None: not in the menu), in the menu's order.
AREAS: tuple[tuple[object, NavItem | None], ...] = (
    (logins.router, None),
    (tasks.router, NavItem("/tasks", "console.nav.tasks")),
    (task_page.router, None),
    (evidence_page.router, None),
    (plans.router, NavItem("/plans", "console.nav.plans", PLAN_READERS)),
    (reports.router, None),  # the report upward of a plan, from the plans' list
    (deliveries.router, NavItem("/deliveries", "console.nav.deliveries", OFFICE_ROLES)),
    (units.router, NavItem("/units", "console.nav.units", OFFICE_ROLES)),
    (users.router, NavItem("/users", "console.nav.users", frozenset({AccountRole.ADMIN}))),
)


def mount_console(api: FastAPI) -> None:
    api.mount("/static", StaticFiles(packages=[("nhacviec.web.console", "static")]), "static")
    items: list[NavItem] = []
    for router, item in AREAS:
        api.include_router(router)  # type: ignore[arg-type]
        if item is not None:
            items.append(item)
    api.state.console_menu = tuple(items)
