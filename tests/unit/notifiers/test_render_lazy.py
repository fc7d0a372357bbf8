"""``Rendered`` renders each form when first read, keeps it, and stays read-only."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass
from datetime import date
from typing import cast

import jinja2
import pytest

from notifiers.message import DigestItem, DigestSection, ReminderKind
from notifiers.render import Rendered, render
from tests.unit.notifiers import messages

FORMS = ("subject", "text", "html", "telegram_html")


@dataclass(frozen=True)
class ItemWithoutTimeText:
    """A digest item missing one field the bodies print (the subject never reads items)."""

    kind: ReminderKind = ReminderKind.OVERDUE
    task_ref: str = "I.1"
    task_text: str = "Rà soát thủ tục hành chính"
    lead: str = messages.VHXH
    due: date = date(2025, 8, 1)
    due_words: str = ""
    label: str = ""
    days: int = 3
    note: str = ""
    recipient: str = ""


def broken_render() -> Rendered:
    item = cast(DigestItem, ItemWithoutTimeText())
    return render(messages.message({DigestSection.OVERDUE: (item,)}))


def test_each_form_is_rendered_once_and_kept() -> None:
    rendered = render(messages.digest())
    for form in FORMS:
        first = getattr(rendered, form)
        assert first
        assert getattr(rendered, form) is first


def test_forms_read_alone_match_forms_read_together() -> None:
    together = render(messages.everything()).complete()
    for form in FORMS:
        alone = render(messages.everything())
        assert getattr(alone, form) == getattr(together, form)
    assert f"<title>{together.subject}</title>" in render(messages.everything()).html


def test_a_template_error_surfaces_when_the_form_is_read() -> None:
    rendered = broken_render()  # no error yet: nothing rendered
    assert rendered.subject.startswith("[Nhắc việc] 1 nhiệm vụ quá hạn")  # needs no item field
    for form in ("text", "html", "telegram_html"):
        with pytest.raises(jinja2.UndefinedError, match="time_text"):
            getattr(rendered, form)
    with pytest.raises(jinja2.UndefinedError, match="time_text"):
        broken_render().complete()


def test_the_language_is_known_before_any_form_is_rendered() -> None:
    assert broken_render().language == "vi"
    assert render(messages.digest(), language="en").language == "en"
    assert render(messages.digest(), language="fr").language == "vi"


@pytest.mark.parametrize("form", [*FORMS, "language"])
def test_forms_cannot_be_assigned_or_deleted(form: str) -> None:
    rendered = render(messages.digest())  # not rendered yet: the form is still read-only
    with pytest.raises(FrozenInstanceError):
        setattr(rendered, form, "x")
    getattr(rendered, form)
    with pytest.raises(FrozenInstanceError):
        delattr(rendered, form)
    assert getattr(rendered, form) != "x"


def test_equal_when_every_form_and_the_language_are_equal() -> None:
    lazy = render(messages.digest())
    forms = render(messages.digest())
    written = Rendered(forms.subject, forms.text, forms.html, forms.telegram_html, "vi")
    assert lazy == written
    assert hash(lazy) == hash(written)
    assert lazy != render(messages.digest(), language="en")
    assert lazy != render(messages.action())
    other = Rendered(written.subject, written.text, written.html, "", "vi")
    assert lazy != other


def test_built_from_its_forms_it_keeps_them_as_given() -> None:
    rendered = Rendered(subject="S", text="T", html="<p>H</p>", telegram_html="", language="en")
    assert (rendered.subject, rendered.text, rendered.html, rendered.telegram_html) == (
        "S",
        "T",
        "<p>H</p>",
        "",
    )
    assert rendered.language == "en"
    assert rendered.complete() is rendered
    assert Rendered("S", "T", "H", "").language == "vi"


def test_repr_shows_only_what_was_rendered() -> None:
    rendered = render(messages.digest())
    assert "text=…" in repr(rendered)
    text = rendered.text
    assert f"text={text!r}" in repr(rendered)
    assert "html=…" in repr(rendered)
