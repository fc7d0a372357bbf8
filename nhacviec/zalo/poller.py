"""The ``getUpdates`` long poll for Zalo: each text answered by a ``Responder`` (the bot core's
replies, as messages of at most 2,000 characters), each message sent back as plain text.

Zalo's ``getUpdates`` has no offset: an update is served once. ``poll_once`` asks once and
answers what came (a test's or cron's "run once and return"); ``run`` polls until told to stop,
waiting ``retry_s`` after a failure (Zalo down, the token rejected) so a broken network does not
spin. Updates are handled one at a time, in order; a failure to answer one is logged and the
loop goes on (the person may write again).

Several services on one PostgreSQL database poll from one leader, as the Telegram bot does
(``scheduler.leader``; the lock is the Zalo bot's own): Zalo would split the updates between
two pollers, and each instance's replies would then interleave out of order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from nhacviec.zalo.responder import Responder
from nhacviec.zalo.updates import incoming_file, incoming_text
from notifiers.zalo.api import ZaloApiError, ZaloBotApi, ZaloNetworkError
from scheduler.leader import Leadership, SoleLeadership

log = logging.getLogger(__name__)


class ZaloPoller:
    def __init__(
        self,
        api: ZaloBotApi,
        responder: Responder,
        *,
        poll_timeout_s: int = 30,
        retry_s: float = 5.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.api, self.responder = api, responder
        self.poll_timeout_s = poll_timeout_s
        self.retry_s = retry_s
        # Whether this instance polls now (``None``: not running); ``leads``/``follows`` are
        # set while it leads/follows (a test or a probe awaits them).
        self.leading: bool | None = None
        self.leads, self.follows = asyncio.Event(), asyncio.Event()
        # When Zalo last answered a getUpdates (``nhacviec status``), on ``clock``.
        self.clock = clock
        self.polled_at: datetime | None = None

    async def poll_once(self, timeout_s: int | None = None) -> int:
        """One long poll (``timeout_s``, default the poller's); how many texts were answered."""
        updates = await self.api.get_updates(
            self.poll_timeout_s if timeout_s is None else timeout_s
        )
        if self.clock is not None:
            self.polled_at = self.clock()
        answered = 0
        for update in updates:
            answered += await self.answer(update)
        return answered

    async def answer(self, update: dict[str, Any]) -> bool:
        """Answer one update (a text: the responder's reply; a photo or file: where files go),
        sent back; whether it was answered."""
        incoming = incoming_text(update)
        if incoming is not None:
            chat_id = incoming.chat_id
            reply = await asyncio.to_thread(self.responder.answer, incoming)
        else:
            sent_file = incoming_file(update)
            if sent_file is None:
                return False
            chat_id = sent_file.chat_id
            reply = self.responder.answer_file(sent_file)
        if not reply:
            return False
        try:
            for part in reply:
                await self.api.send_message(chat_id, part)
        except (ZaloApiError, ZaloNetworkError) as exc:
            log.warning("zalo reply failed", extra={"reason": self.api.scrub(str(exc))})
            return False
        return True

    async def run(self, stop: asyncio.Event, leadership: Leadership | None = None) -> None:
        """Poll until ``stop`` is set, while this instance leads (``leadership``: of several
        services on one PostgreSQL database, one polls; none, or SQLite: always). The lead is
        checked before each long poll; a follower tries again every ``retry_s``, so when the
        leader dies (its session ends, the lock is free) another takes over. The lead is given
        up on stop."""
        leadership = leadership if leadership is not None else SoleLeadership()
        try:
            while not stop.is_set():
                if not await leadership.try_lead():
                    self._lead(False)
                    await _wait(stop, self.retry_s)
                    continue
                self._lead(True)
                try:
                    await self.poll_once()
                except (ZaloApiError, ZaloNetworkError) as exc:
                    log.warning(
                        "zalo getUpdates failed", extra={"reason": self.api.scrub(str(exc))}
                    )
                    await _wait(stop, self.retry_s)
        finally:
            await leadership.resign()
            self._lead(None)

    def _lead(self, leading: bool | None) -> None:
        """Record (and log) a change: leading, following, or neither (stopped)."""
        if leading == self.leading:
            return
        self.leading = leading
        if leading is True:
            log.info("zalo bot polling")
        elif leading is False:
            log.info("zalo bot following: another instance polls")
        for event, wanted in ((self.leads, True), (self.follows, False)):
            if leading is wanted:
                event.set()
            else:
                event.clear()


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
