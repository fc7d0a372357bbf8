"""Workflow words in the catalogue: every name and refusal in both languages, rendered fully."""

from __future__ import annotations

import itertools
import re

import pytest

from nhacviec.i18n import catalogue
from nhacviec.i18n.workflow import action_name, refusal_message, role_name, state_name
from workflows.standing import Bucket
from workflows.workflow import Action, Refusal, RefusalCode, Request, Role, State, decide

PLACEHOLDER = re.compile(r"{(\w+)}")
NAMED = [
    *(f"workflow.state.{s.value}" for s in State),
    *(f"workflow.action.{a.value}" for a in Action),
    *(f"workflow.role.{r.value}" for r in Role),
    *(f"workflow.bucket.{b.value}" for b in Bucket),
]
REFUSALS = [f"workflow.refused.{code.value}" for code in RefusalCode]


def _all_refusals() -> list[Refusal]:
    """Every refusal decide gives over the whole matrix (one per distinct code and params)."""
    found: dict[tuple[str, tuple[tuple[str, str], ...]], Refusal] = {}
    role_sets = [frozenset(c) for n in range(4) for c in itertools.combinations(Role, n)]
    shapes = itertools.product(["", "ghi chú"], ["", "Số 123/BC-SCT"], [False, True])
    for state, action, roles, (note, evidence, on_behalf) in itertools.product(
        State, Action, role_sets, list(shapes)
    ):
        got = decide(state, roles, Request(action, note, evidence, on_behalf))
        if isinstance(got, Refusal):
            found[(got.code, tuple(sorted(got.params.items())))] = got
    return list(found.values())


ALL_REFUSALS = _all_refusals()


@pytest.mark.parametrize("key", NAMED + REFUSALS)
def test_both_languages_with_the_same_placeholders(key: str) -> None:
    texts = catalogue()[key]
    assert texts["vi"].strip()
    assert texts["en"].strip()
    assert set(PLACEHOLDER.findall(texts["vi"])) == set(PLACEHOLDER.findall(texts["en"]))


def test_no_stray_workflow_keys() -> None:
    reasoned = ("return", "cancel", "reopen", "extend", "refuse_extension", "reassign")
    examples = {f"workflow.example.{a}_reason" for a in (*reasoned, "suspend", "resume")}
    keys = {key for key in catalogue() if key.startswith("workflow.")}
    assert keys == set(NAMED) | set(REFUSALS) | examples


def test_every_refusal_code_is_reachable() -> None:
    assert {refusal.code for refusal in ALL_REFUSALS} == {code.value for code in RefusalCode}


@pytest.mark.parametrize("refusal", ALL_REFUSALS, ids=lambda r: f"{r.code}-{dict(r.params)}")
def test_refusal_gives_the_params_its_message_needs(refusal: Refusal) -> None:
    template = catalogue()[refusal.key]["vi"]
    assert set(refusal.params) == set(PLACEHOLDER.findall(template))


@pytest.mark.parametrize("refusal", ALL_REFUSALS, ids=lambda r: f"{r.code}-{dict(r.params)}")
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_refusal_renders_without_codes_or_keys(refusal: Refusal, lang: str) -> None:
    text = refusal_message(refusal, lang)
    assert "{" not in text
    assert "workflow." not in text
    if lang == "vi":  # English names often equal the codes; Vietnamese ones never do
        assert not any(f"«{code.value}»" in text for code in (*State, *Action))


def test_names_are_the_ones_users_read() -> None:
    assert state_name(State.VERIFIED) == "đã xác nhận"
    assert action_name(Action.SET_DATE, "en") == "set a date"
    assert role_name(Role.PARTNER) == "đơn vị phối hợp"
