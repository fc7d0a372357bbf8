"""The Zalo face: the bot's commands over Zalo through the messenger-neutral bot core.

Besides delivering reminders (``notifiers.zalo``), the bot on Zalo takes the same one-time
invite codes as the Telegram bot (``/start <mã>`` or the bare code) and the same commands,
answered by ``nhacviec.bot.core`` in plain text; where Telegram draws buttons it offers numbered
replies («Trả lời 1 để bắt đầu …») that a bare «1» acts on.

``updates`` reads Zalo's updates (every form seen) into ``IncomingText``; ``responder`` hands
one to the core and packs its reply into messages of at most 2,000 characters
(``CoreResponder``); ``poller`` runs the ``getUpdates`` long poll and sends the answers
(``ZaloPoller``, with ``poll_once`` for tests and cron); ``webhook`` the webhook mode;
``runner`` builds them from the settings. May import the bot core, the composition root's parts
it is handed, the use cases, the catalogue and the Zalo channel; nothing imports it but the CLI.
"""
