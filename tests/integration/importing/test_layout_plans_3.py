"""The plans of the third blind set (tests/fixtures/layouts/held_out_3/README.md) fixed after it
and moved to the tuned fixtures, each read as the clerk read it: every task in order and no
other, its lead and partners, its schedule, the plan's number, level, period and notices. The
period is read from the document (not given).

Refs are compared without their dots («1.a» for the clerk's «1a»); the bullets of a unit, read
in order («1.1», «1.2»), are compared by their heading's number.

The leads, schedules and plan context of these plans are tested in `test_layout_plans_clerk.py`."""

from __future__ import annotations

import pytest

from tests.integration.importing.clerk_readings import read_layout
from tests.integration.importing.ground_truth import no_space

STEMS = ["bnv_qd1383_2025", "cantho_kh153_2025", "hatinh_kh624_2025", "nghean_kh1026_2025"]
_LETTERS = "abcdđefghijklmnopqrstuvwxyz"


def _same_ref(ref: str, clerk: str) -> bool:
    """«1.a» is the clerk's «1a»; a bullet or lone paragraph numbered in order («1.2», «4.1»)
    sits under the clerk's heading («1b», «4»)."""
    head, _, tail = ref.partition(".")
    if tail.isdigit():
        return clerk.rstrip(_LETTERS) == head
    return ref.replace(".", "") == clerk


@pytest.mark.parametrize("stem", STEMS)
def test_every_task_is_found_in_order_and_no_other(stem: str) -> None:
    parsed, expected = read_layout(stem)
    assert len(parsed.tasks) == expected["task_count"]
    for task, clerk in zip(parsed.tasks, expected["tasks"], strict=True):
        assert _same_ref(task.ref, clerk["ref"]), (task.ref, clerk["ref"])
        assert no_space(task.row.task).startswith(no_space(clerk["task_text_start"])[:60]), task.ref
        if clerk["expect"]["strict"]:  # a cadence picked out of a sentence is a judgement call
            assert no_space(task.row.time_text) == no_space(clerk["time_text"]), task.ref
