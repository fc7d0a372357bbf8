"""Who may see and do what: roles from a task's units, the office's only through an office link,
and the buttons worth drawing."""

from __future__ import annotations

import pytest

from nhacviec.bot.access import (
    ChatAccess,
    button_actions,
    check_action,
    may_use,
    roles_from,
)
from nhacviec.bot.commands import BY_NAME
from nhacviec.errors import Denied, OfficeOnly
from nhacviec.store.tasks import TaskUnits
from workflows.workflow import Action, Role, State

OFFICE_UNIT, LEAD_UNIT, PARTNER_UNIT, OTHER_UNIT = 1, 2, 3, 4
TASK = TaskUnits(lead=frozenset({LEAD_UNIT}), partners=frozenset({PARTNER_UNIT, OFFICE_UNIT}))


def chat(unit: int, office: bool = False) -> ChatAccess:
    return ChatAccess("-100", unit, "Đơn vị", office)


@pytest.mark.parametrize(
    ("access", "roles"),
    [
        (chat(OFFICE_UNIT, office=True), {Role.OFFICE, Role.PARTNER}),
        (chat(OFFICE_UNIT), {Role.PARTNER}),  # the office's unit, linked as a unit
        (chat(LEAD_UNIT), {Role.LEAD}),
        (chat(PARTNER_UNIT), {Role.PARTNER}),
        (chat(OTHER_UNIT), set()),
        (chat(OTHER_UNIT, office=True), set()),  # an office link of another plan's office
    ],
)
def test_roles_in_a_task(access: ChatAccess, roles: set[Role]) -> None:
    assert roles_from(TASK, OFFICE_UNIT, access) == roles


def test_office_commands_and_moves_need_the_office_link() -> None:
    assert may_use(BY_NAME["xacnhan"], chat(OFFICE_UNIT, office=True))
    assert not may_use(BY_NAME["xacnhan"], chat(OFFICE_UNIT))
    assert may_use(BY_NAME["baocao"], chat(LEAD_UNIT))
    with pytest.raises(OfficeOnly):
        check_action(Action.VERIFY, frozenset({Role.LEAD}), chat(LEAD_UNIT))
    with pytest.raises(Denied):
        check_action(Action.VERIFY, frozenset(), chat(OTHER_UNIT))
    with pytest.raises(Denied):
        check_action(Action.START, frozenset(), chat(OTHER_UNIT, office=True))
    check_action(Action.VERIFY, frozenset({Role.OFFICE}), chat(OFFICE_UNIT, office=True))
    check_action(
        Action.START, frozenset({Role.PARTNER}), chat(PARTNER_UNIT)
    )  # the workflow says no


@pytest.mark.parametrize(
    ("state", "roles", "actions"),
    [
        (State.ASSIGNED, {Role.LEAD}, (Action.START, Action.REPORT)),
        (State.IN_PROGRESS, {Role.LEAD}, (Action.REPORT,)),
        (State.RETURNED, {Role.LEAD}, (Action.START, Action.REPORT)),
        (State.REPORTED, {Role.LEAD}, ()),
        (State.REPORTED, {Role.OFFICE}, (Action.VERIFY, Action.RETURN)),
        (State.ASSIGNED, {Role.OFFICE}, ()),  # the office reports only on paper, by CLI
        (State.REPORTED, {Role.LEAD, Role.OFFICE}, (Action.VERIFY, Action.RETURN)),
        (State.ASSIGNED, {Role.PARTNER}, ()),
        (State.VERIFIED, {Role.LEAD, Role.OFFICE}, ()),
        (State.CANCELLED, {Role.LEAD}, ()),
    ],
)
def test_buttons_drawn(state: State, roles: set[Role], actions: tuple[Action, ...]) -> None:
    assert button_actions(state, frozenset(roles)) == actions
