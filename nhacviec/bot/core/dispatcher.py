"""The bot core's decisions, for any messenger, and its plain-text face.

``BotCore`` decides, in one place, what a chat is told (``answers``):

- an invite code (``/start <mã>``, or the bare code as people paste it) links the chat to the
  unit (``services.links``, the messenger's name as the link's channel);
- a command: parsed (``parsing``), the chat's link read and its rights checked (``access``,
  ``BotService``), the use case called, a refusal worded (``wording.error_text``);
- a choice (a pressed button, a number answered): a move, a card, another page, or a question
  for the words the move needs; the words then answer it (a prompt's reply, "2 <words>").

``ChatCore`` is the face for messengers without buttons (Zalo): a number ("1", or "2 <words>"
for a move that needs words) recalls the choice it stood for (``ChoiceBook``), and every answer
is written as plain text with numbered choices (``plain``). A chat nobody linked is told the
one ``bot.not_linked`` sentence for anything but a code; in a group, text that is neither a
command, a code nor a live number is the group's own conversation and gets no answer (``None``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime

from nhacviec.bot import parsing, prompts
from nhacviec.bot.access import ChatAccess, may_use
from nhacviec.bot.core import plain
from nhacviec.bot.core.answers import (
    Answer,
    CardShown,
    FileMade,
    HelpShown,
    ListShown,
    Moved,
    PlanDecided,
    PlanRead,
    ProgressShown,
    Refused,
    Said,
    WordsAsked,
)
from nhacviec.bot.core.choices import ChoiceBook
from nhacviec.bot.core.messages import Choice, ChoiceKind, Incoming, Reply
from nhacviec.bot.documents import DocumentService
from nhacviec.bot.evidence_service import EvidenceBotService
from nhacviec.bot.extensions import asked_text
from nhacviec.bot.listings import LISTINGS
from nhacviec.bot.office_moves import due_now_text, reassigned_text
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
from nhacviec.services.evidence import Upload
from nhacviec.services.links import ChatInfo
from nhacviec.services.tasks import Channel
from workflows.workflow import Action, Request

_START = re.compile(r"/start(?:@\S+)?(?:\s+(?P<code>.*))?", re.IGNORECASE | re.DOTALL)
_NUMBER = re.compile(r"([0-9]{1,3})(?:[.)]?\s+(?P<words>.+))?", re.DOTALL)
_SENDER_PREFIX = {"telegram": "tg"}  # how a link's "by" names a messenger's user


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


class BotCore:
    """What the bot answers, whatever the messenger (``incoming.messenger``: the channel the
    chat's link is under). Synchronous and database-bound: run it in a worker thread.

    ``sends_files``: whether the messenger can carry a file (``/tonghop``'s report); else the core
    says so in a sentence instead of making the file."""

    def __init__(
        self,
        service: BotService,
        language: str,
        *,
        sends_files: bool = True,
        evidence: EvidenceBotService | None = None,
        documents: DocumentService | None = None,
    ) -> None:
        self.service, self.language, self.sends_files = service, language, sends_files
        self.evidence = evidence  # partner requests and evidence files (issue 12)
        self.documents = documents  # plan files sent to the office's chat

    # -- commands ----------------------------------------------------------------------------

    def command(self, incoming: Incoming, files: Sequence[Upload] = ()) -> Answer | None:
        """The answer to a text (a command, an invite code, or plain text); ``None`` when it is
        not the bot's to answer (a group's conversation, a command for another bot).
        ``files``: what came with it (``/traloi``'s evidence, see ``takes_files``)."""
        try:
            return self._command(incoming, files)
        except NhacviecError as error:
            return Refused(error_text(error, self.language))

    def takes_files(self, incoming: Incoming) -> bool:
        """Whether the files sent with ``incoming`` would be kept (the answer to a partner
        request, from a linked chat): the adapter fetches them only then."""
        parsed = parsing.parse(incoming.text.strip(), incoming.bot_username)
        if not isinstance(parsed, parsing.AnswerRequest) or self.evidence is None:
            return False
        return self.linked(incoming)

    def _command(self, incoming: Incoming, files: Sequence[Upload]) -> Answer | None:
        text = incoming.text.strip()
        parsed = parsing.parse(text, incoming.bot_username)
        if isinstance(parsed, parsing.NotACommand) and parsing.spec_of(text) is not None:
            return None  # "/viec@another_bot": for another bot
        code = invite_code(text)
        if code:
            return self._link(code, incoming)
        if isinstance(parsed, parsing.NotACommand):
            if incoming.group:
                return None
            self.require(incoming)
            return Said(t("bot_core.not_a_command", self.language))
        access = self.require(incoming)
        spec = parsing.spec_of(text)
        if isinstance(parsed, parsing.Unknown) or spec is None:
            return Said(t("bot.unknown_command", self.language))
        if not may_use(spec, access):
            raise OfficeOnly()
        if isinstance(parsed, parsing.Malformed):
            return Said(usage_text(spec.usage(self.language), self.language))
        if isinstance(parsed, parsing.AskPartner | parsing.AnswerRequest):
            return self._request(parsed, access, person_of(incoming), files)
        return self._understood(parsed, access, person_of(incoming))

    def linked(self, incoming: Incoming) -> bool:
        """Whether the chat is linked to a unit (an adapter fetches nothing for a stranger)."""
        return self.service.access(incoming.chat_id, incoming.messenger) is not None

    def require(self, incoming: Incoming) -> ChatAccess:
        """The chat's link, or ``NotLinked`` (the one sentence a stranger hears)."""
        return self.service.require(incoming.chat_id, incoming.messenger)

    def _link(self, code: str, incoming: Incoming) -> Answer:
        info = ChatInfo(
            incoming.chat_id,
            incoming.chat_kind.value,
            incoming.chat_title,
            channel=incoming.messenger,
        )
        prefix = _SENDER_PREFIX.get(incoming.messenger, incoming.messenger)
        by = f"{incoming.sender_name} ({prefix}:{incoming.sender_id})"
        return Said(linked_text(self.service.link(code, info, by), self.language))

    def _understood(self, parsed: parsing.Parsed, access: ChatAccess, person: Person) -> Answer:
        language, service = self.language, self.service
        match parsed:
            case parsing.Start():
                return Said(t("bot.start.already", language, unit=access.unit_name))
            case parsing.Help():
                return HelpShown(access.office)
            case parsing.ListTasks(listing=listing, days=days):
                found = service.listing(access, listing, 1, days)
                return ListShown(found, access.unit_name, access.office)
            case parsing.ShowTask(ref=ref):
                return CardShown(service.card(access, ref))
            case parsing.ActOnTask(action=action, ref=ref, note=note, evidence=evidence):
                request = Request(action, note=note, evidence=evidence)
                acted = service.act(access, person, request, ref=ref)
                return Said(moved_text(acted.outcome, language))
            case parsing.SetDate(ref=ref, due=due, note=note):
                acted = service.set_date(access, person, ref, due, note)
                return Said(moved_text(acted.outcome, language))
            case parsing.AskExtension(ref=ref, due=due, reason=reason):  # issue 14
                # the office hears of it from the scheduler: an action item with its choices
                asked = service.request_extension(access, person, ref, due, reason)
                return Said(asked_text(asked, language))
            case parsing.Reassign(ref=ref, splits=splits, words=words):  # issue 14, the office
                reassigned = service.reassign(access, person, ref, splits, words)
                return Said(reassigned_text(reassigned, language))
            case parsing.Pause(action=action, ref=ref, reason=reason):
                acted = service.pause(access, person, action, ref, reason)
                said = moved_text(acted.outcome, language)
                if action is Action.RESUME:
                    said = " ".join(filter(None, (said, due_now_text(acted.outcome, language))))
                return Said(said)
            case parsing.RecordEvent(name=name, day=day):
                return Said(event_text(service.record_event(access, person, name, day), language))
            case parsing.Progress():
                return ProgressShown(service.progress(access))
            case parsing.Summary(plan=plan):
                if not access.office:
                    raise OfficeOnly()
                if not self.sends_files:
                    # a messenger that carries no files gets the console's link to the report
                    plan_name, url = service.summary_link(access, plan)
                    if url:
                        return Said(t("bot_core.summary_link", language, plan=plan_name, url=url))
                    return Said(t("bot_core.summary_console", language, plan=plan_name))
                made = service.summary(access, plan, language)
                return FileMade(made.name, made.content, made.caption)
        raise AssertionError(f"unhandled command {parsed!r}")

    def _request(
        self,
        parsed: parsing.AskPartner | parsing.AnswerRequest,
        access: ChatAccess,
        person: Person,
        files: Sequence[Upload],
    ) -> Answer:
        """A partner request asked or answered (issue 12)."""
        language = self.language
        if self.evidence is None:
            return Said(t("bot_faces.no_requests", language))
        if isinstance(parsed, parsing.AskPartner):
            done = self.evidence.ask(access, person, parsed)
            due = f"{parsed.due:%d/%m/%Y}"
            ref = done.task.ref
            return Said(t("evidence.bot.asked", language, partner=parsed.partner, ref=ref, due=due))
        done = self.evidence.answer(access, person, parsed, list(files))
        count = len(files)
        return Said(t("evidence.bot.answered_done", language, ref=done.task.ref, count=count))

    # -- plan files sent to the office's chat -------------------------------------------------

    def may_send_plan(self, incoming: Incoming) -> Refused | None:
        """``None`` when the chat may send a plan file (the office's linked chat: the adapter
        fetches the file only then); else the refusal to answer with."""
        access = self.service.access(incoming.chat_id, incoming.messenger)
        if access is None or not access.office or self.documents is None:
            return Refused(t("bot.document.office_only", self.language))
        return None

    def read_plan(self, incoming: Incoming, name: str, content: bytes) -> Answer:
        """A plan file sent by the office: read and kept until decided (or known already)."""
        try:
            refused = self.may_send_plan(incoming)
            if refused is not None:
                return refused
            assert self.documents is not None
            access = self.require(incoming)
            person = person_of(incoming)
            return PlanRead(self.documents.preview(access, person, name, content))
        except NhacviecError as error:
            return Refused(error_text(error, self.language))

    def decide_plan(self, incoming: Incoming, document_id: int | None, accept: bool) -> Answer:
        """Import (``accept``) or drop a kept plan file (``None``: a decision the core cannot
        read)."""
        try:
            access = self.require(incoming)
            if document_id is None or self.documents is None:
                raise NhacviecError("bot.button_gone")
            person = person_of(incoming)
            return PlanDecided(self.documents.decide(access, person, document_id, accept))
        except NhacviecError as error:
            return Refused(error_text(error, self.language))

    # -- choices -----------------------------------------------------------------------------

    def choose(self, incoming: Incoming, choice: Choice | None, words: str = "") -> Answer:
        """The answer to a choice made (``None``: a choice the core cannot read, e.g. a button
        it never drew), with the words that came with it ("2 <words>"; "" for none)."""
        try:
            access = self.require(incoming)
            if choice is None:
                raise NhacviecError("bot.button_gone")
            return self._chosen(choice, words.strip(), access, person_of(incoming))
        except NhacviecError as error:
            return Refused(error_text(error, self.language))

    def _chosen(self, choice: Choice, words: str, access: ChatAccess, person: Person) -> Answer:
        service = self.service
        if choice.kind is ChoiceKind.VIEW:
            return CardShown(service.card(access, None, choice.occurrence_id))
        if choice.kind is ChoiceKind.PAGE:
            if choice.listing == "tiendo":
                return ProgressShown(service.progress(access, choice.page))
            if choice.listing not in LISTINGS:
                raise NhacviecError("bot.button_gone")
            days = min(max(choice.days or parsing.DEFAULT_DAYS, 1), parsing.MAX_DAYS)
            found = service.listing(access, choice.listing, choice.page, days)
            return ListShown(found, access.unit_name, access.office)
        action = choice.action
        assert action is not None
        if action in prompts.ASKS_FOR_WORDS and not words:
            card = service.check_prompt(
                access, person, action, choice.occurrence_id, choice.version or 0
            )
            return WordsAsked(action, card, choice)
        request = prompts.request(action, words) if words else Request(action)
        acted = service.act(
            access, person, request, occurrence_id=choice.occurrence_id, version=choice.version
        )
        return Moved(moved_text(acted.outcome, self.language), acted)

    def save_question(self, question: prompts.PendingPrompt) -> None:
        """Keep a question asked for a move's words until its reply (``answer_words``)."""
        self.service.save_prompt(question)

    def answer_words(
        self, incoming: Incoming, question_id: int, files: Sequence[Upload] = ()
    ) -> Answer | None:
        """The reply (``incoming.text``, and ``files`` sent with it: a report's evidence) to
        the question ``question_id`` asked: the move made with those words; ``None`` when that
        message asked nothing."""
        try:
            access = self.require(incoming)
            person = person_of(incoming)
            if files and self.evidence is not None:
                answered = self.evidence.report_with_files(
                    access, person, question_id, incoming.text, list(files)
                )
            else:
                answered = self.service.answer_prompt(access, person, question_id, incoming.text)
        except NhacviecError as error:
            return Refused(error_text(error, self.language))
        if answered is None:
            return None
        text = moved_text(answered.acted.outcome, self.language)
        if files:
            text += "\n" + t("evidence.bot.reported_files", self.language, count=len(files))
        return Moved(text, answered.acted, answered.prompt)


def person_of(incoming: Incoming) -> Person:
    """Who wrote, as the use cases name an actor."""
    channel = Channel(incoming.messenger)
    return Person(incoming.sender_id, incoming.sender_name, incoming.chat_id, channel)


class ChatCore:
    """The bot on a messenger without buttons (``messenger``: the channel its links are under):
    the core's answers as plain text, numbered choices remembered for the chat."""

    def __init__(
        self,
        service: BotService,
        language: str,
        clock: Callable[[], datetime],
        choices: ChoiceBook | None = None,
        *,
        evidence: EvidenceBotService | None = None,
    ) -> None:
        self.service, self.language, self.clock = service, language, clock
        self.choices = choices if choices is not None else ChoiceBook()
        self.core = BotCore(service, language, sends_files=False, evidence=evidence)

    def answer(self, incoming: Incoming) -> Reply | None:
        """The reply to ``incoming`` (synchronous, database-bound: run it in a worker thread);
        ``None`` when the text is not the bot's to answer. The choices a reply offers are
        remembered for the chat."""
        answer = self.decide(incoming)
        if answer is None:
            return None
        reply = plain.render(answer, self.language)
        if reply.choices:
            self.choices.remember(incoming.messenger, incoming.chat_id, reply.choices, self.clock())
        return reply

    def decide(self, incoming: Incoming) -> Answer | None:
        """What the core answers ``incoming``: a number as the choice it stands for, anything
        else as a text (``BotCore.command``); ``None``: not the bot's to answer."""
        try:
            text = incoming.text.strip()
            number = _NUMBER.fullmatch(text)
            if number is not None and not invite_code(text):
                return self._numbered(incoming, int(number.group(1)), number.group("words") or "")
            return self.core.command(incoming)
        except NhacviecError as error:
            return Refused(error_text(error, self.language))

    def _numbered(self, incoming: Incoming, number: int, words: str) -> Answer | None:
        choice = self.choices.recall(incoming.messenger, incoming.chat_id, number, self.clock())
        if choice is not None and words.strip() and choice.action not in prompts.ASKS_FOR_WORDS:
            # "1 chút nữa gửi" is conversation, not "1": only a report or a return takes words
            if incoming.group:
                return None
            self.core.require(incoming)
            return Said(t("bot_core.not_a_command", self.language))
        if choice is None:
            if incoming.group:
                return None  # a number in the group's own conversation
            self.core.require(incoming)  # a stranger hears only that the chat is not linked
            return Said(t("bot_core.choice.unknown", self.language, number=number))
        return self.core.choose(incoming, choice, words)
