"""Amendments: the diff between a stored plan and its amended version (``plan import --amends``).

Pure. ``model`` (what a diff is made of), ``matching`` (pairing tasks by ref and text),
``occurrences`` (how a paired task's occurrences move); this module's ``diff_plan`` puts them
together and is the package's face. The diff holds facts only: the lines ``--dry-run`` prints
are made from them by ``nhacviec.i18n.amendments``.
May import: the rest of the domain (``workflows.plan``, ``deadlines``, ``text``) and the ground;
never the store, the scheduler, a channel or the catalogue.

``diff_plan`` pairs the amended plan's tasks with the stored ones (see ``matching``), then says
for each what to do (see ``occurrences``). Applying a diff, for the store:

- ADDED: create the task from ``new`` with its schedule's occurrences.
- REMOVED: apply its ``cancel`` actions with the reason the face gives ("bãi bỏ theo kế hoạch
  sửa đổi", ``nhacviec.i18n.amendments.cancel_reason``); ``kept`` (verified) occurrences stay
  as they are.
- every paired kind (REDATED, REWORDED, UNCHANGED): refresh the stored row from ``new.row``
  and ``new.ref`` (wording, units, ref — only task and activity texts are compared), then
  apply every ``OccurrenceChange`` as it is; states and history are kept. What the office
  decided holds: a ``keep_lead`` task keeps its (reassigned) lead units, a ``held`` occurrence
  its granted date; ``PlanDiff.notices`` lists those the amended plan would have changed.

Every ``cancel`` names an open occurrence; no action ever touches closed work but to re-date.
"""

from __future__ import annotations

from collections.abc import Sequence

from workflows.amendments.matching import Pair, TextKey, compact, pair_tasks, words
from workflows.amendments.model import (
    ChangeKind,
    HeldDate,
    KeptLead,
    OccurrenceChange,
    PlanDiff,
    StoredOccurrence,
    StoredTask,
    TaskChange,
)
from workflows.amendments.occurrences import cancel_all, diff_occurrences
from workflows.plan import Task

__all__ = [
    "ChangeKind",
    "HeldDate",
    "KeptLead",
    "OccurrenceChange",
    "PlanDiff",
    "StoredOccurrence",
    "StoredTask",
    "TaskChange",
    "diff_plan",
]

# Below ``min_similarity``, a task that keeps its ref still pairs from this similarity on.
REF_MIN_SIMILARITY = 0.4


def diff_plan(
    stored: Sequence[StoredTask],
    new: Sequence[Task],
    *,
    min_similarity: float = 0.55,
    ref_min_similarity: float = REF_MIN_SIMILARITY,
) -> PlanDiff:
    """What changes when the plan stored as ``stored`` is replaced by the amended ``new``.

    Changes come in the amended plan's order, then the removed tasks in ``stored`` order. A
    stored task already cancelled that the amended plan drops gives no change at all.
    """
    pairs = pair_tasks(
        [TextKey(task.ref, _task_words(task)) for task in new],
        [TextKey(task.ref, words(task.task_text, task.activity)) for task in stored],
        min_similarity=min_similarity,
        ref_min_similarity=ref_min_similarity,
    )
    by_new = {pair.new: pair for pair in pairs}
    paired_stored = {pair.stored for pair in pairs}
    changes = [
        _paired(stored[by_new[i].stored], task, by_new[i]) if i in by_new else _added(task)
        for i, task in enumerate(new)
    ]
    changes += [
        _removed(task)
        for j, task in enumerate(stored)
        if j not in paired_stored and not task.cancelled
    ]
    return PlanDiff(tuple(changes))


def _task_words(task: Task) -> tuple[str, ...]:
    return words(task.row.task, task.row.activity)


def _added(task: Task) -> TaskChange:
    return TaskChange(ChangeKind.ADDED, None, task, 1.0)


def _removed(task: StoredTask) -> TaskChange:
    gone = cancel_all(task)
    return TaskChange(ChangeKind.REMOVED, task, None, 1.0, gone.changes, kept=gone.kept)


def _paired(old: StoredTask, task: Task, pair: Pair) -> TaskChange:
    text_changed = words(old.task_text, old.activity) != _task_words(task)
    time_changed = compact(old.time_text) != compact(task.row.time_text)
    moves = diff_occurrences(old, task.schedule, wording_changed=time_changed)
    if time_changed or moves:
        kind = ChangeKind.REDATED
    else:
        kind = ChangeKind.REWORDED if text_changed else ChangeKind.UNCHANGED
    lead_rewritten = compact(old.lead_text) != compact(task.row.lead)
    kept_lead = KeptLead(old.lead, task.lead) if old.reassigned and lead_rewritten else None
    return TaskChange(
        kind,
        old,
        task,
        pair.similarity,
        moves.changes,
        ref_changed=old.ref != task.ref,
        text_changed=text_changed,
        kept=moves.kept,
        held=moves.held,
        keep_lead=old.reassigned,
        kept_lead=kept_lead,
    )
