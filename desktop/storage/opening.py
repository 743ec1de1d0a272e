"""Opening a node's database file: create its folder, migrate (backup first), hand out the handle."""

from __future__ import annotations

from pathlib import Path

from desktop.storage.database import Database
from desktop.storage.schema import SCHEMA_HEAD, stored_revision


def open_database(path: Path) -> Database:
    path = path.expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    if stored_revision(path) != SCHEMA_HEAD:
        from desktop.storage.migrate import upgrade  # Alembic loads only when there is work for it

        upgrade(path)
    return Database.open_file(path)
