"""Every kind of plan event: the typed payload reads the JSON the log stores and writes it back
key for key (the shapes stored since the log began, and the first plans of migration 0002)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from workflows.event_payloads import (
    DueDateChanged,
    DueSource,
    StateChanged,
    read_payload,
    sends_back,
)
from workflows.plan_events import EventKind
from workflows.workflow import Action, State

STORED: list[tuple[EventKind, dict[str, Any]]] = [
    (EventKind.PLAN_IMPORTED, {"version": 1}),  # written by migration 0002
    (EventKind.PLAN_IMPORTED, {"version": 1, "tasks": 6, "source": "ke-hoach.docx"}),
    (
        EventKind.PLAN_AMENDED,
        {"version": 2, "source": "sua-doi.docx", "changes": {"added": 1, "unchanged": 4}},
    ),
    (EventKind.TASK_ADDED, {"ref": "VII.1"}),
    (EventKind.TASK_REMOVED, {"ref": "III.3"}),
    (EventKind.TASK_REWORDED, {"ref": "II.2"}),
    (EventKind.LEAD_REASSIGNED, {"ref": "III.3", "before": [4, 5], "after": 7}),
    (EventKind.OCCURRENCE_ADDED, {"label": "Quý III/2026"}),
    (
        EventKind.OCCURRENCE_STATE_CHANGED,
        {"action": "return", "from": "reported", "to": "returned", "on_behalf": False},
    ),
    (
        EventKind.OCCURRENCE_STATE_CHANGED,
        {"action": "cancel", "from": "assigned", "to": "cancelled"},
    ),
    (
        EventKind.NOTE_ADDED,
        {"action": "note", "from": "in_progress", "to": "in_progress", "on_behalf": False},
    ),
    (
        EventKind.DUE_DATE_SET,
        {"from": None, "to": "2026-02-26", "start": "2026-02-12", "source": "event"},
    ),
    (
        EventKind.DUE_DATE_CHANGED,
        {"from": "2026-01-30", "to": "2026-02-27", "start": None, "source": "amendment"},
    ),
    (EventKind.EXTERNAL_EVENT_RECORDED, {"name": "Bộ công bố", "occurred_on": "2026-02-12"}),
    (EventKind.UNITS_LINKED, {"names": 12, "organisation": "so-cong-thuong"}),
]


def test_every_kind_has_a_payload_shape_here() -> None:
    assert {kind for kind, _ in STORED} == set(EventKind)


@pytest.mark.parametrize(("kind", "stored"), STORED, ids=lambda value: str(value)[:24])
def test_a_stored_payload_reads_back_and_writes_again_key_for_key(
    kind: EventKind, stored: dict[str, Any]
) -> None:
    typed = read_payload(kind.value, stored)
    assert kind in typed.kinds
    assert list(typed.to_json().items()) == list(stored.items())


def test_a_new_date_names_its_kind_and_a_note_its_own() -> None:
    first = DueDateChanged(None, date(2026, 3, 31), None, DueSource.OFFICE)
    assert first.kind is EventKind.DUE_DATE_SET
    moved = DueDateChanged(date(2026, 3, 31), date(2026, 4, 30), None, DueSource.OFFICE)
    assert moved.kind is EventKind.DUE_DATE_CHANGED
    note = StateChanged(Action.NOTE, State.RETURNED, State.RETURNED, False)
    assert note.kind is EventKind.NOTE_ADDED
    assert StateChanged(Action.START, State.ASSIGNED, State.IN_PROGRESS).kind is (
        EventKind.OCCURRENCE_STATE_CHANGED
    )


def test_only_a_state_change_or_note_that_ends_returned_sends_back() -> None:
    returned = {"action": "return", "from": "reported", "to": "returned", "on_behalf": False}
    assert sends_back(EventKind.OCCURRENCE_STATE_CHANGED, returned)
    noted = {"action": "note", "from": "returned", "to": "returned", "on_behalf": False}
    assert sends_back(EventKind.NOTE_ADDED, noted)  # as the planning pass always read it
    started = {"action": "start", "from": "assigned", "to": "in_progress", "on_behalf": False}
    assert not sends_back(EventKind.OCCURRENCE_STATE_CHANGED, started)
    dated = {"from": None, "to": "2026-02-26", "start": None, "source": "office"}
    assert not sends_back(EventKind.DUE_DATE_SET, dated)
