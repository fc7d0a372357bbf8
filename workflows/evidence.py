"""Evidence files: which files a report (or a partner's answer) may carry. Pure.

A file is accepted when its name ends in an allowed extension and it is no larger than the
limit; the refusal names the file, the limit and what to do (catalogue ``evidence.refused.*``).
Files are assumed virus-free: nothing here (or anywhere) scans them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePosixPath, PureWindowsPath

# What a downloaded file is served as, by its extension (anything else: octet-stream).
MEDIA_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "txt": "text/plain",
    "zip": "application/zip",
}
_FALLBACK_NAME = "tep"
MAX_FILES = 10  # files one report may carry


@dataclass(frozen=True)
class FileLimits:
    max_bytes: int
    allowed: frozenset[str] = field(default_factory=frozenset)  # extensions, lower case

    @property
    def max_mb(self) -> int:
        return max(1, self.max_bytes // (1024 * 1024))


class FileRefusal(StrEnum):
    """Why a file was refused; the sentence is catalogue key ``evidence.refused.<code>``."""

    EMPTY = "empty"
    TOO_BIG = "too_big"
    TYPE = "type"
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class Refused:
    code: FileRefusal
    params: dict[str, str | int]


def clean_name(name: str) -> str:
    """The file's own name, without any folder a sender's client passed along."""
    bare = PureWindowsPath(PurePosixPath(name.replace("\x00", "")).name).name.strip()
    return bare[-200:] if bare not in ("", ".", "..") else _FALLBACK_NAME


def extension(name: str) -> str:
    suffix = PurePosixPath(name).suffix
    return suffix[1:].lower() if suffix else ""


def media_type(name: str) -> str:
    return MEDIA_TYPES.get(extension(name), "application/octet-stream")


def check_files(files: list[tuple[str, int]], limits: FileLimits) -> Refused | None:
    """The first problem with ``files`` (name, size in bytes), or None when all may be kept."""
    if len(files) > MAX_FILES:
        return Refused(FileRefusal.TOO_MANY, {"count": len(files), "most": MAX_FILES})
    for name, size in files:
        refused = check_file(name, size, limits)
        if refused is not None:
            return refused
    return None


def check_file(name: str, size: int, limits: FileLimits) -> Refused | None:
    if size == 0:
        return Refused(FileRefusal.EMPTY, {"name": name})
    if size > limits.max_bytes:
        mb = f"{size / (1024 * 1024):.1f}"
        return Refused(FileRefusal.TOO_BIG, {"name": name, "size": mb, "most": limits.max_mb})
    if extension(name) not in limits.allowed:
        allowed = ", ".join(sorted(limits.allowed))
        return Refused(FileRefusal.TYPE, {"name": name, "allowed": allowed})
    return None
