"""Zalo's webhook mode: Zalo POSTs each update to our HTTPS address with the secret we gave
``setWebhook`` in the ``X-Bot-Api-Secret-Token`` header (documented: 8 to 256 characters).

``ZaloWebhook.receive`` checks the header (in constant time: a wrong or missing secret is 403 and
nothing is read), reads the body as one update or a list of them, and answers each as the poller
does. ``serve`` runs it on ``zalo.webhook_listen:webhook_port`` (uvicorn), behind the reverse
proxy that terminates TLS for ``zalo.webhook_url``, until told to stop.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import socket
from collections.abc import Mapping

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from nhacviec.zalo.poller import ZaloPoller
from notifiers.zalo.api import updates_of

SECRET_HEADER = "X-Bot-Api-Secret-Token"
log = logging.getLogger("nhacviec.zalo")


def authentic(secret: str, given: str | None) -> bool:
    """Whether the header carries our secret (compared in constant time)."""
    return given is not None and hmac.compare_digest(given.encode(), secret.encode())


class ZaloWebhook:
    def __init__(self, poller: ZaloPoller, secret: str, path: str = "/") -> None:
        if not 8 <= len(secret) <= 256:
            raise ValueError("Zalo's webhook secret must be 8 to 256 characters")
        self.poller, self._secret, self.path = poller, secret, path or "/"

    async def receive(self, headers: Mapping[str, str], body: bytes) -> int:
        """The HTTP status for one POST from Zalo (answered updates first)."""
        if not authentic(self._secret, headers.get(SECRET_HEADER.lower())):
            return 403
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return 400
        for update in updates_of(payload):
            await self.poller.answer(update)
        return 200

    def app(self) -> Starlette:
        async def endpoint(request: Request) -> Response:
            status = await self.receive(request.headers, await request.body())
            return Response(status_code=status)

        return Starlette(routes=[Route(self.path, endpoint, methods=["POST"])])


def listening_socket(host: str, port: int) -> socket.socket:
    """The webhook's socket, bound and listening before Zalo is told the address (a POST that
    arrives before the server runs waits in the backlog)."""
    return socket.create_server((host, port), reuse_port=False)


async def serve(webhook: ZaloWebhook, listening: socket.socket, stop: asyncio.Event) -> None:
    """Serve the webhook on ``listening`` until ``stop``."""
    config = uvicorn.Config(webhook.app(), log_level="warning", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve(sockets=[listening]))
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait({serving, stopping}, return_when=asyncio.FIRST_COMPLETED)
    server.should_exit = True
    stopping.cancel()
    await serving
