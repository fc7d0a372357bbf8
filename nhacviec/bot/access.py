"""Which chat may see and do what. Pure: the caller reads the chat's link and the task's units.

A chat's standing is its active link (``services.links.active_link``): the unit it speaks for,
and whether it speaks as the plan office (an ``--office`` invite). From it:

- a chat with no link is refused everything but ``/start <mã mời>``, and told nothing else;
- office-only commands and the office's moves (verify, return, cancel, reopen, set a date)
  need an office link: a chat of the office's unit linked without the role acts as a unit;
- a task is seen by its lead and partner units, and by the plan's office (through an office
  link); anyone else is told "không có quyền" and nothing about the task.

The workflow (``services.tasks.act``) then decides whether the move itself is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

from nhacviec.bot.commands import CommandSpec
from nhacviec.errors import Denied, OfficeOnly
from nhacviec.store.tasks import TaskUnits
from workflows.workflow import OFFICE_ACTIONS, Action, Role, State, allowed_actions

# The moves a button offers: the lead's, then the office's (with the words a prompt asks for).
BUTTON_ACTIONS = (Action.START, Action.REPORT, Action.VERIFY, Action.RETURN)
_BUTTON_ROLE = {
    Action.START: Role.LEAD,
    Action.REPORT: Role.LEAD,
    Action.VERIFY: Role.OFFICE,
    Action.RETURN: Role.OFFICE,
}


@dataclass(frozen=True)
class ChatAccess:
    """A linked chat: the unit it speaks for, and whether as the plan office."""

    chat_id: str
    unit_id: int
    unit_name: str
    office: bool


def may_use(spec: CommandSpec, access: ChatAccess) -> bool:
    return access.office or not spec.office_only


def roles_from(named: TaskUnits, office_unit_id: int | None, access: ChatAccess) -> frozenset[Role]:
    """The roles the chat holds in a task whose units are ``named`` (as ``roles_of`` counts
    them), the office's only through an office link."""
    roles = set()
    if access.unit_id in named.lead:
        roles.add(Role.LEAD)
    if access.unit_id in named.partners:
        roles.add(Role.PARTNER)
    if office_unit_id == access.unit_id:
        roles.add(Role.OFFICE)
    return seen_roles(frozenset(roles), access)


def seen_roles(roles: frozenset[Role], access: ChatAccess) -> frozenset[Role]:
    """``roles`` (from ``services.tasks.roles_of``) as this chat may use them."""
    return roles if access.office else roles - {Role.OFFICE}


def check_action(action: Action, roles: frozenset[Role], access: ChatAccess) -> None:
    """Raise ``Denied`` if the chat has no part in the task, ``OfficeOnly`` for an office move
    from a chat without the office link."""
    if not roles:
        raise Denied()
    if action in OFFICE_ACTIONS and not access.office:
        raise OfficeOnly()


def button_actions(state: State, roles: frozenset[Role]) -> tuple[Action, ...]:
    """The buttons worth drawing for an occurrence in ``state``: moves the workflow allows the
    chat's roles, each by the role it belongs to (the office reports on paper only, by CLI)."""
    return tuple(
        action
        for action in BUTTON_ACTIONS
        if _BUTTON_ROLE[action] in roles
        and action in allowed_actions(state, frozenset({_BUTTON_ROLE[action]}))
    )
