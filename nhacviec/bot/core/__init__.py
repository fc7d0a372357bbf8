"""The bot core: the commands, parsing, access checks and words of the bot, for any messenger.

A messenger's adapter turns what arrived into an ``Incoming`` (the chat, its kind, the sender,
the text, the messenger's name) and sends back the ``Reply`` the core gives (plain text in
parts, and numbered choices where Telegram would draw buttons). The core reaches the store only
through ``nhacviec.bot.service.BotService`` (the same use cases as the Telegram handlers), words
its answers with ``nhacviec.bot.wording`` and the catalogue, and knows no messenger library
(lint-imports' ``bot-core-neutral`` contract).

- ``messages``: ``Incoming``, ``Reply``, ``Choice``;
- ``dispatcher.ChatCore``: one incoming text → one reply (or ``None``: not ours to answer);
- ``choices.ChoiceBook``: what the numbers offered to a chat mean, for a while;
- ``plain``: lists, cards, help and progress as plain text with numbered choices;
- ``reminders``: a reminder's numbered choices (the hook a button-less channel calls).

Zalo uses it now (``nhacviec.zalo``); the Telegram handlers still speak to ``BotService``
directly and move onto the core next.
"""
