"""What the bot core decided to answer, before any messenger words it: view models.

The core (``dispatcher.BotCore``) decides WHAT a chat is told — a sentence, a refusal, a list,
a card, a plan's progress, the help, a move made (with the card after it), a file, a question
for the words a move needs, a plan file read or decided — and which choices go with it (the
card's moves, the list's cards and pages). Each messenger's adapter decides HOW: Telegram
draws HTML with inline buttons, edits the pressed message, asks with a ForceReply and answers a
button's alert (``nhacviec.telegram``); Zalo writes plain text with numbered choices cut at
2,000 characters (``plain``, ``nhacviec.zalo``). Nothing here knows a messenger.
"""

from __future__ import annotations

from dataclasses import dataclass

from nhacviec.bot.cards import Card, PlanProgress
from nhacviec.bot.core.messages import Choice
from nhacviec.bot.documents import Decided, Known, Preview
from nhacviec.bot.listings import TaskList
from nhacviec.bot.prompts import PendingPrompt
from nhacviec.bot.service import Acted
from workflows.workflow import Action


@dataclass(frozen=True)
class Said:
    """A sentence, as written (plain text: it may quote what people typed)."""

    text: str


@dataclass(frozen=True)
class Refused:
    """The sentence of something refused (``NhacviecError``): never store data."""

    text: str


@dataclass(frozen=True)
class HelpShown:
    office: bool  # the office's commands too


@dataclass(frozen=True)
class ListShown:
    task_list: TaskList
    unit: str
    office: bool


@dataclass(frozen=True)
class CardShown:
    card: Card


@dataclass(frozen=True)
class ProgressShown:
    progress: PlanProgress


@dataclass(frozen=True)
class Moved:
    """A move made by a choice (a button, a number) or by the words a question asked for: the
    sentence saying so and the card after it (``prompt``: the question answered, if any)."""

    text: str
    acted: Acted
    prompt: PendingPrompt | None = None


@dataclass(frozen=True)
class FileMade:
    """A file to send (``/tonghop``'s report), ``caption`` under it."""

    name: str
    content: bytes
    caption: str


@dataclass(frozen=True)
class PlanRead:
    """A plan file sent to the office's chat, read and kept for its decision (``Preview``), or
    one the store already holds (``Known``)."""

    found: Preview | Known


@dataclass(frozen=True)
class PlanDecided:
    """A kept plan file imported or dropped."""

    decided: Decided


@dataclass(frozen=True)
class WordsAsked:
    """A chosen move needs words first (a report, a reason): the presser is asked for them.
    ``card``: the task as it stands; ``choice``: the move waiting for the words."""

    action: Action
    card: Card
    choice: Choice


Answer = (
    Said
    | Refused
    | HelpShown
    | ListShown
    | CardShown
    | ProgressShown
    | Moved
    | FileMade
    | WordsAsked
    | PlanRead
    | PlanDecided
)
