"""The plan and task domain: reading plans (``readers/``, ``importing``), deadlines
(``deadlines/`` reads a cell into a ``schedule``), units (``units/``), the task workflow
(``workflow``, ``workflow_rules``, ``standing``, ``progress``), amended plans (``amendments/``)
and the plan event log's kinds and typed payloads (``plan_events``, ``event_payloads``).

Everything here is pure (no I/O, time passed in as an argument) except ``workflows.readers``,
the document adapters, which read files. May import the ground (``nhacviec.errors``) and the
libraries that read documents and dates; never the store, the scheduler, a channel, the
composition root or a face, nor the message catalogue (the domain returns facts and raises
errors carrying a key; ``nhacviec.i18n`` makes the sentences), nor a database, chat or mail
library (``lint-imports`` holds it).
"""
