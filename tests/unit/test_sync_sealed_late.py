"""Sealed fields that arrive late on an append-only row (issue 8): a case's service record first reaches the
county or another station in a plain bundle, which leaves its sealed content out, then in an encrypted one
that carries it. The merge fills the empty fields once, sealed with the receiver's key, and counts no
conflict; the database (migrations 0027, 0029) lets exactly that through and still refuses every other UPDATE."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.permissions import Role
from desktop.services import case_service_records
from desktop.services.case_service_records import RecordInput
from desktop.storage.base import Base
from desktop.storage.models import AuditEntry, CaseServiceRecord, SyncConflict
from desktop.sync import exchange
from desktop.sync.registry import synced
from county_testing import TODAY, own_work, sign_in_account
from sync_testing import Node, a, b, c, pair_by_keys

__all__ = ["a", "b", "c"]  # the fixtures

CONTENT, NEXT_STEP = "入户探访，老人独居，饮食不规律", "下周联系社区食堂送餐"
REFUSED = "case_service_record is append-only"


def service_record(station: Node) -> str:
    sign_in_account(station, "jia", "甲站站长", Role.ADMIN)
    work = own_work(station, "石门村", "张秀英", "500110194803120027")
    with station.db.write() as session:
        return case_service_records.add_service_record(
            session, work.case, RecordInput(TODAY, "home_visit", 45, CONTENT, next_step=NEXT_STEP)).id


def sealed_of(node: Node, record: str) -> tuple[bytes | None, bytes | None]:
    with node.db.read() as session:
        row = session.get(CaseServiceRecord, record)
        assert row is not None
        return row.content_sealed, row.next_step_sealed


def opened_by(node: Node, record: str) -> tuple[str, str]:
    keys = node.db.vault
    assert keys is not None
    content, next_step = sealed_of(node, record)
    return (keys.open("case_service_record", record, "content", content),
            keys.open("case_service_record", record, "next_step", next_step))


def export(source: Node, target: Node, path: Path, sensitive: str) -> Path:
    """A bundle of what ``target`` has not acknowledged; no acknowledgement comes back, so the next one
    carries the same rows again."""
    return exchange.export_to_peer(source.db, target.node_id, path, sensitive=sensitive).path


def plain_then_sealed(station: Node, receiver: Node, folder: Path) -> tuple[str, Path]:
    """甲站's service record at the receiver from a plain bundle, and the encrypted bundle with the same rows
    still to import."""
    pair_by_keys(station, receiver)
    record = service_record(station)
    exchange.import_file(receiver.db, export(station, receiver, folder / "plain.wsb", "left_out"))
    assert sealed_of(receiver, record) == (b"", b"")  # withheld (``storage.withheld``), not empty
    return record, export(station, receiver, folder / "sealed.wsb", "encrypted")


@pytest.fixture(params=["c", "b"], ids=["county", "station"])
def late(request: pytest.FixtureRequest, a: Node, tmp_path: Path) -> tuple[Node, Node, str, Path]:
    """``plain_then_sealed`` from 甲站 to the county or to 乙站."""
    receiver = request.getfixturevalue(request.param)
    return a, receiver, *plain_then_sealed(a, receiver, tmp_path)


@pytest.fixture
def at_county(a: Node, c: Node, tmp_path: Path) -> tuple[Node, Node, str, Path]:
    return a, c, *plain_then_sealed(a, c, tmp_path)


def test_the_encrypted_bundle_fills_the_fields_the_plain_one_left_out(late: tuple[Node, Node, str, Path]) -> None:
    station, receiver, record, sealed = late
    done = exchange.import_file(receiver.db, sealed)
    assert opened_by(receiver, record) == (CONTENT, NEXT_STEP)
    assert set(sealed_of(receiver, record)).isdisjoint(sealed_of(station, record))  # re-sealed with its own key
    assert done.conflicts == 0 and done.updated == 0
    with receiver.db.read() as session:
        assert session.scalars(select(SyncConflict)).all() == []
        fills = session.scalars(select(AuditEntry.detail).where(AuditEntry.row_id == record,
                                                                AuditEntry.action == "sync.merge")).all()
    assert [json.loads(detail)["op"] for detail in fills] == ["insert", "fill"]
    mine = {json.loads(line)["id"]: line for line in station.dump().splitlines()}
    theirs = {json.loads(line)["id"]: line for line in receiver.dump().splitlines()}
    assert theirs[record] == mine[record]  # the same row on both nodes, sealed fields opened


def test_a_filled_field_is_never_changed_again(at_county: tuple[Node, Node, str, Path], tmp_path: Path) -> None:
    """Neither by a full bundle after the fill, carrying the fields again, nor by raw SQL, which is refused
    whatever it changes."""
    station, county, record, sealed = at_county
    exchange.import_file(county.db, sealed)
    filled = sealed_of(county, record)
    exchange.import_file(county.db, exchange.export_to_peer(station.db, county.node_id, tmp_path / "full.wsb",
                                                            full=True).path)
    assert sealed_of(county, record) == filled
    assert county.db.path is not None
    with closing(sqlite3.connect(county.db.path)) as conn:
        before = conn.execute("SELECT * FROM case_service_record").fetchall()
        for statement in (
            "UPDATE case_service_record SET content_sealed = X'00'",  # a filled value changed
            "UPDATE case_service_record SET content_sealed = NULL",  # or emptied
            "UPDATE case_service_record SET minutes = minutes + 1",  # another column
            "UPDATE case_service_record SET hlc = hlc + 1",  # a stamp
            "UPDATE case_service_record SET content_sealed = content_sealed",  # changing nothing
            "DELETE FROM case_service_record",
        ):
            with pytest.raises(sqlite3.IntegrityError, match=REFUSED):
                conn.execute(statement + " WHERE id = ?", (record,))
            conn.rollback()
        assert conn.execute("SELECT * FROM case_service_record").fetchall() == before


def test_the_database_lets_only_a_fill_from_empty_through(at_county: tuple[Node, Node, str, Path]) -> None:
    """Before the encrypted bundle: filling an empty field passes, unless another column changes with it;
    the filled field is then kept."""
    _station, county, record, _sealed = at_county
    assert county.db.path is not None
    with closing(sqlite3.connect(county.db.path)) as conn:
        with pytest.raises(sqlite3.IntegrityError, match=REFUSED):
            conn.execute("UPDATE case_service_record SET content_sealed = X'01', place = '村委会' WHERE id = ?",
                         (record,))
        conn.execute("UPDATE case_service_record SET content_sealed = X'01' WHERE id = ?", (record,))
        with pytest.raises(sqlite3.IntegrityError, match=REFUSED):
            conn.execute("UPDATE case_service_record SET content_sealed = X'02', next_step_sealed = X'02' "
                         "WHERE id = ?", (record,))
        assert conn.execute("SELECT content_sealed, next_step_sealed FROM case_service_record WHERE id = ?",
                            (record,)).fetchone() == (b"\x01", b"")


def fill_once_triggers(path: Path) -> dict[str, str]:
    with closing(sqlite3.connect(path)) as conn:
        return {name.removesuffix("_no_update"): sql for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_no_update'")
            if "IS NULL AND NEW." in sql}


def test_every_append_only_table_with_sealed_fields_is_guarded_by_every_column(a: Node) -> None:
    """The ledger's append-only tables hold no sealed field and keep their plain guard; a column added later
    to one of these tables needs its guard re-created (0027's ``fill_once_guard``), or this fails."""
    assert a.db.path is not None
    guarded = fill_once_triggers(a.db.path)
    sealed = {name for name, table in synced().items() if table.append_only and table.sealed}
    assert set(guarded) == sealed and "case_service_record" in sealed
    assert not sealed & {"ledger_entry", "ledger_line", "disbursement_approval", "goods_in_kind"}
    for name, sql in guarded.items():
        assert all(f"NEW.{column.name} " in sql for column in Base.metadata.tables[name].columns), name
