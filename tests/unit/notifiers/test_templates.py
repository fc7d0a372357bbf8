"""The template set: which template a message gets, every template renders, mistakes fail loudly."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import date

import jinja2
import pytest

from notifiers.message import DigestSection, Message, RecipientRole, ReminderKind
from notifiers.render import (
    AWAITED_EVENTS,
    Form,
    MessageType,
    blocks,
    environment,
    message_type,
    render,
)
from tests.unit.notifiers import messages

LANGUAGES = ("vi", "en")
BUILDERS = {
    MessageType.DIGEST: messages.everything,
    MessageType.ACTION: messages.action,
    MessageType.ESCALATION: messages.escalation,
    MessageType.OFFICE_WEEKLY: messages.office_weekly,
    MessageType.CHECK: messages.check,
}


@pytest.mark.parametrize(("kind", "build"), BUILDERS.items())
def test_message_type_is_read_from_the_content(
    kind: MessageType, build: Callable[[], Message]
) -> None:
    assert message_type(build()) is kind


def test_a_mix_is_a_digest() -> None:
    escalation = messages.escalation()
    overdue = messages.digest().sections[DigestSection.OVERDUE]
    mixed = messages.message(
        {DigestSection.OVERDUE: escalation.sections[DigestSection.OVERDUE] + overdue}
    )
    assert message_type(mixed) is MessageType.DIGEST
    weekly_with_work = messages.office_weekly()
    weekly_with_work.sections[DigestSection.UPCOMING] = overdue
    assert message_type(weekly_with_work) is MessageType.DIGEST


def test_only_awaited_events_is_the_weekly_list() -> None:
    only_events = messages.message({}, awaited=("Bộ công bố TTHC",))
    assert message_type(only_events) is MessageType.OFFICE_WEEKLY


def test_blocks_follow_the_section_order_with_events_before_failures() -> None:
    names = [block.name for block in blocks(messages.everything())]
    assert names == [
        "overdue",
        "due_today",
        "upcoming",
        "starting",
        "to_verify",
        "action",
        "office_list",
        AWAITED_EVENTS,
        "failed",
    ]
    assert [b.name for b in blocks(messages.digest())] == ["overdue", "due_today"]


@pytest.mark.parametrize(
    ("language", "kind", "role"),
    list(itertools.product(LANGUAGES, MessageType, RecipientRole)),
)
def test_every_template_renders_for_every_role(
    language: str, kind: MessageType, role: RecipientRole
) -> None:
    rendered = render(BUILDERS[kind](role=role, name="Đơn vị nhận"), language=language)
    for body in (rendered.text, rendered.html, rendered.telegram_html):
        assert "Đơn vị nhận" in body
        assert ("I.2" in body or "V.1" in body) is (kind is not MessageType.CHECK)
    assert rendered.subject.startswith("[Nhắc việc]" if language == "vi" else "[Reminders]")


def test_every_shipped_template_is_one_we_render() -> None:
    expected = {f"{kind}.{form}.j2" for kind in MessageType for form in Form}
    expected |= {f"_layout.{form}.j2" for form in Form}
    expected |= {"subject.txt.j2"} | {f"{language}/_words.j2" for language in LANGUAGES}
    assert set(environment().list_templates()) == expected


def test_a_missing_variable_fails_the_render() -> None:
    context = {"message": messages.digest(), "blocks": [], "language": "vi", "type": "digest"}
    template = environment().get_template("digest.txt.j2")
    with pytest.raises(jinja2.UndefinedError, match="is undefined"):
        template.render(context)  # no "day", "role", "items"


def test_a_misspelt_attribute_fails_the_render() -> None:
    template = environment().from_string("{{ message.recipient_nmae }}")
    with pytest.raises(jinja2.UndefinedError):
        template.render(message=messages.digest())


def test_autoescape_is_on_for_html_forms_only() -> None:
    env = environment()
    data = {"x": "<b>&"}
    source = "{{ x }}"
    env_loader = jinja2.DictLoader(
        {"a.html.j2": source, "a.telegram.j2": source, "a.txt.j2": source}
    )
    probe = env.overlay(loader=env_loader)
    assert probe.get_template("a.html.j2").render(data) == "&lt;b&gt;&amp;"
    assert probe.get_template("a.telegram.j2").render(data) == "&lt;b&gt;&amp;"
    assert probe.get_template("a.txt.j2").render(data) == "<b>&"


def test_a_channel_check_says_so_and_asks_for_nothing() -> None:
    vi = render(messages.check(name="Phòng Kinh tế"))
    assert vi.subject == "[Nhắc việc] Tin nhắn thử: kiểm tra kênh nhận nhắc việc — 29/08/2025"
    assert "kiểm tra kênh nhận nhắc việc của đơn vị" in vi.text
    assert "báo cáo kết quả" not in vi.text  # the lead's footer asks for reports; a check does not
    en = render(messages.check(name="Phòng Kinh tế"), language="en")
    assert "Test message: reminder channel check" in en.subject
    assert "there is no need to reply" in en.telegram_html


def test_an_empty_message_is_refused() -> None:
    empty = Message(1, "Phòng Kinh tế", RecipientRole.LEAD, date(2025, 8, 29))
    with pytest.raises(ValueError, match="empty"):
        render(empty)


def test_items_without_optional_words_leave_no_empty_labels() -> None:
    bare = messages.item(
        ReminderKind.OVERDUE, "", "Nhiệm vụ", date(2025, 8, 1), lead="", time_text=""
    )
    text = render(messages.message({DigestSection.OVERDUE: (bare,)})).text
    assert "  - Nhiệm vụ\n    Hạn: thứ Sáu, 01/08/2025\n" in text
    assert "Chủ trì:" not in text
    assert "Thời gian theo kế hoạch" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_words_files_hold_no_markup(language: str) -> None:
    """Words macros called from HTML forms return their text as markup: it must need no escaping."""
    loader = environment().loader
    assert loader is not None
    source = loader.get_source(environment(), f"{language}/_words.j2")[0]
    words = re.sub(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", "", source, flags=re.DOTALL)
    assert not re.search(r"[<>&]", words), re.findall(r".{0,30}[<>&].{0,30}", words)
