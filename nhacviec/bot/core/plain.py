"""Lists, cards, help and progress as plain text, with numbered choices where Telegram draws
buttons. The sentences are the Telegram bot's (``bot.*``) and the core's own (``bot_core.*``);
no markup: messengers without it show text as written.
"""

from __future__ import annotations

from collections.abc import Sequence

from nhacviec.bot.cards import Card, PlanProgress
from nhacviec.bot.commands import COMMANDS
from nhacviec.bot.core.answers import (
    Answer,
    CardShown,
    FileMade,
    HelpShown,
    ListShown,
    Moved,
    ProgressShown,
    Refused,
    Said,
    WordsAsked,
)
from nhacviec.bot.core.messages import Choice, ChoiceKind, Reply, say
from nhacviec.bot.listings import Entry, TaskList
from nhacviec.bot.wording import bucket_name, buckets, group_name, list_title, occurrence_tag, t
from nhacviec.i18n.workflow import state_name
from nhacviec.services.queries import OccurrenceStatus
from notifiers.render import format_date, shorten

TITLE_SHOWN = 120  # characters of a task's title in a list
TEXT_SHOWN = 600  # characters of a task's text on its card
OCCURRENCES_SHOWN = 6


def choice_line(choice: Choice, language: str) -> str:
    """«Trả lời 1 để bắt đầu II.1b», «Trả lời 2 <nội dung> để báo cáo II.1b», …"""
    if choice.kind is ChoiceKind.PAGE:
        return t("bot_core.choice.page", language, number=choice.number, page=choice.page)
    if choice.kind is ChoiceKind.VIEW:
        return t("bot_core.choice.view", language, number=choice.number, tag=choice.tag)
    assert choice.action is not None
    key = f"bot_core.choice.{choice.action.value}"
    return t(key, language, number=choice.number, tag=choice.tag)


def with_choices(parts: Sequence[str], choices: Sequence[Choice], language: str) -> Reply:
    lines = [choice_line(choice, language) for choice in choices]
    block = ("\n".join(lines),) if lines else ()
    return Reply((*parts, *block), tuple(choices))


# -- help --------------------------------------------------------------------------------------


def help_reply(language: str, office: bool) -> Reply:
    lines = [t("bot.help.title", language)]
    lines += [_help_line(spec.name, language) for spec in COMMANDS if _listed(spec.name, False)]
    parts = ["\n".join(lines)]
    if office:
        office_lines = [t("bot.help.office", language)]
        office_lines += [
            _help_line(spec.name, language) for spec in COMMANDS if _listed(spec.name, True)
        ]
        parts.append("\n" + "\n".join(office_lines))
    parts.append("\n" + t("bot.help.task_code", language))
    parts.append(t("bot_core.help.numbers", language))
    return Reply(tuple(parts))


def _listed(name: str, office_only: bool) -> bool:
    return any(s.name == name and s.listed and s.office_only is office_only for s in COMMANDS)


def _help_line(name: str, language: str) -> str:
    usage = t(f"bot.command.{name}.usage", language)
    return f"{usage} — {t(f'bot.command.{name}.description', language)}"


# -- lists -------------------------------------------------------------------------------------


def list_reply(task_list: TaskList, unit: str, office: bool, language: str) -> Reply:
    """The list, each entry numbered (the number opens its card), and the next page's number."""
    head = [list_title(task_list, unit, office, language)]
    choices: list[Choice] = []
    parts: list[str] = []
    if not task_list.total:
        head.append(t("bot.list.empty", language))
    else:
        head.append(
            t(
                "bot.list.count",
                language,
                total=task_list.total,
                page=task_list.page,
                pages=task_list.pages,
            )
        )
    parts.append("\n".join(head))
    group = ""
    for entry in task_list.entries:
        if entry.group != group:
            group = entry.group
            parts.append("\n" + group_name(group, language))
        number = len(choices) + 1
        occurrence = entry.item.occurrence
        assert occurrence.id is not None
        tag = occurrence_tag(entry.status.view.task.ref, occurrence.label)
        choices.append(Choice(number, ChoiceKind.VIEW, tag, occurrence_id=occurrence.id))
        parts.append(_entry(number, entry, language))
    if task_list.page < task_list.pages:
        page = task_list.page + 1
        number = len(choices) + 1
        choices.append(
            Choice(
                number, ChoiceKind.PAGE, listing=task_list.listing, page=page, days=task_list.days
            )
        )
    if task_list.counts:
        parts.append(
            "\n" + t("bot.list.summary", language, counts=buckets(task_list.counts, language))
        )
    if choices:
        parts.append("")
    return with_choices(parts, choices, language)


def _entry(number: int, entry: Entry, language: str) -> str:
    task = entry.status.view.task
    title = shorten(task.activity or task.task_text, TITLE_SHOWN)
    return f"{number}. {task.ref} — {title}\n   {_occurrence_line(entry.item, language)}"


def _occurrence_line(item: OccurrenceStatus, language: str) -> str:
    occurrence = item.occurrence
    due = (
        format_date(occurrence.due_date) if occurrence.due_date else t("bot.list.no_due", language)
    )
    label = f" ({occurrence.label})" if occurrence.label else ""
    return t("bot.list.due", language, due=due, label=label, state=state_name(item.state, language))


# -- the task card -----------------------------------------------------------------------------


def card_reply(card: Card, language: str) -> Reply:
    """A task's card (no history: the web and ``nhacviec task show`` keep it) and a number for
    each move the chat may make on the focused occurrence."""
    view = card.status.view
    task, plan = view.task, view.plan
    number = f" ({plan.number})" if plan.number else ""
    head = "\n".join(
        [
            f"{task.ref} — {t('bot.card.plan', language, plan=plan.id, number=number)}",
            shorten(task.activity or task.task_text, TEXT_SHOWN),
            t("bot.card.lead", language, units="; ".join(view.lead) or "—"),
            t("bot.card.partners", language, units="; ".join(view.partners) or "—"),
            t("bot.card.time", language, time=task.time_text or "—"),
            t("bot.card.state", language, state=state_name(card.status.state, language)),
        ]
    )
    parts = [head, "\n" + _card_occurrences(card, language)]
    return (
        with_choices([*parts, ""], card_choices(card), language)
        if card.actions
        else Reply(tuple(parts))
    )


def card_choices(card: Card) -> tuple[Choice, ...]:
    focus = card.focus.occurrence
    assert focus.id is not None
    tag = occurrence_tag(card.task.ref, focus.label)
    return tuple(
        Choice(index, ChoiceKind.ACT, tag, focus.id, action, focus.version)
        for index, action in enumerate(card.actions, start=1)
    )


def _card_occurrences(card: Card, language: str) -> str:
    items = card.status.occurrences
    shown = card.around_focus(OCCURRENCES_SHOWN)
    lines = [t("bot.card.occurrences", language)]
    for item in shown:
        marker = "▸" if item is card.focus else "•"
        lines.append(f"{marker} {_card_occurrence(item, language)}")
    if len(items) > len(shown):
        lines.append(t("bot.card.more_occurrences", language, count=len(items) - len(shown)))
    return "\n".join(lines)


def _card_occurrence(item: OccurrenceStatus, language: str) -> str:
    occurrence = item.occurrence
    standing = f" — {bucket_name(item.bucket.value, language)}" if item.bucket else ""
    due = (
        format_date(occurrence.due_date) if occurrence.due_date else t("bot.list.no_due", language)
    )
    return t(
        "bot.card.occurrence",
        language,
        seq=occurrence.seq,
        label=f" {occurrence.label}" if occurrence.label else "",
        due=due,
        state=state_name(item.state, language),
        standing=standing,
    )


# -- progress ----------------------------------------------------------------------------------


def progress_reply(progress: PlanProgress, language: str) -> Reply:
    plan = progress.plan
    number = f" ({plan.number})" if plan.number else ""
    parts = [
        t("bot.progress.title", language, plan=plan.id, number=number)
        + "\n"
        + shorten(plan.title, TITLE_SHOWN)
    ]
    for section in progress.sections:
        heading = " ".join(filter(None, [section.section, shorten(section.title, TITLE_SHOWN)]))
        text = buckets(section.counts, language)
        if section.undated:
            text += " · " + t("bot.progress.undated", language, count=section.undated)
        parts.append(f"\n{heading or t('bot.progress.no_section', language)}\n{text}")
    parts.append(
        "\n" + t("bot.progress.total", language) + "\n" + buckets(progress.totals, language)
    )
    choices: list[Choice] = []
    if progress.page < progress.pages:
        choices.append(Choice(1, ChoiceKind.PAGE, listing="tiendo", page=progress.page + 1))
        parts.append("")
    return with_choices(parts, choices, language)


# -- an answer -----------------------------------------------------------------------------------


def render(answer: Answer, language: str) -> Reply:
    """The core's answer as plain text: a card's moves, a list's cards and its next page as
    numbered choices; a question for words as the number to answer with them."""
    match answer:
        case Said(text=text) | Refused(text=text):
            return say(text)
        case HelpShown(office=office):
            return help_reply(language, office)
        case ListShown(task_list=task_list, unit=unit, office=office):
            return list_reply(task_list, unit, office, language)
        case CardShown(card=card):
            return card_reply(card, language)
        case ProgressShown(progress=progress):
            return progress_reply(progress, language)
        case Moved(text=text, acted=acted):
            if not acted.card.actions:
                return say(text)
            return with_choices([text, ""], card_choices(acted.card), language)
        case WordsAsked(action=action, choice=choice):
            key = f"bot_core.choice.{action.value}_words"
            return say(t(key, language, number=choice.number, tag=choice.tag))
        case FileMade(caption=caption):  # the core makes none for a messenger without files
            return say(caption)
    raise AssertionError(f"unhandled answer {answer!r}")
