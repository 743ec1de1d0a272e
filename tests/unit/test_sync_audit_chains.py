"""Audit entries travel in bundles (``sync.audit_chains``): two stations, a village room and a county office
in temporary folders, exchanging real bundle files."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.services import audit_log
from desktop.storage.audit import verify_chain
from desktop.storage.models import AuditEntry, SyncBundleLog
from desktop.storage.opening import open_database
from desktop.sync import exchange
from desktop.sync.audit_chains import BrokenChain, heads
from desktop.sync.bundle_manifest import bundle_id_of
from desktop.sync.routing import route_to
from sync_testing import Node, a, add_client, add_community, b, c, exchanged, make_node, pair_by_keys

__all__ = ["a", "b", "c"]  # the fixtures


def trust_both_ways(*pairs: tuple[Node, Node]) -> None:
    for one, other in pairs:
        pair_by_keys(one, other)




def chain_of(node: Node, owner: Node) -> list[tuple[str, str, str]]:
    """``owner``'s audit chain as ``node`` holds it: (id, action, hash) in order."""
    with node.db.read() as session:
        return [tuple(row) for row in session.execute(  # type: ignore[misc]
            select(AuditEntry.id, AuditEntry.action, AuditEntry.hash)
            .where(AuditEntry.node_id == owner.node_id).order_by(AuditEntry.seq))]


def nodes_in_log(node: Node) -> set[str]:
    with node.db.read() as session:
        return set(session.scalars(select(AuditEntry.node_id).distinct()))


def intact(node: Node) -> bool:
    with node.db.read() as session:
        return verify_chain(session).ok


def entries(node: Node) -> int:
    with node.db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


@pytest.fixture
def star(a: Node, b: Node, c: Node) -> tuple[Node, Node, Node]:
    trust_both_ways((c, a), (c, b))
    for station, village in ((a, "石门村"), (b, "柳溪村")):
        place = add_community(station, village, 800)
        add_client(station, place, f"{village}的人", "110101195001011237", "13800001111")
    return a, b, c


def test_station_entries_reach_the_county_and_every_chain_verifies(star: tuple[Node, Node, Node],
                                                                     tmp_path: Path) -> None:
    a, b, c = star
    sent, done = exchanged(a, c, tmp_path)
    exchanged(b, c, tmp_path)
    assert done.audit_entries == sent.audit_entries and done.audit_unlinked == 0
    # Its whole chain (the county named no head of it yet) up to the export's own entry.
    assert chain_of(c, a) == chain_of(a, a)[:sent.audit_entries]
    assert chain_of(a, a)[sent.audit_entries][1] == "sync.export"
    assert {"init", "sync.peer.add", "insert"} <= {action for _id, action, _hash in chain_of(c, a)}
    assert nodes_in_log(c) == {a.node_id, b.node_id, c.node_id}
    assert all(intact(node) for node in (a, b, c))
    with c.db.read() as session:  # 设置 → 审计日志 and ``wushe audit list --node``: one station's entries
        assert set(audit_log.nodes(session)) == {a.node_id, b.node_id, c.node_id}
        seqs = audit_log.list_ids(session, audit_log.AuditQuery(node=a.node_id))
        assert [e.node_id for e in audit_log.get_many(session, seqs)] == [a.node_id] * len(chain_of(c, a))

    add_community(a, "新村", 120)
    again, more = exchanged(a, c, tmp_path)  # only what the county did not say it holds
    assert 0 < again.audit_entries < sent.audit_entries and more.audit_entries == again.audit_entries
    assert chain_of(c, a) == chain_of(a, a)[:len(chain_of(c, a))] and intact(c)


def test_a_second_copy_of_entries_adds_nothing(star: tuple[Node, Node, Node], tmp_path: Path) -> None:
    a, _b, c = star
    exchanged(a, c, tmp_path)
    before = chain_of(c, a)
    full, done = exchanged(a, c, tmp_path, full=True)  # every entry again, the county's head notwithstanding
    assert full.audit_entries == len(before) + 2  # the first export's entry, and its acknowledgement's import
    assert done.audit_entries == 2 and done.audit_unlinked == 0
    assert chain_of(c, a) == chain_of(a, a)[:len(before) + 2] and intact(c)


def test_a_station_never_receives_another_stations_or_the_countys_entries(star: tuple[Node, Node, Node],
                                                                            tmp_path: Path) -> None:
    a, b, c = star
    exchanged(a, c, tmp_path)
    exchanged(b, c, tmp_path)
    for full in (False, True):
        down, _done = exchanged(c, a, tmp_path, full=full)
        assert down.audit_entries == 0
    assert nodes_in_log(a) == {a.node_id}
    assert set(manifest(down.path)["acks"]["audit"]) == {a.node_id}  # b's chain is not named to a either


def test_a_rooms_entries_reach_the_county_through_its_station(a: Node, c: Node, tmp_path: Path) -> None:
    room = make_node(tmp_path / "room", "石门村活动室", kind="room")
    trust_both_ways((a, room), (c, a))
    add_community(room, "石门村", 800)
    exchanged(room, a, tmp_path)
    _sent, done = exchanged(a, c, tmp_path)
    assert chain_of(c, room) == chain_of(a, room) and done.audit_unlinked == 0
    with c.db.read() as session:  # the county names the room's head back to a, which then sends it no more
        named = heads(session, a.node_id, route=route_to(session, a.node_id, "station"))
    assert named[room.node_id] == chain_of(c, room)[-1][2]
    again, _done = exchanged(a, c, tmp_path)
    assert room.node_id not in manifest(again.path)["audit"]["entries"]
    assert intact(c)


def manifest(path: Path) -> dict:  # type: ignore[type-arg]
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))


def test_a_tampered_audit_entry_is_refused_with_nothing_changed(star: tuple[Node, Node, Node],
                                                                tmp_path: Path) -> None:
    a, _b, c = star
    exchanged(a, c, tmp_path)
    add_community(a, "新村", 120)
    target = chain_of(a, a)[-1][0]  # an entry the county has not got yet
    assert a.db.path is not None
    with closing(sqlite3.connect(a.db.path)) as conn:  # someone with the file edits the log behind the app
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET actor = 'nobody' WHERE id = ?", (target,))
        conn.commit()
    assert not intact(a)
    out = tmp_path / "tampered.wsb"
    exchange.export_to_peer(a.db, c.node_id, out)
    dump, count = c.dump(), entries(c)
    with pytest.raises(BrokenChain) as refused:
        exchange.import_file(c.db, out)
    assert refused.value.node == a.node_id and "甲站" in str(refused.value) and "\n" not in str(refused.value)
    assert c.dump() == dump and entries(c) == count and intact(c)
    with c.db.read() as session:
        assert session.get(SyncBundleLog, bundle_id_of(out)) is None  # not recorded: not imported


def reopened(node: Node, files: Path | None = None) -> None:
    """Close the node's database, put ``files``' copy in its place when given (a restore), and open it again
    signed in as before."""
    path, principal, vault = node.db.path, node.db.principal, node.db.vault
    assert path is not None
    node.db.close()
    if files is not None:
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        shutil.copy(files, path)
    node.db = open_database(path)
    node.db.sign_in(principal, vault)


def test_a_station_restored_from_a_backup_still_sends_its_records_and_the_county_counts_the_fork(
        star: tuple[Node, Node, Node], tmp_path: Path) -> None:
    a, _b, c = star
    exchanged(a, c, tmp_path)
    reopened(a)
    assert a.db.path is not None
    shutil.copy(a.db.path, tmp_path / "backup.db")
    add_community(a, "新村", 120)
    exchanged(a, c, tmp_path)  # the county holds entries the backup has not
    reopened(a, tmp_path / "backup.db")
    place = add_community(a, "后来村", 60)  # the chain goes on from the backup's head: a fork
    _sent, done = exchanged(a, c, tmp_path)
    assert done.audit_unlinked > 0 and done.audit_entries == 0  # told, not kept: the county's copy stays whole
    assert done.inserted >= 1 and intact(c)
    with c.db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(  # a's entry of it stays out
            AuditEntry.row_id == place, AuditEntry.node_id == a.node_id)) == 0
