"""Which items of a reminder offer moves, and which moves: the Telegram notifier's buttons
(``keyboards.reminder_keyboard``) and the numbered replies of messengers without buttons
(``core.reminders``) read a reminder the same way. Pure.
"""

from __future__ import annotations

from datetime import date

from nhacviec.bot.access import button_actions
from notifiers.message import DigestItem, DigestSection, Message, RecipientRole, ReminderKind
from workflows.workflow import Action, Role, State

_ROLE_OF_RECIPIENT = {
    RecipientRole.LEAD: Role.LEAD,
    RecipientRole.PARTNER: Role.PARTNER,
    RecipientRole.OFFICE: Role.OFFICE,
}
_NO_BUTTONS = {DigestSection.FAILED, DigestSection.OFFICE_LIST}


def role_in(item: DigestItem, message: Message) -> Role | None:
    """The recipient's part in the item (a digest may mix lead and partner items)."""
    own = RecipientRole(item.role) if item.role else message.role
    return _ROLE_OF_RECIPIENT.get(own)


def items(message: Message) -> list[DigestItem]:
    """The message's items about one occurrence each, every occurrence once: by heading
    (overdue first), the soonest due first within one, so the rows kept are the most urgent."""
    seen: set[int] = set()
    found: list[tuple[int, date, int, DigestItem]] = []
    for rank, section in enumerate(DigestSection):
        if section in _NO_BUTTONS:
            continue
        for item in message.sections.get(section, ()):
            if item.occurrence_id is not None and item.occurrence_id not in seen:
                seen.add(item.occurrence_id)
                found.append((rank, item.due or date.max, len(found), item))
    return [item for *_, item in sorted(found, key=lambda entry: entry[:3])]


def item_actions(item: DigestItem, role: Role | None) -> tuple[Action, ...]:
    if role is None or not item.state:
        return ()
    if item.kind is ReminderKind.EXTENSION_ASKED:  # issue 14: «Đồng ý» / «Không đồng ý»
        return (Action.APPROVE_EXTENSION, Action.REFUSE_EXTENSION) if role is Role.OFFICE else ()
    try:
        state = State(item.state)
    except ValueError:
        return ()
    return button_actions(state, frozenset({role}))
