"""The schema revision this code expects, readable without importing Alembic.

Alembic costs a quarter of a second to import; start-up compares the file's revision with
``SCHEMA_HEAD`` and loads Alembic only when a migration has to run. A test keeps the constant
equal to the head of ``migrations/versions``.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

SCHEMA_HEAD = "0032"


def stored_revision(path: Path) -> str | None:
    """The revision recorded in the file, or None for a new or foreign file (the migrator decides)."""
    if not path.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None
