"""What a chat message asks for: text in, a typed command (or why it is none) out. Pure.

A command is ``/name`` (or ``/name@bot``) at the very start of the message, then its arguments.
``<mã>`` is a task: its ref as the plan prints it ("II.1b"), its number ("#12", or "12" when no
ref reads so), or ``<plan>/<ref>`` ("2/II.1b") when several plans have the ref.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from nhacviec.bot.commands import CommandSpec, find
from workflows.workflow import Action

MAX_DAYS = 366  # /sapden looks at most a year ahead
DEFAULT_DAYS = 7
_COMMAND = re.compile(r"/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?![A-Za-z0-9_@])")
_PLAN_REF = re.compile(r"([0-9]{1,9})/(\S+)")
_REF = re.compile(r"#?[A-Za-z0-9._()-]{1,50}")  # "II.1b", "IV.3a", "#12"
_DAY = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
# "Số 123/BC-SCT", "45/2025/QĐ-UBND": a document number, recorded as the report's evidence.
_DOCUMENT_NUMBER = re.compile(r"(?:s[ốo]\s*:?\s*)?[0-9]+[\w.-]*/[\w./-]+", re.IGNORECASE)

_ACTIONS = {
    "batdau": Action.START,
    "baocao": Action.REPORT,
    "xacnhan": Action.VERIFY,
    "tralai": Action.RETURN,
    "huy": Action.CANCEL,
}
_NEEDS_WORDS = {"baocao", "tralai", "huy"}
_PAUSES = {"tamdung": Action.SUSPEND, "tieptuc": Action.RESUME}
# /giaolai's unit in quotes: "Sở Tài chính", “Sở Tài chính” or «Sở Tài chính»
_QUOTED = re.compile(r'(?:"([^"]+)"|“([^”]+)”|«([^»]+)»)\s*(.*)', re.DOTALL)
MAX_UNIT_WORDS = 16  # a unit's name read from /giaolai's words is at most this long


@dataclass(frozen=True)
class TaskRef:
    target: str  # what ``services.tasks.find_task`` reads: "II.1b", "#12", "12"
    plan_id: int | None = None


@dataclass(frozen=True)
class Start:
    code: str  # "" when /start came alone


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class ListTasks:
    listing: str  # "viec", "quahan" or "sapden"
    days: int = DEFAULT_DAYS  # /sapden only


@dataclass(frozen=True)
class ShowTask:
    ref: TaskRef


@dataclass(frozen=True)
class ActOnTask:
    action: Action
    ref: TaskRef
    note: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class SetDate:
    ref: TaskRef
    due: date
    note: str = ""


@dataclass(frozen=True)
class AskExtension:
    """/giahan <mã> <dd/mm/yyyy> <lý do>: the lead asks for a later due date (issue 14)."""

    ref: TaskRef
    due: date
    reason: str


@dataclass(frozen=True)
class Reassign:
    """/giaolai <mã> <đơn vị> <lý do>: the office makes another unit the task's lead.

    The unit's name has spaces, and so has the reason: ``splits`` are the ways the words read
    as (unit, reason), in the order to try them — a quoted unit is the only way; else the
    longest run of first words that names a unit wins (the service knows the units): all of
    them naming a unit leaves no reason, which the workflow refuses as it does the CLI's.
    ``words``: as typed after the task, for the sentence when they name no unit."""

    ref: TaskRef
    splits: tuple[tuple[str, str], ...]
    words: str


@dataclass(frozen=True)
class Pause:
    """/tamdung <mã> <lý do> (``Action.SUSPEND``), /tieptuc <mã> <lý do> (``Action.RESUME``)."""

    action: Action
    ref: TaskRef
    reason: str


@dataclass(frozen=True)
class RecordEvent:
    name: str
    day: date


@dataclass(frozen=True)
class Progress:
    pass


@dataclass(frozen=True)
class Summary:
    """``/tonghop [số KH]``: the report upward as a Word file."""

    plan: int | None = None


@dataclass(frozen=True)
class AskPartner:
    """/denghi <mã> <đơn vị phối hợp> <dd/mm/yyyy> <nội dung>: the lead asks a partner."""

    ref: TaskRef
    partner: str
    due: date
    text: str


@dataclass(frozen=True)
class AnswerRequest:
    """/traloi <mã> <nội dung>: a partner answers the lead's request (files: as a caption)."""

    ref: TaskRef
    text: str


@dataclass(frozen=True)
class Malformed:
    """A known command with arguments it cannot take: answered with its usage line."""

    spec: CommandSpec


@dataclass(frozen=True)
class Unknown:
    name: str


@dataclass(frozen=True)
class NotACommand:
    """Plain text, or a command addressed to another bot: not ours to answer."""


Understood = (
    Start
    | Help
    | ListTasks
    | ShowTask
    | ActOnTask
    | SetDate
    | AskExtension
    | Reassign
    | Pause
    | RecordEvent
    | Progress
    | Summary
    | AskPartner
    | AnswerRequest
)
Parsed = Understood | Malformed | Unknown | NotACommand


def parse(text: str, bot_username: str = "") -> Parsed:
    """What ``text`` asks of the bot named ``bot_username`` (without "@")."""
    match = _COMMAND.match(text)
    if match is None:
        return NotACommand()
    name, addressee = match.group(1), match.group(2)
    if addressee and bot_username and addressee.lower() != bot_username.lower():
        return NotACommand()
    spec = find(name)
    if spec is None:
        return Unknown(name)
    rest = text[match.end() :].strip()
    parsed = _arguments(spec, rest)
    return Malformed(spec) if parsed is None else parsed


def spec_of(text: str) -> CommandSpec | None:
    """The command ``text`` starts with, whoever it is addressed to."""
    match = _COMMAND.match(text)
    return find(match.group(1)) if match is not None else None


def task_ref(token: str) -> TaskRef | None:
    """``<mã>``: "II.1b", "#12", "12" or "2/II.1b"; None for anything else."""
    plan_id = None
    planned = _PLAN_REF.fullmatch(token)
    if planned is not None:
        plan_id, token = int(planned.group(1)), planned.group(2)
    if not _REF.fullmatch(token) or token == "#" or (plan_id is not None and plan_id < 1):
        return None
    if token.startswith("#") and not token[1:].isdigit():
        return None
    return TaskRef(token, plan_id)


def parse_day(token: str) -> date | None:
    """dd/mm/yyyy (also with "." or "-"); None if it is no calendar day."""
    found = _DAY.fullmatch(token)
    if found is None:
        return None
    day, month, year = (int(part) for part in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def report_words(text: str) -> tuple[str, str]:
    """A report's words as (note, evidence): a bare document number is the evidence."""
    words = " ".join(text.split()) if "\n" not in text else text.strip()
    if _DOCUMENT_NUMBER.fullmatch(words):
        return "", words
    return words, ""


def _arguments(spec: CommandSpec, rest: str) -> Understood | None:
    name = spec.name
    if name == "start":
        return Start(rest)
    if name in {"trogiup", "viec", "quahan", "tiendo"}:
        return None if rest else _bare(name)
    if name == "sapden":
        return _upcoming(rest)
    if name == "tonghop":
        return _summary(rest)
    if name == "sukien":
        return _event(rest)
    parts = rest.split(maxsplit=1)
    ref = task_ref(parts[0]) if parts else None
    if ref is None:
        return None
    tail = parts[1].strip() if len(parts) > 1 else ""
    if name == "xem":
        return None if tail else ShowTask(ref)
    if name == "ngay":
        return _set_date(ref, tail)
    if name == "giahan":
        return _extension(ref, tail)
    if name == "denghi":
        return _ask(ref, tail)
    if name == "giaolai":
        return _reassign(ref, tail)
    if name in _PAUSES:
        return Pause(_PAUSES[name], ref, tail) if tail else None
    if name == "traloi":
        return AnswerRequest(ref, tail)  # words may be empty when a file says it all
    return _act(name, ref, tail)


def _bare(name: str) -> Understood:
    if name == "trogiup":
        return Help()
    if name == "tiendo":
        return Progress()
    return ListTasks(name)


def _upcoming(rest: str) -> ListTasks | None:
    if not rest:
        return ListTasks("sapden")
    if not rest.isascii() or not rest.isdigit() or not 1 <= int(rest) <= MAX_DAYS:
        return None
    return ListTasks("sapden", int(rest))


def _summary(rest: str) -> Summary | None:
    if not rest:
        return Summary()
    number = rest.removeprefix("KH").strip()
    if not number.isascii() or not number.isdigit() or not 1 <= int(number) < 2**31:
        return None
    return Summary(int(number))


def _event(rest: str) -> RecordEvent | None:
    words = rest.split()
    if len(words) < 2:
        return None
    day = parse_day(words[-1])
    name = " ".join(words[:-1])
    return RecordEvent(name, day) if day is not None else None


def _set_date(ref: TaskRef, tail: str) -> SetDate | None:
    words = tail.split(maxsplit=1)
    day = parse_day(words[0]) if words else None
    if day is None:
        return None
    return SetDate(ref, day, words[1].strip() if len(words) > 1 else "")


def _extension(ref: TaskRef, tail: str) -> AskExtension | None:
    """<dd/mm/yyyy> <lý do>: both needed (the reason is what the office decides on)."""
    words = tail.split(maxsplit=1)
    day = parse_day(words[0]) if words else None
    if day is None or len(words) < 2 or not words[1].strip():
        return None
    return AskExtension(ref, day, words[1].strip())


def _reassign(ref: TaskRef, tail: str) -> Reassign | None:
    """<đơn vị> <lý do>: a quoted unit, or the splits of the words to try (see ``Reassign``)."""
    quoted = _QUOTED.fullmatch(tail)
    if quoted is not None:
        unit = next(part for part in quoted.groups()[:3] if part is not None)
        unit, reason = " ".join(unit.split()), quoted.group(4).strip()
        return Reassign(ref, ((unit, reason),), tail) if unit else None
    words = tail.split()
    if not words:
        return None
    longest = min(len(words), MAX_UNIT_WORDS)
    splits = [(" ".join(words[:n]), " ".join(words[n:])) for n in range(longest, 0, -1)]
    return Reassign(ref, tuple(splits), " ".join(words))


def _act(name: str, ref: TaskRef, tail: str) -> ActOnTask | None:
    action = _ACTIONS[name]
    if name not in _NEEDS_WORDS:
        return None if tail else ActOnTask(action, ref)
    if not tail:
        return None
    if action is Action.REPORT:
        note, evidence = report_words(tail)
        return ActOnTask(action, ref, note=note, evidence=evidence)
    return ActOnTask(action, ref, note=tail)


def _ask(ref: TaskRef, tail: str) -> AskPartner | None:
    """The partner's name runs up to the first date; the request's words follow it."""
    words = tail.split()
    for index, word in enumerate(words):
        day = parse_day(word)
        if day is not None:
            partner, text = " ".join(words[:index]), " ".join(words[index + 1 :])
            return AskPartner(ref, partner, day, text) if partner and text else None
    return None
