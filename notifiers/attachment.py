"""A file a channel sends beside its words (a report's DOCX): its name, bytes and media type.
Pure value: imports nothing from this project."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Attachment:
    name: str  # the file name as the reader sees it, Vietnamese letters and all
    content: bytes
    media_type: str  # "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ascii_name: str = ""  # a plain fall-back name for old mail readers; "" = derived

    @property
    def fallback_name(self) -> str:
        if self.ascii_name:
            return self.ascii_name
        plain = "".join(
            c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in self.name
        )
        return plain or "attachment"
