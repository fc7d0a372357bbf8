"""Real plans in the layouts of issue 13 (see tests/fixtures/layouts/README.md): list layouts with
field-label variants and prose unit fields, and a table pasted from a web page, each read as the
clerk read it. The period is read from the document (not given), so the plan context is tested
too.

The leads, schedules and plan context of these plans are tested in `test_layout_plans_clerk.py`."""

from __future__ import annotations

import pytest

from tests.integration.importing.clerk_readings import read_layout
from tests.integration.importing.ground_truth import no_space

STEMS = ["bacninh_kh141_2025", "hcm_kh174_2025", "ttg_qd2530_2025_pasted"]


@pytest.mark.parametrize("stem", STEMS)
def test_every_task_is_found_in_order(stem: str) -> None:
    parsed, expected = read_layout(stem)
    assert [task.ref for task in parsed.tasks] == [clerk["ref"] for clerk in expected["tasks"]]
    for task, clerk in zip(parsed.tasks, expected["tasks"], strict=True):
        assert no_space(task.row.task).startswith(no_space(clerk["task_text_start"])[:60]), task.ref
        assert no_space(task.row.time_text) == no_space(clerk["time_text"]), task.ref
