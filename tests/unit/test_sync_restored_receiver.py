"""A county that restored a backup gets again what it lost of a station's bundles; a bundle that merely arrives
late lowers nothing (issue 8, T8c)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.services import maintenance
from desktop.storage.models import SyncPeer
from desktop.sync import exchange, peers
from desktop.sync.import_text import imported_lines
from desktop.sync.pruning import prune
from sync_testing import Node, add_community, exchanged, make_node, pair_by_keys

RESTORED = ("县民政局 has restored a backup and lost some of what this node sent it: the next bundle to it will "
            "carry that again.")


@pytest.fixture
def paired(tmp_path: Path) -> tuple[Node, Node]:
    a, c = make_node(tmp_path / "a", "甲站"), make_node(tmp_path / "c", "县民政局", kind="county")
    pair_by_keys(a, c)
    return a, c


def acked(a: Node, c: Node) -> int:
    with a.db.read() as session:
        return session.scalars(select(SyncPeer.acked_change_seq).where(SyncPeer.node_id == c.node_id)).one()


def lost(a: Node, c: Node, folder: Path) -> str:
    """甲站 sends bundles 1..3, each acknowledged; the county backs up after 1, then goes back to that backup.
    The county's canonical dump before it lost anything."""
    for number in range(1, 4):
        add_community(a, f"村{number}")
        exchanged(a, c, folder)
        if number == 1:
            backup = maintenance.backup(c.db, folder / "c-backup.db")
    before = c.dump()
    principal, vault = c.db.principal, c.db.vault
    maintenance.restore(c.db, backup)
    c.db.sign_in(principal, vault)
    return before


def pending(node: Node) -> dict[str, bool]:
    with node.db.read() as session:
        return {p.name: p.resend_pending for p in peers.status(session).peers}


def has_all_of(c: Node, a: Node, before: str) -> None:
    assert c.dump() == before and set(a.dump().splitlines()) <= set(c.dump().splitlines())


def test_after_one_exchange_each_way_the_county_has_what_it_lost(paired: tuple[Node, Node], tmp_path: Path) -> None:
    a, c = paired
    before = lost(a, c, tmp_path)
    _sent, heard = exchanged(c, a, tmp_path)  # the county's bundle says it received 1 of 甲站's, having said 3
    assert heard.peer_restored and RESTORED in imported_lines(heard)
    assert pending(a) == {"县民政局": True}  # wushe sync status says it too, until the next bundle to it
    sent, done = exchanged(a, c, tmp_path)
    assert pending(a) == {"县民政局": False}
    # 村2, 村3 and the county's own station record: what the county wrote goes back too, as it may have lost it
    assert sent.sequence == 4 and not sent.full and sent.rows == 3
    assert (done.inserted, done.conflicts, done.missing_sequences, done.chain_broken) == (2, 0, (), False)
    has_all_of(c, a, before)
    _again, heard = exchanged(c, a, tmp_path)  # said once: the county now acknowledges all
    assert not heard.peer_restored and RESTORED not in imported_lines(heard)


def test_a_pruned_change_log_sends_the_restored_county_a_full_bundle(paired: tuple[Node, Node],
                                                                      tmp_path: Path) -> None:
    a, c = paired
    before = lost(a, c, tmp_path)
    with a.db.write() as session:
        assert prune(session, keep_days=0).entries  # 甲站 no longer holds the changes of bundles 2 and 3
    ack = exchange.export_to_peer(c.db, a.node_id, tmp_path / "c-ack.wsb", kind="ack")
    heard = exchange.import_file(a.db, ack.path)
    assert heard.peer_restored and RESTORED in imported_lines(heard)
    sent, done = exchanged(a, c, tmp_path)
    assert sent.full and done.conflicts == 0 and done.missing_sequences == ()
    has_all_of(c, a, before)


def test_a_bundle_sent_before_the_station_heard_of_the_restore_is_not_acknowledged_beyond_it(
        paired: tuple[Node, Node], tmp_path: Path) -> None:
    """甲站's bundle 4 starts after what the restored county has: its acknowledgement says so, and 5 brings the rest."""
    a, c = paired
    before = lost(a, c, tmp_path)
    add_community(a, "村4")
    sent = exchange.export_to_peer(a.db, c.node_id, tmp_path / "4.wsb")
    done = exchange.import_file(c.db, sent.path, ack_out=tmp_path / "4-ack.wsb")
    assert sent.sequence == 4 and done.inserted == 1 and done.ack is not None
    high = acked(a, c)
    heard = exchange.import_file(a.db, done.ack.path)
    assert heard.peer_restored and acked(a, c) < high
    sent, done = exchanged(a, c, tmp_path)
    assert sent.sequence == 5 and done.inserted == 2 and done.missing_sequences == () and done.conflicts == 0
    assert set(a.dump().splitlines()) <= set(c.dump().splitlines()) and c.dump() != before


def test_a_late_acknowledgement_lowers_nothing(paired: tuple[Node, Node], tmp_path: Path) -> None:
    a, c = paired
    add_community(a, "村1")
    exchanged(a, c, tmp_path)
    acks = []
    for number in (2, 3):
        add_community(a, f"村{number}")
        sent = exchange.export_to_peer(a.db, c.node_id, tmp_path / f"{number}.wsb")
        acks.append(exchange.import_file(c.db, sent.path, ack_out=tmp_path / f"{number}-ack.wsb").ack)
    assert acks[0] is not None and acks[1] is not None
    exchange.import_file(a.db, acks[1].path)
    high = acked(a, c)
    late = exchange.import_file(a.db, acks[0].path)
    assert not late.peer_restored and acked(a, c) == high
    add_community(a, "村4")
    sent, done = exchanged(a, c, tmp_path)
    assert sent.rows == 1 and done.inserted == 1  # nothing sent again


def test_the_restored_county_gets_back_the_rows_it_wrote_itself(paired: tuple[Node, Node], tmp_path: Path) -> None:
    a, c = paired
    add_community(a, "村1")
    exchanged(a, c, tmp_path)
    backup = maintenance.backup(c.db, tmp_path / "c-backup.db")
    add_community(c, "县里登记的村")  # written at the county after its backup, sent down to 甲站
    exchanged(c, a, tmp_path)
    add_community(a, "村2")
    exchanged(a, c, tmp_path)
    exchanged(c, a, tmp_path)  # the county says it has 甲站's bundle 2
    before = c.dump()
    principal, vault = c.db.principal, c.db.vault
    maintenance.restore(c.db, backup)
    c.db.sign_in(principal, vault)
    assert "县里登记的村" not in c.dump()
    _sent, heard = exchanged(c, a, tmp_path)
    assert heard.peer_restored
    _sent, done = exchanged(a, c, tmp_path)  # 村2 and the county's own village, which 甲站 holds
    assert done.conflicts == 0
    has_all_of(c, a, before)
    _sent, again = exchanged(a, c, tmp_path)  # once: the next bundle leaves the county's own rows out again
    assert again.inserted == 0
