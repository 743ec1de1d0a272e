"""Conflict records travel: the node whose edit lost is told, nodes that find the same conflict keep one
record, a resolution on one node settles it everywhere, and the losing sealed fields re-seal on the way."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from desktop.storage.audit import verify_chain
from desktop.storage.models import ChangeLogEntry, SyncConflict
from desktop.sync import conflicts, exchange, peers
from desktop.sync.collect import collect
from desktop.sync.merge import merge
from desktop.sync.staging import stage
from sync_testing import a, b, c  # noqa: F401 (fixtures)
from sync_testing import Node, add_client, add_community, client_secrets, community, edit_community, \
    send, sync_all, pair_by_keys


def open_conflicts(node: Node) -> list[conflicts.ConflictView]:
    with node.db.read() as session:
        return conflicts.list_conflicts(session)


def records(node: Node) -> int:
    with node.db.read() as session:
        return session.scalar(select(func.count()).select_from(SyncConflict)) or 0


def crossing(one: Node, other: Node) -> None:
    """Both nodes write their bundle before either imports the other's: neither bundle acknowledges the
    other's edit."""
    written = []
    for source, target in ((one, other), (other, one)):
        with source.db.read() as session:
            collected = collect(session, since_change_seq=source.acked.get(target.name, 0),
                                skip_origin=target.node_id)
        written.append((source, target, collected, source.seen.get(target.name, 0)))
    for source, target, collected, seen in written:
        with target.db.write() as session:
            merge(session, stage(collected.changes), bundle_id=f"{source.name}->{target.name}", seen_change_seq=seen)
        target.seen[source.name] = collected.change_seq_to
        source.acked[target.name] = collected.change_seq_to


def concurrent_edit(a: Node, b: Node) -> str:
    sync_all(a, b)
    row_id = add_community(a, "石门村", 800)
    send(a, b)
    send(b, a)
    edit_community(a, row_id, population=801, notes="甲站")
    edit_community(b, row_id, population=802, notes="乙站")  # later: b's wins
    return row_id


def test_the_node_whose_edit_lost_is_told(a: Node, b: Node) -> None:
    row_id = concurrent_edit(a, b)
    send(a, b)
    assert open_conflicts(a) == []  # found at b only, so far
    send(b, a)
    [at_a], [at_b] = open_conflicts(a), open_conflicts(b)
    assert at_a == at_b and at_a.row_id == row_id
    assert {d.field: (d.current, d.other) for d in at_a.differences} == {"population": (802, 801),
                                                                         "notes": ("乙站", "甲站")}
    assert (at_a.winner_origin, at_a.loser_origin) == (b.node_id, a.node_id)
    assert a.dump() == b.dump()


def test_through_bundle_files_both_peers_count_the_conflict(a: Node, b: Node, tmp_path: Path) -> None:
    pair_by_keys(a, b)

    def carry(source: Node, target: Node) -> exchange.ImportResult:
        out = tmp_path / f"{len(list(tmp_path.glob('*.wsb'))):02d}.wsb"
        exchange.export_to_peer(source.db, target.node_id, out)
        return exchange.import_file(target.db, out)

    row_id = add_community(a, "石门村", 800)
    carry(a, b)
    carry(b, a)
    edit_community(a, row_id, population=801)
    edit_community(b, row_id, population=802)
    assert carry(a, b).conflicts == 1
    assert carry(b, a).conflicts == 0  # told, not found again
    for node in (a, b):
        with node.db.read() as session:
            [view] = peers.list_peers(session)
            assert view.open_conflicts == 1 and peers.status(session).open_conflicts == 1


def test_a_conflict_found_on_both_sides_is_kept_once(a: Node, b: Node) -> None:
    concurrent_edit(a, b)
    crossing(a, b)  # each meets the other's edit unseen: both find the same conflict
    assert records(a) == records(b) == 1
    assert open_conflicts(a)[0].id == open_conflicts(b)[0].id
    sync_all(a, b)
    assert records(a) == records(b) == 1 and a.dump() == b.dump()
    for node in (a, b):
        with node.db.read() as session:
            assert verify_chain(session).ok


def chain(a: Node, b: Node, c: Node) -> None:
    """a and c exchange only with b (a version reaching a node by two paths may look concurrent there:
    acknowledgements of change logs cannot tell)."""
    for source, target in ((a, b), (b, a), (b, c), (c, b), (b, a)):
        send(source, target)


def test_a_resolution_on_one_node_settles_it_everywhere(a: Node, b: Node, c: Node) -> None:
    chain(a, b, c)
    row_id = concurrent_edit(a, b)
    chain(a, b, c)
    assert len(open_conflicts(c)) == 1  # a third node hears of it too
    [found] = open_conflicts(a)
    with a.db.write() as session:  # a's user takes their own edit back
        conflicts.resolve(session, found.id, conflicts.TAKE_OTHER)
    chain(a, b, c)
    for node in (a, b, c):
        assert open_conflicts(node) == []
        with node.db.read() as session:
            [done] = conflicts.list_conflicts(session, include_resolved=True)
        assert (done.resolution, done.resolved_by) == (conflicts.TAKE_OTHER, "甲站-clerk")
        assert community(node, row_id).population == 801
    assert a.dump() == b.dump() == c.dump()


def test_both_resolving_converges(a: Node, b: Node) -> None:
    """Each resolution is a new version of the record, so two people settling one conflict in opposite
    ways at once disagree again: the later decision wins on both nodes, the settled record says which,
    and the earlier one is kept as a new conflict."""
    row_id = concurrent_edit(a, b)
    crossing(a, b)
    for node, choice in ((a, conflicts.KEEP), (b, conflicts.TAKE_OTHER)):  # b's decision is the later
        with node.db.write() as session:
            conflicts.resolve(session, open_conflicts(node)[0].id, choice)
    sync_all(a, b)
    assert records(a) == records(b) == 2 and a.dump() == b.dump()
    with a.db.read() as session:
        [settled, again] = conflicts.list_conflicts(session, include_resolved=True)
    assert settled.resolution == conflicts.TAKE_OTHER and community(a, row_id).population == 801
    assert (again.winner_origin, again.loser_origin, again.resolution) == (b.node_id, a.node_id, "")
    assert {d.field: (d.current, d.other) for d in again.differences}["population"] == (801, 802)


def test_the_losing_sealed_field_travels_sealed_and_can_be_taken_back_by_its_author(a: Node, b: Node) -> None:
    sync_all(a, b)
    place = add_community(a, "石门村")
    client_id = add_client(a, place, "曾建华", "110101195001011237")
    send(a, b)
    send(b, a)
    for node, number in ((a, "11010119500101125X"), (b, "110101195001011261")):  # b's later: it wins
        keys = node.db.vault
        assert keys is not None
        with node.db.write() as session:
            from desktop.storage.models import Client
            row = session.get(Client, client_id)
            assert row is not None
            row.id_number_sealed = keys.seal("client", client_id, "id_number", number)
    send(a, b)
    send(b, a)
    with a.db.write() as session:  # found at b, resolved at a with a's key
        [found] = conflicts.list_conflicts(session)
        assert found.sealed_differ == ("id_number",)
        conflicts.resolve(session, found.id, conflicts.TAKE_OTHER)
    assert client_secrets(a, client_id)[0] == "11010119500101125X"
    with a.db.read() as sa, b.db.read() as sb:  # each node's record sealed under its own key
        assert sa.get(SyncConflict, found.id).loser_secrets_sealed != sb.get(  # type: ignore[union-attr]
            SyncConflict, found.id).loser_secrets_sealed
        assert sa.scalar(select(func.count()).select_from(ChangeLogEntry).where(
            ChangeLogEntry.table_name == "sync_conflict")) == 2  # found at b, resolved here
    send(a, b)
    assert client_secrets(b, client_id)[0] == "11010119500101125X" and a.dump() == b.dump()
