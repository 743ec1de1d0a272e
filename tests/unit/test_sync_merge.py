"""Collect and merge with rows in memory: last writer wins by (hlc, origin), tombstones, append-only
unions, idempotence, any order, conflicts kept, sealed columns re-sealed, and what merges leave in the
change log and the audit chain."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from desktop.storage.audit import verify_chain
from desktop.storage.models import AuditEntry, ChangeLogEntry, Client, SyncConflict
from desktop.sync.collect import collect
from desktop.sync.merge import merge
from desktop.sync.staging import stage
from desktop.sync.registry import WireError, synced
from sync_testing import a, b, c  # noqa: F401 (fixtures)
from sync_testing import (
    Node, add_client, sync_all, add_community, add_org_with_status, client_secrets, community, delete_community,
    edit_community, receive, send, status_rows,
)


def rows_of(node: Node, **options: object) -> list[dict]:
    with node.db.read() as session:
        return collect(session, **options).changes  # type: ignore[arg-type]


def test_every_synced_table_travels_and_local_ones_do_not() -> None:
    names = set(synced())
    assert {"community", "client", "station", "ledger_entry", "volunteer_service", "attachment",
            "sync_conflict"} <= names
    assert not names & {"user_account", "change_log", "audit_log", "node_identity", "sync_peer", "sync_bundle"}
    assert "id_blind" not in synced()["client"].columns


def test_a_new_row_arrives_with_its_stamps_and_creator(a: Node, b: Node) -> None:
    sync_all(a, b)
    row_id = add_community(a, "石门村", 800)
    result = send(a, b)
    assert result.inserted == 1
    here, there = community(a, row_id), community(b, row_id)
    assert there is not None and here is not None
    assert (there.hlc, there.origin_node, there.created_by, there.name_sort) == \
        (here.hlc, here.origin_node, "甲站-clerk", here.name_sort)
    assert a.dump() == b.dump()


def test_the_greater_hlc_wins_and_an_older_version_changes_nothing(a: Node, b: Node) -> None:
    sync_all(a, b)
    row_id = add_community(a, "石门村", 800)
    send(a, b)
    old = rows_of(a, full=True)
    edit_community(a, row_id, population=900)
    send(a, b)
    assert community(b, row_id).population == 900  # type: ignore[union-attr]
    result = receive(b, a, old, 0)
    assert result.applied == 0 and result.older >= 1
    assert community(b, row_id).population == 900  # type: ignore[union-attr]


def test_a_tie_on_hlc_is_broken_by_origin_node(a: Node, b: Node) -> None:
    sync_all(a, b)
    row_id = add_community(a, "石门村", 800)
    send(a, b)
    [wire] = [w for w in rows_of(a, full=True) if w["id"] == row_id]
    mine = {**wire, "origin": "00000000-0000-7000-8000-000000000000", "fields": {**wire["fields"], "population": 1}}
    theirs = {**wire, "origin": "ffffffff-ffff-7fff-bfff-ffffffffffff", "fields": {**wire["fields"], "population": 2}}
    for order in ([mine, theirs], [theirs, mine]):
        for w in order:
            receive(b, a, [w], 0)
        assert community(b, row_id).population == 2  # type: ignore[union-attr]


def test_merging_twice_and_in_any_order_gives_the_same_state(a: Node, b: Node, c: Node) -> None:
    sync_all(a, b, c)
    first = add_community(a, "石门村", 800)
    bundle_1 = rows_of(a)
    edit_community(a, first, population=810)
    second = add_community(a, "新村", 300)
    bundle_2 = rows_of(a)
    delete_community(a, second)
    bundle_3 = rows_of(a)
    for rows in (bundle_3, bundle_1, bundle_2, bundle_3, bundle_1):
        receive(b, a, rows, 0)
    for rows in (bundle_1, bundle_2, bundle_3):
        receive(c, a, rows, 0)
    again = receive(c, a, bundle_3, 0)
    assert again.applied == 0 and again.unchanged == len(bundle_3)
    assert a.dump() == b.dump() == c.dump()
    assert community(b, second).deleted_at is not None  # type: ignore[union-attr]


def test_a_tombstone_wins_over_an_older_edit_and_loses_to_a_newer_one(a: Node, b: Node) -> None:
    sync_all(a, b)
    row_id = add_community(a, "石门村", 800)
    send(a, b)
    edit_community(b, row_id, population=850)  # b edits first
    delete_community(a, row_id)  # a deletes later: greater stamp
    send(b, a)
    send(a, b)
    assert community(a, row_id).deleted_at is not None  # type: ignore[union-attr]
    assert a.dump() == b.dump()
    edit_community(b, row_id, deleted_at=None, population=860)  # restored after the delete
    send(b, a)
    assert community(a, row_id).deleted_at is None and community(a, row_id).population == 860  # type: ignore[union-attr]


def test_concurrent_edits_keep_the_losing_version_as_a_conflict(a: Node, b: Node) -> None:
    sync_all(a, b)
    row_id = add_community(a, "石门村", 800)
    send(a, b)
    send(b, a)  # b acknowledges, a learns b has it
    edit_community(a, row_id, population=801, notes="甲站的核实")
    edit_community(b, row_id, population=802)  # later: b wins everywhere
    send(a, b)
    send(b, a)
    assert community(a, row_id).population == community(b, row_id).population == 802  # type: ignore[union-attr]
    assert a.dump() == b.dump()
    # b met a's edit knowing a had not seen its own: b keeps a's losing version, and the record of it
    # travels back with b's version, so a, whose edit lost, is told too (stamps alone could not tell a).
    for node in (a, b):
        with node.db.read() as session:
            [conflict] = session.scalars(select(SyncConflict)).all()
            loser, winner = json.loads(conflict.loser), json.loads(conflict.winner)
            assert (loser["fields"]["population"], loser["fields"]["notes"]) == (801, "甲站的核实")
            assert winner["fields"]["population"] == 802 and conflict.row_id == row_id
            assert conflict.origin_node == b.node_id


def test_an_edit_made_after_seeing_the_other_is_no_conflict(a: Node, b: Node) -> None:
    sync_all(a, b)
    row_id = add_community(a, "石门村", 800)
    send(a, b)
    edit_community(b, row_id, population=802)
    send(b, a)
    edit_community(a, row_id, population=803)  # a saw b's edit
    send(a, b)
    for node in (a, b):
        with node.db.read() as session:
            assert session.scalar(select(func.count()).select_from(SyncConflict)) == 0
    assert community(b, row_id).population == 803  # type: ignore[union-attr]


def test_append_only_rows_are_a_union_by_id(a: Node, b: Node) -> None:
    sync_all(a, b)
    place = add_community(a, "石门村")
    send(a, b)
    org_id, first = add_org_with_status(a, place, "夕阳红志愿队", "cultivating")
    _other_org, second = add_org_with_status(b, place, "广场舞队", "filed")
    send(a, b)
    send(b, a)
    assert status_rows(a) == status_rows(b) == {first, second}
    assert a.dump() == b.dump()
    # A version of an append-only row with another stamp changes nothing: the first one stays.
    [wire] = [w for w in rows_of(a, full=True) if w["id"] == first]
    forged = {**wire, "hlc": wire["hlc"] + 1, "fields": {**wire["fields"], "note": "改过"}}
    assert receive(b, a, [forged], 0).applied == 0
    assert a.dump() == b.dump()


def test_sealed_fields_are_resealed_with_the_receivers_key(a: Node, b: Node) -> None:
    sync_all(a, b)
    place = add_community(a, "石门村")
    client_id = add_client(a, place, "曾建华", "110101195001011237", "13800001111")
    send(a, b)
    number, phone, blind = client_secrets(b, client_id)
    assert (number, phone) == ("110101195001011237", "13800001111")
    assert blind is not None and blind != client_secrets(a, client_id)[2]  # each node's own key
    with a.db.read() as sa, b.db.read() as sb:
        assert sa.get(Client, client_id).id_number_sealed != sb.get(Client, client_id).id_number_sealed  # type: ignore[union-attr]
    assert a.dump() == b.dump()


def test_plain_rows_leave_sealed_fields_out_and_keep_what_the_receiver_has(a: Node, b: Node) -> None:
    sync_all(a, b)
    place = add_community(a, "石门村")
    client_id = add_client(a, place, "曾建华", "110101195001011237", "13800001111")
    plain = rows_of(a, sensitive=False)
    [wire] = [w for w in plain if w["table"] == "client"]
    assert "id_number_sealed" not in wire["fields"] and "phone_sealed" not in wire["fields"]
    assert "110101195001011237" not in json.dumps(plain, ensure_ascii=False)
    receive(b, a, plain, 0, sensitive=False)
    assert client_secrets(b, client_id) == ("", "", None)
    send(a, b)  # the same version, now with its sealed fields: they are filled in
    number, phone, blind = client_secrets(b, client_id)
    assert (number, phone) == ("110101195001011237", "13800001111") and blind is not None
    assert a.dump() == b.dump()


def test_merged_rows_get_change_log_entries_and_travel_on_to_a_third_node(a: Node, b: Node, c: Node) -> None:
    sync_all(a, b, c)
    row_id = add_community(a, "石门村", 800)
    send(a, b)
    with b.db.read() as session:
        entry = session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.row_id == row_id)).one()
        here = community(b, row_id)
        assert (entry.hlc, entry.origin_node, entry.op) == (here.hlc, a.node_id, "insert")  # type: ignore[union-attr]
        merged = session.scalars(select(AuditEntry).where(AuditEntry.row_id == row_id)).one()
        assert merged.action == "sync.merge" and json.loads(merged.detail) == {"bundle": "甲站->乙站", "op": "insert"}
        assert merged.node_id == b.node_id and merged.actor == "乙站-clerk"
        assert verify_chain(session).ok
    send(b, c)  # c hears of a's community through b
    assert community(c, row_id) is not None
    assert a.dump() == b.dump() == c.dump()
    assert send(c, a).applied == 0  # back home: a has it already


def test_a_merged_stamp_moves_the_clock(a: Node, b: Node) -> None:
    sync_all(a, b)
    row_id = add_community(a, "石门村", 800)
    [wire] = [w for w in rows_of(a, full=True) if w["id"] == row_id]
    ahead = wire["hlc"] + ((366 * 24 * 3600 * 1000) << 16)  # a year ahead
    receive(b, a, [w for w in rows_of(a, full=True) if w["table"] == "station"], 0)
    result = receive(b, a, [{**wire, "hlc": ahead}], 0)
    assert result.skewed
    edit_community(b, row_id, population=1)
    assert community(b, row_id).hlc > ahead  # type: ignore[union-attr]


def test_a_row_that_does_not_fit_is_refused_before_anything_is_written(a: Node, b: Node) -> None:
    sync_all(a, b)
    add_community(a, "石门村", 800)
    good = rows_of(a)
    before = b.dump()
    for bad in ({**good[-1], "table": "user_account"}, {**good[-1], "fields": {**good[-1]["fields"], "x": 1}},
                {**good[-1], "fields": {**good[-1]["fields"], "population": "800"}},
                {**good[-1], "deleted": True}):
        with pytest.raises(WireError):
            stage([*good, bad])
    assert b.dump() == before


def test_a_missing_parent_fails_the_whole_merge(a: Node, b: Node) -> None:
    sync_all(a, b)
    place = add_community(a, "石门村", 800)
    add_client(a, place, "曾建华", "110101195001011237")
    only_child = [w for w in rows_of(a) if w["table"] == "client"]
    before = b.dump()
    with pytest.raises(Exception, match="FOREIGN KEY"):
        with b.db.write() as session:
            merge(session, stage(only_child), bundle_id="x")
    assert b.dump() == before
