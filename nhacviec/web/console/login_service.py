"""The console's sign-in desk: each call one transaction through ``services.logins``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from nhacviec.errors import BadLogin
from nhacviec.services import logins
from nhacviec.services.logins import LoginRules, SignedIn, Visitor
from nhacviec.web.service import Workspace


class LoginDesk:
    def __init__(
        self, workspace: Workspace, clock: Callable[[], datetime], rules: LoginRules
    ) -> None:
        self.workspace, self.clock, self.rules = workspace, clock, rules

    def sign_in(self, login: str, password: str, address: str) -> SignedIn:
        """A browser login, or ``BadLogin`` / ``LoginThrottled`` (the failure is kept)."""
        with self.workspace.transaction() as session:
            try:
                return logins.sign_in(session, login, password, address, self.clock(), self.rules)
            except BadLogin as exc:
                refused = exc  # committed as the block ends: the failure counts
        raise refused

    def visitor(self, cookie: str) -> Visitor:
        with self.workspace.transaction() as session:
            return logins.visitor(session, cookie, self.clock(), self.rules)

    def leave_message(self, cookie: str, text: str) -> None:
        with self.workspace.transaction() as session:
            logins.leave_message(session, cookie, text)

    def sign_out(self, cookie: str) -> None:
        with self.workspace.transaction() as session:
            logins.sign_out(session, cookie)
