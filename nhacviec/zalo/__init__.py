"""The Zalo face, first half: an update loop that links Zalo chats to units.

Until the transport-agnostic bot core takes commands over Zalo (issue 16, item 1), the bot on
Zalo does one thing besides delivering reminders (``notifiers.zalo``): it takes the same one-time
invite codes as the Telegram bot — ``/start <mã>`` or the bare code — through the same use case
(``nhacviec.services.links``), and answers any other text with a polite sentence saying that
commands are coming to Zalo and that Telegram or the web serve them meanwhile.

``updates`` reads Zalo's updates (every form seen) into ``IncomingText``; ``linking`` answers
one (``LinkingResponder``: a ``Responder``, the seam the bot core will fill); ``poller`` runs the
``getUpdates`` long poll and sends the answers (``ZaloPoller``, with ``poll_once`` for tests and
cron). May import the composition root's parts it is handed, the use cases, the catalogue and
the Zalo channel; nothing imports it but the CLI.
"""
