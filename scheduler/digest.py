"""Digests: everything one recipient hears about on one day, as one grouped message. Pure.

Sections come in ``DigestSection`` order (overdue, due today, upcoming, starting, to verify,
action items, the office list, failed deliveries). Inside a section the most pressing item comes
first:

- overdue: the longest overdue first (``days`` late), then by due date;
- due today and to verify: by due date, then plan and task number;
- upcoming and starting (a window opens): the nearest due date first;
- action items: returned reports before new plans;
- office list and failed deliveries: by plan and task number.

An occurrence appears once per section (an escalation and an overdue notice about the same
work are one line, the escalation's). Task numbers sort as a clerk reads them: II.10 after II.9,
IX after V.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from notifiers.message import DigestItem, DigestSection, Message, RecipientRole, ReminderKind

_SECTIONS: dict[ReminderKind, DigestSection] = {
    ReminderKind.OVERDUE: DigestSection.OVERDUE,
    ReminderKind.ESCALATION: DigestSection.OVERDUE,
    ReminderKind.DUE: DigestSection.DUE_TODAY,
    ReminderKind.BEFORE_DUE: DigestSection.UPCOMING,
    ReminderKind.WINDOW_START: DigestSection.STARTING,
    ReminderKind.VERIFY_PENDING: DigestSection.TO_VERIFY,
    ReminderKind.RETURNED: DigestSection.ACTION,
    ReminderKind.NEW_PLAN: DigestSection.ACTION,
    ReminderKind.EXTENSION_ASKED: DigestSection.ACTION,
    ReminderKind.LEAD_ASSIGNED: DigestSection.ACTION,
    ReminderKind.LEAD_REMOVED: DigestSection.ACTION,
    ReminderKind.PARTNER_REQUEST: DigestSection.ACTION,
    ReminderKind.OFFICE_WEEKLY: DigestSection.OFFICE_LIST,
}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_FIRST_OF_KIND = {ReminderKind.ESCALATION: 0, ReminderKind.RETURNED: 0}
_NO_DATE = date.max

RefKey = tuple[tuple[int, int, str], ...]
SortKey = tuple[object, ...]


def section_of(kind: ReminderKind) -> DigestSection:
    return _SECTIONS[kind]


def build_message(
    recipient_unit: int,
    recipient_name: str,
    role: RecipientRole,
    day: date,
    items: Sequence[DigestItem],
    *,
    awaited_events: Sequence[str] = (),
    failed: Sequence[DigestItem] = (),
    language: str = "vi",
) -> Message:
    """One message with the items grouped and ordered; empty sections are left out."""
    grouped: dict[DigestSection, list[DigestItem]] = {section: [] for section in DigestSection}
    for item in items:
        grouped[section_of(item.kind)].append(item)
    grouped[DigestSection.FAILED].extend(failed)
    sections = {section: _ordered(section, found) for section, found in grouped.items() if found}
    return Message(
        recipient_unit=recipient_unit,
        recipient_name=recipient_name,
        role=role,
        day=day,
        sections=sections,
        awaited_events=tuple(dict.fromkeys(awaited_events)),
        language=language,
    )


def ref_key(ref: str) -> RefKey:
    """Sort key for task numbers: "II.10" after "II.9", "IX" after "V", "1.a" after "1"."""
    return tuple(_part_key(part) for part in ref.replace(" ", "").split(".") if part)


def _ordered(section: DigestSection, items: list[DigestItem]) -> tuple[DigestItem, ...]:
    ordered = sorted(items, key=_ORDER[section])
    seen: set[tuple[object, ...]] = set()
    unique = []
    for item in ordered:
        identity = _identity(item)
        if identity not in seen:
            seen.add(identity)
            unique.append(item)
    return tuple(unique)


def _identity(item: DigestItem) -> tuple[object, ...]:
    if item.occurrence_id is not None:  # once per unit, when one address serves several
        return ("o", item.occurrence_id, item.recipient)
    return ("t", item.plan_id, item.task_ref, item.label, item.kind)


def _by_days_late(item: DigestItem) -> SortKey:
    return (-item.days, _due(item), _kind_first(item), *_by_plan_and_ref(item))


def _by_due(item: DigestItem) -> SortKey:
    return (_due(item), *_by_plan_and_ref(item))


def _by_action(item: DigestItem) -> SortKey:
    return (_kind_first(item), *_by_plan_and_ref(item))


def _by_plan_and_ref(item: DigestItem) -> SortKey:
    return (item.plan_id, ref_key(item.task_ref), item.label)


def _due(item: DigestItem) -> date:
    return item.due if item.due is not None else _NO_DATE


def _kind_first(item: DigestItem) -> int:
    return _FIRST_OF_KIND.get(item.kind, 1)


_ORDER: dict[DigestSection, Callable[[DigestItem], SortKey]] = {
    DigestSection.OVERDUE: _by_days_late,
    DigestSection.DUE_TODAY: _by_due,
    DigestSection.UPCOMING: _by_due,
    DigestSection.STARTING: _by_due,
    DigestSection.TO_VERIFY: _by_due,
    DigestSection.ACTION: _by_action,
    DigestSection.OFFICE_LIST: _by_plan_and_ref,
    DigestSection.FAILED: _by_plan_and_ref,
}


def _part_key(part: str) -> tuple[int, int, str]:
    """Numbers (arabic or roman) before words, each compared by value."""
    if part.isdigit():
        return (0, int(part), "")
    upper = part.upper()
    if upper and all(letter in _ROMAN for letter in upper) and part.isupper():
        return (0, _roman_value(upper), "")
    return (1, 0, part.casefold())


def _roman_value(numeral: str) -> int:
    values = [_ROMAN[letter] for letter in numeral]
    total = 0
    for value, following in zip(values, [*values[1:], 0], strict=True):
        total += -value if value < following else value
    return total
