"""A unit's calendar feed as iCalendar (RFC 5545), built and validated with ``icalendar``.

One all-day event per entry of ``services.calendar_feed.unit_feed``: on the due date, titled
with the task's ref and words, described with the plan, the deadline as written and the unit's
role; ``UID`` ``occ-<occurrence id>@<host>`` (the same on every run); ``SEQUENCE`` from the
entry (raised by every change of date); ``DTSTAMP`` the occurrence's last change (so two runs
over the same store give the same bytes); cancelled work ``STATUS:CANCELLED``. Each reminder
the scheduler plans before and on the due date is a ``VALARM`` whose trigger is its offset
from the start of the due day (local time, Asia/Ho_Chi_Minh), e.g. ``-P3DT16H``: 08:00 three
days earlier.
"""

from __future__ import annotations

import socket
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

from icalendar import Alarm, Calendar, Event, Timezone

from nhacviec import __version__
from nhacviec.i18n import Language, translate
from nhacviec.services.calendar_feed import Alarm as PlannedAlarm
from nhacviec.services.calendar_feed import FeedEntry, UnitFeed
from notifiers.message import ReminderKind
from workflows.standing import LOCAL_TZ

MEDIA_TYPE = "text/calendar; charset=utf-8"
SUMMARY_CHARS = 160  # of the task's words in an event's title; the description has them all
REFRESH = timedelta(hours=1)  # how often a subscribed calendar should read the feed again


def feed_host(public_url: str) -> str:
    """The right-hand side of the events' UIDs: the console's host when it has a public
    address, else this machine's name (both stable from run to run)."""
    host = urlsplit(public_url).hostname if public_url else None
    return host or socket.gethostname() or "nhacviec"


def unit_calendar(feed: UnitFeed, lang: Language, *, host: str, public_url: str = "") -> bytes:
    """The feed as iCalendar bytes; raises ``icalendar``'s error if it is incomplete."""
    calendar = Calendar()
    calendar.add("prodid", f"-//nhacviec//nhacviec {__version__}//{lang.value.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", translate("calendar.name", lang, unit=feed.unit))
    calendar.add("x-wr-timezone", str(LOCAL_TZ))
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")  # REFRESH, as older clients read it
    calendar.add_component(Timezone.from_tzid(str(LOCAL_TZ)))
    for entry in feed.entries:
        calendar.add_component(_event(entry, lang, host, public_url))
    calendar.validate()  # type: ignore[no-untyped-call]
    data: bytes = calendar.to_ical()
    return data


def _event(entry: FeedEntry, lang: Language, host: str, public_url: str) -> Event:
    event = Event()
    event.add("uid", f"occ-{entry.occurrence_id}@{host}")
    event.add("dtstamp", entry.changed_at)
    event.add("last-modified", entry.changed_at)
    event.add("dtstart", entry.due)
    event.add("dtend", entry.due + timedelta(days=1))
    event.add("summary", _summary(entry, lang))
    event.add("description", _description(entry, lang))
    event.add("categories", [entry.plan_title])
    event.add("sequence", entry.sequence)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # a deadline, not a meeting: the day stays free
    if public_url:
        event.add("url", f"{public_url.rstrip('/')}/tasks/{entry.task_id}")
    for planned in entry.alarms:
        event.add_component(_alarm(entry, planned, lang))
    return event


def _summary(entry: FeedEntry, lang: Language) -> str:
    words = " ".join(entry.task.split())
    if len(words) > SUMMARY_CHARS:
        words = words[: SUMMARY_CHARS - 1].rstrip() + "…"
    ref = f"{entry.ref} ({entry.label})" if entry.label else entry.ref
    key = "calendar.summary_cancelled" if entry.cancelled else "calendar.summary"
    return translate(key, lang, ref=ref, task=words)


def _description(entry: FeedEntry, lang: Language) -> str:
    lines = [
        translate("calendar.line.plan", lang, plan=entry.plan_title),
        translate("calendar.line.task", lang, ref=entry.ref, task=entry.task),
        translate("calendar.line.deadline", lang, words=entry.due_words or entry.due.isoformat()),
        translate("calendar.line.lead" if entry.lead else "calendar.line.partner", lang),
    ]
    written = " ".join(entry.time_text.split())
    if written and written.casefold() != entry.due_words.casefold():
        lines.insert(3, translate("calendar.line.written", lang, words=written))
    if entry.label and entry.label.casefold() != entry.due_words.casefold():
        lines.insert(2, translate("calendar.line.period", lang, label=entry.label))
    if entry.cancelled:
        lines.append(translate("calendar.line.cancelled", lang))
    return "\n".join(lines)


def _alarm(entry: FeedEntry, planned: PlannedAlarm, lang: Language) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _alarm_text(entry, planned, lang))
    alarm.add("trigger", trigger_offset(entry, planned.at))
    return alarm


def trigger_offset(entry: FeedEntry, at: datetime) -> timedelta:
    """``at`` (UTC) as an offset from 00:00 local on the due day (the event's start)."""
    local = at.astimezone(LOCAL_TZ).replace(tzinfo=None)
    return local - datetime.combine(entry.due, time(0))


def _alarm_text(entry: FeedEntry, planned: PlannedAlarm, lang: Language) -> str:
    if planned.kind is ReminderKind.BEFORE_DUE:
        return translate("calendar.alarm.before_due", lang, ref=entry.ref, days=planned.stage)
    if planned.kind is ReminderKind.WINDOW_START:
        return translate("calendar.alarm.window_start", lang, ref=entry.ref)
    return translate("calendar.alarm.due", lang, ref=entry.ref)
