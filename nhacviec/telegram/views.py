"""The bot core's answers drawn for Telegram: HTML, every sentence from the catalogue (``bot.*``).

Plan text (titles, unit names, notes) is escaped and never wrapped in tags; only our own words
are bold or italic. A reply stays within Telegram's 4,096 characters: lists are paginated, a
card drops its oldest history lines until it fits.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from telegram import InlineKeyboardMarkup

from nhacviec.bot.card_extras import CardExtras
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
)
from nhacviec.bot.listings import Entry, TaskList
from nhacviec.bot.wording import (
    bucket_name,
    buckets,
    error_text,
    event_text,
    group_name,
    linked_text,
    list_title,
    moved_text,
    occurrence_tag,
    t,
    usage_text,
)
from nhacviec.i18n.extensions import deadline_lines
from nhacviec.i18n.workflow import action_name, state_name
from nhacviec.services.queries import OccurrenceStatus, Tally
from nhacviec.store.journal import HistoryLine
from nhacviec.telegram import keyboards
from notifiers.render import format_date, shorten
from workflows.standing import LOCAL_TZ
from workflows.workflow import Action, State

__all__ = [  # the plain sentences live in ``wording``; the handlers reach them through here
    "bucket_name",
    "buckets",
    "error_text",
    "event_text",
    "linked_text",
    "moved_text",
    "t",
    "usage_text",
]

MESSAGE_LIMIT = 4096
_SAFE_LIMIT = 4000  # room for Telegram's own counting (HTML tags do not count, entities do)
TITLE_SHOWN = 120  # characters of a task's title in a list
TEXT_SHOWN = 600  # characters of a task's text on its card
NOTE_SHOWN = 200
OCCURRENCES_SHOWN = 12


@dataclass(frozen=True)
class Reply:
    text: str
    markup: InlineKeyboardMarkup | None = None
    html: bool = True  # Telegram HTML; else plain text (short answers quoting what people typed)
    document: tuple[str, bytes] | None = None  # a file sent instead, ``text`` its caption


def plain(text: str) -> Reply:
    return Reply(text, html=False)


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def bold(words: str) -> str:
    return f"<b>{words}</b>"


# -- short answers (plain text) --------------------------------------------------------------


def help_text(language: str, office: bool) -> str:
    lines = [bold(esc(t("bot.help.title", language)))]
    lines += [_help_line(spec.name, language) for spec in COMMANDS if _for_all(spec.name)]
    if office:
        lines += ["", bold(esc(t("bot.help.office", language)))]
        lines += [_help_line(spec.name, language) for spec in COMMANDS if _office(spec.name)]
    lines += ["", f"<i>{esc(t('bot.help.task_code', language))}</i>"]
    return "\n".join(lines)


def _for_all(name: str) -> bool:
    return any(s.name == name and s.listed and not s.office_only for s in COMMANDS)


def _office(name: str) -> bool:
    return any(s.name == name and s.listed and s.office_only for s in COMMANDS)


def _help_line(name: str, language: str) -> str:
    usage = t(f"bot.command.{name}.usage", language)
    return f"{esc(usage)} — {esc(t(f'bot.command.{name}.description', language))}"


def prompt_text(action: Action, card: Card, user_id: int | str, name: str, language: str) -> str:
    """The question a pressed button asks, addressed to the presser (so a group's ForceReply
    opens the reply box for them only)."""
    who = f'<a href="tg://user?id={user_id}">{esc(name)}</a>'
    tag = occurrence_tag(card.task.ref, card.focus.occurrence.label)
    asked = t(f"bot.prompt.{action.value}", language, who=who, tag=esc(tag))
    if action is Action.REPORT:  # a file replied to the prompt is the report's evidence
        asked += "\n" + esc(t("evidence.bot.prompt_files", language))
    return asked


def prompt_placeholder(action: Action, language: str) -> str:
    return t(f"bot.prompt.{action.value}_placeholder", language)[:64]


# -- lists ---------------------------------------------------------------------------------


def list_reply(task_list: TaskList, unit: str, office: bool, language: str) -> Reply:
    lines = [bold(esc(list_title(task_list, unit, office, language)))]
    if not task_list.total:
        lines.append(esc(t("bot.list.empty", language)))
    else:
        lines.append(
            esc(
                t(
                    "bot.list.count",
                    language,
                    total=task_list.total,
                    page=task_list.page,
                    pages=task_list.pages,
                )
            )
        )
        lines += _entries(task_list.entries, language)
    if task_list.counts:
        lines += [
            "",
            esc(t("bot.list.summary", language, counts=buckets(task_list.counts, language))),
        ]
    return Reply("\n".join(lines), keyboards.list_keyboard(task_list, language))


def _entries(entries: Sequence[Entry], language: str) -> list[str]:
    lines: list[str] = []
    group = ""
    for entry in entries:
        if entry.group != group:
            group = entry.group
            lines += ["", bold(esc(group_name(group, language)))]
        task = entry.status.view.task
        title = shorten(task.activity or task.task_text, TITLE_SHOWN)
        lines.append(f"• {bold(esc(task.ref))} — {esc(title)}")
        lines.append(f"   {esc(_occurrence_line(entry.item, language))}")
    return lines


def _occurrence_line(item: OccurrenceStatus, language: str) -> str:
    occurrence = item.occurrence
    due = _due(occurrence.due_date, language)
    label = f" ({occurrence.label})" if occurrence.label else ""
    return t("bot.list.due", language, due=due, label=label, state=state_name(item.state, language))


def _due(day: date | None, language: str) -> str:
    return format_date(day) if day else t("bot.list.no_due", language)


# -- the task card -------------------------------------------------------------------------


def card_reply(card: Card, language: str) -> Reply:
    focus = card.focus.occurrence
    assert focus.id is not None
    markup = keyboards.card_keyboard(focus.id, focus.version, card.actions, language)
    head = _card_head(card, language)
    occurrences = _card_occurrences(card, language)
    dates = [  # issue 14: the focused occurrence's deadline history and extension requests
        esc(line)
        for found in card.deadlines
        for line in deadline_lines(found.label, found.history, found.requests, language)
    ]
    if dates:
        occurrences = "\n".join([occurrences, *dates])
    history = [_history_line(line, language) for line in card.history]
    extras = extras_text(card.extras, language)
    while True:
        parts = [head, occurrences, *([extras] if extras else [])]
        if history:
            parts.append("\n".join([bold(esc(t("bot.card.history", language))), *history]))
        text = "\n\n".join(parts)
        if len(text) <= _SAFE_LIMIT or not history:
            return Reply(text[:MESSAGE_LIMIT], markup)
        history = history[1:]


def extras_text(extras: CardExtras, language: str) -> str:
    """The card's files (named) and partner requests, "" when it has none."""
    lines = []
    if extras.files:
        lines.append(bold(esc(t("evidence.bot.files", language, count=extras.file_count))))
        lines += [f"• {esc(item.name)}" for item in extras.files]
    if extras.requests:
        lines.append(bold(esc(t("evidence.bot.requests", language))))
        for view in extras.requests:
            state = (
                t("evidence.bot.answered", language, answer=shorten(view.answer, 120))
                if view.answered_at
                else t("evidence.request.late" if view.late else "evidence.request.open", language)
            )
            line = t("evidence.bot.request", language, partner=view.partner, due=_day(view.due))
            lines.append(f"• {esc(line)} — {esc(state)}")
    return "\n".join(lines)


def _day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def _card_head(card: Card, language: str) -> str:
    view = card.status.view
    task, plan = view.task, view.plan
    number = f" ({plan.number})" if plan.number else ""
    lines = [
        f"{bold(esc(task.ref))} — {esc(t('bot.card.plan', language, plan=plan.id, number=number))}",
        esc(shorten(task.activity or task.task_text, TEXT_SHOWN)),
        esc(t("bot.card.lead", language, units="; ".join(view.lead) or "—")),
        esc(t("bot.card.partners", language, units="; ".join(view.partners) or "—")),
        esc(t("bot.card.time", language, time=task.time_text or "—")),
        esc(t("bot.card.state", language, state=state_name(card.status.state, language))),
    ]
    return "\n".join(lines)


def _card_occurrences(card: Card, language: str) -> str:
    items = card.status.occurrences
    shown = card.around_focus(OCCURRENCES_SHOWN)
    lines = [bold(esc(t("bot.card.occurrences", language)))]
    for item in shown:
        marker = "▸" if item is card.focus else "•"
        lines.append(f"{marker} {esc(_card_occurrence(item, language))}")
    if len(items) > len(shown):
        lines.append(esc(t("bot.card.more_occurrences", language, count=len(items) - len(shown))))
    return "\n".join(lines)


def _card_occurrence(item: OccurrenceStatus, language: str) -> str:
    occurrence = item.occurrence
    standing = f" — {bucket_name(item.bucket.value, language)}" if item.bucket else ""
    if item.bucket and item.extended:  # issue 14: «đúng hạn (đã gia hạn)»
        named = bucket_name(item.bucket.value, language)
        standing = f" — {t('extensions.standing.extended', language, bucket=named)}"
    return t(
        "bot.card.occurrence",
        language,
        seq=occurrence.seq,
        label=f" {occurrence.label}" if occurrence.label else "",
        due=_due(occurrence.due_date, language),
        state=state_name(item.state, language),
        standing=standing,
    )


def _history_line(line: HistoryLine, language: str) -> str:
    entry = line.entry
    at = entry.at.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")
    who = " · ".join(filter(None, [line.unit_name, entry.actor_name])) or t(
        "bot.card.system", language
    )
    text = f"• {esc(at)} — {esc(who)}: {esc(_history_action(entry.action, language))}"
    if entry.from_state and entry.to_state and entry.from_state != entry.to_state:
        change = f"{state_name(State(entry.from_state), language)} → "
        text += f" ({esc(change + state_name(State(entry.to_state), language))})"
    words = [w for w in (entry.note, entry.evidence) if w]
    if words:
        text += "\n   " + esc(
            t("bot.card.note", language, note=shorten(" — ".join(words), NOTE_SHOWN))
        )
    return text


def _history_action(action: str, language: str) -> str:
    if action in {item.value for item in Action}:
        return action_name(Action(action), language)
    return t(f"bot.history.{action}", language)


# -- progress ------------------------------------------------------------------------------


def progress_reply(progress: PlanProgress, language: str) -> Reply:
    plan = progress.plan
    number = f" ({plan.number})" if plan.number else ""
    lines = [
        bold(esc(t("bot.progress.title", language, plan=plan.id, number=number))),
        f"<i>{esc(shorten(plan.title, TITLE_SHOWN))}</i>",
    ]
    for section in progress.sections:
        heading = " ".join(filter(None, [section.section, shorten(section.title, TITLE_SHOWN)]))
        lines += ["", bold(esc(heading or t("bot.progress.no_section", language)))]
        lines.append(esc(_standings(section.counts, section.undated, language)))
    lines += ["", bold(esc(t("bot.progress.total", language)))]
    lines.append(esc(buckets(progress.totals, language)))
    row = keyboards.pages_row("tiendo", progress.page, progress.pages, language)
    return Reply("\n".join(lines), InlineKeyboardMarkup([row]) if row else None)


def _standings(counts: Tally, undated: int, language: str) -> str:
    text = buckets(counts, language)
    return text + (" · " + t("bot.progress.undated", language, count=undated) if undated else "")


# -- the core's answer ---------------------------------------------------------------------


def render(answer: Answer, language: str) -> Reply:
    """The bot core's answer as Telegram draws it: HTML with inline buttons where the core
    offers choices, plain text for sentences (they may quote what people typed), a file as a
    document. A question for words is drawn by ``handlers`` (a ForceReply addressed to the
    presser, with ``prompt_text``), not here."""
    match answer:
        case Said(text=text) | Refused(text=text) | Moved(text=text):
            return plain(text)
        case HelpShown(office=office):
            return Reply(help_text(language, office))
        case ListShown(task_list=task_list, unit=unit, office=office):
            return list_reply(task_list, unit, office, language)
        case CardShown(card=card):
            return card_reply(card, language)
        case ProgressShown(progress=progress):
            return progress_reply(progress, language)
        case FileMade(name=name, content=content, caption=caption):
            return Reply(caption, html=False, document=(name, content))
    raise AssertionError(f"unhandled answer {answer!r}")
