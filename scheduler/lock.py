"""One ``nhacviec run`` per SQLite database: a lock file held while the service runs.

PostgreSQL needs none (dispatchers share the work through leases); with SQLite, two services
would send the same reminders, so the second one stops with a clear message instead.

The lock is keyed by the database file's identity, not by the path as written: a lock file
beside its real path (symlinks and ``..`` resolved), and one named by its device and inode in
the user's temporary folder (a hard link is the same file under another real path).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from pathlib import Path
from types import TracebackType

from nhacviec.errors import AlreadyRunning


def database_lock_paths(database: Path) -> tuple[Path, ...]:
    """The lock files of the SQLite file at ``database``, however its path is spelled: beside
    the real path, and (once the file exists) by device and inode."""
    real = Path(os.path.realpath(database))
    paths = [real.with_name(real.name + ".run.lock")]
    try:
        found = real.stat()
    except OSError:
        return tuple(paths)
    folder = Path(tempfile.gettempdir()) / f"nhacviec-run-{os.getuid()}"
    paths.append(folder / f"{found.st_dev}-{found.st_ino}.lock")
    return tuple(paths)


class RunLock:
    """Exclusive locks on every path in ``paths``, held while the block runs."""

    def __init__(self, *paths: Path) -> None:
        self.paths = paths
        self._handles: list[int] = []

    @classmethod
    def for_database(cls, database: Path) -> RunLock:
        return cls(*database_lock_paths(database))

    @property
    def path(self) -> Path:
        return self.paths[0]

    def __enter__(self) -> RunLock:
        try:
            for path in self.paths:
                self._handles.append(_take(path))
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._release()

    def _release(self) -> None:
        while self._handles:
            handle = self._handles.pop()
            fcntl.flock(handle, fcntl.LOCK_UN)
            os.close(handle)


def _take(path: Path) -> int:
    """An exclusive lock on ``path`` recording this process's id; ``AlreadyRunning`` naming
    the holder's if another process has it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(handle, 32).decode(errors="replace").strip() or "?"
        os.close(handle)
        raise AlreadyRunning("scheduler.already_running", path=str(path), pid=holder) from None
    # The id is only what a second process names when refused: a full disk (ENOSPC) must not
    # stop a service that holds the lock (the database says what it cannot write, if anything).
    with contextlib.suppress(OSError):
        os.ftruncate(handle, 0)
        os.write(handle, str(os.getpid()).encode())
    return handle
