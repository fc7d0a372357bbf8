"""A loopback Zalo Bot API server: what the Zalo tests and the demo talk to.

Built from the documented API (bot.zaloplatforms.com/docs): ``/bot<token>/<method>``, JSON in,
``{"ok": true, "result": …}`` or ``{"ok": false, "error_code": …, "description": …}`` out, for
getMe, getUpdates (a long poll: ``timeout`` in seconds as a string, default 30), setWebhook /
deleteWebhook / getWebhookInfo, sendMessage (``chat_id`` a string, ``text`` 1–2,000 characters,
else an error), sendPhoto, sendChatAction. Where the docs are silent it behaves as Zalo is seen
to in the wild, and says so:

- ``getUpdates`` returns *one* update object (documented); ``updates_as_list=True`` answers a
  list of every pending update instead (as some clients expect); an update is served once (Zalo
  has no offset); nothing within the timeout answers ``error_code`` 408 «Request timeout»;
- ``getUpdates`` while a webhook is set is refused (documented: it "does not work"; the code and
  words are ours);
- texts are counted in UTF-16 code units (the stricter reading of "2000 characters");
- the error codes for a missing chat (400), a blocked bot (403), a bad token (401) and the
  descriptions are ours: Zalo does not document them.

Use it in a test::

    @pytest.fixture
    def zalo() -> Iterator[ZaloBotServer]:
        with serve_in_thread(ZaloBotServer()) as server:
            yield server

    def test_x(zalo):
        chat = zalo.add_chat("Nguyễn Văn An")
        ... point the channel at ``zalo.base_url`` with ``zalo.token`` ...
        assert zalo.sent(chat.id)[0].text == "…"

What a test can do (every method is safe from any thread):

- the world: ``add_chat`` (a private chat, or ``group=True``), ``any_chat=True`` accepts every
  well-formed chat id (the demo); ``block`` a chat (403), ``remove_chat`` (400 not found);
- faults: ``fail(ApiError.too_many_requests(), method="sendMessage", chat_id=…, times=1)``
  scripts answers (429, 5xx, anything); ``stall(seconds, …)`` answers late (a client time-out);
  ``hang_up(…)`` drops the connection without an answer;
- what happened: ``calls(method, chat_id=…)`` every request, ``sent(chat_id)`` the accepted
  sendMessage calls; ``wait_for_calls``, ``wait_until_polling``, ``wait_until`` — never a sleep;
- updates: ``push_text(chat, "/start K7M2Q-9XDPA")``, ``push_update``; served by getUpdates or,
  once a webhook is set, POSTed to it with the ``X-Bot-Api-Secret-Token`` header
  (``webhook_posts`` records the answers).

The control endpoint (not a Zalo path), for a server run on its own: ``POST /_loopback/push``
with ``{"chat_id", "text"}`` (or ``{"update": {…}}``) queues an update; ``GET /_loopback/sent``
lists the accepted messages; ``POST /_loopback/fail`` with ``{"error_code", "description",
"method", "times"}`` scripts a fault. ``python -m tests.zalo_api --port 8082`` serves every chat;
set ``NHACVIEC_ZALO_BASE_URL=http://127.0.0.1:8082/bot`` and the token it prints.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests import loopback_api
from tests.loopback_api import (
    LoopbackServer,
    command_line,
    run_in_thread,
    serve_until_interrupted,
    take_script,
)

DEFAULT_TOKEN = "1459232241454765289:zaloLoopbackSecretForTests_0123456789abcdef"
SECRET_HEADER = "X-Bot-Api-Secret-Token"
TEXT_LIMIT = 2000  # characters of a text or a caption
_CHAT_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_ACTIONS = ("typing", "upload_photo")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def hex_id(seed: str) -> str:
    """A 20-hex-digit id, as Zalo's chat and message ids look ("e4ea2cd5189df1c3a88c")."""
    return hashlib.sha1(seed.encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Chat:
    id: str
    chat_type: str  # "PRIVATE" | "GROUP"
    display_name: str

    def to_api(self) -> dict[str, Any]:
        return {"id": self.id, "chat_type": self.chat_type}


class ApiError(Exception):
    """An answer Zalo gives instead of a result; raise it in a handler or script it."""

    def __init__(
        self, code: int, description: str, *, status: int | None = None, retry_after: int = 0
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.status = status if status is not None else (code if 400 <= code < 600 else 200)
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after:
            found["parameters"] = {"retry_after": self.retry_after}
        return found

    @classmethod
    def too_many_requests(cls, retry_after: int = 0) -> ApiError:
        return cls(429, "Too Many Requests", retry_after=retry_after)

    @classmethod
    def server_error(cls, code: int = 502) -> ApiError:
        return cls(
            code,
            {500: "Internal Server Error", 503: "Service Unavailable"}.get(code, "Bad Gateway"),
        )

    @classmethod
    def request_timeout(cls) -> ApiError:
        return cls(408, "Request timeout")

    @classmethod
    def bad_request(cls, words: str) -> ApiError:
        return cls(400, words)

    @classmethod
    def chat_not_found(cls) -> ApiError:
        return cls(400, "Chat not found")

    @classmethod
    def blocked(cls) -> ApiError:
        return cls(403, "Bot is blocked by the user")

    @classmethod
    def unauthorized(cls) -> ApiError:
        return cls(401, "Unauthorized")


@dataclass(frozen=True)
class Call(loopback_api.Call):
    """One request the server answered."""

    @property
    def text(self) -> str | None:
        text = self.params.get("text")
        return text if isinstance(text, str) else None


@dataclass
class Scripted(loopback_api.Script):
    """The next ``remaining`` matching requests (None: all) get ``error``, wait ``stall_s``
    first, or (``hang_up``) lose their connection."""

    method: str | None
    chat_id: str | None
    remaining: int | None
    error: ApiError | None = None
    stall_s: float = 0.0
    hang_up: bool = False
    when: Callable[[dict[str, Any]], bool] | None = None
    hits: int = 0


@dataclass
class Webhook:
    url: str
    secret_token: str
    updated_at: int
    last_error: str = ""


class _HangUp(Exception):
    """Drop the connection without answering."""


class ZaloBotServer(LoopbackServer[Call, Webhook]):
    """Zalo's Bot API on loopback; see the module's description."""

    SECRET_HEADER = SECRET_HEADER
    DESCRIPTION = "loopback Zalo Bot API server"

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        any_chat: bool = False,
        updates_as_list: bool = False,
        can_join_groups: bool = True,
    ) -> None:
        super().__init__(token)
        self.bot_id = token.split(":", 1)[0]
        self.any_chat = any_chat
        self.updates_as_list = updates_as_list
        self.can_join_groups = can_join_groups
        self.chats: dict[str, Chat] = {}
        self.webhook_posts: list[int] = []  # HTTP status of each webhook POST (0: no answer)
        self._scripts: list[Scripted] = []
        self._blocked: set[str] = set()
        self._numbers = itertools.count(1)
        self._methods: dict[str, Callable[[dict[str, Any]], Any]] = {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "sendmessage": self._send_message,
            "sendphoto": self._send_photo,
            "sendchataction": self._send_chat_action,
        }

    # -- lifecycle ------------------------------------------------------------------------------

    def _routes(self, app: web.Application) -> None:
        app.router.add_post("/_loopback/push", self._control_push)
        app.router.add_get("/_loopback/sent", self._control_sent)
        app.router.add_post("/_loopback/fail", self._control_fail)

    def environment(self) -> dict[str, str]:
        return {"NHACVIEC_ZALO_TOKEN": self.token, "NHACVIEC_ZALO_BASE_URL": self.base_url}

    # -- the world ------------------------------------------------------------------------------

    def add_chat(
        self,
        display_name: str = "Nguyễn Văn An",
        *,
        chat_id: str | None = None,
        group: bool = False,
    ) -> Chat:
        """A private chat with a person (or a group, ``group=True``) the bot can write to."""
        with self._lock:
            number = next(self._numbers)
            chat = Chat(
                chat_id or hex_id(f"chat:{number}:{display_name}"),
                "GROUP" if group else "PRIVATE",
                display_name,
            )
            self.chats[chat.id] = chat
            return chat

    def remove_chat(self, chat_id: str) -> None:
        with self._lock:
            self.chats.pop(chat_id, None)

    def block(self, chat_id: str) -> None:
        """The person blocked the bot: every send to the chat answers 403."""
        with self._lock:
            self._blocked.add(chat_id)

    # -- faults ---------------------------------------------------------------------------------

    def fail(
        self,
        error: ApiError,
        *,
        method: str | None = "sendMessage",
        chat_id: str | None = None,
        times: int | None = 1,
        when: Callable[[dict[str, Any]], bool] | None = None,
    ) -> Scripted:
        """Answer the next ``times`` requests matching the method, chat and ``when`` (given the
        request's parameters) with ``error``; ``times`` None: every one."""
        return self._script(Scripted(method, chat_id, times, error=error, when=when))

    def stall(
        self,
        seconds: float,
        *,
        method: str | None = "sendMessage",
        chat_id: str | None = None,
        times: int | None = 1,
    ) -> Scripted:
        """Answer the next matching requests ``seconds`` late (a client's time-out)."""
        return self._script(Scripted(method, chat_id, times, stall_s=seconds))

    def hang_up(
        self, *, method: str | None = "sendMessage", chat_id: str | None = None, times: int = 1
    ) -> Scripted:
        """Drop the connection of the next matching requests without an answer."""
        return self._script(Scripted(method, chat_id, times, hang_up=True))

    def clear_failures(self) -> None:
        """No more scripted faults: every request answered as Zalo would."""
        with self._lock:
            self._scripts.clear()

    def _script(self, script: Scripted) -> Scripted:
        with self._lock:
            self._scripts.append(script)
        return script

    # -- what happened --------------------------------------------------------------------------

    def sent(self, chat_id: str | None = None) -> list[Call]:
        """The sendMessage calls Zalo accepted (to ``chat_id``, if given), in order."""
        return [call for call in self.calls("sendMessage", chat_id=chat_id) if call.ok]

    # -- updates --------------------------------------------------------------------------------

    def push_text(
        self, chat: Chat | str, text: str, *, sender_id: str = "", sender_name: str = ""
    ) -> dict[str, Any]:
        """Someone writes ``text`` to the bot in ``chat`` (by default the chat's own person)."""
        with self._lock:
            found = (
                chat
                if isinstance(chat, Chat)
                else self.chats.get(chat) or self.add_chat(chat_id=chat)
            )
            number = next(self._numbers)
            message = {
                "message_id": hex_id(f"in:{number}"),
                "date": int(time.time() * 1000),
                "text": text,
                "chat": found.to_api(),
                "from": {
                    "id": sender_id or found.id,
                    "display_name": sender_name or found.display_name,
                },
            }
        return self.push_update({"event_name": "message.text.received", "message": message})

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates or the webhook."""
        with self._changed:
            self._updates.append(update)
            self._changed.notify_all()
        self._wake()
        return update

    # -- HTTP -----------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        arrived = time.monotonic()
        method = request.match_info["method"]
        params = await _read_params(request)
        try:
            if request.match_info["token"] != self.token:
                raise ApiError.unauthorized()
            result = await self._dispatch(method, params)
            status, payload = 200, {"ok": True, **({} if result is None else {"result": result})}
        except _HangUp:
            if request.transport is not None:
                request.transport.abort()
            self._record(Call(method, params, arrived, 0, {"ok": False}))
            return web.Response(status=204)
        except ApiError as exc:
            status, payload = exc.status, exc.payload()
        except Exception as exc:  # a bug in this server: answer, and make the test fail
            self.errors.append(exc)
            status, payload = 500, {"ok": False, "error_code": 500, "description": repr(exc)}
        self._record(Call(method, params, arrived, status, payload))
        return web.json_response(payload, status=status)

    async def _dispatch(self, method: str, params: dict[str, Any]) -> Any:
        script = self._scripted(method, params)
        if script is not None:
            if script.hang_up:
                raise _HangUp()
            if script.error is not None:
                raise script.error
            await asyncio.sleep(script.stall_s)
        handler = self._methods.get(method.lower())
        if handler is None:
            raise ApiError(404, "Method not found")
        answer = handler(params)
        if asyncio.iscoroutine(answer):
            return await answer
        return answer

    def _scripted(self, method: str, params: dict[str, Any]) -> Scripted | None:
        with self._lock:
            return take_script(self._scripts, method, params)

    async def _control_push(self, request: web.Request) -> web.Response:
        body = await request.json()
        if isinstance(body.get("update"), dict):
            update = self.push_update(body["update"])
        else:
            update = self.push_text(str(body["chat_id"]), str(body["text"]))
        return web.json_response({"ok": True, "result": update})

    async def _control_sent(self, request: web.Request) -> web.Response:
        chat = request.query.get("chat_id")
        sent = [{"chat_id": c.chat_id, "text": c.text} for c in self.sent(chat)]
        return web.json_response({"ok": True, "result": sent})

    async def _control_fail(self, request: web.Request) -> web.Response:
        body = await request.json()
        error = ApiError(int(body["error_code"]), str(body.get("description") or "Error"))
        self.fail(error, method=body.get("method", "sendMessage"), times=body.get("times", 1))
        return web.json_response({"ok": True})

    # -- the methods ----------------------------------------------------------------------------

    def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "account_name": "bot.NhacViecLoopback",
            "account_type": "BASIC",
            "can_join_groups": self.can_join_groups,
        }

    async def _get_updates(self, params: dict[str, Any]) -> Any:
        loop, event = self._loop, self._wakeup
        assert loop is not None
        assert event is not None
        timeout = params.get("timeout", "30")
        if not isinstance(timeout, str | int) or not str(timeout).isdigit():
            raise ApiError.bad_request("timeout must be a number of seconds")
        deadline = loop.time() + int(timeout)
        while True:
            event.clear()
            with self._lock:
                if self.webhook is not None:
                    raise ApiError.bad_request(
                        "getUpdates does not work while a webhook is set: call deleteWebhook"
                    )
                if self._updates:
                    if self.updates_as_list:
                        taken, self._updates = self._updates, []
                        return taken
                    return self._updates.pop(0)
            remaining = deadline - loop.time()
            if remaining <= 0 or self._closing:
                raise ApiError.request_timeout()
            await self._wait_for_wakeup(remaining)

    def _set_webhook(self, params: dict[str, Any]) -> dict[str, Any]:
        url, secret = params.get("url"), params.get("secret_token")
        if not isinstance(url, str) or not url.startswith(("https://", "http://127.0.0.1")):
            raise ApiError.bad_request("url must be an HTTPS address")
        if not isinstance(secret, str) or not 8 <= len(secret) <= 256:
            raise ApiError.bad_request("secret_token must be 8 to 256 characters")
        with self._lock:
            self.webhook = Webhook(url, secret, int(time.time() * 1000))
        self._start_webhook_delivery()
        self._wake()
        return {"url": url, "updated_at": self.webhook.updated_at}

    def _delete_webhook(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self.webhook = None
        self._wake()
        return {"url": "", "updated_at": int(time.time() * 1000)}

    def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        hook = self.webhook
        return {"url": hook.url if hook else "", "updated_at": hook.updated_at if hook else 0}

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._target(params)
        _check_text(params.get("text"), "text", required=True)
        return self._sent(chat)

    def _send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._target(params)
        photo = params.get("photo")
        if not isinstance(photo, str) or not photo.strip():
            raise ApiError.bad_request("photo is required")
        _check_text(params.get("caption"), "caption", required=False)
        return self._sent(chat)

    def _send_chat_action(self, params: dict[str, Any]) -> None:
        self._target(params)
        if params.get("action") not in _ACTIONS:
            raise ApiError.bad_request("action must be typing or upload_photo")
        return None

    # -- helpers --------------------------------------------------------------------------------

    def _target(self, params: dict[str, Any]) -> Chat:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, str) or not chat_id:
            raise ApiError.bad_request("chat_id must be a non-empty string")
        with self._lock:
            chat = self.chats.get(chat_id)
            if chat is None and self.any_chat and _CHAT_ID.fullmatch(chat_id):
                chat = self.chats[chat_id] = Chat(chat_id, "PRIVATE", f"User {chat_id}")
            if chat is None:
                raise ApiError.chat_not_found()
            if chat_id in self._blocked:
                raise ApiError.blocked()
            return chat

    def _sent(self, chat: Chat) -> dict[str, Any]:
        with self._lock:
            number = next(self._numbers)
        return {"message_id": hex_id(f"out:{chat.id}:{number}"), "date": int(time.time() * 1000)}

    def _wake(self) -> None:
        super()._wake()
        with self._changed:
            self._changed.notify_all()

    def _record_post(self, hook: Webhook, update: dict[str, Any], status: int) -> None:
        self.webhook_posts.append(status)
        if not 200 <= status < 300:
            hook.last_error = f"webhook answered {status}"


def _check_text(text: Any, name: str, *, required: bool) -> None:
    if text is None and not required:
        return
    if not isinstance(text, str) or not text.strip():
        raise ApiError.bad_request(f"{name} must be 1 to {TEXT_LIMIT} characters")
    if utf16_length(text) > TEXT_LIMIT:
        raise ApiError.bad_request(f"{name} must be 1 to {TEXT_LIMIT} characters")


async def _read_params(request: web.Request) -> dict[str, Any]:
    """The JSON body (what Zalo's docs show), else the query string and a form."""
    params: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                body = None
            params.update(body if isinstance(body, dict) else {})
        else:
            form = await request.post()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
    return params


def serve_in_thread(
    server: ZaloBotServer | None = None, *, host: str = "127.0.0.1", port: int = 0
) -> contextlib.AbstractContextManager[ZaloBotServer]:
    """``run_in_thread`` for ``server`` (by default a new one that knows no chat)."""
    return run_in_thread(server or ZaloBotServer(), host=host, port=port, name="zalo-api-loopback")


def main(argv: list[str] | None = None) -> None:
    """Serve until interrupted (every chat accepted), printing the base URL and token."""
    description = __doc__.splitlines()[0] if __doc__ else None
    parser = command_line(description, port=8082, token=DEFAULT_TOKEN)
    args = parser.parse_args(argv)
    serve_until_interrupted(ZaloBotServer(args.token, any_chat=True), args.host, args.port)


if __name__ == "__main__":
    main()


__all__ = [
    "DEFAULT_TOKEN",
    "SECRET_HEADER",
    "TEXT_LIMIT",
    "ApiError",
    "Call",
    "Chat",
    "Scripted",
    "ZaloBotServer",
    "serve_in_thread",
]
