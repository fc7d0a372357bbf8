"""What an account may read and do. Pure: the caller reads the account and the task's units.

- admin and office write (import plans, the office's moves on a plan's tasks); an office
  account with a unit acts only on the plans whose office unit it is;
- leader reads everything and changes nothing;
- unit reads and acts only on the tasks its unit leads or partners in, never as the office.

The workflow (``services.tasks.act``) then decides whether the move itself is allowed.
"""

from __future__ import annotations

from nhacviec.errors import Forbidden
from nhacviec.services.accounts import Account, AccountRole
from nhacviec.store.tasks import TaskUnits
from workflows.workflow import OFFICE_ACTIONS, Action, Role, State, allowed_actions

WRITERS = frozenset({AccountRole.ADMIN, AccountRole.OFFICE})

# A partner request and its answer have forms of their own (the partner, the date, the files).
REQUEST_ACTIONS = frozenset({Action.ASK, Action.ANSWER})


def require_writer(account: Account) -> None:
    if account.role not in WRITERS:
        raise Forbidden()


def sees_all(account: Account) -> bool:
    """Whether the account reads every task (all roles but unit)."""
    return account.role is not AccountRole.UNIT


def sees(account: Account, named: TaskUnits) -> bool:
    """Whether the account may read a task whose units are ``named``."""
    if sees_all(account):
        return True
    return account.unit_id is not None and account.unit_id in named.lead | named.partners


def acting_unit(
    account: Account, named: TaskUnits, office_unit_id: int | None, action: Action
) -> int:
    """The unit the account acts as on a task (the plan's office for admin and office, its own
    unit for a unit account); ``Forbidden`` if it may not act on the task at all."""
    if account.role in WRITERS:
        mine = account.role is AccountRole.ADMIN or account.unit_id in (None, office_unit_id)
        if office_unit_id is None or not mine:
            raise Forbidden()
        return office_unit_id
    if account.role is AccountRole.UNIT and sees(account, named) and action not in OFFICE_ACTIONS:
        assert account.unit_id is not None
        return account.unit_id
    raise Forbidden()


def roles_in(account: Account, named: TaskUnits, office_unit_id: int | None) -> frozenset[Role]:
    """The roles the account acts with in a task (as ``services.tasks.roles_of`` counts them
    for the unit ``acting_unit`` gives): none for a leader or an account with no part in it;
    a unit account never holds the office's role."""
    try:
        unit_id = acting_unit(account, named, office_unit_id, Action.NOTE)
    except Forbidden:
        return frozenset()
    roles = set()
    if unit_id in named.lead:
        roles.add(Role.LEAD)
    if unit_id in named.partners:
        roles.add(Role.PARTNER)
    if unit_id == office_unit_id and account.role in WRITERS:
        roles.add(Role.OFFICE)
    return frozenset(roles)


def page_actions(roles: frozenset[Role], state: State) -> tuple[Action, ...]:
    """The forms worth drawing for an occurrence in ``state``: the moves the workflow allows
    these roles, less the office's report on a unit's behalf (the CLI records a paper report)."""
    allowed = allowed_actions(state, roles)
    shown = (a for a in allowed if a not in REQUEST_ACTIONS)  # partner requests: own forms
    return tuple(a for a in shown if a is not Action.REPORT or Role.LEAD in roles)


def may_amend(account: Account, office_unit_id: int | None) -> bool:
    """An office account with a unit amends only its own plans; admin any."""
    require_writer(account)
    return account.role is AccountRole.ADMIN or account.unit_id in (None, office_unit_id)


def require_reader(account: Account) -> None:
    """The plans and their uploads: admin, office and leader read them; a unit does not."""
    if account.role is AccountRole.UNIT:
        raise Forbidden()


def may_decide(account: Account, office_unit_id: int | None) -> bool:
    """Whether the account may correct, import or cancel a kept plan file kept for the office
    ``office_unit_id``: admin any; an office account without a unit any, with a unit its own."""
    if account.role not in WRITERS:
        return False
    return account.role is AccountRole.ADMIN or account.unit_id in (None, office_unit_id)


def may_read_document(account: Account, office_unit_id: int | None) -> bool:
    """A kept plan file: the leader reads every one, the office those it may decide on."""
    return account.role is AccountRole.LEADER or may_decide(account, office_unit_id)


# The units directory: admin edits it (imports, exports, maps names); the office reads it and
# links the units' chats, as it hands out invitation codes with ``nhacviec unit invite``.
DIRECTORY_EDITORS = frozenset({AccountRole.ADMIN})
CHAT_LINKERS = frozenset({AccountRole.ADMIN, AccountRole.OFFICE})


def require_directory_editor(account: Account) -> None:
    if account.role not in DIRECTORY_EDITORS:
        raise Forbidden()


def require_chat_linker(account: Account) -> None:
    if account.role not in CHAT_LINKERS:
        raise Forbidden()


def may_invite_office(account: Account, unit_id: int) -> bool:
    """An office invitation gives a chat the office's powers: admin, or the office account of
    that very unit (one without a unit follows every plan)."""
    require_chat_linker(account)
    return account.role is AccountRole.ADMIN or account.unit_id in (None, unit_id)


def require_accounts_admin(account: Account) -> None:
    if account.role is not AccountRole.ADMIN:
        raise Forbidden()
