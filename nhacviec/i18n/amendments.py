"""One human line per change of an amendment diff, for ``plan import --amends --dry-run``.

"II.3: đổi thời hạn «trước ngày 18/11/2025» → «trước ngày 30/11/2025»", "III.8: thêm mới",
"IV.2: bãi bỏ theo kế hoạch sửa đổi". The domain's diff (``workflows.amendments``) holds the
facts; every word comes from the message catalogue.
"""

from __future__ import annotations

import math
from datetime import date

from nhacviec.i18n import DEFAULT_LANGUAGE, Language, translate
from workflows.amendments.matching import compact
from workflows.amendments.model import (
    ChangeKind,
    HeldDate,
    KeptLead,
    OccurrenceChange,
    PlanDiff,
    TaskChange,
)

# The reason the history records when an amendment cancels a task the plan no longer has.
CANCEL_REASON_KEY = "amendment.cancel_reason"

_SEPARATOR = "; "


def describe(change: TaskChange, lang: Language | str = DEFAULT_LANGUAGE) -> str:
    """One line: the task's ref, then what happens to it."""
    details = _SEPARATOR.join(_details(change, lang))
    return translate("amendment.line", lang, ref=_ref(change, lang), details=details)


def describe_occurrence(change: OccurrenceChange, lang: Language | str = DEFAULT_LANGUAGE) -> str:
    """One occurrence action: "lần «Quý IV/2025»: hạn 31/12/2025 → hạn 15/01/2026"."""
    if change.kind == "add":
        assert change.new is not None
        span = _span(change.new.start, change.new.due, lang)
        return translate("amendment.occurrence.add", lang, label=change.new.label, span=span)
    assert change.stored is not None
    if change.kind == "cancel":
        return translate("amendment.occurrence.cancel", lang, label=change.stored.label)
    assert change.new is not None
    return translate(
        "amendment.occurrence.redate",
        lang,
        label=change.stored.label,
        old=_span(change.stored.start, change.stored.due, lang),
        new=_span(change.new.start, change.new.due, lang),
    )


def summarize(diff: PlanDiff, lang: Language | str = DEFAULT_LANGUAGE) -> str:
    """How many tasks of each kind; a sentence of its own when nothing changes."""
    if diff.is_empty:
        return translate("amendment.empty", lang)
    counts = {kind.value: count for kind, count in diff.counts().items()}
    return translate("amendment.summary", lang, renumbered=diff.renumbered, **counts)


def notice_lines(diff: PlanDiff, lang: Language | str = DEFAULT_LANGUAGE) -> list[str]:
    """What the amendment leaves to the office: a granted extension's date or a reassigned lead
    kept where the amended plan says otherwise, one line each."""
    return [notice_line(ref, notice, lang) for ref, notice in diff.notices]


def notice_line(ref: str, notice: HeldDate | KeptLead, lang: Language | str) -> str:
    if isinstance(notice, KeptLead):
        return translate(
            "amendment.notice.lead_kept",
            lang,
            ref=ref,
            amended="; ".join(notice.amended) or translate("amendment.blank", lang),
            lead="; ".join(notice.lead),
        )
    return translate(
        "amendment.notice.extension_kept",
        lang,
        ref=ref,
        label=notice.stored.label or str(notice.stored.seq),
        amended=_span(notice.new.start, notice.amended, lang),
        granted=_day(notice.granted) if notice.granted else "—",
    )


def cancel_reason(lang: Language | str = DEFAULT_LANGUAGE) -> str:
    """The note on each occurrence an amendment cancels: «bãi bỏ theo kế hoạch sửa đổi»."""
    return translate(CANCEL_REASON_KEY, lang)


def _ref(change: TaskChange, lang: Language | str) -> str:
    if change.ref_changed and change.stored is not None:
        return translate("amendment.ref_moved", lang, old=change.stored.ref, new=change.ref)
    if change.kind in {ChangeKind.ADDED, ChangeKind.REMOVED}:  # name it: refs may coincide
        return translate("amendment.ref_titled", lang, ref=change.ref, title=_title(change))
    return change.ref


def _title(change: TaskChange, width: int = 60) -> str:
    if change.new is not None:
        text = change.new.row.activity or change.new.row.task
    else:
        assert change.stored is not None
        text = change.stored.activity or change.stored.task_text
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _details(change: TaskChange, lang: Language | str) -> list[str]:
    if change.kind is ChangeKind.ADDED:
        return [translate("amendment.added", lang)]
    parts = [translate(CANCEL_REASON_KEY, lang)] if change.kind is ChangeKind.REMOVED else []
    if change.ref_changed:
        parts.append(translate("amendment.renumbered", lang))
    if change.text_changed:
        percent = math.floor(change.similarity * 100)
        parts.append(translate("amendment.reworded", lang, percent=percent))
    parts += _deadline(change, lang)
    return parts or [translate("amendment.unchanged", lang)]


def _deadline(change: TaskChange, lang: Language | str) -> list[str]:
    """The deadline's new wording, then the occurrence actions the wording leaves unsaid."""
    parts: list[str] = []
    old, new = change.stored, change.new
    if old is not None and new is not None and compact(old.time_text) != compact(new.row.time_text):
        before, after = _or_blank(old.time_text, lang), _or_blank(new.row.time_text, lang)
        parts.append(translate("amendment.redated", lang, old=before, new=after))
        if len(old.occurrences) == len(new.schedule.occurrences) == 1 and not change.kept:
            return parts  # one date moved to another: the wording says it all
    if change.kind is not ChangeKind.REMOVED:  # a removed task's cancels go without saying
        parts += [describe_occurrence(occurrence, lang) for occurrence in change.occurrences]
    parts += [
        translate("amendment.occurrence.kept", lang, label=occurrence.label)
        for occurrence in change.kept
    ]
    return parts


def _span(start: date | None, due: date | None, lang: Language | str) -> str:
    if due is None:
        return translate("amendment.span.undated", lang)
    if start is None:
        return translate("amendment.span.due", lang, due=_day(due))
    return translate("amendment.span.window", lang, start=_day(start), due=_day(due))


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _or_blank(text: str, lang: Language | str) -> str:
    return text or translate("amendment.blank", lang)
