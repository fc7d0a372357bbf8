"""The bot's short answers in words, for every messenger: plain text, every sentence from the
catalogue (``bot.*``). No markup and no messenger library here: Telegram's ``views`` (HTML,
buttons) and the messenger-neutral core (``nhacviec.bot.core``) both word refusals, moves,
links and tallies through these functions.
"""

from __future__ import annotations

from nhacviec.bot.listings import NO_DATE, TaskList
from nhacviec.bot.service import Redeemed
from nhacviec.bot.tags import occurrence_tag as occurrence_tag
from nhacviec.errors import (
    ConflictError,
    EventAmbiguous,
    EventNotAwaited,
    NhacviecError,
    StoreError,
)
from nhacviec.i18n import translate
from nhacviec.i18n.errors import render_error
from nhacviec.i18n.workflow import state_name
from nhacviec.services.events import RecordedEvent
from nhacviec.services.queries import Tally
from nhacviec.services.tasks import Outcome
from notifiers.render import format_date
from workflows.workflow import Action, State

# Errors whose catalogue wording speaks of the CLI: the bot has its own words for them.
_BOT_WORDING: dict[type[NhacviecError], str] = {
    EventAmbiguous: "bot.event_ambiguous",
    EventNotAwaited: "bot.event_unknown",
}


def t(key: str, language: str, **params: object) -> str:
    return translate(key, language, **params)


def error_text(error: NhacviecError, language: str) -> str:
    """What went wrong, as the bot says it (plain text: messages quote what people typed)."""
    if isinstance(error, StoreError):
        return t("bot.store_error", language)
    if isinstance(error, ConflictError):
        state = state_name(State(error.state), language)
        return t("bot.conflict", language, ref=error.ref, state=state)
    key = _BOT_WORDING.get(type(error))
    if key is not None:
        return t(key, language, **error.params)
    return render_error(error, language)


def usage_text(usage: str, language: str) -> str:
    return t("bot.usage", language, usage=usage)


def linked_text(redeemed: Redeemed, language: str) -> str:
    if redeemed.already:
        return t("bot.start.already", language, unit=redeemed.unit)
    key = "bot.start.linked_office" if redeemed.office else "bot.start.linked"
    return t(key, language, unit=redeemed.unit)


def moved_text(outcome: Outcome, language: str) -> str:
    move = outcome.move
    tag = occurrence_tag(outcome.task.ref, outcome.occurrence.label)
    if move.action in {Action.APPROVE_EXTENSION, Action.REFUSE_EXTENSION}:  # issue 14
        return decided_text(outcome, language)
    if move.action is Action.SET_DATE:
        due = outcome.occurrence.due_date
        return t("bot.done.date", language, tag=tag, due=format_date(due) if due else "—")
    return t(
        "bot.done.moved",
        language,
        tag=tag,
        before=state_name(move.from_state, language),
        after=state_name(move.to_state, language),
    )


def decided_text(outcome: Outcome, language: str) -> str:
    """The office's answer to an extension request (issue 14)."""
    tag = occurrence_tag(outcome.task.ref, outcome.occurrence.label)
    if outcome.move.action is Action.APPROVE_EXTENSION:
        due = outcome.occurrence.due_date
        return t(
            "extensions.bot.approved", language, tag=tag, date=format_date(due) if due else "—"
        )
    return t("extensions.bot.refused", language, tag=tag)


def event_text(recorded: RecordedEvent, language: str) -> str:
    event = recorded.event
    text = t(
        "bot.done.event",
        language,
        name=event.name,
        day=format_date(event.occurred_on),
        dated=len(recorded.dated),
    )
    if recorded.undated:
        refs = ", ".join(task.ref for task in recorded.undated)
        text += " " + t("bot.done.event_undated", language, refs=refs)
    return text


def bucket_name(bucket: str, language: str) -> str:
    return t(f"workflow.bucket.{bucket}", language)


def list_title(task_list: TaskList, unit: str, office: bool, language: str) -> str:
    """The head of /viec, /sapden, /quahan (the unit's, or the office's list)."""
    if task_list.listing == "sapden":
        return t("bot.list.sapden", language, days=task_list.days)
    if task_list.listing == "quahan":
        return t("bot.list.quahan", language)
    return t("bot.list.viec_office" if office else "bot.list.viec", language, unit=unit)


def group_name(group: str, language: str) -> str:
    """A task list's group heading: its bucket, or «no date», capitalised."""
    name = t("bot.list.no_date", language) if group == NO_DATE else bucket_name(group, language)
    return name[:1].upper() + name[1:]


def buckets(counts: Tally, language: str) -> str:
    """E.g. «30 nhiệm vụ (82 lượt/kỳ) — hoàn thành đúng hạn: 2 nhiệm vụ (3 lượt/kỳ) · …»."""
    total = t("tally.total", language, tasks=counts.tasks, occurrences=counts.occurrences)
    parts = " · ".join(
        t(
            "tally.bucket",
            language,
            bucket=bucket_name(kind.value, language),
            tasks=n,
            occurrences=m,
        )
        for kind, (n, m) in counts.buckets.items()
    )
    line = t("tally.line", language, total=total, buckets=parts)
    if not counts.shows_extra:
        return line
    # issue 14: work against an extended date, suspended work, apart
    return f"{line}\n{t('extensions.tally.line', language, **counts.extra())}"
