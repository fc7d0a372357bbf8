"""A full disk for the tests and the bench: a small tmpfs (root only), filled to its last byte."""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path


def mount_tmpfs(mount: Path, *, size_mb: int) -> str:
    """Mount a tmpfs of ``size_mb`` MiB at ``mount`` (a new folder); "" once mounted, else why
    it cannot be (not root, the mount refused). ``unmount`` it after."""
    if os.geteuid() != 0:
        return "mounting a small tmpfs needs root"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    return "" if done.returncode == 0 else f"cannot mount a tmpfs here: {done.stderr.strip()}"


def unmount(mount: Path) -> None:
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> Path:
    """Fill the file system of ``folder`` to its last byte; the file that fills it."""
    filler = folder / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 512, 1):
            with contextlib.suppress(OSError):
                while os.write(handle, b"\0" * size):
                    pass
    finally:
        os.close(handle)
    return filler
