"""One exception root for everything nhacviec raises on purpose.

Each error carries a catalogue key and its parameters, so the same failure can be shown in
Vietnamese or English. Adapters wrap driver errors with ``raise ... from exc``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nhacviec.i18n import DEFAULT_LANGUAGE, Language, translate


@dataclass(frozen=True)
class SourceLocation:
    """Where in an input file something was found (every part optional)."""

    file: str
    table: int | None = None  # 1-based, as a person counts
    row: int | None = None  # 1-based within the table (or line within a text file)
    column: str | None = None  # the column's header as printed
    page: int | None = None  # 1-based

    def describe(self, lang: Language | str = DEFAULT_LANGUAGE) -> str:
        parts = [translate("location.file", lang, file=self.file)]
        if self.page is not None:
            parts.append(translate("location.page", lang, page=self.page))
        if self.table is not None:
            parts.append(translate("location.table", lang, table=self.table))
        if self.row is not None:
            parts.append(translate("location.row", lang, row=self.row))
        if self.column is not None:
            parts.append(translate("location.column", lang, column=self.column))
        return ", ".join(parts)


class NhacviecError(Exception):
    """Root of every error nhacviec raises deliberately. ``exit_code`` is used by the CLI."""

    exit_code = 1

    def __init__(self, key: str, /, location: SourceLocation | None = None, **params: Any) -> None:
        self.key = key
        self.location = location
        self.params = params
        super().__init__(self.message(Language.EN))

    def message(self, lang: Language | str = DEFAULT_LANGUAGE) -> str:
        text = translate(self.key, lang, **self.params)
        if self.location is None:
            return text
        return f"{self.location.describe(lang)}: {text}"


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
