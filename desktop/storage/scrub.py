"""Leaving no old copy of a replaced secret in the database file (SQLite only; other servers manage
their own storage, so these do nothing there).

SQLite keeps a replaced value in freed space and in the write-ahead log until they are reused. With
``secure_delete`` the transaction zeroes what it frees; checkpointing the log and, when the file is small
enough for it to take a moment, a VACUUM then leave no page that held it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.storage.database import Database

CHEAP_VACUUM_BYTES = 16 * 1024 * 1024  # about a second on a slow station PC


def _is_sqlite(bind: object) -> bool:
    return getattr(getattr(bind, "dialect", None), "name", "") == "sqlite"


def zero_what_is_freed(session: Session) -> None:
    """From now on in this transaction's connection, freed content is overwritten with zeros."""
    if _is_sqlite(session.get_bind()):
        session.connection().exec_driver_sql("PRAGMA secure_delete = ON")


def scrub(db: Database) -> bool:
    """Fold the write-ahead log back into the file and empty it, then VACUUM when cheap. Returns whether
    the file was vacuumed (a bigger one keeps zeroed free pages instead, from ``zero_what_is_freed``)."""
    if not _is_sqlite(db.engine):
        return False
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        pages, size = raw.execute("PRAGMA page_count").fetchone()[0], raw.execute("PRAGMA page_size").fetchone()[0]
        vacuum = pages * size <= CHEAP_VACUUM_BYTES
        if vacuum:
            raw.execute("VACUUM")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return vacuum
