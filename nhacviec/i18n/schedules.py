"""How a deadline was read, in words: the CLI's preview, the web console's reading page and
the bot say the same (``cli.schedule.*``, ``deadline.reason.*`` in the catalogue)."""

from __future__ import annotations

from datetime import date

from nhacviec.i18n import Language, translate
from workflows.schedule import EventTrigger, Schedule, ScheduleKind


def day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""


def schedule_summary(schedule: Schedule, lang: Language) -> str:
    occurrences = schedule.occurrences
    if schedule.kind is ScheduleKind.EVENT and schedule.event is not None:
        return _event_summary(schedule, lang)
    if not occurrences:
        return translate("cli.schedule.unscheduled", lang)
    if schedule.kind is ScheduleKind.RECURRING and schedule.recurrence is not None:
        return translate(
            "cli.schedule.recurring",
            lang,
            recurrence=translate(f"cli.recurrence.{schedule.recurrence.value}", lang),
            count=len(occurrences),
            start=day(occurrences[0].start or occurrences[0].due),
            due=day(occurrences[-1].due),
        )
    parts = []
    for occurrence in occurrences:
        if occurrence.start is None:
            text = translate("cli.schedule.deadline", lang, due=day(occurrence.due))
        else:
            text = translate(
                "cli.schedule.window", lang, start=day(occurrence.start), due=day(occurrence.due)
            )
        if not occurrence.in_period:
            text += " " + translate("cli.schedule.outside_period", lang)
        parts.append(text)
    return "; ".join(parts)


def _event_summary(schedule: Schedule, lang: Language) -> str:
    assert schedule.event is not None
    return event_words(schedule.event, lang)


def event_words(event: EventTrigger, lang: Language) -> str:
    if event.offset_days is None:
        return translate("cli.schedule.event", lang, event=event.text)
    key = "cli.schedule.event_offset_working" if event.working_days else "cli.schedule.event_offset"
    return translate(key, lang, days=event.offset_days, event=event.text)


def review_text(schedule: Schedule, lang: Language) -> str:
    reasons = [
        translate(f"deadline.reason.{reason.code}", lang, **reason.params)
        for reason in schedule.reasons
    ]
    if len(reasons) <= 2:
        return "\n".join(reasons)
    return "\n".join([*reasons[:2], translate("cli.review.more", lang, count=len(reasons) - 2)])


def reasons_text(schedule: Schedule, lang: Language) -> list[str]:
    """Every reason the reading is flagged, one sentence each."""
    return [
        translate(f"deadline.reason.{reason.code}", lang, **reason.params)
        for reason in schedule.reasons
    ]
