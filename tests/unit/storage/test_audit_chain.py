"""The hash-chained audit log: valid after many writes, append-only in SQLite, tampering is named."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import exc, select, text

from wushe_testing import acting_as
from desktop.storage import audit
from desktop.storage.database import Database
from desktop.storage.digest import GENESIS
from desktop.storage.models import AuditEntry, Community


def write_many(db: Database, n: int = 30) -> None:
    for i in range(n):
        with acting_as(db, f"社工{i % 3}").write() as session:
            row = Community(station_id=db.node_id, name=f"村{i}", setting="rural", population=i)
            session.add(row)
            if i % 2:
                session.flush()
                row.notes = "两次 flush 在同一事务里"
            audit.append(session, "export", detail={"i": i, "名字": "张三"})


def chain(db: Database):  # type: ignore[no-untyped-def]
    with db.read() as session:
        return audit.verify_chain(session)


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def test_fresh_station_has_a_valid_chain_from_genesis(initialized_db: Database) -> None:
    with initialized_db.read() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
        assert entries[0].prev_hash == GENESIS
        assert entries[0].action == "init"
        for previous, entry in zip(entries, entries[1:]):
            assert entry.prev_hash == previous.hash
        assert all(audit.entry_hash(e) == e.hash for e in entries)
    report = chain(initialized_db)
    assert report.ok and report.first_broken_seq is None and report.reason == ""


def test_chain_valid_after_many_writes(initialized_db: Database) -> None:
    write_many(initialized_db)
    report = chain(initialized_db)
    assert report.ok, report
    with initialized_db.read() as session:
        total = session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1))
        details = [json.loads(d) for d in session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "export").order_by(AuditEntry.seq))]
    assert report.entries == total
    assert details[0] == {"i": 0, "名字": "张三"}
    assert len(details) == 30


def test_chain_survives_reopening_the_file(initialized_db: Database) -> None:
    write_many(initialized_db, 5)
    path = initialized_db.path
    assert path is not None
    initialized_db.close()
    reopened = Database.open_file(path)
    try:
        write_many(reopened, 5)
        report = chain(reopened)
        assert report.ok and report.entries > 10
    finally:
        reopened.close()


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET detail = 'forged' WHERE seq = 2",
    "UPDATE audit_log SET hash = prev_hash",
    "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)",
    "DELETE FROM audit_log",
])
def test_sqlite_trigger_refuses_tampering(initialized_db: Database, statement: str) -> None:
    path = initialized_db.path
    assert path is not None
    with closing(raw(path)) as conn:
        before = conn.execute("SELECT * FROM audit_log ORDER BY seq").fetchall()
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(statement)
        assert conn.execute("SELECT * FROM audit_log ORDER BY seq").fetchall() == before


def test_orm_cannot_edit_an_entry_either(initialized_db: Database) -> None:
    with pytest.raises((exc.IntegrityError, exc.OperationalError)):
        with initialized_db.write() as session:
            entry = session.scalars(select(AuditEntry).limit(1)).one()
            entry.actor = "someone else"
    with pytest.raises((exc.IntegrityError, exc.OperationalError)):
        with initialized_db.write() as session:
            session.execute(text("DELETE FROM audit_log"))
    assert chain(initialized_db).ok


def drop_guards(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")


def test_bypassing_the_trigger_an_edited_entry_is_named(initialized_db: Database) -> None:
    write_many(initialized_db, 6)
    path = initialized_db.path
    assert path is not None
    with closing(raw(path)) as conn:
        seqs = [r[0] for r in conn.execute("SELECT seq FROM audit_log ORDER BY seq")]
        target = seqs[len(seqs) // 2]
        drop_guards(conn)
        conn.execute("UPDATE audit_log SET detail = '{\"i\": 999}' WHERE seq = ?", (target,))
    report = chain(initialized_db)
    assert not report.ok
    assert report.first_broken_seq == target
    assert report.reason == "hash"


def test_bypassing_the_trigger_a_recomputed_hash_breaks_the_next_link(initialized_db: Database) -> None:
    """A forger who also fixes the entry's own hash is caught by the following entry's link."""
    write_many(initialized_db, 4)
    path = initialized_db.path
    assert path is not None
    with initialized_db.read() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
        target, following_seq = entries[2], entries[3].seq
        session.expunge(target)
    target.actor = "forged"
    forged_hash = audit.entry_hash(target)
    with closing(raw(path)) as conn:
        drop_guards(conn)
        conn.execute("UPDATE audit_log SET actor = 'forged', hash = ? WHERE seq = ?", (forged_hash, target.seq))
    report = chain(initialized_db)
    assert (report.first_broken_seq, report.reason) == (following_seq, "link")


def test_bypassing_the_trigger_a_deleted_entry_is_named(initialized_db: Database) -> None:
    write_many(initialized_db, 4)
    path = initialized_db.path
    assert path is not None
    with closing(raw(path)) as conn:
        drop_guards(conn)
        conn.execute("DELETE FROM audit_log WHERE seq = 3")
    report = chain(initialized_db)
    assert (report.first_broken_seq, report.reason) == (4, "link")


def test_chains_of_several_nodes_are_checked_separately(initialized_db: Database) -> None:
    """Entries merged from another node chain to that node's own previous entry."""
    other = "01900000-0000-7000-8000-00000000beef"
    db = initialized_db
    for i in range(3):
        with db.write() as session:
            session.info["node_id"] = other
            audit.append(session, "merged", detail={"n": i})
        with db.write() as session:
            audit.append(session, "local", detail={"n": i})
    assert chain(db).ok
    with db.read() as session:
        first_other = session.scalars(
            select(AuditEntry).where(AuditEntry.node_id == other).order_by(AuditEntry.seq)).first()
        assert first_other is not None and first_other.prev_hash == GENESIS
