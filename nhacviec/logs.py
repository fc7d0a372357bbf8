"""Structured logs for the service: one line per record on standard error, JSON (the default)
or plain text (``logging.format``), at the level of ``logging.level``.

Every record logged while a scheduler pass runs carries that pass's id (``pass_id``): the
scheduler opens ``in_pass`` around each pass, and the tasks and threads a pass starts inherit
it (``contextvars``). A record about one message carries its outbox key (``outbox_key``, the
delivery log's ``message_key``) as an ``extra`` of its own.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

_STANDARD = set(vars(logging.makeLogRecord({})))
_PASS_ID: ContextVar[str | None] = ContextVar("nhacviec_pass_id", default=None)
LogFormat = Literal["json", "text"]


def new_pass_id() -> str:
    """A short random id, unique enough to pick one pass's lines out of a day's logs."""
    return secrets.token_hex(6)


@contextlib.contextmanager
def in_pass(pass_id: str) -> Iterator[str]:
    """Every record logged inside (in this task, and the tasks and threads it starts) carries
    ``pass_id``."""
    token = _PASS_ID.set(pass_id)
    try:
        yield pass_id
    finally:
        _PASS_ID.reset(token)


def current_pass_id() -> str | None:
    return _PASS_ID.get()


class PassFilter(logging.Filter):
    """Adds the current pass's id to a record (unless the record names one itself)."""

    def filter(self, record: logging.LogRecord) -> bool:
        pass_id = _PASS_ID.get()
        if pass_id is not None and not hasattr(record, "pass_id"):
            record.pass_id = pass_id
        return True


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and k != "message"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        entry |= _fields(record)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """``2026-01-05T01:00:00+00:00 info nhacviec.scheduler delivery channel=email …``"""

    def format(self, record: logging.LogRecord) -> str:
        at = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="seconds")
        fields = " ".join(f"{k}={v}" for k, v in _fields(record).items())
        line = f"{at} {record.levelname.lower()} {record.name} {record.getMessage()}"
        line = f"{line} {fields}" if fields else line
        if record.exc_info:
            line = f"{line}\n{self.formatException(record.exc_info)}"
        return line


class StandardErrorHandler(logging.StreamHandler[TextIO]):
    """Writes to ``sys.stderr`` as it is when a record is emitted, not as it was when logging
    was configured: a command run in-process (tests, embedding) after another that configured
    logging never writes to that one's closed stream."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure_logging(level: int | str = logging.INFO, log_format: LogFormat = "json") -> None:
    """``level`` a number or a name (``"info"``, ``"DEBUG"``)."""
    handler = StandardErrorHandler()
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    handler.addFilter(PassFilter())
    root = logging.getLogger("nhacviec")
    root.handlers[:] = [handler]
    root.setLevel(level.upper() if isinstance(level, str) else level)
    root.propagate = False
