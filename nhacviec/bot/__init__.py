"""The Telegram bot: unit heads and the office act on tasks from chat.

Inbound adapter only: every handler resolves the chat's link, parses, and calls the same
services as the CLI (``nhacviec.services``); no business rule lives here.

- ``application.build_application(app, clock=)``: the PTB ``Application`` with the handlers;
- ``handlers``: parse, call one ``service.BotService`` method, reply (thin);
- ``service``: one transaction per request, through the CLI's services, the Telegram user and
  chat as the actor; ``cards``: what a chat is shown (a task's card, a plan's progress);
  ``access``: what a chat may see and do (pure);
- ``parsing`` (text → typed command), ``callbacks`` (button data ≤ 64 bytes), ``listings``
  (lists and pages), ``views`` (words), ``keyboards`` (buttons; ``reminder_keyboard`` is the
  Telegram notifier's hook), ``prompts`` (ForceReply questions kept in the store);
- ``commands``: the command table (also for ``/trogiup`` and ``setMyCommands``);
- plans sent to the office's chat: ``uploads`` (the handlers: a document, the summary's
  buttons), ``documents`` (read, keep, import or drop: one transaction each),
  ``document_views`` (the summary and the outcome in words).

A face: may import the composition root and everything below it; nothing imports it.
"""
