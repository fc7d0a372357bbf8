"""One text in, one reply out, for any messenger: the bot's commands through ``BotService``.

What the core answers, in this order:

- an invite code (``/start <mã>``, or the bare code as people paste it) links the chat to the
  unit (``services.links``, the messenger's name as the link's channel);
- a number ("1", or "2 <words>" for a move that needs words) acts on what the chat was last
  offered (``ChoiceBook``): a move, a card, another page;
- a command: parsed (``parsing``), the chat's link read and its rights checked (``access``,
  ``BotService``) exactly as the Telegram handlers do, then worded in plain text (``plain``,
  ``wording``) with numbered choices where Telegram draws buttons.

A chat nobody linked is told the one ``bot.not_linked`` sentence for anything but a code; in a
group, text that is neither a command, a code nor a live number is the group's own
conversation and gets no answer (``None``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from nhacviec.bot import parsing, prompts
from nhacviec.bot.access import ChatAccess, may_use
from nhacviec.bot.core import plain
from nhacviec.bot.core.choices import ChoiceBook
from nhacviec.bot.core.messages import ChatKind, Choice, ChoiceKind, Incoming, Reply, say
from nhacviec.bot.service import BotService, Person
from nhacviec.bot.wording import (
    error_text,
    event_text,
    linked_text,
    moved_text,
    t,
    usage_text,
)
from nhacviec.errors import NhacviecError, OfficeOnly
from nhacviec.services import links
from nhacviec.services.links import ChatInfo
from nhacviec.services.tasks import Channel
from workflows.workflow import Request

_START = re.compile(r"/start(?:@\S+)?(?:\s+(?P<code>.*))?", re.IGNORECASE | re.DOTALL)
_NUMBER = re.compile(r"([0-9]{1,3})(?:[.)]?\s+(?P<words>.+))?", re.DOTALL)


def invite_code(text: str) -> str | None:
    """The invite code ``text`` carries: ``/start <code>`` or the bare code (dashes, spaces and
    case as a person types them); ``None`` when it carries none ("" for a bare ``/start``)."""
    started = _START.fullmatch(text.strip())
    if started is not None:
        return (started.group("code") or "").strip()
    bare = links.normalise_code(text)
    if len(bare) == links.CODE_LENGTH and all(c in links.CODE_ALPHABET for c in bare):
        return bare
    return None


class ChatCore:
    """The bot's answers for one messenger (``messenger``: the channel its links are under)."""

    def __init__(
        self,
        service: BotService,
        language: str,
        clock: Callable[[], datetime],
        choices: ChoiceBook | None = None,
    ) -> None:
        self.service, self.language, self.clock = service, language, clock
        self.choices = choices if choices is not None else ChoiceBook()

    def answer(self, incoming: Incoming) -> Reply | None:
        """The reply to ``incoming`` (synchronous, database-bound: run it in a worker thread);
        ``None`` when the text is not the bot's to answer. The choices a reply offers are
        remembered for the chat."""
        try:
            reply = self._answer(incoming)
        except NhacviecError as error:
            reply = say(error_text(error, self.language))
        if reply is not None and reply.choices:
            self.choices.remember(incoming.messenger, incoming.chat_id, reply.choices, self.clock())
        return reply

    def _answer(self, incoming: Incoming) -> Reply | None:
        text = incoming.text.strip()
        group = incoming.chat_kind is ChatKind.GROUP
        code = invite_code(text)
        if code:
            return self._link(code, incoming)
        number = _NUMBER.fullmatch(text)
        if number is not None:
            return self._numbered(incoming, int(number.group(1)), number.group("words") or "")
        parsed = parsing.parse(text)
        if isinstance(parsed, parsing.NotACommand):
            if group:
                return None
            self._require(incoming)
            return say(t("bot_core.not_a_command", self.language))
        access = self._require(incoming)
        spec = parsing.spec_of(text)
        if isinstance(parsed, parsing.Unknown) or spec is None:
            return say(t("bot.unknown_command", self.language))
        if not may_use(spec, access):
            raise OfficeOnly()
        if isinstance(parsed, parsing.Malformed):
            return say(usage_text(spec.usage(self.language), self.language))
        return self._understood(parsed, access, _person(incoming))

    def _require(self, incoming: Incoming) -> ChatAccess:
        return self.service.require(incoming.chat_id, incoming.messenger)

    def _link(self, code: str, incoming: Incoming) -> Reply:
        info = ChatInfo(
            incoming.chat_id,
            incoming.chat_kind.value,
            incoming.chat_title,
            channel=incoming.messenger,
        )
        by = f"{incoming.sender_name} ({incoming.messenger}:{incoming.sender_id})"
        return say(linked_text(self.service.link(code, info, by), self.language))

    def _understood(self, parsed: parsing.Parsed, access: ChatAccess, person: Person) -> Reply:
        language, service = self.language, self.service
        match parsed:
            case parsing.Start():
                return say(t("bot.start.already", language, unit=access.unit_name))
            case parsing.Help():
                return plain.help_reply(language, access.office)
            case parsing.ListTasks(listing=listing, days=days):
                found = service.listing(access, listing, 1, days)
                return plain.list_reply(found, access.unit_name, access.office, language)
            case parsing.ShowTask(ref=ref):
                return plain.card_reply(service.card(access, ref), language)
            case parsing.ActOnTask(action=action, ref=ref, note=note, evidence=evidence):
                request = Request(action, note=note, evidence=evidence)
                acted = service.act(access, person, request, ref=ref)
                return say(moved_text(acted.outcome, language))
            case parsing.SetDate(ref=ref, due=due, note=note):
                acted = service.set_date(access, person, ref, due, note)
                return say(moved_text(acted.outcome, language))
            case parsing.RecordEvent(name=name, day=day):
                return say(event_text(service.record_event(access, person, name, day), language))
            case parsing.Progress():
                return plain.progress_reply(service.progress(access), language)
            case parsing.Summary(plan=plan_id):
                # No messenger on the core carries files: the console's link to the report.
                plan, url = service.summary_link(access, plan_id)
                if url:
                    return say(t("bot_core.summary_link", language, plan=plan, url=url))
                return say(t("bot_core.summary_console", language, plan=plan))
        raise AssertionError(f"unhandled command {parsed!r}")

    # -- numbers -----------------------------------------------------------------------------

    def _numbered(self, incoming: Incoming, number: int, words: str) -> Reply | None:
        choice = self.choices.recall(incoming.messenger, incoming.chat_id, number, self.clock())
        if choice is not None and words.strip() and choice.action not in prompts.ASKS_FOR_WORDS:
            # "1 chút nữa gửi" is conversation, not "1": only a report or a return takes words
            if incoming.chat_kind is ChatKind.GROUP:
                return None
            self._require(incoming)
            return say(t("bot_core.not_a_command", self.language))
        if choice is None:
            if incoming.chat_kind is ChatKind.GROUP:
                return None  # a number in the group's own conversation
            self._require(incoming)  # a stranger hears only that the chat is not linked
            return say(t("bot_core.choice.unknown", self.language, number=number))
        access = self._require(incoming)
        return self._chosen(choice, words.strip(), access, _person(incoming))

    def _chosen(self, choice: Choice, words: str, access: ChatAccess, person: Person) -> Reply:
        language, service = self.language, self.service
        if choice.kind is ChoiceKind.VIEW:
            return plain.card_reply(service.card(access, None, choice.occurrence_id), language)
        if choice.kind is ChoiceKind.PAGE:
            if choice.listing == "tiendo":
                return plain.progress_reply(service.progress(access, choice.page), language)
            found = service.listing(access, choice.listing, choice.page, choice.days)
            return plain.list_reply(found, access.unit_name, access.office, language)
        action = choice.action
        assert action is not None
        if action in prompts.ASKS_FOR_WORDS and not words:
            service.check_prompt(access, person, action, choice.occurrence_id, choice.version or 0)
            key = f"bot_core.choice.{action.value}_words"
            return say(t(key, language, number=choice.number, tag=choice.tag))
        request = prompts.request(action, words) if words else Request(action)
        acted = service.act(
            access, person, request, occurrence_id=choice.occurrence_id, version=choice.version
        )
        moved = moved_text(acted.outcome, language)
        if not acted.card.actions:
            return say(moved)
        return plain.with_choices([moved, ""], plain.card_choices(acted.card), language)


def _person(incoming: Incoming) -> Person:
    channel = Channel(incoming.messenger)
    return Person(incoming.sender_id, incoming.sender_name, incoming.chat_id, channel)
