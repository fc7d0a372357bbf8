"""Delivery channels (console, file, memory, email, Telegram, Zalo) behind one port.

The port is ``notifiers.base`` (the ``Notifier`` protocol, ``Address``, ``Delivery``) with its
message model ``notifiers.message`` (``Message``, digest items and sections, kinds, roles): the
scheduler builds messages, the channels render and deliver them. Channels receive their settings
and clock as constructor arguments from the composition root (``nhacviec.app``).

May import: the catalogue (``nhacviec.i18n``), the ground (``nhacviec.errors``), the domain's
values (``workflows``), the channel libraries. Never the scheduler, ``config``, the store, the
services or the faces.
"""
