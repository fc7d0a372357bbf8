"""Callback data of inline buttons: what a pressed button asks for, in at most 64 bytes.

Telegram returns a button's ``callback_data`` verbatim when it is pressed, and caps it at 64
bytes. Ours is ``<verb>:<field>:<field>…`` with short ASCII verbs and decimal ids:

- ``a:<action>:<occurrence id>:<version>[:c]`` — act on one occurrence (``Action`` value, e.g.
  ``start``, ``report``, ``verify``, ``return``), as it stood when the button was drawn: a
  stale version is refused as a conflict rather than acting on what the presser never saw;
  ``:c`` marks a button of a task card (redrawn whole afterwards; a reminder's row is ticked);
- ``v:<occurrence id>`` — show the task card of an occurrence;
- ``p:<list>:<page>[:<argument>]`` — another page of a list (``viec``, ``quahan``, ``sapden``…);
- ``u:ok:<document id>`` / ``u:no:<document id>`` — «Nhập kế hoạch» / «Hủy» under the summary
  of a plan file sent to the bot (``Decide``; answered by ``uploads``, not ``handlers``).

Data is never trusted: the server checks the chat's link and the workflow's rules again on every
press (a forged or replayed button is just another request).
"""

from __future__ import annotations

from dataclasses import dataclass

from workflows.workflow import Action

MAX_BYTES = 64  # Telegram's limit on callback_data


@dataclass(frozen=True)
class ActOn:
    action: Action
    occurrence_id: int
    version: int
    on_card: bool = False  # the button sits under a task card (else under a reminder)


@dataclass(frozen=True)
class ViewCard:
    occurrence_id: int


@dataclass(frozen=True)
class Page:
    listing: str  # the command whose list this is: "viec", "quahan", "sapden", "tiendo"
    page: int  # 1-based
    argument: str = ""  # e.g. the number of days of /sapden


Callback = ActOn | ViewCard | Page


@dataclass(frozen=True)
class Decide:
    """Import (``accept``) or drop a plan file kept for the office's decision."""

    accept: bool
    document_id: int


DECIDE_PATTERN = r"^u:"  # the data of ``Decide`` buttons, for their own handler


def encode_decision(decide: Decide) -> str:
    return f"u:{'ok' if decide.accept else 'no'}:{decide.document_id}"


def decode_decision(data: str) -> Decide | None:
    """What a ``u:`` button asks; None for anything we did not draw."""
    verb, _, rest = data.partition(":")
    answer, _, number = rest.partition(":")
    if verb != "u" or answer not in ("ok", "no"):
        return None
    try:
        return Decide(answer == "ok", _id(number))
    except ValueError:
        return None


def encode(callback: Callback) -> str:
    """The button's callback data; ``ValueError`` if it would exceed Telegram's 64 bytes."""
    if isinstance(callback, ActOn):
        data = f"a:{callback.action.value}:{callback.occurrence_id}:{callback.version}"
        data += ":c" if callback.on_card else ""
    elif isinstance(callback, ViewCard):
        data = f"v:{callback.occurrence_id}"
    else:
        tail = f":{callback.argument}" if callback.argument else ""
        data = f"p:{callback.listing}:{callback.page}{tail}"
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def decode(data: str) -> Callback | None:
    """What ``data`` asks for; None for anything we did not draw (old formats, forgeries)."""
    verb, _, rest = data.partition(":")
    fields = rest.split(":") if rest else []
    try:
        if verb == "a" and (len(fields) == 3 or fields[3:] == ["c"]):
            return ActOn(Action(fields[0]), _id(fields[1]), _id(fields[2]), len(fields) == 4)
        if verb == "v" and len(fields) == 1:
            return ViewCard(_id(fields[0]))
        if verb == "p" and len(fields) in (2, 3) and fields[0].isalpha():
            return Page(fields[0], _id(fields[1]), fields[2] if len(fields) == 3 else "")
    except ValueError:
        return None
    return None


def _id(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise ValueError(text)
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value
