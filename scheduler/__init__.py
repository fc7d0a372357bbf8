"""The reminder scheduler: plans reminders from the event log into the outbox and dispatches them.

Pure: ``model``, ``policy``, ``planning/``, ``catchup``, ``digest``, ``retry``, ``config`` (time
comes in as an argument). Through the store port (``store/``: ``base`` declares it, ``memory``
implements it; the SQL one is ``nhacviec.store.scheduling``): ``passes`` (planning),
``dispatch``, ``messages``. ``service`` drives them (APScheduler), built by the composition root
from a transaction factory, the channels and its clock; ``lock`` and ``leader`` (a port; the
advisory lock is ``nhacviec.store.leader``) keep one runner at a time.
May import the domain (``workflows``), the channels' port (``notifiers.base``, ``.message``) and
the ground; never the store, the composition root, a database, chat or mail library.
"""
