"""A fill travels on (issue 8): 乙站 got 甲站's client, case and service record from a plain bundle, without
their sealed fields, and passed them on to the county the same way (or the county had them from 甲站 so);
when a bundle from 甲站 then fills them at 乙站, 乙站's next bundle carries the fields to the county, which
fills the same versions: no new version, no conflict. By real bundle files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.permissions import Role
from desktop.services import case_service_records
from desktop.services.case_service_records import RecordInput
from desktop.storage.models import AuditEntry, CaseFile, ChangeLogEntry, SyncConflict
from desktop.sync import exchange
from desktop.sync.merge import FILL_OP, MERGE_ACTION
from county_testing import TODAY, own_work, sign_in_account
from sync_testing import Node, a, b, c, carry, pair_by_keys

__all__ = ["a", "b", "c"]  # the fixtures


@pytest.fixture
def rows(a: Node, b: Node, c: Node) -> tuple[str, ...]:
    """甲站's client, its case and a service record on it (every one with sealed fields); the three nodes
    trust each other."""
    for one, other in ((a, b), (a, c), (b, c)):
        pair_by_keys(one, other)
    sign_in_account(a, "jia", "甲站站长", Role.ADMIN)
    work = own_work(a, "石门村", "张秀英", "500110194803120027")
    with a.db.write() as session:
        record = case_service_records.add_service_record(
            session, work.case,
            RecordInput(TODAY, "home_visit", 45, "入户探访，老人独居", next_step="联系社区食堂送餐")).id
        client = session.get(CaseFile, work.case).client_id
    return client, work.case, record


def lines(node: Node, ids: tuple[str, ...]) -> list[str]:
    """The rows as the canonical dump has them: sealed fields opened, those not received left out."""
    return [line for line in node.dump().splitlines() if json.loads(line)["id"] in ids]


def ops(node: Node, ids: tuple[str, ...]) -> list[str]:
    """What the merges at ``node`` did to the rows, in order (its own audit chain: the others' travel too)."""
    with node.db.read() as session:
        return [json.loads(detail)["op"] for detail in session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == MERGE_ACTION, AuditEntry.row_id.in_(ids),
                                            AuditEntry.node_id == node.node_id).order_by(AuditEntry.seq))]


@pytest.mark.parametrize("first", ["a", "b"], ids=["county-had-it-from-the-writer", "county-had-it-from-the-relay"])
def test_a_fill_reaches_a_third_node_that_had_the_rows_without_the_fields(
        first: str, a: Node, b: Node, c: Node, rows: tuple[str, ...], tmp_path: Path) -> None:
    carry(a, b, tmp_path, "left_out")
    if first == "a":
        carry(a, c, tmp_path, "left_out")
    carry(b, c, tmp_path)  # encrypted, and acknowledged: the rows as 乙站 has them
    assert lines(c, rows) != lines(a, rows) and lines(b, rows) != lines(a, rows)  # the fields not there
    carry(a, b, tmp_path)  # encrypted: 乙站 fills
    assert lines(b, rows) == lines(a, rows)
    carry(b, c, tmp_path)
    assert lines(c, rows) == lines(a, rows)  # the same versions, the same values
    assert ops(c, rows) == ["insert"] * 3 + [FILL_OP] * 3  # filled, not taken as new versions
    for node in (b, c):
        with node.db.read() as session:
            assert session.scalars(select(SyncConflict)).all() == []
            logged = set(session.execute(select(ChangeLogEntry.row_id, ChangeLogEntry.hlc).where(
                ChangeLogEntry.row_id.in_(rows), ChangeLogEntry.op == FILL_OP)))
        assert logged == {(row["id"], row["hlc"]) for row in map(json.loads, lines(a, rows))}


def test_the_fill_happens_once(a: Node, b: Node, c: Node, rows: tuple[str, ...], tmp_path: Path) -> None:
    """Bundles carrying the filled rows again, the writer's and the relay's whole one, change nothing more."""
    carry(a, b, tmp_path, "left_out")
    carry(b, c, tmp_path)
    carry(a, b, tmp_path)
    carry(b, c, tmp_path)
    before = (lines(c, rows), ops(c, rows))
    carry(a, c, tmp_path)
    again = exchange.import_file(c.db, exchange.export_to_peer(b.db, c.node_id, tmp_path / "full.wsb", full=True).path)
    assert again.filled == 0 and (lines(c, rows), ops(c, rows)) == before
