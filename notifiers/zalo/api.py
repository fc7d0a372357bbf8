"""The Zalo Bot API over HTTP (httpx): one JSON POST per method, its answer read in every form
seen.

Documented (bot.zaloplatforms.com/docs): ``https://bot-api.zaloplatforms.com/bot<TOKEN>/<method>``,
a JSON body, the answer ``{"ok": true, "result": …}`` or ``{"ok": false, "error_code": …,
"description": …}``; ``getUpdates`` takes ``timeout`` in seconds *as a string* and its result is
*one* update object (``{"event_name": …, "message": {…}}``), not a list; it does not work while
a webhook is set. Not documented, handled as clients in the wild do: a ``getUpdates`` that found
nothing answers ``error_code`` 408 («Request timeout») — read as "nothing new"; a result that is a
list of updates (read as such), an empty result or ``null`` (nothing new); a 429 with or without
``parameters.retry_after``; an answer that is not JSON (a proxy's error page) — an error with its
HTTP status.

The token is part of every URL, so no error raised here carries a URL: ``ZaloApiError`` holds
Zalo's code and words, ``ZaloNetworkError`` what went wrong on the way, both with the token
scrubbed out.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from typing import Any

import httpx

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com/bot"
TOKEN_SHAPE = re.compile(r"\d+:[\w-]+")  # "{bot_id}:{secret}" as Zalo Bot Creator gives it
NOTHING_NEW = 408  # getUpdates' answer when no message came in time (seen in the wild)


class ZaloApiError(Exception):
    """Zalo answered ``ok: false`` (or something that is not an answer): its code and words."""

    def __init__(
        self, code: int, description: str, *, status: int = 0, retry_after_s: float | None = None
    ) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.status = status  # the HTTP status it came with
        self.retry_after_s = retry_after_s


class ZaloNetworkError(Exception):
    """No answer: the connection failed or the time allowed ran out (``timed_out``)."""

    def __init__(self, description: str, *, timed_out: bool = False) -> None:
        super().__init__(description)
        self.description = description
        self.timed_out = timed_out


@dataclass
class _LoopClient:
    loop: asyncio.AbstractEventLoop
    client: httpx.AsyncClient


class ZaloBotApi:
    """The methods nhacviec uses, on one ``httpx.AsyncClient`` per event loop (connections
    belong to the loop that opened them)."""

    def __init__(
        self, token: str, *, base_url: str = DEFAULT_BASE_URL, timeout_s: float = 30.0
    ) -> None:
        if not token.strip():
            raise ValueError("a Zalo bot token is required")
        self._token = token
        self.base_url = base_url
        self.timeout_s = timeout_s
        self._current: _LoopClient | None = None

    async def call(
        self, method: str, params: dict[str, Any], *, timeout_s: float | None = None
    ) -> Any:
        """POST ``params`` to ``method``; the result, or ``ZaloApiError`` / ``ZaloNetworkError``."""
        client = self._client()
        try:
            response = await client.post(
                f"{self.base_url}{self._token}/{method}",
                json=params,
                timeout=timeout_s or self.timeout_s,
            )
        except httpx.TimeoutException as exc:
            raise ZaloNetworkError(self.scrub(_words(exc, "timed out")), timed_out=True) from None
        except httpx.HTTPError as exc:
            raise ZaloNetworkError(self.scrub(_words(exc, "connection failed"))) from None
        return self._result(response)

    async def get_me(self) -> dict[str, Any]:
        found = await self.call("getMe", {})
        return found if isinstance(found, dict) else {}

    async def send_message(self, chat_id: str, text: str) -> dict[str, Any]:
        found = await self.call("sendMessage", {"chat_id": chat_id, "text": text})
        return found if isinstance(found, dict) else {}

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    async def get_updates(self, timeout_s: int) -> list[dict[str, Any]]:
        """What came in within ``timeout_s`` (a long poll): none, one or several updates."""
        try:
            found = await self.call(
                "getUpdates", {"timeout": str(timeout_s)}, timeout_s=timeout_s + 10.0
            )
        except ZaloApiError as exc:
            if exc.code == NOTHING_NEW or exc.status == NOTHING_NEW:
                return []
            raise
        except ZaloNetworkError as exc:
            if exc.timed_out:  # Zalo held the poll past our patience: nothing came
                return []
            raise
        return updates_of(found)

    async def set_webhook(self, url: str, secret_token: str) -> dict[str, Any]:
        found = await self.call("setWebhook", {"url": url, "secret_token": secret_token})
        return found if isinstance(found, dict) else {}

    async def delete_webhook(self) -> None:
        await self.call("deleteWebhook", {})

    async def get_webhook_info(self) -> dict[str, Any]:
        found = await self.call("getWebhookInfo", {})
        return found if isinstance(found, dict) else {}

    async def aclose(self) -> None:
        current, self._current = self._current, None
        if current is not None and current.loop is asyncio.get_running_loop():
            await current.client.aclose()

    def scrub(self, text: str) -> str:
        """``text`` without the token, in any case."""
        return re.sub(re.escape(self._token), "<token>", text, flags=re.IGNORECASE)

    def _client(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._current is None or self._current.loop is not loop:
            self._current = _LoopClient(loop, httpx.AsyncClient(timeout=self.timeout_s))
        return self._current.client

    def _result(self, response: httpx.Response) -> Any:
        status = response.status_code
        try:
            answer = json.loads(response.content.decode("utf-8", "replace"))
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            words = response.reason_phrase or "not a Bot API answer"
            raise ZaloApiError(status, self.scrub(words), status=status)
        if answer.get("ok") is True and 200 <= status < 300:
            return answer.get("result")
        code = answer.get("error_code")
        code = code if isinstance(code, int) else status
        description = self.scrub(str(answer.get("description") or response.reason_phrase or ""))
        retry_after = (answer.get("parameters") or {}).get("retry_after")
        retry = float(retry_after) if isinstance(retry_after, int | float) else None
        raise ZaloApiError(code, description, status=status, retry_after_s=retry)


def updates_of(result: Any) -> list[dict[str, Any]]:
    """A ``getUpdates`` result as a list: one object (documented), a list (seen), or nothing."""
    if isinstance(result, list):
        return [item for item in result if isinstance(item, dict) and item]
    if isinstance(result, dict) and ("message" in result or "event_name" in result):
        return [result]
    return []


def _words(error: httpx.HTTPError, fallback: str) -> str:
    return (
        f"{type(error).__name__}: {error}" if str(error) else f"{type(error).__name__}: {fallback}"
    )
