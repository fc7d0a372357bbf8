"""``nhacviec web``: serve the REST API (``/api/v1``, documented at ``/api/docs``) until stopped."""

from __future__ import annotations

from typing import Annotated

import typer

from nhacviec.cli.state import help_text, state


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
    )
    bound_host, bound_port = host or settings.host, port or settings.port
    cli.err.print(cli.t("web.serving", host=bound_host, port=bound_port), markup=False)
    config = uvicorn.Config(api, host=bound_host, port=bound_port, log_level="warning")
    uvicorn.Server(config).run()
