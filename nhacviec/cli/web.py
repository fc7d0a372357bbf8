"""``nhacviec web``: serve the REST API (``/api/v1``, documented at ``/api/docs``) until stopped;
and the same web inside ``nhacviec run`` (``web.enabled``), in the scheduler's event loop."""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

from nhacviec.cli.state import CliState, help_text, state
from nhacviec.errors import InputError

if TYPE_CHECKING:
    import uvicorn
    from fastapi import FastAPI

    from nhacviec.web.process_metrics import ProcessMetrics

log = logging.getLogger("nhacviec.service")
# Requests still running when the service stops get this long to finish (keep-alive
# connections are closed at once); then the service stops anyway.
GRACE_S = 5


def web(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help=help_text("cli.help.host"))] = None,
    port: Annotated[
        int | None, typer.Option(help=help_text("cli.help.port"), min=1, max=65535)
    ] = None,
) -> None:
    import uvicorn

    cli = state(ctx)
    settings = cli.app.settings.web
    api = _api(cli)
    bound_host, bound_port = host or settings.host, port or settings.port
    listening = _listen(bound_host, bound_port, "web.cannot_listen")  # a sentence if taken
    cli.err.print(cli.t("web.serving", host=bound_host, port=bound_port), markup=False)
    config = uvicorn.Config(api, log_level="warning")
    with listening:
        _server(config).run(sockets=[listening])


def _api(cli: CliState) -> FastAPI:
    from nhacviec.web.server import create_api

    cli.app.engine  # noqa: B018  (creates or migrates the schema before the first request)
    return create_api(
        cli.app,
        clock=cli.app.clock,
        language=cli.lang,
        max_upload_mb=cli.app.settings.web.max_upload_mb,
        bot_username=cli.app.settings.telegram.bot_username,
        zalo_linking=cli.app.zalo_channel().mode != "off",
    )


def _listen(host: str, port: int, refusal: str) -> socket.socket:
    """A socket bound to ``host:port``; else ``refusal``'s sentence (how to choose another)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        listening = socket.socket(family, kind, proto)
    except OSError as exc:
        raise InputError(refusal, host=host, port=port, error=str(exc)) from exc
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
    except OSError as exc:
        listening.close()
        raise InputError(refusal, host=host, port=port, error=str(exc)) from exc
    return listening


def _server(config: uvicorn.Config) -> uvicorn.Server:
    import uvicorn

    class Server(uvicorn.Server):
        """Stops gracefully on SIGTERM or Ctrl+C and exits 0, as ``nhacviec run`` does (uvicorn
        would raise the signal again once stopped); a second Ctrl+C forces the exit."""

        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            if self.should_exit and sig == signal.SIGINT:
                self.force_exit = True
            else:
                self.should_exit = True

    return Server(config)


# -- the web inside ``nhacviec run`` ------------------------------------------------------------


@dataclass
class WebBeside:
    """The web server of ``nhacviec run``, its socket already bound."""

    server: uvicorn.Server
    listening: socket.socket
    host: str
    port: int


@contextmanager
def web_beside(cli: CliState, measured: ProcessMetrics | None = None) -> Iterator[WebBeside | None]:
    """The web for ``nhacviec run`` when ``web.enabled``; else its operator's endpoints alone
    on ``ops.port`` when one is set; else None. ``measured``: the service's own histograms,
    added to ``/metrics``. The socket is bound here, before the service starts: a taken port
    is a sentence (exit 2), not a log line."""
    settings, ops = cli.settings.web, cli.settings.ops
    if settings.enabled:
        api = _api(cli)
        api.state.process_metrics = measured
        host, port, refusal = settings.host, settings.port, "web.run_cannot_listen"
    elif ops.port is not None:
        api = _ops_api(cli, measured)
        host, port, refusal = ops.host, ops.port, "ops.run_cannot_listen"
    else:
        yield None
        return
    import uvicorn

    listening = _listen(host, port, refusal)
    # log_config None: uvicorn's warnings go through the service's JSON logging.
    config = uvicorn.Config(
        api, log_config=None, log_level="warning", timeout_graceful_shutdown=GRACE_S
    )
    with listening:
        yield WebBeside(_embedded(config), listening, host, port)


def _ops_api(cli: CliState, measured: ProcessMetrics | None) -> FastAPI:
    from nhacviec.web.ops import create_ops_api

    cli.app.engine  # noqa: B018  (creates or migrates the schema before the first request)
    return create_ops_api(cli.app, clock=cli.app.clock, language=cli.lang, process_metrics=measured)


def _embedded(config: uvicorn.Config) -> uvicorn.Server:
    import uvicorn

    class Embedded(uvicorn.Server):
        """Leaves the signals to the scheduler, whose ``stop`` ends both (``serve_beside``)."""

        @contextmanager
        def capture_signals(self) -> Iterator[None]:
            yield

    return Embedded(config)


async def serve_beside(web: WebBeside, stop: asyncio.Event) -> None:
    """Serve until ``stop`` (SIGTERM or Ctrl+C), then finish gracefully. A web that fails is
    logged and left off: reminders go on without it."""
    serving = asyncio.create_task(web.server.serve(sockets=[web.listening]))
    stopping = asyncio.create_task(stop.wait())
    log.info("web serving", extra={"url": f"http://{web.host}:{web.port}/"})
    await asyncio.wait({serving, stopping}, return_when=asyncio.FIRST_COMPLETED)
    web.server.should_exit = True
    stopping.cancel()
    try:
        await serving
    except Exception:
        log.exception("web failed: reminders go on without it")
    else:
        log.info("web stopped")
