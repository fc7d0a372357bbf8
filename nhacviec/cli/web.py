"""``nhacviec web``: serve the REST API (``/api/v1``, documented at ``/api/docs``) until stopped."""

from __future__ import annotations

import signal
import socket
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

from nhacviec.cli.state import help_text, state
from nhacviec.errors import InputError

if TYPE_CHECKING:
    import uvicorn


def web(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help=help_text("cli.help.host"))] = None,
    port: Annotated[
        int | None, typer.Option(help=help_text("cli.help.port"), min=1, max=65535)
    ] = None,
) -> None:
    import uvicorn

    from nhacviec.web.server import create_api

    cli = state(ctx)
    settings = cli.app.settings.web
    cli.app.engine  # noqa: B018  (creates or migrates the schema before the first request)
    api = create_api(
        cli.app,
        clock=cli.app.clock,
        language=cli.lang,
        max_upload_mb=settings.max_upload_mb,
        bot_username=cli.app.settings.telegram.bot_username,
    )
    bound_host, bound_port = host or settings.host, port or settings.port
    listening = _listen(bound_host, bound_port)  # a taken port or an unknown host: a sentence
    cli.err.print(cli.t("web.serving", host=bound_host, port=bound_port), markup=False)
    config = uvicorn.Config(api, log_level="warning")
    with listening:
        _server(config).run(sockets=[listening])


def _listen(host: str, port: int) -> socket.socket:
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        listening = socket.socket(family, kind, proto)
    except OSError as exc:
        raise InputError("web.cannot_listen", host=host, port=port, error=str(exc)) from exc
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
    except OSError as exc:
        listening.close()
        raise InputError("web.cannot_listen", host=host, port=port, error=str(exc)) from exc
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
