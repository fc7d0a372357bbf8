"""Accounts as the console's administrator manages them: each call one transaction through
``services.accounts`` (the use cases of ``nhacviec user``, with the same errors)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from nhacviec.errors import InputError
from nhacviec.services import accounts
from nhacviec.services.accounts import Account, AccountRole, NewAccount
from nhacviec.store.models import User
from nhacviec.store.units import list_units
from nhacviec.store.users import UserLine
from nhacviec.web import access
from nhacviec.web.service import Workspace
from nhacviec.web.verified import VerifiedTokens


class AccountsDesk:
    def __init__(
        self,
        workspace: Workspace,
        clock: Callable[[], datetime],
        verified: VerifiedTokens | None = None,
    ) -> None:
        self.workspace, self.clock = workspace, clock
        self.verified = verified  # this process's verified tokens: forgotten on a change

    def accounts(self, account: Account) -> tuple[list[UserLine], list[str]]:
        """Every account, and the units' names an account may belong to."""
        access.require_accounts_admin(account)
        with self.workspace.reading() as session:
            units = [unit.name for unit in list_units(session) if unit.in_directory]
            return accounts.list_users(session), sorted(set(units))

    def add(self, account: Account, new: NewAccount) -> User:
        access.require_accounts_admin(account)
        with self.workspace.transaction() as session:
            return accounts.add_user(session, new, self.clock())

    def disable(self, account: Account, login: str) -> User:
        access.require_accounts_admin(account)
        if login == account.login:  # the last way in could be locked: another admin does it
            raise InputError("console.users.not_yourself")
        with self.workspace.transaction() as session:
            user = accounts.disable_user(session, login, self.clock())
        self._forget()
        return user

    def revoke_tokens(self, account: Account, login: str) -> int:
        access.require_accounts_admin(account)
        with self.workspace.transaction() as session:
            count = accounts.revoke_tokens(session, login, self.clock())
        self._forget()
        return count

    def _forget(self) -> None:
        """Tokens verified before the change are checked again (at once, in this process)."""
        if self.verified is not None:
            self.verified.forget_all()


def role_of(value: str) -> AccountRole:
    """The role a form chose (``nhacviec user add --role``'s error for anything else)."""
    try:
        return AccountRole(value.strip().lower())
    except ValueError:
        choices = ", ".join(role.value for role in AccountRole)
        raise InputError("users.bad_role", value=value, choices=choices) from None
