"""The bot's unit of work: each request in its own transaction, through the CLI's services.

Handlers never hold a session: they call one method here, which reads the chat's link, checks
what the chat may see (``access``), calls the same service as the CLI (``services.tasks``,
``services.events``, ``services.links``, ``services.queries``) with the Telegram user and chat
as the actor, and returns plain values for ``views`` to word. Methods are synchronous (run
them in a worker thread from async code).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlmodel import Session

from nhacviec.bot import extensions as bot_extensions
from nhacviec.bot import listings, office_moves, prompts
from nhacviec.bot.access import (
    ChatAccess,
    check_action,
    roles_from,
    seen_roles,
)
from nhacviec.bot.cards import Card, PlanProgress, card_of, office_plans, sections_of
from nhacviec.bot.listings import TaskList
from nhacviec.bot.parsing import TaskRef
from nhacviec.bot.summary import ReportFile, summary_file, summary_plan
from nhacviec.errors import (
    ConflictError,
    Denied,
    InputError,
    NhacviecError,
    NotFoundError,
    NotLinked,
    OfficeOnly,
    RefusedError,
    TaskAmbiguous,
    TaskNotFound,
)
from nhacviec.services import events, links
from nhacviec.services import tasks as operations
from nhacviec.services.links import ChatInfo
from nhacviec.services.queries import (
    TaskFilter,
    TaskStatus,
    tally,
    task_statuses,
)
from nhacviec.services.tasks import Actor, Channel, Outcome
from nhacviec.store import tasks as stored
from nhacviec.store.models import Occurrence, Task, Unit
from workflows.calendar import WorkingCalendar
from workflows.extensions import DEFAULT_CAP
from workflows.workflow import Action, RefusalCode, Request, Role

Clock = Callable[[], datetime]
_ASKS_FOR_WORDS = {RefusalCode.MISSING_REPORT.value, RefusalCode.MISSING_REASON.value}


@dataclass(frozen=True)
class Person:
    """Who wrote or pressed, in which chat, as their messenger describes them (Telegram's ids
    are numbers, Zalo's strings)."""

    user_id: int | str
    name: str
    chat_id: int | str
    channel: Channel = Channel.TELEGRAM

    def actor(self, access: ChatAccess) -> Actor:
        prefix = "tg" if self.channel is Channel.TELEGRAM else self.channel.value
        ref = f"{prefix}:user={self.user_id};chat={self.chat_id}"
        return Actor(access.unit_id, self.channel, name=self.name[:200], ref=ref[:200])


@dataclass(frozen=True)
class Acted:
    outcome: Outcome
    card: Card


@dataclass(frozen=True)
class Answered:
    """A prompt's reply acted on: what moved, and the message whose button asked."""

    acted: Acted
    prompt: prompts.PendingPrompt


@dataclass(frozen=True)
class Redeemed:
    unit: str
    office: bool
    already: bool


class Workspace(Protocol):
    """What the bot needs of the composition root (``nhacviec.app.App`` is one): units of work
    and the working calendar, nothing else."""

    def transaction(self) -> AbstractContextManager[Session]: ...

    def reading(self) -> AbstractContextManager[Session]: ...

    @property
    def calendar(self) -> WorkingCalendar: ...


class BotService:
    def __init__(
        self,
        app: Workspace,
        clock: Clock,
        *,
        extension_cap: int = DEFAULT_CAP,
        console_url: str = "",
    ) -> None:
        self.app, self.clock = app, clock  # the clock: from the composition root, or a test's
        self.extension_cap = extension_cap  # settings.workflow.extension_cap (issue 14)
        self.console_url = console_url.rstrip("/")  # settings.web.public_url: "" if unknown

    # -- the chat ---------------------------------------------------------------------------

    def access(self, chat_id: int | str, channel: str = "telegram") -> ChatAccess | None:
        with self.app.reading() as session:
            return _access(session, str(chat_id), channel)

    def require(self, chat_id: int | str, channel: str = "telegram") -> ChatAccess:
        found = self.access(chat_id, channel)
        if found is None:
            raise NotLinked()
        return found

    def link(self, code: str, chat: ChatInfo, by: str) -> Redeemed:
        with self.app.transaction() as session:
            linked = links.redeem(session, code, chat, by=by[:300], now=self.clock())
            return Redeemed(linked.unit.name, linked.link.office, linked.already)

    # -- reading ----------------------------------------------------------------------------

    def listing(self, access: ChatAccess, listing: str, page: int = 1, days: int = 7) -> TaskList:
        now = self.clock()
        with self.app.reading() as session:
            statuses = task_statuses(session, now, listings.task_filter(listing, days))
            visible = _visible(session, access, statuses)
        found = listings.entries(listing, visible, now, days)
        shown, page, pages = listings.paginate(found, page)
        counts = tally(visible) if listing == "viec" else None
        return TaskList(listing, days, shown, page, pages, len(found), counts)

    def card(
        self, access: ChatAccess, ref: TaskRef | None = None, occurrence_id: int | None = None
    ) -> Card:
        with self.app.reading() as session:
            task, occurrence = _target(session, access, ref, occurrence_id)
            roles = _roles(session, task, access)
            if not roles:
                raise Denied()
            return card_of(session, task, occurrence, roles, self.clock())

    def progress(self, access: ChatAccess, page: int = 1) -> PlanProgress:
        if not access.office:
            raise OfficeOnly()
        now = self.clock()
        with self.app.reading() as session:
            plans = office_plans(session, access)
            if not plans:
                raise NhacviecError("bot.progress_none")
            page = min(max(page, 1), len(plans))
            plan = plans[page - 1]
            statuses = task_statuses(session, now, TaskFilter(plan_id=plan.id))
        sections = tuple(sections_of(statuses))
        return PlanProgress(plan, sections, tally(statuses), page, len(plans))

    def summary(self, access: ChatAccess, plan_id: int | None, language: str) -> ReportFile:
        """``/tonghop``: the report upward on the office's plan, now (``nhacviec.bot.summary``)."""
        return summary_file(self.app, access, plan_id, self.clock(), language)

    def summary_link(self, access: ChatAccess, plan_id: int | None) -> tuple[int, str]:
        """``/tonghop`` where no file can be sent: the plan and the console's address of its
        report (absolute with ``console_url``, else "": the console's address is unknown)."""
        plan = summary_plan(self.app, access, plan_id)
        base = self.console_url
        return plan, f"{base}/plans/{plan}/report.docx" if base else ""

    # -- acting -----------------------------------------------------------------------------

    def act(
        self,
        access: ChatAccess,
        person: Person,
        request: Request,
        *,
        ref: TaskRef | None = None,
        occurrence_id: int | None = None,
        version: int | None = None,
    ) -> Acted:
        """One workflow move by the chat's unit (``services.tasks.act``); ``occurrence_id`` and
        ``version`` come with a button, ``ref`` with a command (the current occurrence)."""
        now = self.clock()
        with self.app.transaction() as session:
            task, occurrence = _target(session, access, ref, occurrence_id)
            check_action(request.action, _roles(session, task, access), access)
            seq = occurrence.seq if occurrence_id is not None else None
            outcome = bot_extensions.apply(
                session, task, request, person.actor(access), now, seq=seq, version=version
            )
        return Acted(outcome, self._card_after(access, outcome))

    def request_extension(
        self, access: ChatAccess, person: Person, ref: TaskRef, due: date, reason: str
    ) -> bot_extensions.Asked:
        """/giahan: the chat's unit asks for a later due date; the office's chats to tell."""
        now = self.clock()
        with self.app.transaction() as session:
            task, _ = _target(session, access, ref, None)
            check_action(Action.EXTEND, _roles(session, task, access), access)
            return bot_extensions.ask(
                session, task, due, reason, person.actor(access), now, self.extension_cap
            )

    def reassign(
        self,
        access: ChatAccess,
        person: Person,
        ref: TaskRef,
        splits: tuple[tuple[str, str], ...],
        words: str,
    ) -> office_moves.Reassigned:
        """/giaolai: the office makes another unit the task's lead (``bot.office_moves``)."""
        now = self.clock()
        with self.app.transaction() as session:
            task, _ = _target(session, access, ref, None)
            check_action(Action.REASSIGN, _roles(session, task, access), access)
            actor = person.actor(access)
            return office_moves.reassign(session, task, splits, words, actor, now)

    def pause(
        self, access: ChatAccess, person: Person, action: Action, ref: TaskRef, reason: str
    ) -> Acted:
        """/tamdung, /tieptuc: the office suspends or resumes the task's current occurrence."""
        now = self.clock()
        with self.app.transaction() as session:
            task, _ = _target(session, access, ref, None)
            check_action(action, _roles(session, task, access), access)
            outcome = office_moves.pause(session, task, action, reason, person.actor(access), now)
        return Acted(outcome, self._card_after(access, outcome))

    def set_date(
        self, access: ChatAccess, person: Person, ref: TaskRef, due: date, note: str = ""
    ) -> Acted:
        now = self.clock()
        with self.app.transaction() as session:
            task, _ = _target(session, access, ref, None)
            check_action(Action.SET_DATE, _roles(session, task, access), access)
            outcome = operations.set_date(session, task, due, person.actor(access), now, note=note)
        return Acted(outcome, self._card_after(access, outcome))

    def record_event(
        self, access: ChatAccess, person: Person, name: str, day: date
    ) -> events.RecordedEvent:
        """The office records an awaited event of its own plans (``services.events``)."""
        if not access.office:
            raise OfficeOnly()
        now = self.clock()
        with self.app.transaction() as session:
            awaited = [
                event
                for event in events.awaited_events(session)
                if event.plan.office_unit_id == access.unit_id
            ]
            matched = events.match_awaited(name, awaited)
            return events.record_event(
                session,
                name,
                day,
                person.actor(access),
                now,
                self.app.calendar,
                plan_id=matched.plan.id,
            )

    # -- buttons that need words ------------------------------------------------------------

    def check_prompt(
        self, access: ChatAccess, person: Person, action: Action, occurrence_id: int, version: int
    ) -> Card:
        """Whether asking for a button's words makes sense: the chat may act, nothing changed
        since the button was drawn, and the workflow only lacks the words. Returns the card."""
        with self.app.reading() as session:
            task, occurrence = _target(session, access, None, occurrence_id)
            roles = _roles(session, task, access)
            check_action(action, roles, access)
            if occurrence.version != version:
                raise ConflictError(task.ref, occurrence.state)
            plan = stored.plan_of(session, task)
            try:
                operations.authorize(
                    session, plan, task, occurrence, person.actor(access), Request(action)
                )
            except RefusedError as refused:
                if refused.code not in _ASKS_FOR_WORDS:
                    raise
            return card_of(session, task, occurrence, roles, self.clock())

    def save_prompt(self, prompt: prompts.PendingPrompt) -> None:
        with self.app.transaction() as session:
            prompts.save(session, prompt, self.clock())

    def answer_prompt(
        self, access: ChatAccess, person: Person, message_id: int, text: str
    ) -> Answered | None:
        """Act on the reply to prompt ``message_id`` (None: no prompt there, not ours)."""
        now = self.clock()
        with self.app.transaction() as session:
            found = take_prompt(session, access, person, message_id, now)
            if found is None:
                return None
            prompt, task, occurrence = found
            outcome = bot_extensions.apply(
                session,
                task,
                prompts.request(prompt.action, text),
                person.actor(access),
                now,
                seq=occurrence.seq,
                version=prompt.version,
            )
        return Answered(Acted(outcome, self._card_after(access, outcome)), prompt)

    def _card_after(self, access: ChatAccess, outcome: Outcome) -> Card:
        with self.app.reading() as session:
            task = session.get(Task, outcome.task.id)
            occurrence = session.get(Occurrence, outcome.occurrence.id)
            assert task is not None
            assert occurrence is not None
            return card_of(session, task, occurrence, _roles(session, task, access), self.clock())


# -- helpers (a session in hand) ----------------------------------------------------------------


def _access(session: Session, chat_id: str, channel: str = "telegram") -> ChatAccess | None:
    link = links.active_link(session, chat_id, channel)
    if link is None:
        return None
    unit = session.get(Unit, link.unit_id)
    assert unit is not None
    return ChatAccess(chat_id, link.unit_id, unit.name, link.office)


def _visible(
    session: Session, access: ChatAccess, statuses: Sequence[TaskStatus]
) -> list[TaskStatus]:
    """The statuses of tasks the chat's unit leads or partners, or whose plan it is office of."""
    ids = {status.view.task.id for status in statuses if status.view.task.id is not None}
    named = stored.units_of_tasks(session, ids)
    empty = stored.TaskUnits(frozenset(), frozenset())
    return [
        status
        for status in statuses
        if roles_from(
            named.get(status.view.task.id or 0, empty), status.view.plan.office_unit_id, access
        )
    ]


def take_prompt(
    session: Session, access: ChatAccess, person: Person, message_id: int, now: datetime
) -> tuple[prompts.PendingPrompt, Task, Occurrence] | None:
    """The prompt ``message_id`` asked (taken: answered), its task and occurrence, the chat's
    right to the move checked; None if that message asked nothing."""
    prompt = prompts.take(session, str(person.chat_id), message_id, str(person.user_id), now)
    if prompt is None:
        return None
    task, occurrence = _target(session, access, None, prompt.occurrence_id)
    check_action(prompt.action, _roles(session, task, access), access)
    return prompt, task, occurrence


def _roles(session: Session, task: Task, access: ChatAccess) -> frozenset[Role]:
    plan = stored.plan_of(session, task)
    return seen_roles(operations.roles_of(session, task, plan, access.unit_id), access)


def _target(
    session: Session, access: ChatAccess, ref: TaskRef | None, occurrence_id: int | None
) -> tuple[Task, Occurrence]:
    """The task (and occurrence) a command or a button is about."""
    if occurrence_id is not None:
        found = stored.details_of(session, [occurrence_id]).get(occurrence_id)
        if found is None:
            raise NotFoundError("bot.button_gone")
        return found
    assert ref is not None
    task = _find(session, access, ref)
    return task, operations.pick_occurrence(session, task, None)


def _find(session: Session, access: ChatAccess, ref: TaskRef) -> Task:
    """``services.tasks.find_task``; a ref several plans share is narrowed to the chat's own."""
    try:
        return operations.find_task(session, ref.target, ref.plan_id)
    except TaskNotFound:
        raise NotFoundError("bot.task_not_found", target=_shown_ref(ref)) from None
    except TaskAmbiguous:
        pass  # narrowed below
    mine = [
        task
        for task in stored.find_tasks_by_ref(session, ref.target, ref.plan_id)
        if _roles(session, task, access)
    ]
    if len(mine) == 1:
        return mine[0]
    raise InputError("bot.task_ambiguous", ref=ref.target)


def _shown_ref(ref: TaskRef) -> str:
    return f"{ref.plan_id}/{ref.target}" if ref.plan_id else ref.target
