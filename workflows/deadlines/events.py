"""Rule 8, second half: once the office records the day an event happened, the event-relative
deadline becomes an ordinary occurrence ("trong vòng 05 ngày sau khi Bộ … công bố")."""

from __future__ import annotations

from datetime import date, timedelta

from workflows.calendar import WorkingCalendar
from workflows.deadlines.periods import day_words, until_words
from workflows.plan import Period
from workflows.schedule import EventTrigger, Occurrence


def event_occurrence(
    trigger: EventTrigger, happened_on: date, calendar: WorkingCalendar, period: Period
) -> Occurrence | None:
    """The occurrence due ``offset_days`` (working or calendar) after ``happened_on``.

    None when the plan gives no offset ("Sau khi có Quy chế của TW"): the office sets the date.
    """
    if trigger.offset_days is None:
        return None
    if trigger.working_days:
        due = calendar.add_working_days(happened_on, trigger.offset_days)
        unit = "ngày làm việc"
    else:
        due = happened_on + timedelta(days=trigger.offset_days)
        unit = "ngày"
    words = f"{trigger.offset_days:02d} {unit} sau khi {trigger.text} ({day_words(happened_on)})"
    return Occurrence(
        label=words[:1].upper() + words[1:],
        start=happened_on,
        due=due,
        in_period=due in period,
        due_words=until_words(due),
    )
