"""The bot core: what the bot answers, whatever the messenger (Telegram: ``nhacviec.telegram``,
Zalo: ``nhacviec.zalo``). No messenger library here (lint-imports' ``bot-core-neutral``).

- ``core``: the decisions (``core.dispatcher.BotCore``: an ``Incoming`` or a ``Choice`` in, a
  view model of ``core.answers`` out) and the plain-text face for messengers without buttons
  (``ChatCore``, ``plain``, ``choices``);
- ``service``: one transaction per request, through the CLI's services, the messenger's user
  and chat as the actor; ``cards``: what a chat is shown (a task's card, a plan's progress);
  ``access``: what a chat may see and do (pure);
- ``parsing`` (text → typed command), ``listings`` (lists and pages), ``wording`` (the plain
  sentences), ``prompts`` (questions for a move's words, kept in the store);
- ``commands``: the command table (also for ``/trogiup`` and ``setMyCommands``);
- ``documents`` (plans sent to the office's chat: read, keep, import or drop), ``summary``
  (``/tonghop``), ``evidence_service`` and ``extensions`` (issues 12 and 14).

A face's core: imported by the messengers' adapters and the CLI only.
"""
