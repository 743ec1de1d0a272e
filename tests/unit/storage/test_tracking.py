"""The flush hook: stamps, change log and audit entry for every write to a Synced table, or nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from wushe_testing import acting_as
from desktop.storage.base import synced_tables
from desktop.storage.database import Database
from desktop.storage.digest import canonical_json, row_digest, row_state, sha256_hex
from desktop.storage.models import AuditEntry, ChangeLogEntry, Community, Station
from desktop.storage.tracking import PRESERVE_STAMPS, RecordRuleError


def counts(db: Database) -> tuple[int, int, int]:
    with db.read() as session:
        return (
            session.scalar(select(func.count()).select_from(Community)) or 0,
            session.scalar(select(func.count()).select_from(ChangeLogEntry)) or 0,
            session.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


def add_community(db: Database, name: str = "石桥村", actor: str = "王社工") -> str:
    with acting_as(db, actor).write() as session:
        row = Community(station_id=db.node_id, name=name, setting="rural", population=100,
                        division_code="", notes="")
        session.add(row)
    return row.id


def test_synced_tables_are_known() -> None:
    assert {cls.__tablename__ for cls in synced_tables()} >= {"station", "community"}


def test_insert_is_stamped_logged_and_audited(initialized_db: Database) -> None:
    db = initialized_db
    _, logs_before, audits_before = counts(db)
    start = datetime.now(UTC)
    last_stamp = db.clock.last
    row_id = add_community(db)
    end = datetime.now(UTC)

    with db.read() as session:
        row = session.get(Community, row_id)
        assert row is not None
        assert row.hlc > last_stamp
        assert row.origin_node == db.node_id
        assert row.created_by == "王社工"
        assert start <= row.updated_at <= end
        assert row.updated_at.tzinfo is not None
        assert start <= row.created_at <= end

        logs = session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.seq > logs_before)).all()
        assert [(c.table_name, c.row_id, c.hlc, c.origin_node, c.op) for c in logs] == [
            ("community", row_id, row.hlc, db.node_id, "insert")
        ]
        audits = session.scalars(select(AuditEntry).where(AuditEntry.seq > audits_before)).all()
        assert len(audits) == 1
        entry = audits[0]
        assert (entry.action, entry.table_name, entry.row_id, entry.actor, entry.node_id) == (
            "insert", "community", row_id, "王社工", db.node_id
        )
        assert entry.before_digest == ""
        # the after digest is the row exactly as it was stored
        assert entry.after_digest == row_digest(row)


def test_update_and_tombstone_are_stamped_logged_and_audited(initialized_db: Database) -> None:
    db = initialized_db
    row_id = add_community(db)
    with db.read() as session:
        original = session.get(Community, row_id)
        assert original is not None
        first_hlc, first_digest = original.hlc, row_digest(original)

    with acting_as(db, "李站长").write() as session:
        row = session.get(Community, row_id)
        assert row is not None
        row.population = 250
    with acting_as(db, "李站长").write() as session:
        row = session.get(Community, row_id)
        assert row is not None
        row.deleted_at = datetime.now(UTC)
    with acting_as(db, "李站长").write() as session:
        row = session.get(Community, row_id)
        assert row is not None
        row.deleted_at = None

    with db.read() as session:
        row = session.get(Community, row_id)
        assert row is not None
        logs = session.scalars(
            select(ChangeLogEntry).where(ChangeLogEntry.row_id == row_id).order_by(ChangeLogEntry.seq)
        ).all()
        audits = session.scalars(
            select(AuditEntry).where(AuditEntry.row_id == row_id).order_by(AuditEntry.seq)
        ).all()
        final_digest = row_digest(row)
        session.expunge_all()  # keep the loaded values for the checks below

    assert [c.op for c in logs] == ["insert", "update", "delete", "update"]
    assert [a.action for a in audits] == ["insert", "update", "delete", "restore"]
    stamps = [c.hlc for c in logs]
    assert stamps[0] == first_hlc
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)  # strictly increasing
    assert row.hlc == stamps[-1]
    assert all(c.origin_node == db.node_id for c in logs)
    assert all(a.actor == "李站长" for a in audits[1:])
    # each version's before digest is the previous version's after digest
    assert audits[0].after_digest == first_digest
    for previous, entry in zip(audits, audits[1:]):
        assert entry.before_digest == previous.after_digest
        assert entry.before_digest != entry.after_digest
    assert audits[-1].after_digest == final_digest
    assert row.created_by == "王社工"  # an edit does not change who created the row


def test_before_digest_is_the_loaded_state(initialized_db: Database) -> None:
    db = initialized_db
    row_id = add_community(db)
    with db.write() as session:
        row = session.get(Community, row_id)
        assert row is not None
        expected_before = sha256_hex(canonical_json(row_state(row)))
        row.name = "新名字"
        row.notes = "改了两处"
    with db.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
        assert entry.before_digest == expected_before


def test_every_write_gets_a_strictly_greater_stamp(initialized_db: Database) -> None:
    db = initialized_db
    ids = [add_community(db, f"村{i}") for i in range(5)]
    with db.write() as session:
        for i, row_id in enumerate(ids):
            row = session.get(Community, row_id)
            assert row is not None
            row.population = i
    with db.read() as session:
        stamps = list(session.scalars(select(ChangeLogEntry.hlc).order_by(ChangeLogEntry.seq)))
    assert all(a < b for a, b in zip(stamps, stamps[1:]))


def test_unchanged_rows_write_nothing(initialized_db: Database) -> None:
    db = initialized_db
    row_id = add_community(db)
    before = counts(db)
    with db.write() as session:
        row = session.get(Community, row_id)
        assert row is not None
        row.population = row.population  # same value: not a change
    assert counts(db) == before


def test_hard_delete_is_refused_and_writes_nothing(initialized_db: Database) -> None:
    db = initialized_db
    row_id = add_community(db)
    before = counts(db)
    with pytest.raises(RecordRuleError, match="tombstoned"):
        with db.write() as session:
            row = session.get(Community, row_id)
            session.add(Community(station_id=db.node_id, name="也不该留下", setting="urban"))
            session.delete(row)
    assert counts(db) == before
    with db.read() as session:
        row = session.get(Community, row_id)
        assert row is not None and row.deleted_at is None


def test_hard_delete_of_the_station_is_refused(initialized_db: Database) -> None:
    with pytest.raises(RecordRuleError):
        with initialized_db.write() as session:
            station = session.get(Station, initialized_db.node_id)
            session.delete(station)
    with initialized_db.read() as session:
        assert session.get(Station, initialized_db.node_id) is not None


class Boom(Exception):
    pass


def test_unit_of_work_rolls_back_on_exception(initialized_db: Database) -> None:
    db = initialized_db
    existing = add_community(db)
    before = counts(db)
    with pytest.raises(Boom):
        with db.write() as session:
            session.add(Community(station_id=db.node_id, name="半途", setting="rural"))
            row = session.get(Community, existing)
            assert row is not None
            row.population = 999
            session.flush()  # written inside the transaction, stamped, logged and audited ...
            assert session.scalar(select(func.count()).select_from(ChangeLogEntry)) == before[1] + 2
            raise Boom()  # ... and then all of it is rolled back
    assert counts(db) == before
    with db.read() as session:
        row = session.get(Community, existing)
        assert row is not None and row.population == 100
        assert session.scalar(select(Community).where(Community.name == "半途")) is None


def test_the_audit_chain_continues_after_a_rollback(initialized_db: Database) -> None:
    from desktop.storage.audit import verify_chain

    db = initialized_db
    with pytest.raises(Boom):
        with db.write() as session:
            session.add(Community(station_id=db.node_id, name="回滚", setting="rural"))
            session.flush()
            raise Boom()
    add_community(db, "之后")
    with db.read() as session:
        assert verify_chain(session).ok


def test_preserve_stamps_keeps_incoming_stamps(initialized_db: Database) -> None:
    db = initialized_db
    remote = "01900000-0000-7000-8000-0000000000ff"
    when = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    with db.write() as session:
        session.info[PRESERVE_STAMPS] = True
        session.add(Community(id="01900000-0000-7000-8000-000000000abc", station_id=db.node_id, name="远方村",
                              setting="rural", population=None, division_code="", notes="",
                              created_at=when, updated_at=when, origin_node=remote, hlc=42, created_by="他人"))
    with db.read() as session:
        row = session.get(Community, "01900000-0000-7000-8000-000000000abc")
        log = session.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.seq.desc()).limit(1)).one()
        assert row is not None
        assert (row.hlc, row.origin_node, row.updated_at, row.created_by) == (42, remote, when, "他人")
        assert (log.hlc, log.origin_node, log.op) == (42, remote, "insert")
