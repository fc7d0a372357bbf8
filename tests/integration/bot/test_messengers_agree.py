"""One core, two messengers: for every command and every choice of the authorization matrix
(``test_authorization``) × every kind of chat, the bot core decides the same whether the step
entered from Telegram or from Zalo — the same answer (refused or not, with which sentence; which
list, card, progress or question; which moves offered), and the same store afterwards.

Two stores of their own, the same plan imported at the same instant: one is spoken to as
Telegram does (the loopback Bot API server's update JSON read by python-telegram-bot's
``Update``, translated by the Telegram adapter: a command's ``Incoming``, a button's callback
data decoded into the core's neutral ``Choice``, a ForceReply's reply answering the question),
the other as Zalo does (the loopback Zalo server's update read by ``incoming_text``, translated
by the Zalo responder, a number recalling its choice from the chat's ``ChoiceBook``). SQLite.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot, Update

from config.settings import Settings
from nhacviec.app import App
from nhacviec.bot.cards import Card
from nhacviec.bot.core.answers import (
    Answer,
    CardShown,
    FileMade,
    HelpShown,
    ListShown,
    Moved,
    ProgressShown,
    Refused,
    Said,
    WordsAsked,
)
from nhacviec.bot.core.choices import ChoiceBook
from nhacviec.bot.core.dispatcher import BotCore, ChatCore
from nhacviec.bot.core.messages import Choice, ChoiceKind, Incoming
from nhacviec.bot.evidence_service import EvidenceBotService
from nhacviec.bot.prompts import PendingPrompt
from nhacviec.bot.service import BotService
from nhacviec.i18n import translate
from nhacviec.store import tasks as stored
from nhacviec.telegram.callbacks import ActOn, Callback, Page, ViewCard, decode, encode
from nhacviec.telegram.handlers import choice_of, incoming_of
from nhacviec.zalo import responder
from nhacviec.zalo.updates import incoming_text
from tests.e2e.plans import snapshot, write_plan
from tests.integration.bot.harness import PlanStore
from tests.integration.bot.test_authorization import (
    KINDS,
    MATRIX,
    NOW,
    PARTNER_UNIT,
    TASK_REF,
    Kind,
    Seen,
)
from tests.telegram_api import BotApiServer
from tests.zalo_api import ZaloBotServer
from workflows.workflow import Action

WORDS = "words:Đã tổ chức 3 lớp"  # the words a question asked for, right after it was asked
STEPS = (
    "Chào cả nhà",  # the group's own conversation: no answer
    "/start",
    "/khonglenh",
    "/baocao",  # no task: the usage line
    "/xem 999",
    "/tonghop",
    f"/giahan {TASK_REF} 20/03/2026 Chờ số liệu của các huyện",
    f"/denghi {TASK_REF} {PARTNER_UNIT} 10/03/2026 Gửi số liệu lớp tập huấn",
    f"/traloi {TASK_REF} Đã gửi số liệu",
    *(step for step, _ in MATRIX[:9]),
    MATRIX[9][0],  # button:report
    WORDS,
    *(step for step, _ in MATRIX[10:]),
)


class TelegramSide(PlanStore):
    """A store spoken to through the Telegram adapter's translation."""

    def __init__(self, url: str, server: BotApiServer, now: datetime, kind: Kind) -> None:
        self.url, self.server, self.now = url, server, now
        self.app = App(Settings(database_url=url), clock=lambda: now)
        service = BotService(self.app, lambda: now)
        evidence = EvidenceBotService(self.app, service)
        self.core = BotCore(service, "vi", sends_files=True, evidence=evidence)
        self.bot = Bot(server.token, base_url=server.base_url)
        self.user = server.add_user("Người dùng thử", username="nguoidung")
        self.chat = server.add_group(f"Nhóm {kind.name}")
        self.host = self.server.push_message(self.chat, self.user, "Chào bot")["message"]
        self.asked: PendingPrompt | None = None

    def say(self, text: str) -> Answer | None:
        update = self._update(self.server.push_message(self.chat, self.user, text))
        assert update.message is not None
        assert update.message.text is not None
        return self.core.command(self._incoming(update, update.message.text))

    def press(self, callback: Callback) -> Answer:
        data = encode(callback)
        pushed = self.server.push_callback_query(
            self.chat.id, self.host["message_id"], self.user, data
        )
        update = self._update(pushed)
        assert update.callback_query is not None
        pressed = decode(update.callback_query.data or "")
        assert pressed is not None
        answer = self.core.choose(self._incoming(update, ""), choice_of(pressed))
        if isinstance(answer, WordsAsked):  # as the handlers keep the ForceReply they send
            question = self.server.push_message(self.chat, self.user, "?")["message"]
            self.asked = PendingPrompt(
                str(self.chat.id),
                question["message_id"],
                str(self.user.id),
                answer.action,
                answer.choice.occurrence_id,
                answer.choice.version or 0,
            )
            self.core.save_question(self.asked)
        return answer

    def reply(self, words: str) -> Answer | None:
        assert self.asked is not None
        pushed = self.server.push_message(
            self.chat, self.user, words, reply_to_message_id=self.asked.message_id
        )
        update = self._update(pushed)
        message = update.message
        assert message is not None
        assert message.text is not None
        assert message.reply_to_message is not None
        incoming = self._incoming(update, message.text)
        return self.core.answer_words(incoming, message.reply_to_message.message_id)

    def _update(self, pushed: dict[str, Any]) -> Update:
        update = Update.de_json(pushed, self.bot)
        assert update is not None
        return update

    def _incoming(self, update: Update, text: str) -> Incoming:
        chat, user = update.effective_chat, update.effective_user
        assert chat is not None
        assert user is not None
        return incoming_of(chat, user, text, self.server.bot.username)


class ZaloSide(PlanStore):
    """A store spoken to through the Zalo responder's translation."""

    def __init__(
        self, url: str, server: ZaloBotServer, now: datetime, kind: Kind, *, requests: bool = True
    ) -> None:
        self.url, self.server, self.now = url, server, now
        self.app = App(Settings(database_url=url), clock=lambda: now)
        self.choices = ChoiceBook()
        service = BotService(self.app, lambda: now)
        evidence = EvidenceBotService(self.app, service) if requests else None
        self.core = ChatCore(service, "vi", lambda: now, self.choices, evidence=evidence)
        self.chat = server.add_chat(f"Nhóm {kind.name}", group=True)

    def say(self, text: str) -> Answer | None:
        read = incoming_text(self.server.push_text(self.chat, text))
        assert read is not None
        return self.core.decide(responder.incoming_of(read))

    def press(self, choice: Choice) -> Answer | None:
        self.choices.remember(responder.CHANNEL, self.chat.id, [choice], self.now)
        return self.say("1")


@pytest.fixture
def sides(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    telegram: BotApiServer,
    zalo: ZaloBotServer,
) -> Iterator[tuple[TelegramSide, ZaloSide]]:
    template: Path = request.getfixturevalue("_migrated_sqlite_file")
    kind = KINDS[request.param]
    urls = []
    for name in ("telegram", "zalo"):
        shutil.copyfile(template, tmp_path / f"{name}.db")
        urls.append(f"sqlite:///{tmp_path / f'{name}.db'}")
    plan = write_plan(tmp_path, "plan.docx")
    on_telegram = TelegramSide(urls[0], telegram, NOW, kind)
    on_zalo = ZaloSide(urls[1], zalo, NOW, kind)
    for side in (on_telegram, on_zalo):
        side.import_plan(plan)
    yield on_telegram, on_zalo
    on_telegram.app.close()
    on_zalo.app.close()


@pytest.mark.parametrize("sides", range(len(KINDS)), ids=[k.name for k in KINDS], indirect=True)
def test_the_core_decides_the_same_from_either_messenger(
    sides: tuple[TelegramSide, ZaloSide],
) -> None:
    on_telegram, on_zalo = sides
    kind = next(k for k in KINDS if on_zalo.chat.display_name == f"Nhóm {k.name}")
    if kind.unit is not None:
        linked = [
            side.say(f"/start {side.invite(kind.unit, office=kind.office)}")
            for side in (on_telegram, on_zalo)
        ]
        assert linked[0] == linked[1] == Said(_linked_sentence(kind))
    assert snapshot(on_telegram.url) == snapshot(on_zalo.url)
    decided: list[str] = []
    for step in STEPS:
        before = snapshot(on_telegram.url)
        answers = _step(on_telegram, on_zalo, step)
        if answers is None:
            continue
        from_telegram, from_zalo = answers
        context = f"{kind.name}: {step}"
        if step == "/tonghop" and isinstance(from_telegram, FileMade):
            # the one difference a messenger makes: Zalo carries no file, the core says where
            # the console keeps the report (no public URL is set here)
            assert isinstance(from_zalo, Said), context
            console = translate("bot_core.summary_console", "vi", plan="\x00")
            pattern = re.escape(console).replace("\x00", "[0-9]+")
            assert re.fullmatch(pattern, from_zalo.text), context
        else:
            assert _digest(from_telegram) == _digest(from_zalo), context
        after = snapshot(on_telegram.url)
        assert after == snapshot(on_zalo.url), context  # the same store afterwards
        decided.append(type(from_telegram).__name__)
        if kind.unit is None and step != STEPS[0]:  # a stranger hears one sentence
            assert from_telegram == Refused(translate("bot.not_linked", "vi")), context
            assert after == before, context
    expected = _kinds_met(kind)
    assert expected <= set(decided), (kind.name, decided)


def test_without_partner_requests_the_core_says_so(
    database_url: str, zalo: ZaloBotServer, tmp_path: Path
) -> None:
    """A face built without the evidence service (``evidence=None``) answers /denghi and
    /traloi with one sentence, changing nothing."""
    lead = KINDS[1]
    side = ZaloSide(database_url, zalo, NOW, lead, requests=False)
    side.import_plan(write_plan(tmp_path, "plan.docx"))
    assert lead.unit is not None
    side.say(f"/start {side.invite(lead.unit)}")
    before = snapshot(database_url)
    for step in STEPS:
        if step.startswith(("/denghi", "/traloi")):
            assert side.say(step) == Said(translate("bot_faces.no_requests", "vi")), step
    assert snapshot(database_url) == before
    side.app.close()


def _step(
    on_telegram: TelegramSide, on_zalo: ZaloSide, step: str
) -> tuple[Answer | None, Answer | None] | None:
    if step == WORDS:
        if on_telegram.asked is None:
            return None  # nothing was asked: no question to reply to
        words = step.split(":", 1)[1]
        return on_telegram.reply(words), on_zalo.say(f"1 {words}")
    if not step.startswith("button:"):
        return on_telegram.say(step), on_zalo.say(step)
    callback, choice = _button(on_telegram, step.split(":")[1])
    return on_telegram.press(callback), on_zalo.press(choice)


def _button(side: TelegramSide, name: str) -> tuple[Callback, Choice]:
    """The same press as a Telegram button's data and as a Zalo chat's numbered choice."""
    with side.app.reading() as session:
        [task] = stored.find_tasks_by_ref(session, TASK_REF)
        assert task.id is not None
        [occurrence] = stored.occurrences_of(session, task.id)
        assert occurrence.id is not None
    if name == "view":
        return ViewCard(occurrence.id), Choice(1, ChoiceKind.VIEW, occurrence_id=occurrence.id)
    if name == "page":
        return Page("viec", 1), Choice(1, ChoiceKind.PAGE, listing="viec", page=1, days=7)
    action = Action(name)
    return (
        ActOn(action, occurrence.id, occurrence.version),
        Choice(1, ChoiceKind.ACT, TASK_REF, occurrence.id, action, occurrence.version),
    )


def _digest(answer: Answer | None) -> tuple[object, ...]:
    """What the core decided, without who asked from where (the actor's messenger, chat ids)."""
    match answer:
        case None:
            return ("silence",)
        case Said(text=text) | Refused(text=text):
            return (type(answer).__name__, text)
        case HelpShown(office=office):
            return ("help", office)
        case ListShown(task_list=found, unit=unit, office=office):
            entries = [(e.occurrence_id, e.group, e.item.state) for e in found.entries]
            return (
                "list",
                found.listing,
                found.page,
                found.pages,
                found.total,
                entries,
                unit,
                office,
            )
        case CardShown(card=card):
            return ("card", *_card(card))
        case ProgressShown(progress=progress):
            return ("progress", progress.page, progress.pages, progress.totals)
        case Moved(text=text, acted=acted):
            return ("moved", text, acted.outcome.move.to_state, *_card(acted.card))
        case WordsAsked(action=action, card=card, choice=choice):
            return ("asked", action, choice.occurrence_id, choice.version, *_card(card))
        case FileMade(name=name, content=content):
            return ("file", name, len(content))
    raise AssertionError(answer)


def _card(card: Card) -> tuple[object, ...]:
    """A card as decided: the task, the occurrence in focus and the moves offered on it."""
    focus = card.focus.occurrence
    return (card.task.ref, focus.id, focus.version, focus.state, tuple(card.actions))


def _linked_sentence(kind: Kind) -> str:
    key = "bot.start.linked_office" if kind.office else "bot.start.linked"
    return translate(key, "vi", unit=kind.unit)


def _kinds_met(kind: Kind) -> set[str]:
    """Answers the walk must have met (so that it compared more than refusals)."""
    if kind.unit is None:
        return {"NoneType", "Refused"}
    met = {"NoneType", "Said", "Refused", "HelpShown", "ListShown"}
    row = KINDS.index(kind)
    if any(expected[row] is Seen.SHOWN for step, expected in MATRIX if step.startswith("/xem")):
        met.add("CardShown")
    if any(expected[row] is Seen.ASKED for _, expected in MATRIX):
        met |= {"WordsAsked", "Moved"}
    return met
