"""The task store: SQLModel tables, Alembic migrations and the queries the app needs.

SQLite (a file, the default) or PostgreSQL (by URL). Queries live here and nowhere else.
"""
