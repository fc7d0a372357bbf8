"""The plans of the fourth blind set (tests/fixtures/layouts/held_out_4/README.md) fixed after it
and moved to the tuned fixtures (so far Đồng Nai 179/KH-UBND, a 94-row appendix table), each read
as the clerk read it: every task in order and no other, its lead and partners, its schedule, the
plan's number, level, period and notices. The period is read from the document (not given).

Refs are compared as ``_same_ref`` says: a table row by its printed number (the parts A, B, C of
179 restart the numbering), a list item without its dots, a bullet by its heading.

The leads, schedules and plan context of these plans are tested in `test_layout_plans_clerk.py`."""

from __future__ import annotations

import pytest

from tests.integration.importing.clerk_readings import read_layout
from tests.integration.importing.ground_truth import no_space
from workflows.plan import Task

STEMS = ["dongnai_kh179_2025"]


def _same_ref(task: Task, clerk: str) -> bool:
    """«2.1.a» or «2.1a» is the clerk's «2.1.a»; a bullet or lone paragraph numbered in order
    («1.2», «2.3.1») sits under the clerk's heading («1b», «2.3.b.1»); a duty of the
    organisation part («1») is the clerk's «IV.1»; a table row is known by its printed number
    (the parts A, B, C of a table restart it: the clerk's «B.1.1» is the row «1.1»)."""
    ref, wanted = task.ref.replace(".", ""), clerk.replace(".", "")
    if task.row.source.table is not None:
        return clerk.endswith(task.row.number)
    if ref == wanted or wanted.endswith(ref):
        return True
    head, _, last = task.ref.rpartition(".")
    head = head.replace(".", "")
    return last.isdigit() and bool(head) and (wanted.startswith(head) or wanted.endswith(head))


@pytest.mark.parametrize("stem", STEMS)
def test_every_task_is_found_in_order_and_no_other(stem: str) -> None:
    parsed, expected = read_layout(stem)
    assert len(parsed.tasks) == expected["task_count"]
    for task, clerk in zip(parsed.tasks, expected["tasks"], strict=True):
        assert _same_ref(task, clerk["ref"]), (task.ref, clerk["ref"])
        assert no_space(task.row.task).startswith(no_space(clerk["task_text_start"])[:60]), task.ref
        if clerk["expect"]["strict"]:  # a cadence picked out of a sentence is a judgement call
            assert no_space(task.row.time_text) == no_space(clerk["time_text"]), task.ref
