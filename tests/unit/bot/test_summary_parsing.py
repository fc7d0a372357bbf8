"""``/tonghop [số KH]`` (``/summary``): what the bot reads in it (issue 12)."""

from __future__ import annotations

import pytest

from nhacviec.bot import parsing
from nhacviec.bot.commands import find


@pytest.mark.parametrize(
    ("text", "plan"),
    [("/tonghop", None), ("/tonghop 2", 2), ("/summary 12", 12), ("/TongHop@nhacviec_bot 3", 3)],
)
def test_the_plan_number_is_optional(text: str, plan: int | None) -> None:
    assert parsing.parse(text, "nhacviec_bot") == parsing.Summary(plan)


@pytest.mark.parametrize("text", ["/tonghop hai", "/tonghop 0", "/tonghop -1", "/tonghop ٣"])
def test_anything_else_is_answered_with_the_usage(text: str) -> None:
    parsed = parsing.parse(text, "nhacviec_bot")
    assert isinstance(parsed, parsing.Malformed)
    assert parsed.spec.name == "tonghop"


def test_it_is_the_offices_command() -> None:
    spec = find("/tonghop")
    assert spec is not None
    assert spec.office_only
    assert spec.usage("vi") == "/tonghop [số kế hoạch]"
