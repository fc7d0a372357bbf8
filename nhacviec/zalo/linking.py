"""What the bot answers on Zalo until it takes commands there: an invite code links the chat,
anything else gets a polite sentence (in a group, only commands and codes are answered: the
group's own conversation is not the bot's). A stranger learns nothing: a wrong code gets the one
sentence every unusable code gets, any other text the invitation to send a code."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Protocol

from sqlmodel import Session

from nhacviec.errors import InputError
from nhacviec.i18n import translate
from nhacviec.i18n.errors import render_error
from nhacviec.services import links
from nhacviec.zalo.updates import IncomingText

CHANNEL = "zalo"
_START = re.compile(r"/start(?:@\S+)?(?:\s+(?P<code>.*))?", re.IGNORECASE | re.DOTALL)


class Workspace(Protocol):
    """What the responder needs of the composition root."""

    def transaction(self) -> AbstractContextManager[Session]: ...

    def reading(self) -> AbstractContextManager[Session]: ...


class Responder(Protocol):
    """Answers one text (``None``: no answer); the bot core will implement this for Zalo too."""

    def answer(self, incoming: IncomingText) -> str | None: ...


def invite_code(text: str) -> str | None:
    """The invite code ``text`` carries: ``/start <code>`` or the bare code (dashes, spaces and
    case as a person types them); ``None`` when it carries none."""
    started = _START.fullmatch(text.strip())
    if started is not None:
        return (started.group("code") or "").strip()
    bare = links.normalise_code(text)
    if len(bare) == links.CODE_LENGTH and all(c in links.CODE_ALPHABET for c in bare):
        return bare
    return None


class LinkingResponder:
    """Links a chat that sends an invite code; answers every other text politely."""

    def __init__(self, app: Workspace, clock: Callable[[], datetime], language: str) -> None:
        self.app, self.clock, self.language = app, clock, language

    def answer(self, incoming: IncomingText) -> str | None:
        """The reply; ``None`` for a group's own conversation (neither a command nor a code:
        the bot stays quiet there, as a Telegram bot in privacy mode does)."""
        code = invite_code(incoming.text)
        if code:
            return self._link(code, incoming)
        if code is None and incoming.chat_type == "group" and not incoming.text.startswith("/"):
            return None
        linked = self._linked(incoming.chat_id)
        return self._t("zalo.link.not_yet" if linked else "zalo.link.welcome")

    def _link(self, code: str, incoming: IncomingText) -> str:
        chat = links.ChatInfo(incoming.chat_id, incoming.chat_type, "", channel=CHANNEL)
        by = f"{incoming.sender_name} (zalo:{incoming.sender_id})"[:300]
        try:
            with self.app.transaction() as session:
                found = links.redeem(session, code, chat, by=by, now=self.clock())
                unit, office, already = found.unit.name, found.link.office, found.already
        except InputError as error:
            return render_error(error, self.language)
        if already:
            return self._t("zalo.link.already", unit=unit)
        return self._t("zalo.link.linked_office" if office else "zalo.link.linked", unit=unit)

    def _linked(self, chat_id: str) -> bool:
        with self.app.reading() as session:
            return links.active_link(session, chat_id, CHANNEL) is not None

    def _t(self, key: str, **values: object) -> str:
        return translate(key, self.language, **values)
