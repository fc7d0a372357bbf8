"""One ``nhacviec run`` per SQLite database: a lock file held while the service runs.

PostgreSQL needs none (dispatchers share the work through leases); with SQLite, two services
would send the same reminders, so the second one stops with a clear message instead.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from nhacviec.errors import NhacviecError


class AlreadyRunning(NhacviecError):
    exit_code = 2


class RunLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: int | None = None

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(handle, 32).decode(errors="replace").strip() or "?"
            os.close(handle)
            raise AlreadyRunning(
                "scheduler.already_running", path=str(self.path), pid=holder
            ) from None
        os.ftruncate(handle, 0)
        os.write(handle, str(os.getpid()).encode())
        self._handle = handle
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            os.close(self._handle)
            self._handle = None
