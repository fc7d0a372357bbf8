"""The evidence folder: files kept by their content's SHA-256 (``ab/cd/abcd…``).

Writing the same content twice keeps one file; a file is written to a temporary name and
renamed into place, so a reader never sees half of one. A file whose database row was rolled
back stays as an orphan (harmless: the same content sent again finds it in place).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from nhacviec.errors import StoreError


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class BlobFolder:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, sha256: str) -> Path:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, content: bytes) -> str:
        """Keep ``content`` (once); its SHA-256."""
        digest = sha256_of(content)
        target = self.path_of(digest)
        if target.is_file() and target.stat().st_size == len(content):
            return digest
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
            with os.fdopen(handle, "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except OSError as exc:
            raise StoreError(
                "evidence.folder_failed", folder=str(self.root), detail=str(exc)
            ) from exc
        return digest

    def read(self, sha256: str) -> bytes:
        try:
            return self.path_of(sha256).read_bytes()
        except OSError as exc:
            raise StoreError("evidence.file_missing", folder=str(self.root), sha256=sha256) from exc
