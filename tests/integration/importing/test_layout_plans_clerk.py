"""Every tuned layout plan (tests/fixtures/layouts/, the ones tested task by task in
``test_layout_plans*.py``), read as the clerk read it: its leads and partners, its schedules,
and the plan's number, level, period and notices (the period read from the document)."""

from __future__ import annotations

import pytest

from tests.integration.importing import test_layout_plans, test_layout_plans_3, test_layout_plans_4
from tests.integration.importing.clerk_readings import (
    context_problems,
    read_layout,
    schedule_problems,
    unit_problems,
)

STEMS = [*test_layout_plans.STEMS, *test_layout_plans_3.STEMS, *test_layout_plans_4.STEMS]


@pytest.mark.parametrize("stem", STEMS)
def test_leads_and_partners_are_the_clerks(stem: str) -> None:
    assert unit_problems(*read_layout(stem)) == {}


@pytest.mark.parametrize("stem", STEMS)
def test_every_deadline_is_read_as_the_clerk_read_it(stem: str) -> None:
    assert schedule_problems(*read_layout(stem)) == {}


@pytest.mark.parametrize("stem", STEMS)
def test_plan_context_and_notices(stem: str) -> None:
    assert context_problems(*read_layout(stem)) == {}
