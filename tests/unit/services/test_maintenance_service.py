"""Keeping the file healthy: node info, check, backup and restore through the service layer."""

from __future__ import annotations

import json
from collections.abc import Iterator
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select

from wushe_testing import DEMO_PASSWORD, DemoTemplate, acting_as, open_copy
from desktop.domain.permissions import SYSTEM
from desktop.services import signin
from desktop.services.backup_access import BackupAccess
from desktop.services.demo import DEMO_USERS
from desktop.errors import StorageError
from desktop.paths import backups_dir
from desktop.services import communities, maintenance
from desktop.services.communities import CommunityInput
from desktop.services.demo import DEMO_COMMUNITIES, DEMO_STATION
from desktop.storage import audit
from desktop.storage.backup import integrity_errors, list_backups
from desktop.storage.base import synced_tables
from desktop.storage.database import Database
from desktop.storage.migrate import head_revision
from desktop.storage.models import AuditEntry

pytestmark = pytest.mark.usefixtures("english")  # error messages are matched in English


@pytest.fixture
def demo_db(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    db = open_copy(demo_template.path, tmp_path / "demo")
    signin.sign_in(db, "admin", DEMO_PASSWORD)
    yield db
    db.close()


def raw(db: Database) -> sqlite3.Connection:
    assert db.path is not None
    return sqlite3.connect(db.path, isolation_level=None)


def count_of(info: maintenance.NodeInfo, table: str) -> tuple[int, int]:
    found = [c for c in info.counts if c.table == table]
    assert len(found) == 1
    return found[0].rows, found[0].live


def last_audit(db: Database) -> tuple[str, dict]:  # type: ignore[type-arg]
    with db.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
        return entry.action, json.loads(entry.detail)


def test_node_info_of_a_new_database(db: Database) -> None:
    info = maintenance.node_info(db)
    assert info.path == str(db.path)
    assert info.schema_revision == info.schema_head == head_revision()
    assert (info.node_id, info.kind, info.name, info.division_code, info.fingerprint) == (None,) * 5
    assert all(c.rows == 0 and c.live == 0 for c in info.counts)
    assert [c.table for c in info.counts] == sorted(c.table for c in info.counts)


def test_node_info_counts(demo_db: Database) -> None:
    db = demo_db
    before = maintenance.node_info(db)
    with db.read() as session:
        first = communities.list_ids(session)[0]
    with db.write() as session:
        communities.delete(session, first)
    info = maintenance.node_info(db)
    assert (info.node_id, info.kind, info.name, info.division_code) == (
        db.node_id, "station", DEMO_STATION.name, DEMO_STATION.division_code)
    assert info.fingerprint is not None and len(info.fingerprint) == 39
    n = len(DEMO_COMMUNITIES)
    assert count_of(info, "community") == (n, n - 1)
    assert count_of(info, "station") == (1, 1)
    assert count_of(info, "node_identity") == (1, 1)
    users = len(DEMO_USERS) + 1  # and the head
    assert count_of(info, "user_account") == (users, users)
    # The tombstone is one more change and one more audit entry; the rest of the demo is as it was.
    for table in ("change_log", "audit_log"):
        rows = count_of(before, table)[0] + 1
        assert count_of(info, table) == (rows, rows)
    synced = {model.__tablename__ for model in synced_tables()}
    # Every synced row was written at least once, and every write left its change-log entry.
    assert count_of(info, "change_log")[0] >= sum(c.rows for c in info.counts if c.table in synced)


def test_check_is_ok_on_a_fresh_demo_database(demo_db: Database) -> None:
    report = maintenance.check(demo_db)
    assert report.ok, report.faults
    assert report.faults == []
    assert report.audit_entries == count_of(maintenance.node_info(demo_db), "audit_log")[0] > 0


def test_check_reports_a_broken_audit_hash(demo_db: Database) -> None:
    with closing(raw(demo_db)) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET actor = 'intruder' WHERE seq = 5")
    report = maintenance.check(demo_db)
    assert not report.ok
    assert len(report.faults) == 1
    assert "5" in report.faults[0] and "hash" in report.faults[0]


def test_check_reports_an_unstamped_row(demo_db: Database) -> None:
    with closing(raw(demo_db)) as conn:
        conn.execute("UPDATE community SET hlc = 0 WHERE rowid IN (SELECT rowid FROM community LIMIT 2)")
    report = maintenance.check(demo_db)
    assert not report.ok
    assert len(report.faults) == 1
    assert "2" in report.faults[0] and "community" in report.faults[0]


def test_check_reports_a_broken_link(demo_db: Database) -> None:
    with closing(raw(demo_db)) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("UPDATE community SET station_id = 'nowhere' WHERE rowid = (SELECT min(rowid) FROM community)")
    report = maintenance.check(demo_db)
    assert not report.ok
    assert any("community" in fault for fault in report.faults)


def test_backup_to_a_chosen_file_is_audited(demo_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "usb" / "站点备份.db"
    made = maintenance.backup(acting_as(demo_db, "李站长"), out=out)
    assert made == out and integrity_errors(out) == []
    assert last_audit(demo_db) == ("backup", {"file": "站点备份.db", "reason": "manual"})
    assert maintenance.check(demo_db).ok


def test_backup_into_the_backups_folder(demo_db: Database) -> None:
    assert demo_db.path is not None
    made = maintenance.backup(demo_db, reason="daily")
    assert made.parent == backups_dir(demo_db.path)
    assert [b.path for b in list_backups(demo_db.path)] == [made]
    assert last_audit(demo_db) == ("backup", {"file": made.name, "reason": "daily"})


def test_backup_of_an_uninitialized_database_writes_no_audit(db: Database, tmp_path: Path) -> None:
    made = maintenance.backup(db, out=tmp_path / "empty.db")
    assert made.exists()
    with db.read() as session:
        assert session.scalars(select(AuditEntry)).first() is None


def test_backup_then_restore_round_trip(demo_db: Database, tmp_path: Path) -> None:
    db = demo_db
    saved = maintenance.backup(db, out=tmp_path / "before.db")
    with db.read() as session:
        before = [(v.name, v.population) for v in communities.list_all(session)]
    with db.write() as session:
        communities.add(session, CommunityInput("备份后加的村", "rural", 1))
        communities.delete(session, communities.list_ids(session)[0])

    safety = maintenance.restore(db, saved, BackupAccess("admin", DEMO_PASSWORD))

    with db.read() as session:
        assert [(v.name, v.population) for v in communities.list_all(session)] == before
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
        assert (entry.action, entry.actor) == ("backup.restore", "admin")
        assert json.loads(entry.detail) == {"file": "before.db", "safety_backup": safety.name}
        assert audit.verify_chain(session).ok
    assert safety.exists() and "prerestore" in safety.name
    with closing(sqlite3.connect(safety)) as conn:
        assert conn.execute("SELECT count(*) FROM community WHERE name = '备份后加的村'").fetchone() == (1,)
    assert maintenance.check(db).ok
    # everyone is signed out; signed in again, the database keeps working, stamps after every restored one
    assert db.principal == SYSTEM
    signin.sign_in(db, "admin", DEMO_PASSWORD)
    with db.write() as session:
        communities.add(session, CommunityInput("恢复后加的村", "urban", 2))
    assert maintenance.check(db).ok


def test_restore_of_a_foreign_file_changes_nothing(demo_db: Database, tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    info = maintenance.node_info(demo_db)
    with pytest.raises(StorageError, match="not a Wushe Desk database"):
        maintenance.restore(demo_db, foreign)
    assert maintenance.node_info(demo_db) == info
    assert maintenance.check(demo_db).ok


def test_restore_of_an_older_backup_is_upgraded(demo_db: Database, tmp_path: Path) -> None:
    """A backup made by an older version (schema 0001, before communities) is restored and migrated."""
    from desktop.storage.migrate import upgrade

    old = tmp_path / "old" / "wushe.db"
    old.parent.mkdir()
    upgrade(old, target="0001")
    spine = {  # the live file's rows that an older version could have written
        "node_identity": "SELECT node_id, kind, signing_public, signing_private, created_at FROM node_identity",
        "station": "SELECT * FROM station",
        "change_log": "SELECT * FROM change_log WHERE table_name = 'station'",
        # the chain as it was before the first community was added
        "audit_log": "SELECT * FROM audit_log WHERE seq < (SELECT min(seq) FROM audit_log"
                     " WHERE table_name = 'community') ORDER BY seq",
    }
    with closing(sqlite3.connect(old)) as conn, closing(raw(demo_db)) as live:
        for table, query in spine.items():
            rows = live.execute(query).fetchall()
            marks = ",".join("?" * len(rows[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        conn.commit()

    maintenance.restore(demo_db, old)

    info = maintenance.node_info(demo_db)
    assert info.schema_revision == head_revision()
    assert info.node_id == demo_db.node_id and info.name == DEMO_STATION.name
    assert count_of(info, "community") == (0, 0)
    assert demo_db.path is not None
    assert [b.reason for b in list_backups(demo_db.path)].count("premigrate") == 1
    assert last_audit(demo_db)[0] == "backup.restore"
    assert maintenance.check(demo_db).ok
