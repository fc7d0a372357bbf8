"""The words as templates read them (``words``): the file's own constants and macros, each
answer kept, as markup for the HTML forms and as text for the others, like the macro's own."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from markupsafe import Markup

from notifiers.message import ReminderKind
from notifiers.render import environment, words

LANGUAGES = ("vi", "en")
DAY = date(2025, 8, 29)


def module(language: str) -> Any:
    """The file itself, as ``{% import %}`` gives it."""
    return environment().get_template(f"{language}/_words.j2").module


@pytest.mark.parametrize("language", LANGUAGES)
def test_words_answer_as_the_file_does(language: str) -> None:
    w, file = words(language), module(language)
    assert (w.quotes, w.due_label) == (file.quotes, file.due_label)
    assert w.when(DAY) == file.when(DAY)
    for days in (0, 1, 3):
        assert w.status(ReminderKind.OVERDUE, days) == file.status(ReminderKind.OVERDUE, days)


def test_the_same_question_is_answered_once() -> None:
    w = words("vi")
    first = w.when(date(2031, 1, 2))
    assert w.when(date(2031, 1, 2)) is first
    assert w.when(date(2031, 1, 3)) != first


@pytest.mark.parametrize("escaping", [False, True])
def test_an_answer_keeps_the_forms_escaping(escaping: bool) -> None:
    env = environment().overlay(autoescape=escaping)
    shown = "{{ w.count(name, n).__class__.__name__ }} {{ w.count(name, n) }}"
    kept = "{% set w = words('en') %}" + shown
    macro = "{% import 'en/_words.j2' as w %}" + shown
    for n in (1, 2, 1, True):  # True is not 1: an answer is kept per argument type too
        data = {"name": "overdue", "n": n}
        expected = env.from_string(macro).render(data)
        assert env.from_string(kept).render(data) == expected
        assert expected.startswith(Markup.__name__ if escaping else "str")
