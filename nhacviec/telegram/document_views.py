"""The words of plans sent to the bot: a sent file's summary with its buttons, and what the
office's decision did. Telegram HTML; plan text is escaped, never wrapped in tags."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from nhacviec.bot.documents import MAX_BYTES, Decided, Decision, Known, Preview
from nhacviec.i18n import translate
from nhacviec.i18n.amendments import summarize
from nhacviec.telegram.callbacks import Decide, encode_decision
from nhacviec.telegram.views import Reply, bold, esc, plain, t
from notifiers.render import format_date, shorten
from workflows.plan import ParsedPlan

REASONS_SHOWN = 3  # flagged rows whose reason the summary quotes
NAMES_SHOWN = 10  # names not in the directory, before "…"
TITLE_SHOWN = 300
REASON_SHOWN = 200


def summary_reply(
    preview: Preview, language: str, extra: Sequence[InlineKeyboardButton] = ()
) -> Reply:
    """What a sent file holds, and «Nhập kế hoạch» / «Hủy». ``extra``: more buttons on the
    row (the web console's «Xem trên web», when there is one)."""
    parsed = preview.parsed
    lines = [*_heading(parsed, preview.file_name, language), *_review(parsed, language)]
    lines += _unknown(parsed, preview.has_directory, language)
    if preview.earlier is not None:
        earlier = preview.earlier
        lines.append(
            esc(
                t(
                    "bot.document.new_version",
                    language,
                    plan=earlier.plan_id,
                    version=earlier.version,
                    summary=summarize(earlier.diff, language),
                )
            )
        )
    lines += ["", f"<i>{esc(t('bot.document.nothing_yet', language))}</i>"]
    return Reply("\n".join(lines), decision_keyboard(preview.document_id, language, extra))


def decision_keyboard(
    document_id: int, language: str, extra: Sequence[InlineKeyboardButton] = ()
) -> InlineKeyboardMarkup:
    row = [
        _button(t("bot.document.button.import", language), Decide(True, document_id)),
        *extra,
        _button(t("bot.document.button.cancel", language), Decide(False, document_id)),
    ]
    return InlineKeyboardMarkup([row])


def known_reply(known: Known, language: str) -> Reply:
    text = translate(
        "import.already_imported", language, plan_id=known.plan_id, source=known.source
    )
    return plain(text)


def decided_reply(decided: Decided, language: str) -> Reply:
    """What «Nhập kế hoạch» or «Hủy» did, in the CLI's words where the CLI has them."""
    if decided.decision is Decision.CANCELLED:
        return plain(t("bot.document.cancelled", language))
    if decided.decision is Decision.ALREADY:
        return known_reply(Known(decided.plan_id or 0, decided.source), language)
    parsed = decided.parsed
    assert parsed is not None
    if decided.decision is Decision.AMENDED:
        assert decided.diff is not None
        summary = summarize(decided.diff, language)
        words = t(
            "bot.document.amended",
            language,
            plan=decided.plan_id,
            version=decided.version,
            summary=summary,
        )
        return plain(words)
    tasks = parsed.tasks
    return plain(
        translate(
            "import.imported",
            language,
            plan_id=decided.plan_id,
            tasks=len(tasks),
            occurrences=sum(len(task.schedule.occurrences) for task in tasks),
            review=sum(task.schedule.needs_review for task in tasks),
        )
    )


def web_button(public_url: str, document_id: int, language: str) -> list[InlineKeyboardButton]:
    """«Xem trên web»: the kept file's reading page on the console; none without its address."""
    if not public_url:
        return []
    url = f"{public_url.rstrip('/')}/plans/uploads/{document_id}"
    return [InlineKeyboardButton(t("bot.document.button.web", language), url=url)]


def too_big_text(file_name: str, language: str) -> str:
    return t("bot.document.too_big", language, file=file_name, limit=MAX_BYTES // (1024 * 1024))


def _button(text: str, decide: Decide) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode_decision(decide))


def _heading(parsed: ParsedPlan, file_name: str, language: str) -> list[str]:
    meta = parsed.metadata
    review = sum(task.schedule.needs_review for task in parsed.tasks)
    return [
        bold(esc(t("bot.document.title", language, file=file_name))),
        esc(shorten(meta.title, TITLE_SHOWN)),
        esc(
            t(
                "bot.document.issued",
                language,
                issuer=meta.issuer,
                number=meta.number or "—",
                start=format_date(meta.period.start),
                end=format_date(meta.period.end),
            )
        ),
        esc(t("bot.document.counts", language, tasks=len(parsed.tasks), review=review)),
    ]


def _review(parsed: ParsedPlan, language: str) -> list[str]:
    """The first flagged rows, each with its first reason."""
    flagged = [task for task in parsed.tasks if task.schedule.needs_review]
    lines = []
    for task in flagged[:REASONS_SHOWN]:
        reasons = task.schedule.reasons
        reason = (
            translate(f"deadline.reason.{reasons[0].code}", language, **reasons[0].params)
            if reasons
            else ""
        )
        lines.append(f"• {esc(task.ref)}: {esc(shorten(reason, REASON_SHOWN))}")
    if len(flagged) > REASONS_SHOWN:
        lines.append(esc(t("bot.document.more", language, count=len(flagged) - REASONS_SHOWN)))
    return lines


def _unknown(parsed: ParsedPlan, has_directory: bool, language: str) -> list[str]:
    if not has_directory:
        return [esc(t("bot.document.no_directory", language, issuer=parsed.metadata.issuer))]
    names = list(dict.fromkeys(name for task in parsed.tasks for name in task.unknown_units))
    if not names:
        return []
    shown = "; ".join(names[:NAMES_SHOWN]) + ("; …" if len(names) > NAMES_SHOWN else "")
    return [esc(translate("import.unknown_units", language, count=len(names), names=shown))]
