"""A loopback Telegram Bot API server: what the Telegram tests, the demo and the bench talk to.

It answers like Telegram (``{"ok": true, "result": …}`` with real-looking Message, User and Chat
objects; ``{"ok": false, "error_code": …, "description": …, "parameters": …}`` on errors) on
``/bot<token>/<method>``, for: getMe, sendMessage, editMessageText, editMessageReplyMarkup,
deleteMessage, sendChatAction, getChat, answerCallbackQuery, getUpdates (long poll, ``offset``
confirms), setMyCommands / getMyCommands / deleteMyCommands, setWebhook / deleteWebhook /
getWebhookInfo, getFile (a File object; "file is too big" above the 20 MB a bot may download),
and the file downloads at ``/file/bot<token>/<file_path>``. Text is read as Telegram reads it
(``tests/telegram_text``): bad HTML is "can't parse entities", more than 4,096 characters
"message is too long".

Use it in a test::

    @pytest.fixture
    def telegram() -> Iterator[BotApiServer]:
        with serve_in_thread(BotApiServer()) as server:
            yield server

    def test_x(telegram):
        chat = telegram.add_chat(42)
        ... point the bot at ``telegram.base_url`` with ``telegram.token`` ...
        assert telegram.sent(42)[0].text == "…"

The server runs on its own event loop in a thread, so tests may call ``asyncio.run`` freely;
every method below is safe from any thread. What a test can do:

- the world: ``add_user``, ``add_private_chat``, ``add_group``, ``add_chat`` (a bare id);
  ``any_chat=True`` accepts every chat id (the demo, the bench); ``block`` a chat (403),
  ``remove_chat`` (400 chat not found);
- faults: ``fail(ApiError.too_many_requests(3), chat_id=42, times=1)`` scripts answers by
  method, chat, count and predicate; ``flood_limit("overall", 30, 1.0)`` answers 429 above a
  rate (a token bucket per scope: overall, per chat, per group);
- what happened: ``calls(method, chat_id=…)`` every request (method, params, instant, answer),
  ``sent(chat_id)`` the accepted sendMessage calls, ``messages(chat_id)`` a chat's messages as
  they stand after edits, ``callback_answers``, ``commands``, ``webhook``;
  ``downloads`` the file paths fetched from ``/file/bot…``;
  ``wait_for_calls(method, count=…)`` (and ``await calls_arrived(…)`` from async code) waits
  until requests have arrived, ``wait_until_polling()`` until a long poll waits,
  ``wait_until(condition)`` until anything else holds — never a sleep;
- updates, as Telegram would send them to the bot: ``push_message(chat, user, "/viec")``
  (``bot_command`` entities included), ``push_edited_message``, ``push_callback_query``,
  ``push_document(chat, user, "kh.docx", content)`` (a Document message; ``file_size`` may
  claim another size, as a test of the limit), ``push_update``; served by getUpdates or, once
  a webhook is set, POSTed to it with the ``X-Telegram-Bot-Api-Secret-Token`` header
  (``webhook_posts`` records the answers).

``python -m tests.telegram_api --port 8081`` runs it on its own (every chat accepted); set
``NHACVIEC_TELEGRAM_BASE_URL=http://127.0.0.1:8081/bot`` and the token it prints.
``/_loopback/stats`` (not a Telegram path) counts answers per method and status.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import web

from tests import loopback_api
from tests.loopback_api import (
    LoopbackServer,
    command_line,
    run_in_thread,
    serve_until_interrupted,
    take_script,
)
from tests.telegram_text import FormattedText, TextRefused, format_text, utf16_length

_T = TypeVar("_T")

DEFAULT_TOKEN = "7000000001:AAHloopbackTokenForTests_0123456789ab"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
FIRST_USER_ID = 100_001
SUPERGROUP_BASE = -1_000_000_000_000
GROUP_BASE = -500_000
DOWNLOAD_LIMIT = 20 * 1024 * 1024  # the largest file getFile hands a bot

# Request fields that Telegram reads as numbers, flags or JSON when a form carries them as text.
_INTEGERS = {
    "message_id",
    "offset",
    "limit",
    "timeout",
    "message_thread_id",
    "reply_to_message_id",
    "cache_time",
    "max_connections",
}
_FLAGS = {
    "disable_notification",
    "protect_content",
    "show_alert",
    "drop_pending_updates",
    "disable_web_page_preview",
    "allow_sending_without_reply",
}
_JSON = {
    "reply_markup",
    "entities",
    "allowed_updates",
    "commands",
    "scope",
    "link_preview_options",
    "reply_parameters",
}
_COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_BOT_COMMAND = re.compile(r"[a-z0-9_]{1,32}")


# -- Telegram's objects -----------------------------------------------------------------------


@dataclass(frozen=True)
class User:
    id: int
    first_name: str
    last_name: str = ""
    username: str = ""
    language_code: str = "vi"
    is_bot: bool = False

    def to_api(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "id": self.id,
            "is_bot": self.is_bot,
            "first_name": self.first_name,
        }
        for name in ("last_name", "username", "language_code"):
            if getattr(self, name):
                found[name] = getattr(self, name)
        return found


@dataclass(frozen=True)
class Chat:
    id: int
    type: str  # private, group, supergroup, channel
    title: str = ""  # groups
    first_name: str = ""  # private chats
    username: str = ""

    @property
    def is_group(self) -> bool:
        return self.type != "private"

    def to_api(self) -> dict[str, Any]:
        found: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.is_group:
            found["title"] = self.title
        else:
            found["first_name"] = self.first_name
        if self.username:
            found["username"] = self.username
        return found


class ApiError(Exception):
    """An answer Telegram gives instead of a result; raise it in a handler or script it."""

    def __init__(
        self,
        code: int,
        description: str,
        *,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    def payload(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        parameters = {
            name: value
            for name, value in (
                ("retry_after", self.retry_after),
                ("migrate_to_chat_id", self.migrate_to_chat_id),
            )
            if value is not None
        }
        if parameters:
            found["parameters"] = parameters
        return found

    @classmethod
    def too_many_requests(cls, retry_after: int) -> ApiError:
        return cls(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)

    @classmethod
    def bad_request(cls, words: str) -> ApiError:
        return cls(400, f"Bad Request: {words}")

    @classmethod
    def chat_not_found(cls) -> ApiError:
        return cls.bad_request("chat not found")

    @classmethod
    def cant_parse(cls, detail: str = 'Unsupported start tag "x" at byte offset 0') -> ApiError:
        return cls.bad_request(f"can't parse entities: {detail}")

    @classmethod
    def too_long(cls) -> ApiError:
        return cls.bad_request("message is too long")

    @classmethod
    def migrated(cls, new_chat_id: int) -> ApiError:
        return cls(
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            migrate_to_chat_id=new_chat_id,
        )

    @classmethod
    def blocked(cls) -> ApiError:
        return cls(403, "Forbidden: bot was blocked by the user")

    @classmethod
    def kicked(cls) -> ApiError:
        return cls(403, "Forbidden: bot was kicked from the group chat")

    @classmethod
    def deactivated(cls) -> ApiError:
        return cls(403, "Forbidden: user is deactivated")

    @classmethod
    def unauthorized(cls) -> ApiError:
        return cls(401, "Unauthorized")

    @classmethod
    def not_found(cls) -> ApiError:
        return cls(404, "Not Found")

    @classmethod
    def conflict(cls, words: str) -> ApiError:
        return cls(409, f"Conflict: {words}")

    @classmethod
    def bad_gateway(cls) -> ApiError:
        return cls(502, "Bad Gateway")


# -- records ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Call(loopback_api.Call):
    """One request the server answered."""

    @property
    def chat_id(self) -> int | str | None:
        return _chat_ref(self.params.get("chat_id"))

    @property
    def text(self) -> str | None:
        return self.params.get("text")

    @property
    def parse_mode(self) -> str | None:
        return self.params.get("parse_mode")


@dataclass
class Scripted(loopback_api.Script):
    """A scripted answer: the next ``remaining`` matching requests (None: all) get ``error``."""

    error: ApiError
    method: str | None
    chat_id: int | str | None
    remaining: int | None
    when: Callable[[dict[str, Any]], bool] | None
    hits: int = 0

    def _chat_of(self, params: dict[str, Any]) -> object:
        return _chat_ref(params.get("chat_id"))


@dataclass
class _Bucket:
    """A token bucket: ``count`` sends per ``per_s`` seconds, bursting up to ``count``."""

    count: int
    per_s: float
    tokens: float = 0.0
    stamp: float = 0.0

    def refill(self, now: float) -> None:
        rate = self.count / self.per_s
        self.tokens = min(float(self.count), self.tokens + (now - self.stamp) * rate)
        self.stamp = now

    def wait_s(self) -> float:
        return 0.0 if self.tokens >= 1.0 else (1.0 - self.tokens) * self.per_s / self.count


@dataclass
class Webhook:
    url: str
    secret_token: str = ""
    allowed_updates: list[str] = field(default_factory=list)
    max_connections: int = 40
    last_error: str = ""


# -- the server -------------------------------------------------------------------------------


class BotApiServer(LoopbackServer[Call, Webhook]):
    """Telegram's Bot API on loopback; see the module's description."""

    SECRET_HEADER = SECRET_HEADER

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_name: str = "Nhắc việc",
        bot_username: str = "nhacviec_loopback_bot",
        any_chat: bool = False,
    ) -> None:
        super().__init__(token)
        bot_id = int(token.split(":", 1)[0])
        self.bot = User(bot_id, bot_name, username=bot_username, language_code="", is_bot=True)
        self.any_chat = any_chat
        self.chats: dict[int, Chat] = {}
        self.users: dict[int, User] = {}
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.webhook_posts: list[tuple[int, int]] = []  # (update_id, HTTP status; 0: no answer)
        self.latency_s = 0.0  # every answer this much late (a server across a network)
        self._scripts: list[Scripted] = []
        self._blocked: dict[int, ApiError] = {}
        self._buckets: dict[str, tuple[int, float]] = {}
        self._bucket_state: dict[tuple[str, int], _Bucket] = {}
        # The flood limits' clock; a test may freeze it so a loaded machine cannot refill a bucket.
        self.flood_clock: Callable[[], float] = time.monotonic
        self._messages: dict[int, dict[int, dict[str, Any]]] = {}
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._update_ids = itertools.count(1)
        self._user_ids = itertools.count(FIRST_USER_ID)
        self._group_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._open_queries: dict[str, dict[str, Any]] = {}
        self._files: dict[str, tuple[dict[str, Any], bytes]] = {}  # file_id → (File, content)
        self._file_ids = itertools.count(1)
        self.downloads: list[str] = []  # file paths served by /file/bot<token>/<path>
        self.sent_documents: list[tuple[int, str, bytes]] = []  # the bot's files: chat, name, bytes
        self._poll_generation = 0
        self._methods: dict[str, Callable[[dict[str, Any]], Any]] = {
            "getme": self._get_me,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "deletemessage": self._delete_message,
            "sendchataction": self._send_chat_action,
            "getchat": self._get_chat,
            "answercallbackquery": self._answer_callback_query,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "getfile": self._get_file,
            "senddocument": self._send_document,
        }

    # -- lifecycle --------------------------------------------------------------------------

    def _application(self) -> web.Application:
        return web.Application(client_max_size=50 * 1024 * 1024)

    def _routes(self, app: web.Application) -> None:
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        app.router.add_get("/_loopback/stats", self._stats)

    # -- the world ----------------------------------------------------------------------------

    def add_user(
        self,
        first_name: str = "Nguyễn Văn An",
        *,
        user_id: int | None = None,
        last_name: str = "",
        username: str = "",
        language_code: str = "vi",
    ) -> User:
        with self._lock:
            user = User(
                user_id or next(self._user_ids), first_name, last_name, username, language_code
            )
            self.users[user.id] = user
            return user

    def add_private_chat(self, user: User) -> Chat:
        """The chat a user has with the bot (its id is the user's)."""
        chat = Chat(user.id, "private", first_name=user.first_name, username=user.username)
        return self._register(chat)

    def add_group(
        self, title: str, *, supergroup: bool = False, chat_id: int | None = None
    ) -> Chat:
        with self._lock:
            number = next(self._group_ids)
        base = SUPERGROUP_BASE if supergroup else GROUP_BASE
        kind = "supergroup" if supergroup else "group"
        return self._register(Chat(chat_id or base - number, kind, title=title))

    def add_chat(self, chat_id: int, *, title: str = "") -> Chat:
        """A chat known only by its id: private when positive, a group when negative."""
        if chat_id > 0:
            return self._register(Chat(chat_id, "private", first_name=title or f"User {chat_id}"))
        kind = "supergroup" if chat_id <= SUPERGROUP_BASE else "group"
        return self._register(Chat(chat_id, kind, title=title or f"Group {chat_id}"))

    def remove_chat(self, chat_id: int) -> None:
        """The chat is gone: sends to it answer "chat not found"."""
        with self._lock:
            self.chats.pop(chat_id, None)

    def block(self, chat_id: int, error: ApiError | None = None) -> None:
        """The user blocked the bot (or the group kicked it): every send answers 403."""
        with self._lock:
            chat = self.chats.get(chat_id)
            default = ApiError.kicked() if chat and chat.is_group else ApiError.blocked()
            self._blocked[chat_id] = error or default

    def unblock(self, chat_id: int) -> None:
        with self._lock:
            self._blocked.pop(chat_id, None)

    # -- faults -------------------------------------------------------------------------------

    def fail(
        self,
        error: ApiError,
        *,
        method: str | None = "sendMessage",
        chat_id: int | str | None = None,
        times: int | None = 1,
        when: Callable[[dict[str, Any]], bool] | None = None,
    ) -> Scripted:
        """Answer the next ``times`` matching requests (None: every one) with ``error``."""
        script = Scripted(error, method, chat_id, times, when)
        with self._lock:
            self._scripts.append(script)
        return script

    def clear_failures(self) -> None:
        with self._lock:
            self._scripts.clear()

    def flood_limit(self, scope: str, count: int, per_s: float) -> None:
        """Answer 429 to sends beyond ``count`` per ``per_s`` seconds (a token bucket) in
        ``scope``: "overall", "chat" (each chat) or "group" (each group chat)."""
        if scope not in ("overall", "chat", "group"):
            raise ValueError(f"unknown scope {scope!r}")
        with self._lock:
            self._buckets[scope] = (count, per_s)
            self._bucket_state = {k: v for k, v in self._bucket_state.items() if k[0] != scope}

    # -- what happened ------------------------------------------------------------------------

    def sent(self, chat_id: int | str | None = None) -> list[Call]:
        """The sendMessage calls Telegram accepted (to ``chat_id``, if given), in order."""
        return [call for call in self.calls("sendMessage", chat_id=chat_id) if call.ok]

    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """The chat's messages (the users' and the bot's) as they stand now."""
        with self._lock:
            return [_copy(m) for m in self._messages.get(chat_id, {}).values()]

    def reset_calls(self) -> None:
        with self._lock:
            self._calls.clear()

    async def calls_arrived(
        self,
        method: str | None = None,
        *,
        count: int = 1,
        within_s: float = 10.0,
        where: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """``wait_for_calls`` for async code (waits in a worker thread, the loop runs on)."""
        return await asyncio.to_thread(
            self.wait_for_calls, method, count=count, timeout=within_s, where=where
        )

    # -- updates ------------------------------------------------------------------------------

    def push_message(
        self,
        chat: Chat | int,
        user: User | int,
        text: str,
        *,
        reply_to_message_id: int | None = None,
    ) -> dict[str, Any]:
        """A user writes ``text`` in ``chat`` (commands get their ``bot_command`` entities)."""
        with self._lock:
            target, sender = self._known_chat(chat), self._known_user(user)
            extra: dict[str, Any] = {}
            entities = _command_entities(text)
            if entities:
                extra["entities"] = entities
            if reply_to_message_id is not None:
                extra["reply_to_message"] = self._message(target.id, reply_to_message_id)
            message = self._store(target, sender, text, extra)
            return self.push_update({"message": message})

    def push_document(
        self,
        chat: Chat | int,
        user: User | int,
        file_name: str,
        content: bytes,
        *,
        mime_type: str = "",
        file_size: int | None = None,
        size_in_message: bool = True,
        caption: str = "",
        reply_to_message_id: int | None = None,
    ) -> dict[str, Any]:
        """A user sends a file; ``file_size`` (default: the content's) is what Telegram says,
        in the message (unless not ``size_in_message``: the field is optional) and by getFile.
        ``reply_to_message_id``: the file answers that message (a prompt's ForceReply)."""
        with self._lock:
            target, sender = self._known_chat(chat), self._known_user(user)
            number = next(self._file_ids)
            size = len(content) if file_size is None else file_size
            file_id = f"BQACAgIAAxkBAAI{number:06d}loopback"
            unique = f"AgAD{number:06d}"
            suffix = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
            meta = {"file_id": file_id, "file_unique_id": unique, "file_size": size}
            self._files[file_id] = (
                {**meta, "file_path": f"documents/file_{number}.{suffix}"},
                content,
            )
            document = {**meta, "file_name": file_name}
            if not size_in_message:
                del document["file_size"]
            if mime_type:
                document["mime_type"] = mime_type
            extra: dict[str, Any] = {"document": document}
            if caption:
                extra["caption"] = caption
                if entities := _command_entities(caption):
                    extra["caption_entities"] = entities
            if reply_to_message_id is not None:
                extra["reply_to_message"] = self._message(target.id, reply_to_message_id)
            message = self._store(target, sender, None, extra)
            return self.push_update({"message": message})

    def push_photo(
        self,
        chat: Chat | int,
        user: User | int,
        content: bytes,
        *,
        caption: str = "",
        reply_to_message_id: int | None = None,
    ) -> dict[str, Any]:
        """A user sends a photo: Telegram hands the bot its sizes (a thumbnail and the photo),
        the largest last, each a file of its own for getFile."""
        with self._lock:
            target, sender = self._known_chat(chat), self._known_user(user)
            sizes: list[dict[str, Any]] = []
            for width, data in ((90, content[:16]), (1280, content)):
                number = next(self._file_ids)
                file_id = f"AgACAgIAAxkBAAI{number:06d}photo"
                meta: dict[str, Any] = {"file_id": file_id, "file_unique_id": f"AQAD{number:06d}"}
                meta["file_size"] = len(data)
                self._files[file_id] = ({**meta, "file_path": f"photos/file_{number}.jpg"}, data)
                sizes.append({**meta, "width": width, "height": width * 3 // 4})
            extra: dict[str, Any] = {"photo": sizes}
            if caption:
                extra["caption"] = caption
                if entities := _command_entities(caption):
                    extra["caption_entities"] = entities
            if reply_to_message_id is not None:
                extra["reply_to_message"] = self._message(target.id, reply_to_message_id)
            message = self._store(target, sender, None, extra)
            return self.push_update({"message": message})

    def push_edited_message(self, chat_id: int, message_id: int, text: str) -> dict[str, Any]:
        """A user edits one of their messages."""
        with self._lock:
            message = self._message(chat_id, message_id)
            message.update(text=text, edit_date=int(time.time()))
            message.pop("entities", None)
            if entities := _command_entities(text):
                message["entities"] = entities
            return self.push_update({"edited_message": _copy(message)})

    def push_callback_query(
        self, chat_id: int, message_id: int, user: User | int, data: str
    ) -> dict[str, Any]:
        """A user presses an inline button of the bot's message ``message_id``."""
        with self._lock:
            message = self._message(chat_id, message_id)
            query_id = str(next(self._query_ids) + 4_000_000_000_000_000)
            query: dict[str, Any] = {
                "id": query_id,
                "from": self._known_user(user).to_api(),
                "message": _copy(message),
                "chat_instance": str(abs(chat_id) * 7919),
                "data": data,
            }
            self._open_queries[query_id] = query
            return self.push_update({"callback_query": query})

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update (``update_id`` is assigned) for getUpdates or the webhook."""
        with self._changed:
            update = {"update_id": next(self._update_ids), **update}
            self._updates.append(update)
            self._changed.notify_all()
        self._wake()
        return update

    # -- HTTP ---------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        arrived = time.monotonic()
        method = request.match_info["method"]
        params = await _read_params(request)
        if self.latency_s:
            await asyncio.sleep(self.latency_s)
        try:
            if request.match_info["token"] != self.token:
                raise ApiError.unauthorized()
            result = await self._dispatch(method, params)
            status, payload = 200, {"ok": True, "result": result}
        except ApiError as exc:
            status, payload = exc.code, exc.payload()
        except Exception as exc:  # a bug in this server: answer, and make the test fail
            self.errors.append(exc)
            status, payload = 500, {"ok": False, "error_code": 500, "description": repr(exc)}
        self._record(Call(method, params, arrived, status, payload))
        return web.json_response(payload, status=status)

    async def _dispatch(self, method: str, params: dict[str, Any]) -> Any:
        with self._lock:
            self._scripted(method, params)
        if method.lower() == "getupdates":
            return await self._get_updates(params)
        handler = self._methods.get(method.lower())
        if handler is None:
            raise ApiError.not_found()
        with self._lock:
            return handler(params)

    async def _download(self, request: web.Request) -> web.Response:
        """A file's bytes at the path getFile gave (404 as Telegram for anything else)."""
        path = request.match_info["path"]
        with self._lock:
            found = next(
                (content for meta, content in self._files.values() if meta["file_path"] == path),
                None,
            )
            if request.match_info["token"] != self.token or found is None:
                return web.json_response(
                    {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
                )
            self.downloads.append(path)
        return web.Response(body=found, content_type="application/octet-stream")

    async def _stats(self, request: web.Request) -> web.Response:
        with self._lock:
            counts = Counter((call.method, call.status) for call in self._calls)
            accepted = [call.at for call in self._calls if call.method == "sendMessage" and call.ok]
        by_method: dict[str, dict[str, int]] = {}
        for (method, status), count in counts.items():
            by_method.setdefault(method, {})[str(status)] = count
        span = (accepted[-1] - accepted[0]) if len(accepted) > 1 else 0.0
        return web.json_response({"calls": by_method, "accepted": len(accepted), "span_s": span})

    def _scripted(self, method: str, params: dict[str, Any]) -> None:
        script = take_script(self._scripts, method, params)
        if script is not None:
            raise script.error

    # -- methods: messages --------------------------------------------------------------------

    def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **self.bot.to_api(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._target(params)
        formatted = self._formatted(params)
        self._take_flood_tokens(chat)
        extra: dict[str, Any] = {}
        if formatted.entities:
            extra["entities"] = formatted.entities
        for name in ("reply_markup", "link_preview_options"):
            if params.get(name) is not None:
                extra[name] = params[name]
        if "inline_keyboard" not in (extra.get("reply_markup") or {}):
            extra.pop("reply_markup", None)  # messages carry inline keyboards, not ForceReply
        return self._store(chat, self.bot, formatted.text, extra)

    def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        """A file the bot uploads (multipart); kept whole in ``sent_documents``."""
        chat = self._target(params)
        upload = params.get("document")
        if not isinstance(upload, tuple):
            raise ApiError.bad_request("there is no document in the request")
        file_name, content = upload
        self._take_flood_tokens(chat)
        number = next(self._file_ids)
        meta = {
            "file_id": f"BQACAgIAAxkBAAI{number:06d}sent",
            "file_unique_id": f"AgAD{number:06d}",
            "file_size": len(content),
            "file_name": file_name,
        }
        self.sent_documents.append((chat.id, file_name, content))
        extra: dict[str, Any] = {"document": meta}
        if params.get("caption"):
            extra["caption"] = params["caption"]
        return self._store(chat, self.bot, None, extra)

    def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._editable(params)
        formatted = self._formatted(params)
        markup = params.get("reply_markup")
        unchanged = (
            formatted.text == message.get("text")
            and formatted.entities == message.get("entities", [])
            and markup == message.get("reply_markup")
        )
        if unchanged:
            raise _not_modified()
        message.update(text=formatted.text, edit_date=int(time.time()))
        _set_or_drop(message, "entities", formatted.entities or None)
        _set_or_drop(message, "reply_markup", markup)
        return _copy(message)

    def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._editable(params)
        markup = params.get("reply_markup")
        if markup == message.get("reply_markup"):
            raise _not_modified()
        message["edit_date"] = int(time.time())
        _set_or_drop(message, "reply_markup", markup)
        return _copy(message)

    def _delete_message(self, params: dict[str, Any]) -> bool:
        chat = self._target(params)
        if self._messages.get(chat.id, {}).pop(_integer(params, "message_id"), None) is None:
            raise ApiError.bad_request("message to delete not found")
        return True

    def _send_chat_action(self, params: dict[str, Any]) -> bool:
        self._target(params)
        return True

    def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        found = self._files.get(str(params.get("file_id") or ""))
        if found is None:
            raise ApiError.bad_request("invalid file_id")
        meta, _ = found
        if meta["file_size"] > DOWNLOAD_LIMIT:
            raise ApiError.bad_request("file is too big")
        return _copy(meta)

    def _get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._target(params, for_sending=False)
        return {**chat.to_api(), "accent_color_id": 0, "max_reaction_count": 11}

    def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if self._open_queries.pop(query_id, None) is None:
            raise ApiError.bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self.callback_answers[query_id] = params
        return True

    # -- methods: commands and webhook --------------------------------------------------------

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError.bad_request("commands must be a list of at most 100 BotCommand")
        for command in commands:
            if not _BOT_COMMAND.fullmatch(str(command.get("command", ""))):
                raise ApiError.bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise ApiError.bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[_commands_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, str]]:
        return list(self.commands.get(_commands_key(params), []))

    def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(_commands_key(params), None)
        return True

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url", ""))
        if not url:
            return self._delete_webhook(params)
        if not url.startswith(("http://", "https://")):
            raise ApiError.bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = Webhook(
            url,
            str(params.get("secret_token", "")),
            list(params.get("allowed_updates") or []),
            int(params.get("max_connections", 40)),
        )
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self._start_webhook_delivery()
        self._wake()
        return True

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self._wake()
        return True

    def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        hook = self.webhook
        info: dict[str, Any] = {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if hook is not None:
            info.update(max_connections=hook.max_connections, ip_address="127.0.0.1")
            if hook.allowed_updates:
                info["allowed_updates"] = hook.allowed_updates
            if hook.last_error:
                info.update(last_error_date=int(time.time()), last_error_message=hook.last_error)
        return info

    # -- getUpdates and the webhook -----------------------------------------------------------

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        loop, event = self._loop, self._wakeup
        assert loop is not None
        assert event is not None
        with self._lock:
            if self.webhook is not None:
                raise ApiError.conflict(
                    "can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first"
                )
            self._poll_generation += 1
            generation = self._poll_generation
        event.set()  # an older poll still waiting learns it was superseded
        deadline = loop.time() + max(0.0, float(params.get("timeout") or 0))
        while True:
            event.clear()
            with self._lock:
                if generation != self._poll_generation:
                    raise ApiError.conflict(
                        "terminated by other getUpdates request; "
                        "make sure that only one bot instance is running"
                    )
                ready = self._select_updates(params)
            remaining = deadline - loop.time()
            if ready or remaining <= 0 or self._closing:
                return ready
            await self._wait_for_wakeup(remaining)

    def _select_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        limit = min(100, max(1, int(params.get("limit") or 100)))
        allowed = params.get("allowed_updates") or []
        chosen = [u for u in self._updates if not allowed or _update_type(u) in allowed]
        return _copy(chosen[:limit])

    def _record_post(self, hook: Webhook, update: dict[str, Any], status: int) -> None:
        self.webhook_posts.append((update["update_id"], status))
        if 200 <= status < 300:
            hook.last_error = ""
        else:
            hook.last_error = f"Wrong response from the webhook: {status}"

    # -- helpers ------------------------------------------------------------------------------

    def _register(self, chat: Chat) -> Chat:
        with self._lock:
            self.chats[chat.id] = chat
            return chat

    def _known_chat(self, chat: Chat | int) -> Chat:
        if isinstance(chat, Chat):
            return self.chats.get(chat.id) or self._register(chat)
        return self.chats.get(chat) or self.add_chat(chat)

    def _known_user(self, user: User | int) -> User:
        if isinstance(user, User):
            self.users.setdefault(user.id, user)
            return user
        return self.users.get(user) or self.add_user(f"User {user}", user_id=user)

    def _target(self, params: dict[str, Any], *, for_sending: bool = True) -> Chat:
        reference = _chat_ref(params.get("chat_id"))
        if reference in (None, ""):
            raise ApiError.bad_request("chat_id is empty")
        chat = self._chat_by_ref(reference)
        if chat is None:
            if not self.any_chat or not isinstance(reference, int):
                raise ApiError.chat_not_found()
            chat = self.add_chat(reference)
        if for_sending and chat.id in self._blocked:
            raise self._blocked[chat.id]
        return chat

    def _chat_by_ref(self, reference: int | str) -> Chat | None:
        if isinstance(reference, int):
            return self.chats.get(reference)
        name = reference.removeprefix("@").lower()
        return next((c for c in self.chats.values() if c.username.lower() == name), None)

    def _formatted(self, params: dict[str, Any]) -> FormattedText:
        text = params.get("text")
        if not isinstance(text, str) or not text:
            raise ApiError.bad_request("message text is empty")
        try:
            return format_text(text, params.get("parse_mode"), params.get("entities"))
        except TextRefused as exc:
            raise ApiError(400, exc.description) from exc

    def _take_flood_tokens(self, chat: Chat) -> None:
        now = self.flood_clock()
        scopes = [("overall", 0), ("chat", chat.id)] + (
            [("group", chat.id)] if chat.is_group else []
        )
        buckets = []
        for scope, key in scopes:
            if scope not in self._buckets:
                continue
            count, per_s = self._buckets[scope]
            bucket = self._bucket_state.setdefault(
                (scope, key), _Bucket(count, per_s, float(count), now)
            )
            bucket.refill(now)
            buckets.append(bucket)
        wait = max((bucket.wait_s() for bucket in buckets), default=0.0)
        if wait > 0:
            raise ApiError.too_many_requests(max(1, math.ceil(wait)))
        for bucket in buckets:
            bucket.tokens -= 1.0

    def _store(
        self, chat: Chat, sender: User, text: str | None, extra: dict[str, Any]
    ) -> dict[str, Any]:
        """A message in ``chat``; ``text`` None for one without (a file, its caption aside)."""
        ids = self._message_ids.setdefault(chat.id, itertools.count(1))
        message: dict[str, Any] = {
            "message_id": next(ids),
            "from": sender.to_api(),
            "chat": chat.to_api(),
            "date": int(time.time()),
            **({"text": text} if text is not None else {}),
            **extra,
        }
        self._messages.setdefault(chat.id, {})[message["message_id"]] = message
        return _copy(message)

    def _message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        message = self._messages.get(chat_id, {}).get(message_id)
        if message is None:
            raise KeyError(f"no message {message_id} in chat {chat_id}")
        return message

    def _editable(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("inline_message_id"):
            raise ApiError.bad_request("inline messages are not served by the loopback server")
        chat = self._target(params, for_sending=False)
        message = self._messages.get(chat.id, {}).get(_integer(params, "message_id"))
        if message is None:
            raise ApiError.bad_request("message to edit not found")
        if message["from"]["id"] != self.bot.id:
            raise ApiError.bad_request("message can't be edited")
        return message


# -- request decoding -------------------------------------------------------------------------


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Parameters from the query string, a form (what python-telegram-bot posts) or JSON."""
    params: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            params.update(body if isinstance(body, dict) else {})
            return params
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, str):
                params[name] = value
            elif isinstance(value, web.FileField):  # an upload (sendDocument): name and bytes
                params[name] = (value.filename, value.file.read())
    return {name: _typed(name, value) for name, value in params.items()}


def _typed(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if name == "chat_id":
        return _chat_ref(value)
    try:
        if name in _INTEGERS:
            return int(value)
        if name in _FLAGS:
            return value.lower() == "true"
        if name in _JSON:
            return json.loads(value)
    except ValueError:
        return value
    return value


def _chat_ref(value: Any) -> int | str | None:
    if value is None or isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if re.fullmatch(r"-?\d+", text) else text


def _integer(params: dict[str, Any], name: str) -> int:
    try:
        return int(params.get(name) or 0)
    except (TypeError, ValueError):
        raise ApiError.bad_request(f"{name} is invalid") from None


def _command_entities(text: str) -> list[dict[str, Any]]:
    return [
        {"type": "bot_command", "offset": utf16_length(text[: m.start()]), "length": len(m[0])}
        for m in _COMMAND.finditer(text)
    ]


def _commands_key(params: dict[str, Any]) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")


def _update_type(update: dict[str, Any]) -> str:
    return next((name for name in update if name != "update_id"), "")


def _copy(value: _T) -> _T:
    """A deep copy through JSON: what a client would receive, detached from the server."""
    copied: _T = json.loads(json.dumps(value))
    return copied


def _not_modified() -> ApiError:
    return ApiError.bad_request(
        "message is not modified: specified new message content and reply markup are exactly "
        "the same as a current content and reply markup of the message"
    )


def _set_or_drop(message: dict[str, Any], name: str, value: Any) -> None:
    if value is None:
        message.pop(name, None)
    else:
        message[name] = value


# -- running it -------------------------------------------------------------------------------


def serve_in_thread(
    server: BotApiServer | None = None, *, host: str = "127.0.0.1", port: int = 0
) -> contextlib.AbstractContextManager[BotApiServer]:
    """``run_in_thread`` for ``server`` (by default a new one that knows no chat)."""
    return run_in_thread(server or BotApiServer(), host=host, port=port, name="bot-api-loopback")


def main(argv: list[str] | None = None) -> None:
    """Serve until interrupted (every chat accepted), printing the base URL and token."""
    description = __doc__.splitlines()[0] if __doc__ else None
    parser = command_line(description, port=8081, token=DEFAULT_TOKEN)
    parser.add_argument("--overall-per-s", type=int, help="answer 429 above this rate")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="answer this much late")
    args = parser.parse_args(argv)
    server = BotApiServer(args.token, any_chat=True)
    server.latency_s = args.latency_ms / 1000
    if args.overall_per_s:
        server.flood_limit("overall", args.overall_per_s, 1.0)
    serve_until_interrupted(server, args.host, args.port)


if __name__ == "__main__":
    main()


__all__ = [
    "DEFAULT_TOKEN",
    "SECRET_HEADER",
    "ApiError",
    "BotApiServer",
    "Call",
    "Chat",
    "Scripted",
    "User",
    "Webhook",
    "serve_in_thread",
]
