"""The file notifier: appends each message, as the console shows it, to a UTF-8 text file.

Each block is written with one ``write`` under an exclusive lock on the file, so several
processes (the service and a ``tick`` beside it) can append to one file without interleaving.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import BinaryIO

from notifiers.base import Address, Delivery
from notifiers.console import DEFAULT_WIDTH, format_block
from notifiers.message import Message
from notifiers.render import render

if sys.platform == "win32":
    import msvcrt

    def _lock(handle: BinaryIO) -> None:
        handle.seek(0)  # lock the first byte: every writer agrees on it; writes still append
        msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)

    def _unlock(handle: BinaryIO) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: BinaryIO) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)

    def _unlock(handle: BinaryIO) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def append_locked(path: Path, data: bytes) -> None:
    """Append ``data`` to ``path`` in one piece, holding an exclusive lock on the file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as handle:
        _lock(handle)
        try:
            handle.write(data)
            handle.flush()
        finally:
            _unlock(handle)


class FileNotifier:
    """Appends each message to ``path`` (created with its folder when missing)."""

    channel = "file"

    def __init__(
        self, path: Path | str, *, width: int = DEFAULT_WIDTH, language: str | None = None
    ) -> None:
        self.path = Path(path)
        self.width = width
        self.language = language  # None: each message's own language

    async def send(self, address: Address, message: Message, *, key: str) -> Delivery:
        rendered = render(message, language=self.language)
        block = format_block(address, message, rendered, channel=self.channel, width=self.width)
        data = block.encode("utf-8", "backslashreplace")  # a lone surrogate cannot be UTF-8
        try:
            await asyncio.to_thread(append_locked, self.path, data)
        except OSError as exc:  # disk full, folder not writable: may clear up
            return Delivery.temporary(f"{type(exc).__name__}: {exc}")
        return Delivery.accepted(provider_id=key)

    async def aclose(self) -> None:
        """Nothing to release: the file is opened for each block."""
