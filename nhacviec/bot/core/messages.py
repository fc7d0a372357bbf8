"""What goes into the bot core and what comes out, whatever the messenger."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from workflows.workflow import Action


class ChatKind(StrEnum):
    PRIVATE = "private"
    GROUP = "group"
    SUPERGROUP = "supergroup"  # Telegram's larger groups: a group to the core
    CHANNEL = "channel"


@dataclass(frozen=True)
class Incoming:
    """A text someone wrote to the bot."""

    messenger: str  # "zalo", "telegram": also the channel chat links are kept under
    chat_id: str
    chat_kind: ChatKind
    sender_id: str
    sender_name: str
    text: str
    chat_title: str = ""
    bot_username: str = ""  # the bot's own name: "/viec@another_bot" is not for it

    @property
    def group(self) -> bool:
        """A chat of several people: text not for the bot is their own conversation."""
        return self.chat_kind is not ChatKind.PRIVATE


class ChoiceKind(StrEnum):
    ACT = "act"  # a workflow move on an occurrence (a button's ``ActOn``)
    VIEW = "view"  # open an occurrence's card
    PAGE = "page"  # another page of a list


@dataclass(frozen=True)
class Choice:
    """What a number offered to a chat stands for (a button, on a messenger without them)."""

    number: int
    kind: ChoiceKind
    tag: str = ""  # the occurrence as people read it: "II.1b · Tháng 3/2026"
    occurrence_id: int = 0
    action: Action | None = None
    version: int | None = None  # the occurrence's version when offered: a stale choice fails
    listing: str = ""
    page: int = 0
    days: int = 0


@dataclass(frozen=True)
class Reply:
    """Plain text in parts (items: a messenger cuts long replies between them) and the numbered
    choices the text offers (the adapter remembers them for the chat)."""

    parts: tuple[str, ...]
    choices: tuple[Choice, ...] = field(default=())

    @property
    def text(self) -> str:
        return "\n".join(self.parts)


def say(text: str) -> Reply:
    return Reply((text,))
