"""The task store: SQLModel tables, Alembic migrations and the queries the app needs.

SQLite (a file, the default) or PostgreSQL (by URL). Queries live here and nowhere else.
An adapter: may import SQLAlchemy, SQLModel, Alembic, the domain (``workflows``), the
scheduler's pure model and the ports it implements (``scheduler.store.base`` in ``scheduling``,
``scheduler.leader`` in ``leader``) and the ground; never the use cases, a channel, the
composition root or a face.
"""
