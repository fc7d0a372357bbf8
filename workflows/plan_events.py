"""What the plan event log records: the kinds of change its consumers (the scheduler) follow."""

from __future__ import annotations

from enum import StrEnum


class EventKind(StrEnum):
    PLAN_IMPORTED = "plan_imported"
    PLAN_AMENDED = "plan_amended"
    TASK_ADDED = "task_added"
    TASK_REMOVED = "task_removed"
    TASK_REWORDED = "task_reworded"
    OCCURRENCE_ADDED = "occurrence_added"
    OCCURRENCE_STATE_CHANGED = "occurrence_state_changed"
    DUE_DATE_SET = "due_date_set"
    DUE_DATE_CHANGED = "due_date_changed"
    EXTERNAL_EVENT_RECORDED = "external_event_recorded"
    NOTE_ADDED = "note_added"
    LEAD_REASSIGNED = "lead_reassigned"  # the office moved a task to another lead (issue 14)
    UNITS_LINKED = "units_linked"  # a plan's names linked to a units directory after import
