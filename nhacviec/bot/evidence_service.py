"""The bot's units of work for evidence files and partner requests: each request in its own
transaction, through the same use cases as the CLI and the web (``services.evidence``,
``services.partner_requests``), with the chat's unit and the Telegram user as the actor; the
chat's access is checked as ``BotService`` checks it. Methods are synchronous (run them in a
worker thread from async code)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from sqlmodel import Session

from nhacviec.bot import parsing, prompts
from nhacviec.bot.access import ChatAccess, check_action
from nhacviec.bot.service import (
    Acted,
    Answered,
    BotService,
    Person,
    _roles,
    _target,
    take_prompt,
)
from nhacviec.services import partner_requests as requests
from nhacviec.services import tasks as operations
from nhacviec.services.evidence import EvidenceStore, Upload, act_with_files
from nhacviec.services.partner_requests import RequestDone
from nhacviec.store import tasks as stored
from workflows.workflow import Action


class EvidenceWorkspace(Protocol):
    def transaction(self) -> AbstractContextManager[Session]: ...

    def reading(self) -> AbstractContextManager[Session]: ...

    @property
    def evidence(self) -> EvidenceStore: ...


class EvidenceBotService:
    """The bot's units of work for files and requests (synchronous: run in a worker thread)."""

    def __init__(self, app: EvidenceWorkspace, chats: BotService) -> None:
        self.app, self.chats = app, chats

    def report_with_files(
        self, access: ChatAccess, person: Person, message_id: int, text: str, uploads: list[Upload]
    ) -> Answered | None:
        """Act on the prompt ``message_id`` with files (None: that message asked nothing)."""
        now = self.chats.clock()
        with self.app.transaction() as session:
            found = take_prompt(session, access, person, message_id, now)
            if found is None:
                return None
            prompt, task, occurrence = found
            outcome = act_with_files(
                session,
                self.app.evidence,
                task,
                prompts.request(prompt.action, text),
                person.actor(access),
                now,
                uploads,
                occurrence_seq=occurrence.seq,
                expected_version=prompt.version,
            )
        return Answered(Acted(outcome, self.chats._card_after(access, outcome)), prompt)

    def ask(self, access: ChatAccess, person: Person, parsed: parsing.AskPartner) -> RequestDone:
        now = self.chats.clock()
        with self.app.transaction() as session:
            task, _ = _target(session, access, parsed.ref, None)
            check_action(Action.ASK, _roles(session, task, access), access)
            plan = stored.plan_of(session, task)
            partner = operations.find_unit_id(session, parsed.partner, plan)
            return requests.ask(
                session, task, partner, parsed.due, parsed.text, person.actor(access), now
            )

    def answer(
        self,
        access: ChatAccess,
        person: Person,
        parsed: parsing.AnswerRequest,
        uploads: Sequence[Upload] = (),
    ) -> RequestDone:
        now = self.chats.clock()
        with self.app.transaction() as session:
            task, _ = _target(session, access, parsed.ref, None)
            check_action(Action.ANSWER, _roles(session, task, access), access)
            return requests.answer(
                session, self.app.evidence, task, parsed.text, person.actor(access), now, uploads
            )
