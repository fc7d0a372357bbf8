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
from workflows.workflow import Action

WRITERS = frozenset({AccountRole.ADMIN, AccountRole.OFFICE})
# The office's moves: a unit account never makes them (as a chat without the office link).
OFFICE_ACTIONS = frozenset(
    {Action.VERIFY, Action.RETURN, Action.CANCEL, Action.REOPEN, Action.SET_DATE}
)


def require_writer(account: Account) -> None:
    if account.role not in WRITERS:
        raise Forbidden()


def sees(account: Account, named: TaskUnits) -> bool:
    """Whether the account may read a task whose units are ``named``."""
    if account.role is not AccountRole.UNIT:
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


def may_amend(account: Account, office_unit_id: int | None) -> bool:
    """An office account with a unit amends only its own plans; admin any."""
    require_writer(account)
    return account.role is AccountRole.ADMIN or account.unit_id in (None, office_unit_id)


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
