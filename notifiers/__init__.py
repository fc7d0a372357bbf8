"""Delivery channels: console, file, email, Telegram, and an in-memory one for tests.

One protocol (``base``); one module or package per channel; ``render`` and ``templates/`` make
the words. An adapter: a channel knows messages and addresses, never the schedule or the store,
and receives its settings from the composition root (today's exceptions are listed in
``pyproject.toml``'s contracts).
"""
