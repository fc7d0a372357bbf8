"""The ``getUpdates`` long poll for Zalo: each text answered by a ``Responder`` (the bot core's
replies, as messages of at most 2,000 characters), each message sent back as plain text.

Zalo's ``getUpdates`` has no offset: an update is served once. ``poll_once`` asks once and
answers what came (a test's or cron's "run once and return"); ``run`` polls until told to stop,
waiting ``retry_s`` after a failure (Zalo down, the token rejected) so a broken network does not
spin. Updates are handled one at a time, in order; a failure to answer one is logged and the
loop goes on (the person may write again).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from nhacviec.zalo.responder import Responder
from nhacviec.zalo.updates import incoming_text
from notifiers.zalo.api import ZaloApiError, ZaloBotApi, ZaloNetworkError

log = logging.getLogger(__name__)


class ZaloPoller:
    def __init__(
        self,
        api: ZaloBotApi,
        responder: Responder,
        *,
        poll_timeout_s: int = 30,
        retry_s: float = 5.0,
    ) -> None:
        self.api, self.responder = api, responder
        self.poll_timeout_s = poll_timeout_s
        self.retry_s = retry_s

    async def poll_once(self, timeout_s: int | None = None) -> int:
        """One long poll (``timeout_s``, default the poller's); how many texts were answered."""
        updates = await self.api.get_updates(
            self.poll_timeout_s if timeout_s is None else timeout_s
        )
        answered = 0
        for update in updates:
            answered += await self.answer(update)
        return answered

    async def answer(self, update: dict[str, Any]) -> bool:
        """Answer one update (a text: the responder's reply, sent back); whether it was one."""
        incoming = incoming_text(update)
        if incoming is None:
            return False
        reply = await asyncio.to_thread(self.responder.answer, incoming)
        if not reply:
            return False
        try:
            for part in reply:
                await self.api.send_message(incoming.chat_id, part)
        except (ZaloApiError, ZaloNetworkError) as exc:
            log.warning("zalo reply failed", extra={"reason": self.api.scrub(str(exc))})
            return False
        return True

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until ``stop`` is set."""
        while not stop.is_set():
            try:
                await self.poll_once()
            except (ZaloApiError, ZaloNetworkError) as exc:
                log.warning("zalo getUpdates failed", extra={"reason": self.api.scrub(str(exc))})
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.retry_s)
