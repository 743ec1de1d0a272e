"""Bulk inserts: the same rows, change log and audit chain as the flush hook writes one row at a time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from desktop.domain.hlc import HybridClock
from desktop.domain.ids import new_id
from desktop.domain.pinyin import pinyin_keys
from desktop.services import maintenance
from desktop.services.records import tombstone, untombstone
from desktop.storage import audit, bulk, tracking
from desktop.storage.audit import verify_chain
from desktop.storage.base import Synced
from desktop.storage.database import Database
from desktop.storage.digest import row_digest, row_state
from desktop.storage.models import AuditEntry, ChangeLogEntry, Community, SocialOrg, SocialOrgStatusChange
from desktop.storage.tracking import PRESERVE_STAMPS, RecordRuleError
from wushe_testing import acting_as, open_copy, run_wushe

WHEN = datetime(2026, 3, 8, 9, 30, 15, 123456, tzinfo=UTC)
NAMES = ["单家村", "曾家湾社区", "乐山村", "石桥村", "Li Lei 服务点", "长安社区"]
Step = tuple[type[Synced], list[dict[str, Any]]]


def steps(station_id: str) -> list[Step]:
    """Communities (pinyin keys, a nullable number, defaults left out), organisations (sealed bytes,
    flags, dates, a link to a row of the same batch) and their append-only status history."""
    communities = [{"id": new_id(), "created_at": WHEN, "station_id": station_id, "name": name,
                    "setting": "rural" if i % 2 else "urban", "population": None if i == 3 else 1000 * i}
                   for i, name in enumerate(NAMES)]
    federation = new_id()
    orgs = [{"id": federation, "created_at": WHEN, "name": "青山镇社会组织联合会", "community_id": communities[0]["id"],
             "category": "governance", "status": "filed", "is_federation": True}]
    orgs += [{"id": new_id(), "created_at": WHEN, "name": f"{c['name']}志愿服务队", "community_id": c["id"],
              "category": "service", "status": "registered", "credit_code": "51500110MJP99999XY",
              "founded_on": date(2020, 1, i + 1), "leader_phone_sealed": bytes([1, i, 255]), "members": i,
              "brand": i % 2 == 0, "federation_id": federation} for i, c in enumerate(communities)]
    history = [{"id": new_id(), "created_at": WHEN, "org_id": o["id"], "status": o["status"],
                "changed_on": date(2026, 3, 8), "note": "entered in the register"} for o in orgs]
    return [(Community, communities), (SocialOrg, orgs), (SocialOrgStatusChange, history)]


def write_orm(session: Session, plan: Sequence[Step]) -> None:
    for model, rows in plan:
        session.add_all(model(**row) for row in rows)
        session.flush()


def write_bulk(session: Session, plan: Sequence[Step]) -> None:
    for model, rows in plan:
        assert bulk.insert_many(session, model, rows) == [row["id"] for row in rows]


@pytest.fixture
def twins(initialized_db: Database, tmp_path: Path) -> Iterator[tuple[Database, Database]]:
    """Two copies of one station file: same node, same station, same clock so far."""
    assert initialized_db.path is not None
    initialized_db.close()
    pair = (open_copy(initialized_db.path, tmp_path / "orm"), open_copy(initialized_db.path, tmp_path / "bulk"))
    yield pair
    for db in pair:
        db.close()


def table_rows(db: Database, model: type[Any], order: Any) -> list[dict[str, Any]]:
    with db.read() as session:
        return [row_state(row) for row in session.scalars(select(model).order_by(order))]


def test_bulk_rows_logs_and_digests_equal_the_orm_paths(twins: tuple[Database, Database],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    orm_db, bulk_db = twins
    # The same wall time on both sides, so stamps, times and digests can be compared exactly.
    for module in (tracking, audit):
        monkeypatch.setattr(module, "utcnow", lambda: WHEN)
    for db in twins:
        db.clock = HybridClock(db.clock.last, wall=lambda: 1_900_000_000_000)
    plan = steps(orm_db.node_id or "")
    with acting_as(orm_db, "王社工").write() as session:
        write_orm(session, plan)
    with acting_as(bulk_db, "王社工").write() as session:
        write_bulk(session, plan)

    for model, _rows in plan:
        assert table_rows(bulk_db, model, model.hlc) == table_rows(orm_db, model, model.hlc)
    logs = [table_rows(db, ChangeLogEntry, ChangeLogEntry.seq) for db in twins]
    assert logs[0] == logs[1]
    entries = [[{k: v for k, v in entry.items() if k not in ("id", "prev_hash", "hash")}
                for entry in table_rows(db, AuditEntry, AuditEntry.seq)] for db in twins]
    assert entries[0] == entries[1]
    assert entries[1][-1]["after_digest"] and entries[1][-1]["actor"] == "王社工"


def test_a_bulk_insert_keeps_every_record_convention_and_the_checks_pass(initialized_db: Database) -> None:
    db = initialized_db
    before = db.clock.last
    communities = steps(db.node_id or "")[0][1]
    for row in communities:
        del row["id"], row["created_at"]  # made by the insert, as by the flush hook
    with acting_as(db, "李站长").write() as session:
        ids = bulk.insert_many(session, Community, communities)
        session.add(Community(station_id=db.node_id, name="ORM 之后", setting="urban"))  # flushed at commit

    with db.read() as session:
        rows = {row.id: row for row in session.scalars(select(Community).where(Community.id.in_(ids)))}
        logs = session.execute(select(ChangeLogEntry.row_id, ChangeLogEntry.hlc).where(ChangeLogEntry.hlc > before)
                               .order_by(ChangeLogEntry.seq)).all()
        entries = {e.row_id: e for e in session.scalars(select(AuditEntry).where(AuditEntry.row_id.in_(ids)))}
        assert verify_chain(session).ok
        for row_id in ids:
            row = rows[row_id]
            assert (row.origin_node, row.created_by, row.notes, row.deleted_at) == (db.node_id, "李站长", "", None)
            assert row.created_at.tzinfo is not None and row.name_search
            assert entries[row_id].after_digest == row_digest(row)  # the row exactly as stored
            assert (entries[row_id].action, entries[row_id].actor) == ("insert", "李站长")
        first = rows[ids[0]]
        assert (first.name_sort, first.name_search) == pinyin_keys("单家村") and "sjc" in first.name_search.split()
    stamps = [log.hlc for log in logs]
    assert [log.row_id for log in logs][:len(ids)] == ids and len(logs) == len(ids) + 1
    assert before < stamps[0] and all(a < b for a, b in zip(stamps, stamps[1:]))  # strictly increasing
    assert maintenance.check(db).ok


def test_a_bulk_row_is_created_stamped_and_audited_at_one_time(initialized_db: Database) -> None:
    db = initialized_db
    communities = steps(db.node_id or "")[0][1]
    for row in communities:
        del row["created_at"]
    with acting_as(db, "王社工").write() as session:
        ids = bulk.insert_many(session, Community, communities)
    with db.read() as session:
        times = {entry.row_id: entry.at for entry in session.scalars(select(AuditEntry).where(AuditEntry.row_id.in_(ids)))}
        rows = session.execute(select(Community.id, Community.created_at, Community.updated_at)
                               .where(Community.id.in_(ids)).order_by(Community.hlc)).all()
    assert [row.id for row in rows] == ids
    assert all(row.created_at == row.updated_at == times[row.id] for row in rows)
    assert [row.created_at for row in rows] == sorted(row.created_at for row in rows)  # in the order given


def test_a_roomy_cache_lasts_for_the_block_and_the_size_comes_back(initialized_db: Database) -> None:
    def cache_size(session: Session) -> int:
        return session.connection().exec_driver_sql("PRAGMA cache_size").scalar_one()

    with initialized_db.write() as session:
        before = cache_size(session)
        with pytest.raises(ZeroDivisionError), bulk.roomy_cache(session):
            assert cache_size(session) == -bulk.ROOMY_CACHE_KIB
            raise ZeroDivisionError
        assert cache_size(session) == before != -bulk.ROOMY_CACHE_KIB


def test_bulk_rows_are_later_edited_tombstoned_and_restored_through_the_orm(initialized_db: Database) -> None:
    db = initialized_db
    with acting_as(db, "王社工").write() as session:
        ids = bulk.insert_many(session, Community, steps(db.node_id or "")[0][1])
    with db.read() as session:
        inserted = row_digest(session.get(Community, ids[0]))
    with acting_as(db, "李站长").write() as session:
        row = session.get(Community, ids[0])
        tombstone(session, row)
        untombstone(session, row)
        session.get(Community, ids[1]).population = 7
    with db.read() as session:
        actions = session.execute(select(AuditEntry.action, AuditEntry.before_digest).where(
            AuditEntry.row_id == ids[0]).order_by(AuditEntry.seq)).all()
        ops = list(session.scalars(select(ChangeLogEntry.op).where(ChangeLogEntry.row_id == ids[0])
                                   .order_by(ChangeLogEntry.seq)))
        assert session.get(Community, ids[1]).population == 7
        assert verify_chain(session).ok
    assert [a for a, _ in actions] == ["insert", "delete", "restore"] and ops == ["insert", "delete", "update"]
    assert actions[1].before_digest == inserted  # the tombstone's before-state is the bulk row as stored


def test_the_append_only_rules_hold_for_bulk_rows(initialized_db: Database) -> None:
    db = initialized_db
    plan = steps(db.node_id or "")
    with acting_as(db, "王社工").write() as session:
        write_bulk(session, plan)
    history_id = plan[2][1][0]["id"]
    with pytest.raises(RecordRuleError, match="append-only"), db.write() as session:
        session.get(SocialOrgStatusChange, history_id).note = "改写历史"
    with pytest.raises(DatabaseError), db.write() as session:
        session.execute(update(AuditEntry).where(AuditEntry.row_id == history_id).values(actor="别人"))
    with db.read() as session:
        assert session.get(SocialOrgStatusChange, history_id).note == "entered in the register"


def test_a_rolled_back_bulk_insert_leaves_nothing_and_the_chain_goes_on(initialized_db: Database) -> None:
    db = initialized_db

    def counted() -> tuple[int, ...]:
        with db.read() as session:
            return tuple(session.scalar(select(func.count()).select_from(t)) or 0
                         for t in (Community, ChangeLogEntry, AuditEntry))

    before = counted()
    with pytest.raises(ZeroDivisionError), db.write() as session:
        bulk.insert_many(session, Community, steps(db.node_id or "")[0][1])
        raise ZeroDivisionError
    assert counted() == before
    with db.write() as session:
        bulk.insert_many(session, Community, steps(db.node_id or "")[0][1])
        assert bulk.insert_many(session, Community, []) == []
    with db.read() as session:
        assert verify_chain(session).ok


def test_a_column_the_table_lacks_is_refused(initialized_db: Database) -> None:
    rows = steps(initialized_db.node_id or "")[0][1]
    rows[-1]["populaton"] = 5
    with pytest.raises(ValueError, match=r"no column \['populaton'\]"), initialized_db.write() as session:
        bulk.insert_many(session, Community, rows)


def test_a_merge_that_keeps_incoming_stamps_cannot_bulk_insert(initialized_db: Database) -> None:
    with pytest.raises(RuntimeError, match="stamps"), initialized_db.write() as session:
        session.info[PRESERVE_STAMPS] = True
        bulk.insert_many(session, Community, steps(initialized_db.node_id or "")[0][1])


def test_the_command_line_checks_pass_after_a_bulk_insert(initialized_db: Database) -> None:
    db = initialized_db
    with acting_as(db, "王社工").write() as session:
        write_bulk(session, steps(db.node_id or ""))
    assert db.path is not None
    for command in (("audit", "verify"), ("check",)):
        result = run_wushe(db.path, *command, user=None)
        assert result.returncode == 0, result.stdout
