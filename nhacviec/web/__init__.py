"""The web face: the REST API under ``/api/v1`` (FastAPI), served by ``nhacviec web``.

A face beside the CLI and the bot: it may import the composition root's parts it is handed,
the use cases (``nhacviec.services``), the JSON shapes (``nhacviec.results``), the catalogue
and the error tree; nothing but the CLI (which starts it) imports it. Handlers are thin: each
checks the account's role (``access``), calls one method of ``service.WebService`` (one
transaction, through the same services as the CLI and the bot) and returns its JSON.
"""
