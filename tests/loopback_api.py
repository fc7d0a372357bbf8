"""What the loopback Bot API servers share (tests/telegram_api.py, tests/zalo_api.py).

Both answer ``/bot<token>/<method>`` on an aiohttp server of their own, record every request
as a :class:`Call`, long-poll getUpdates, POST pending updates to a webhook once one is set, and
run in a thread of their own (:func:`run_in_thread`) or on their own until interrupted
(:func:`serve_until_interrupted`). This module holds that plumbing; each server adds its
platform's methods, objects and errors.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

import aiohttp
from aiohttp import web


@dataclass(frozen=True)
class Call:
    """One request the server answered."""

    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() when it arrived
    status: int
    response: dict[str, Any]

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")

    @property
    def result(self) -> Any:
        return self.response.get("result")

    @property
    def description(self) -> str:
        return str(self.response.get("description", ""))


class Hook(Protocol):
    """A webhook as a server keeps it: where to POST, the secret header's value, what failed."""

    url: str
    secret_token: str
    last_error: str


class Script:
    """What a scripted answer (a subclass, a dataclass of these fields) applies to: the next
    ``remaining`` requests (None: all) of the method and chat for which ``when`` holds."""

    method: str | None
    chat_id: object
    remaining: int | None
    when: Callable[[dict[str, Any]], bool] | None
    hits: int

    def matches(self, method: str, params: dict[str, Any]) -> bool:
        if self.remaining == 0:
            return False
        if self.method is not None and self.method.lower() != method.lower():
            return False
        if self.chat_id is not None and self._chat_of(params) != self.chat_id:
            return False
        return self.when is None or self.when(params)

    def _chat_of(self, params: dict[str, Any]) -> object:
        return params.get("chat_id")


ScriptT = TypeVar("ScriptT", bound=Script)


def take_script(scripts: Iterable[ScriptT], method: str, params: dict[str, Any]) -> ScriptT | None:
    """The first script that matches the request, counted as used once; None if none does."""
    for script in scripts:
        if script.matches(method, params):
            script.hits += 1
            if script.remaining is not None:
                script.remaining -= 1
            return script
    return None


CallT = TypeVar("CallT", bound=Call)
HookT = TypeVar("HookT", bound=Hook)
ServerT = TypeVar("ServerT", bound="LoopbackServer[Any, Any]")


class LoopbackServer(Generic[CallT, HookT]):
    """A Bot API server on loopback: the lifecycle, the record of calls, the waits, the
    long-poll bookkeeping and the webhook's delivery loop. A subclass gives ``_handle`` (the
    ``/bot<token>/<method>`` route), ``_routes`` (any other), ``_record_post`` and the
    ``SECRET_HEADER`` its webhook POSTs carry."""

    SECRET_HEADER = ""
    DESCRIPTION = "loopback Bot API server"  # in the failure run_in_thread raises

    def __init__(self, token: str) -> None:
        self.token = token
        self.webhook: HookT | None = None
        self.errors: list[BaseException] = []  # the server's own failures (a test should fail)
        self.polling = 0  # getUpdates requests waiting for an update now
        self.host, self.port = "127.0.0.1", 0
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._calls: list[CallT] = []
        self._updates: list[dict[str, Any]] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wakeup: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._closing = False

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on ``host:port`` (0: a free port) in the running event loop."""
        self._loop = asyncio.get_running_loop()
        self._wakeup = asyncio.Event()
        app = self._application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._routes(app)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        self.host, self.port = host, self._runner.addresses[0][1]

    async def stop(self) -> None:
        self._closing = True
        self._wake()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        """What a client takes as its base URL: the token and the method are appended."""
        return f"http://{self.host}:{self.port}/bot"

    def url_for(self, method: str) -> str:
        return f"{self.base_url}{self.token}/{method}"

    def _application(self) -> web.Application:
        return web.Application()

    def _routes(self, app: web.Application) -> None:
        """Routes besides ``/bot<token>/<method>`` (file downloads, control endpoints)."""

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        raise NotImplementedError

    # -- what happened --------------------------------------------------------------------------

    def calls(self, method: str | None = None, *, chat_id: object = None) -> list[CallT]:
        with self._lock:
            return [
                call
                for call in self._calls
                if (method is None or call.method.lower() == method.lower())
                and (chat_id is None or call.chat_id == chat_id)
            ]

    def _record(self, call: CallT) -> None:
        with self._changed:
            self._calls.append(call)
            self._changed.notify_all()

    def wait_for_calls(
        self,
        method: str | None = None,
        *,
        count: int = 1,
        timeout: float = 10.0,
        where: Callable[[CallT], bool] | None = None,
    ) -> list[CallT]:
        """Block until ``count`` matching requests have arrived; ``TimeoutError`` otherwise."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [call for call in self.calls(method) if where is None or where(call)]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{len(found)} of {count} {method or 'calls'} arrived")
                self._changed.wait(remaining)

    def wait_until_polling(self, timeout: float = 10.0) -> None:
        """Block until a getUpdates long poll is waiting (the bot is listening)."""
        self.wait_until(lambda: self.polling > 0, timeout, "no getUpdates long poll arrived")

    def wait_until(
        self, condition: Callable[[], bool], timeout: float = 10.0, failure: str = ""
    ) -> None:
        """Block until ``condition()`` holds; it is checked whenever the server's state changes
        (a request answered, a poll waiting, a webhook post, an update pushed)."""
        with self._changed:
            if not self._changed.wait_for(condition, timeout):
                raise TimeoutError(failure or "the condition did not come true")

    # -- updates --------------------------------------------------------------------------------

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._updates)

    def _wake(self) -> None:
        loop, event = self._loop, self._wakeup
        if loop is not None and event is not None and not loop.is_closed():
            loop.call_soon_threadsafe(event.set)

    def _set_polling(self, change: int) -> None:
        with self._changed:
            self.polling += change
            self._changed.notify_all()

    async def _wait_for_wakeup(self, seconds: float) -> None:
        """Wait up to ``seconds`` for the next wake-up, counted as a long poll waiting."""
        event = self._wakeup
        assert event is not None
        self._set_polling(+1)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), seconds)
        finally:
            self._set_polling(-1)

    def _start_webhook_delivery(self) -> None:
        if self._loop is not None and (self._webhook_task is None or self._webhook_task.done()):
            self._webhook_task = self._loop.create_task(self._post_updates())

    async def _post_updates(self) -> None:
        """POST pending updates to the webhook, in order, until each is answered 2xx."""
        event = self._wakeup
        assert event is not None
        async with aiohttp.ClientSession() as session:
            while not self._closing:
                event.clear()
                with self._lock:
                    hook = self.webhook
                    update = self._updates[0] if hook and self._updates else None
                if hook is None:
                    return
                if update is None:
                    await event.wait()
                    continue
                status = await _post(session, self.SECRET_HEADER, hook, update)
                with self._changed:
                    self._record_post(hook, update, status)
                    if 200 <= status < 300:
                        self._updates = [u for u in self._updates if u is not update]
                    self._changed.notify_all()
                if not 200 <= status < 300:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(event.wait(), 0.05)  # retried a little later

    def _record_post(self, hook: HookT, update: dict[str, Any], status: int) -> None:
        """Note the webhook's answer (``status`` 0: none), holding the lock."""


async def _post(
    session: aiohttp.ClientSession, header: str, hook: Hook, update: dict[str, Any]
) -> int:
    headers = {header: hook.secret_token} if hook.secret_token else {}
    try:
        async with session.post(hook.url, json=update, headers=headers) as response:
            return response.status
    except (aiohttp.ClientError, OSError):
        return 0


# -- running one ------------------------------------------------------------------------------


@contextlib.contextmanager
def run_in_thread(
    server: ServerT, *, host: str = "127.0.0.1", port: int = 0, name: str = "bot-api-loopback"
) -> Iterator[ServerT]:
    """Run ``server`` on its own event loop in a thread; stop it on exit. A failure inside the
    server (``server.errors``) fails the block."""
    loop = asyncio.new_event_loop()
    started = threading.Event()
    failures: list[BaseException] = []

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(server.start(host, port))
        except BaseException as exc:
            failures.append(exc)
            return
        finally:
            started.set()
        loop.run_forever()

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    started.wait(30)
    if failures:
        loop.close()
        raise failures[0]
    try:
        yield server
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(30)
        loop.close()
    if server.errors:
        raise AssertionError(f"the {server.DESCRIPTION} failed: {server.errors!r}")


def command_line(description: str | None, *, port: int, token: str) -> argparse.ArgumentParser:
    """The options of ``python -m tests.<server>``: where to listen and the token to accept."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=port)
    parser.add_argument("--token", default=token)
    return parser


def serve_until_interrupted(server: LoopbackServer[Any, Any], host: str, port: int) -> None:
    """Serve until interrupted, printing the base URL and the token."""

    async def serve() -> None:
        await server.start(host, port)
        print(f"BASE_URL={server.base_url}", flush=True)
        print(f"TOKEN={server.token}", flush=True)
        try:
            await asyncio.Event().wait()
        finally:
            await server.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())
