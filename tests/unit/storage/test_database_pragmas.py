"""The database handle: SQLite pragmas of DESIGN.md §3 on every connection, read and write units."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select, text

from desktop.storage.database import BUSY_TIMEOUT_MS, Database
from desktop.storage.models import ChangeLogEntry, Community


def pragma(session, name: str):  # type: ignore[no-untyped-def]
    return session.execute(text(f"PRAGMA {name}")).scalar()


@pytest.mark.parametrize("unit", ["read", "write"])
def test_pragmas_in_force(db: Database, unit: str) -> None:
    with getattr(db, unit)() as session:
        assert pragma(session, "journal_mode") == "wal"
        assert pragma(session, "foreign_keys") == 1
        assert pragma(session, "synchronous") == 2  # FULL
        assert pragma(session, "busy_timeout") == BUSY_TIMEOUT_MS
        assert BUSY_TIMEOUT_MS > 0


def test_pragmas_on_every_pooled_connection(db: Database) -> None:
    conns = [db.engine.raw_connection() for _ in range(3)]
    try:
        for conn in conns:
            cur = conn.cursor()
            assert cur.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert cur.execute("PRAGMA synchronous").fetchone()[0] == 2
            assert cur.execute("PRAGMA busy_timeout").fetchone()[0] > 0
            cur.close()
    finally:
        for conn in conns:
            conn.close()


def test_file_is_in_wal_mode_on_disk(db: Database) -> None:
    assert db.path is not None
    with sqlite3.connect(db.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_foreign_keys_are_enforced(initialized_db: Database) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"):
        with initialized_db.write() as session:
            session.add(Community(station_id="no-such-station", name="x", setting="rural"))
    with initialized_db.read() as session:
        assert session.scalar(select(Community)) is None


def test_writer_holds_the_write_lock_from_its_first_statement(initialized_db: Database) -> None:
    """BEGIN IMMEDIATE: once a write unit has touched the file, a second writer cannot start."""
    assert initialized_db.path is not None
    with initialized_db.write() as session:
        session.scalar(select(ChangeLogEntry.seq).limit(1))  # a read only, yet the lock is taken
        other = sqlite3.connect(initialized_db.path, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_read_unit_never_commits(initialized_db: Database) -> None:
    with initialized_db.read() as session:
        session.execute(text("CREATE TABLE scratch (x INTEGER)"))
    with initialized_db.read() as session:
        tables = {r[0] for r in session.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
    assert "scratch" not in tables


def test_identity_loaded_and_clock_past_existing_stamps(initialized_db: Database) -> None:
    assert initialized_db.path is not None
    with initialized_db.read() as session:
        last = session.scalar(select(ChangeLogEntry.hlc).order_by(ChangeLogEntry.hlc.desc()).limit(1))
    reopened = Database.open_file(initialized_db.path)
    try:
        assert reopened.node_id == initialized_db.node_id
        assert last is not None and reopened.clock.last > last
    finally:
        reopened.close()
