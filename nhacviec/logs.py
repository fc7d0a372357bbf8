"""Structured logs for the service: one JSON object per line on standard error."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

_STANDARD = set(vars(logging.makeLogRecord({})))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        entry |= {k: v for k, v in vars(record).items() if k not in _STANDARD}
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class StandardErrorHandler(logging.StreamHandler[TextIO]):
    """Writes to ``sys.stderr`` as it is when a record is emitted, not as it was when logging
    was configured: a command run in-process (tests, embedding) after another that configured
    logging never writes to that one's closed stream."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure_logging(level: int = logging.INFO) -> None:
    handler = StandardErrorHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger("nhacviec")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
