"""The Telegram face: the bot core (``nhacviec.bot``) over Telegram.

The core decides what a chat is told; this adapter translates Telegram's updates into the
core's ``Incoming`` and neutral ``Choice`` and draws the core's answers the Telegram way:

- ``application.build_application(app, clock=)``: the PTB ``Application`` with the handlers;
- ``handlers``: a command, a pressed button, a reply to a question → the core → drawn
  (messages sent or edited, a reminder's row ticked, a button's alert, a ForceReply);
- ``views`` (HTML), ``keyboards`` (inline buttons; ``reminder_keyboard`` is the Telegram
  notifier's hook), ``callbacks`` (button data ≤ 64 bytes, decoded into the core's choices);
- plans sent to the office's chat: ``uploads`` (a document, the summary's buttons) with
  ``document_views``; evidence files and partner requests: ``evidence``;
- ``runner``: the Application served by polling (while this instance leads) or a webhook.

A face: may import the bot core, the composition root and everything below it; nothing imports
it but the CLI; it never imports the Zalo face (lint-imports' ``messengers-apart``).
"""
