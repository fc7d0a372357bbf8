"""The error tree: one root for everything nhacviec raises on purpose, and its subclasses.

The ground layer: imports nothing of the application. An error is a plain value (a catalogue
key, its parameters and where in a file it was found); nothing is looked up when one is built.
The faces make the sentence (``nhacviec.i18n.errors.render_error``) in the reader's language.
Callers tell errors apart by class, never by key. Adapters wrap driver errors with
``raise ... from exc``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class SourceLocation:
    """Where in an input file something was found (every part optional)."""

    file: str
    table: int | None = None  # 1-based, as a person counts
    row: int | None = None  # 1-based within the table (or line within a text file)
    column: str | None = None  # the column's header as printed
    page: int | None = None  # 1-based


def keyed(*keys: str) -> dict[str, str]:
    """A refusal's code → its catalogue key, each key written out in full (so that
    tests/unit/test_error_keys.py finds every key a place hands along)."""
    return {key.rsplit(".", 1)[1]: key for key in keys}


class NhacviecError(Exception):
    """Root of every error nhacviec raises deliberately. ``exit_code`` is used by the CLI."""

    exit_code = 1

    def __init__(
        self, key: str, /, location: SourceLocation | None = None, **params: object
    ) -> None:
        self.key = key
        self.location = location
        self.params = params
        super().__init__(key)

    def __str__(self) -> str:
        """The key and its parameters, for logs; people read ``render_error``'s sentence."""
        params = ", ".join(f"{name}={value!r}" for name, value in self.params.items())
        text = f"{self.key}({params})"
        return text if self.location is None else f"{text} at {self.location}"


class InputError(NhacviecError):
    """The user gave a file or value we cannot use; nothing was changed."""

    exit_code = 2


class DocumentError(InputError):
    """A plan document cannot be read into tasks."""


class ConfigError(InputError):
    """A configuration or units directory file is invalid."""


class StoreError(NhacviecError):
    """The task store failed (database unreachable, migration failed...)."""

    exit_code = 3


class NotFoundError(InputError):
    """A plan, task or unit named by the user does not exist."""


# -- tasks and their moves --------------------------------------------------------------------


class TaskNotFound(NotFoundError):
    """No task has the ref (or the id, "#12") the user wrote."""

    def __init__(self, target: str) -> None:
        super().__init__("tasks.not_found", target=target)
        self.target = target


class TaskAmbiguous(InputError):
    """Several plans have a task with this ref; ``plans`` lists their ids."""

    def __init__(self, ref: str, plans: str) -> None:
        super().__init__("tasks.ambiguous", ref=ref, plans=plans)
        self.ref = ref


class RefusedError(NhacviecError):
    """The state machine refused the move: ``code`` says why (a ``workflow.RefusalCode``),
    ``details`` hold codes (state, action, role names) the sentence names."""

    def __init__(self, code: str, details: Mapping[str, str], ref: str) -> None:
        super().__init__(f"workflow.refused.{code}", ref=ref)
        self.code = code
        self.details = dict(details)
        self.ref = ref


class ConflictError(NhacviecError):
    """Someone else changed the occurrence between reading and writing it."""

    def __init__(self, ref: str, state: str) -> None:
        super().__init__("tasks.conflict", ref=ref, state=state)
        self.ref = ref
        self.state = state


# -- external events --------------------------------------------------------------------------


class EventRefused(NhacviecError):
    """Only the plan's office records that an event happened (it dates the waiting tasks)."""

    def __init__(self, name: str, plan: int) -> None:
        super().__init__("events.office_only", name=name, plan=plan)


class EventNotAwaited(NotFoundError):
    """No awaited event has these words; ``awaited`` lists those that are."""

    def __init__(self, name: str, awaited: str) -> None:
        super().__init__("events.not_awaited", name=name, awaited=awaited)


class EventAmbiguous(InputError):
    """Several awaited events fit the words equally; ``candidates`` lists them."""

    def __init__(self, name: str, candidates: str) -> None:
        super().__init__("events.ambiguous", name=name, candidates=candidates)


# -- the bot's chats --------------------------------------------------------------------------


class NotLinked(NhacviecError):
    """The chat is linked to no unit: a polite refusal naming nothing."""

    def __init__(self) -> None:
        super().__init__("bot.not_linked")


class OfficeOnly(NhacviecError):
    """The command or move needs an office link."""

    def __init__(self) -> None:
        super().__init__("bot.office_only")


class Denied(NhacviecError):
    """The chat's unit has no part in the task ("không có quyền"); the task is not described."""

    def __init__(self) -> None:
        super().__init__("bot.denied")


# -- the service ------------------------------------------------------------------------------


class AlreadyRunning(NhacviecError):
    """Another ``nhacviec run`` holds the SQLite database's lock file
    (``scheduler.already_running`` with its ``path`` and the holder's ``pid``)."""

    exit_code = 2


# -- accounts and the web face ----------------------------------------------------------------


class UserExists(InputError):
    """An account already has this login."""

    def __init__(self, login: str) -> None:
        super().__init__("users.exists", login=login)
        self.login = login


class UserNotFound(NotFoundError):
    """No account has this login."""

    def __init__(self, login: str) -> None:
        super().__init__("users.not_found", login=login)
        self.login = login


class Unauthenticated(NhacviecError):
    """No token, an unknown or revoked one, or a disabled account's: the request is refused."""

    def __init__(self) -> None:
        super().__init__("web.unauthenticated")


class BadLogin(Unauthenticated):
    """A wrong login or password on the console's sign-in form (never which of the two)."""

    def __init__(self) -> None:
        NhacviecError.__init__(self, "web.bad_login")


class LoginThrottled(Unauthenticated):
    """Too many wrong passwords for this login or from this address: wait ``minutes``."""

    def __init__(self, minutes: int) -> None:
        NhacviecError.__init__(self, "web.login_throttled", minutes=minutes)
        self.minutes = minutes


class CsrfRejected(NhacviecError):
    """A form or request without the signed-in browser's CSRF token (a stale page, another
    site's form): nothing was done."""

    def __init__(self) -> None:
        super().__init__("web.csrf_rejected")


class Forbidden(NhacviecError):
    """The account's role (or unit) may not do this; nothing about the target is told."""

    def __init__(self) -> None:
        super().__init__("web.forbidden")


class UploadTooLarge(InputError):
    """An uploaded file is over the size limit (``limit_mb``)."""

    def __init__(self, limit_mb: int) -> None:
        super().__init__("web.upload_too_large", limit_mb=limit_mb)


class UnsupportedUpload(InputError):
    """An uploaded file is none of DOCX, PDF, XLSX or text, by its content."""

    def __init__(self) -> None:
        super().__init__("web.upload_unsupported")
