"""The reminder scheduler: plans reminders from the event log into the outbox and dispatches them.

Pure: ``model``, ``policy``, ``planning/``, ``catchup``, ``digest``, ``retry``, ``config`` (time
comes in as an argument). With I/O: ``passes`` (the planning and dispatch passes), ``messages``,
``service`` (APScheduler), ``lock`` and ``leader`` (one runner at a time).
May import the domain (``workflows``) and the ground; the store, the composition root and the
channels only through ports (today's exceptions are listed in ``pyproject.toml``, issue 10.2/10.3).
"""
