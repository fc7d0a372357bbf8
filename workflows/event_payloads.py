"""What the plan event log says about each change: one typed payload per ``EventKind``, and
who dated an occurrence (``DueSource``) or acted (``HistoryAction``).

Pure. The store keeps a payload as JSON: ``to_json`` writes the keys and values stored since the
log began, ``read_payload`` reads them back, so existing databases and migrations keep working.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, ClassVar

from workflows.plan_events import EventKind
from workflows.workflow_rules import Action, State

Json = dict[str, Any]


class DueSource(StrEnum):
    """Who gave an occurrence its due date (``Occurrence.due_source``)."""

    PLAN = "plan"
    OFFICE = "office"
    EVENT = "event"
    AMENDMENT = "amendment"
    EXTENSION = "extension"  # the office granted the lead's extension request (issue 14)
    RETURN = "return"  # «trả lại» with «thực hiện lại trước ngày …»
    SUSPENSION = "suspension"  # resumed: the days suspended do not count late


class PlanAction(StrEnum):
    """History actions the plan itself takes, beside the workflow's ``Action``s."""

    AMEND = "amend"  # a signed amendment re-dated or cancelled the occurrence
    EVENT = "event"  # an external event happened, but the plan gives no offset to date from


HistoryAction = Action | PlanAction


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _read_day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class PlanImported:
    """The first version of a plan; the log's first plans (migration 0002) say the version only."""

    version: int
    tasks: int | None = None
    source: str | None = None

    kinds: ClassVar[frozenset[EventKind]] = frozenset({EventKind.PLAN_IMPORTED})

    def to_json(self) -> Json:
        data: Json = {"version": self.version}
        if self.tasks is not None:
            data["tasks"] = self.tasks
        if self.source is not None:
            data["source"] = self.source
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PlanImported:
        return cls(data["version"], data.get("tasks"), data.get("source"))


@dataclass(frozen=True)
class PlanAmended:
    version: int
    source: str
    changes: Mapping[str, int]  # a ``ChangeKind`` value → how many tasks it concerns

    kinds: ClassVar[frozenset[EventKind]] = frozenset({EventKind.PLAN_AMENDED})

    def to_json(self) -> Json:
        return {"version": self.version, "source": self.source, "changes": dict(self.changes)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PlanAmended:
        return cls(data["version"], data["source"], dict(data["changes"]))


@dataclass(frozen=True)
class TaskChanged:
    """A task added, removed or reworded by an amendment (``ref``: the plan's, before a removal),
    or given another lead unit by the office."""

    ref: str

    kinds: ClassVar[frozenset[EventKind]] = frozenset(
        {EventKind.TASK_ADDED, EventKind.TASK_REMOVED, EventKind.TASK_REWORDED}
    )

    def to_json(self) -> Json:
        return {"ref": self.ref}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TaskChanged:
        return cls(data["ref"])


@dataclass(frozen=True)
class LeadReassigned:
    """The office made ``after`` the task's lead instead of the units ``before`` (issue 14)."""

    ref: str
    before: tuple[int, ...]
    after: int

    kinds: ClassVar[frozenset[EventKind]] = frozenset({EventKind.LEAD_REASSIGNED})

    def to_json(self) -> Json:
        return {"ref": self.ref, "before": list(self.before), "after": self.after}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LeadReassigned:
        return cls(data["ref"], tuple(data.get("before", ())), data["after"])


@dataclass(frozen=True)
class OccurrenceAdded:
    label: str

    kinds: ClassVar[frozenset[EventKind]] = frozenset({EventKind.OCCURRENCE_ADDED})

    def to_json(self) -> Json:
        return {"label": self.label}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> OccurrenceAdded:
        return cls(data["label"])


@dataclass(frozen=True)
class StateChanged:
    """A workflow move (or a note, which keeps the state). ``on_behalf`` is None when an
    amendment cancels the occurrence: that entry has never carried the flag."""

    action: Action
    from_state: State
    to_state: State
    on_behalf: bool | None = None

    kinds: ClassVar[frozenset[EventKind]] = frozenset(
        {EventKind.OCCURRENCE_STATE_CHANGED, EventKind.NOTE_ADDED}
    )

    @property
    def kind(self) -> EventKind:
        return (
            EventKind.NOTE_ADDED
            if self.action is Action.NOTE
            else EventKind.OCCURRENCE_STATE_CHANGED
        )

    @property
    def returns(self) -> bool:
        """The office sent the report back: the lead is told at once."""
        return self.to_state is State.RETURNED

    def to_json(self) -> Json:
        data: Json = {"action": self.action.value, "from": self.from_state.value}
        data["to"] = self.to_state.value
        if self.on_behalf is not None:
            data["on_behalf"] = self.on_behalf
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StateChanged:
        states = State(data["from"]), State(data["to"])
        return cls(Action(data["action"]), *states, data.get("on_behalf"))


@dataclass(frozen=True)
class DueDateChanged:
    """An occurrence's due date (and start) set or moved; also the history entry's details."""

    before: date | None
    due: date
    start: date | None
    source: DueSource

    kinds: ClassVar[frozenset[EventKind]] = frozenset(
        {EventKind.DUE_DATE_SET, EventKind.DUE_DATE_CHANGED}
    )

    @property
    def kind(self) -> EventKind:
        return EventKind.DUE_DATE_SET if self.before is None else EventKind.DUE_DATE_CHANGED

    def to_json(self) -> Json:
        return {
            "from": _day(self.before),
            "to": self.due.isoformat(),
            "start": _day(self.start),
            "source": self.source.value,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DueDateChanged:
        due = date.fromisoformat(data["to"])
        source = DueSource(data["source"])
        return cls(_read_day(data["from"]), due, _read_day(data["start"]), source)


@dataclass(frozen=True)
class ExternalEventRecorded:
    name: str  # the plan's words for the event
    occurred_on: date

    kinds: ClassVar[frozenset[EventKind]] = frozenset({EventKind.EXTERNAL_EVENT_RECORDED})

    def to_json(self) -> Json:
        return {"name": self.name, "occurred_on": self.occurred_on.isoformat()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ExternalEventRecorded:
        return cls(data["name"], date.fromisoformat(data["occurred_on"]))


@dataclass(frozen=True)
class UnitsLinked:
    names: int  # how many of the plan's names were linked
    organisation: str

    kinds: ClassVar[frozenset[EventKind]] = frozenset({EventKind.UNITS_LINKED})

    def to_json(self) -> Json:
        return {"names": self.names, "organisation": self.organisation}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> UnitsLinked:
        return cls(data["names"], data["organisation"])


Payload = (
    PlanImported
    | PlanAmended
    | TaskChanged
    | LeadReassigned
    | OccurrenceAdded
    | StateChanged
    | DueDateChanged
    | ExternalEventRecorded
    | UnitsLinked
)

_TYPES: tuple[type[Payload], ...] = (
    PlanImported,
    PlanAmended,
    TaskChanged,
    LeadReassigned,
    OccurrenceAdded,
    StateChanged,
    DueDateChanged,
    ExternalEventRecorded,
    UnitsLinked,
)
_TYPE_OF: dict[EventKind, type[Payload]] = {kind: type_ for type_ in _TYPES for kind in type_.kinds}


def read_payload(kind: EventKind | str, data: Mapping[str, Any]) -> Payload:
    """The typed payload of a stored event of ``kind``."""
    return _TYPE_OF[EventKind(kind)].from_json(data)


def asks_extension(kind: EventKind | str, data: Mapping[str, Any]) -> bool:
    """Whether a stored event is a lead's extension request (the office must decide)."""
    if EventKind(kind) not in StateChanged.kinds:
        return False
    return StateChanged.from_json(data).action is Action.EXTEND


def moves_requests(kind: EventKind | str, data: Mapping[str, Any]) -> bool:
    """Whether a stored event asked a partner for its part, or answered such a request."""
    if EventKind(kind) not in StateChanged.kinds:
        return False
    return StateChanged.from_json(data).action in {Action.ASK, Action.ANSWER}


def sends_back(kind: EventKind | str, data: Mapping[str, Any]) -> bool:
    """Whether a stored event sent an occurrence's report back to its lead."""
    if EventKind(kind) not in StateChanged.kinds:
        return False
    return StateChanged.from_json(data).returns
