"""The bot core: the commands, parsing, access checks and words of the bot, for any messenger.

A messenger's adapter turns what arrived into an ``Incoming`` (the chat, its kind, the sender,
the text, the messenger's name) or, for a pressed button or an answered number, a neutral
``Choice``; the core decides what the chat is told and returns it as a view model (``answers``:
a sentence, a refusal, a list, a card, progress, help, a move with the card after it, a file, a
question for words). The adapter draws it: Telegram as HTML with inline buttons
(``nhacviec.telegram``), Zalo as plain text with numbered choices (``plain``, through
``ChatCore``). The core reaches the store only through ``nhacviec.bot.service.BotService``,
words its sentences with ``nhacviec.bot.wording`` and the catalogue, and knows no messenger
(lint-imports' ``bot-core-neutral``).

- ``messages``: ``Incoming``, ``Reply``, ``Choice``; ``answers``: the view models;
- ``dispatcher.BotCore``: one text or choice → one answer (or ``None``: not ours to answer);
  ``dispatcher.ChatCore``: the plain-text face with numbers, for messengers without buttons;
- ``choices.ChoiceBook``: what the numbers offered to a chat mean, for a while;
- ``plain``: the answers as plain text with numbered choices;
- ``reminders``: a reminder's numbered choices (the hook a button-less channel calls).
"""
