"""The newest schema revision, read from the migration files as text (no Alembic import).

Every command checks the stored revision against this head before it touches the database;
Alembic (about half a second to import) loads only when a migration actually has to run.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from nhacviec.errors import StoreError

_REVISION = re.compile(r"^revision\s*(?::\s*str\s*)?=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]+)?=\s*(?:[\"']([^\"']+)[\"']|None)", re.MULTILINE)


@cache
def head_revision() -> str:
    """The revision no other migration builds on; ``StoreError`` if there is not exactly one."""
    revisions: set[str] = set()
    parents: set[str] = set()
    folder = resources.files("nhacviec.store").joinpath("migrations", "versions")
    for entry in folder.iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("__"):
            continue
        text = entry.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN.search(text)
        if revision is None or down is None:
            raise StoreError("store.no_migrations")
        revisions.add(revision.group(1))
        if down.group(1):
            parents.add(down.group(1))
    heads = revisions - parents
    if len(heads) != 1:
        raise StoreError("store.no_migrations")
    return heads.pop()
