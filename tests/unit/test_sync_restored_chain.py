"""A station that restored a backup draws one line at the county, the restore, not also "does not follow"; a
bundle of the older format 1 (its link is of another kind) is never said not to follow (issue 8, T8a)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.services import maintenance
from desktop.storage.models import Community, SyncBundleLog, SyncPeer
from desktop.sync import exchange
from desktop.sync.import_text import imported_lines
from desktop.sync.peers import signing_key
from desktop.storage.digest import file_sha256
from bundle_testing import rezip
from sync_testing import Node, add_community, exchanged, make_node, pair_by_keys

NOT_FOLLOWING = "This bundle does not follow the previous one received from 甲站."


@pytest.fixture
def paired(tmp_path: Path) -> tuple[Node, Node]:
    a, c = make_node(tmp_path / "a", "甲站"), make_node(tmp_path / "c", "县民政局", kind="county")
    pair_by_keys(a, c)
    return a, c


def restored(a: Node, c: Node, folder: Path) -> Path:
    """甲站 sends bundle 1, backs up, sends 2 and 3, and goes back to the backup; the county's acknowledgement of
    bundle 3."""
    add_community(a, "石门村")
    exchanged(a, c, folder)
    backup = maintenance.backup(a.db, folder / "a-backup.db")
    for name in ("青山村", "河口村"):
        add_community(a, name)
        _sent, done = exchanged(a, c, folder)
    principal, vault = a.db.principal, a.db.vault
    maintenance.restore(a.db, backup)
    a.db.sign_in(principal, vault)
    assert done.ack is not None
    return done.ack.path


def names(node: Node) -> set[str]:
    with node.db.read() as session:
        return set(session.scalars(select(Community.name)))


def test_bundles_carried_after_a_restore_say_the_restore_once(paired: tuple[Node, Node], tmp_path: Path) -> None:
    """No acknowledgement comes back in between: 甲站 numbers 2 and 3 again; the new 3 follows the new 2."""
    a, c = paired
    restored(a, c, tmp_path)
    said = []
    for number, name in enumerate(("白岩村", "三河村")):
        add_community(a, name)
        sent = exchange.export_to_peer(a.db, c.node_id, tmp_path / f"r{number}.wsb")
        done = exchange.import_file(c.db, sent.path)
        assert done.sequence == number + 2 and done.sequence_reused and not done.chain_broken
        with a.db.read() as sa, c.db.read() as sc:  # the county has 甲站's log as far as this bundle went, no further
            assert sc.get(SyncPeer, a.node_id).applied_change_seq == sa.get(SyncBundleLog, sent.bundle_id).change_seq_to
        said.append(imported_lines(done))
    for lines, number in zip(said, (2, 3)):
        assert (f"Bundle {number} from 甲站 was already received with different content: the sender may have "
                "restored a backup. Both are kept on record.") in lines
        assert NOT_FOLLOWING not in lines


def test_a_bundle_numbered_after_the_acknowledged_one_follows_an_earlier_bundle(paired: tuple[Node, Node],
                                                                               tmp_path: Path) -> None:
    """The county's acknowledgement of the new bundle 2 says it has 3: 甲站's next is 4, linked to the new 2."""
    a, c = paired
    restored(a, c, tmp_path)
    add_community(a, "白岩村")
    exchanged(a, c, tmp_path)
    add_community(a, "三河村")
    sent, done = exchanged(a, c, tmp_path)
    assert sent.sequence == 4 and not done.chain_broken and not done.sequence_reused and done.follows_earlier == 2
    lines = imported_lines(done)
    assert ("Bundle 4 from 甲站 follows its bundle 2, not the one numbered before it: the sender may have restored "
            "a backup.") in lines and NOT_FOLLOWING not in lines
    assert names(a) <= names(c)  # 三河村 too: the county's word that it had 甲站's lost changes is not taken


def test_what_a_restored_station_writes_reaches_the_county(paired: tuple[Node, Node], tmp_path: Path) -> None:
    """An acknowledgement the county wrote before the restore reaches 甲站 after it: it speaks of changes 甲站 no
    longer has, whose numbers its new changes now take, and is not taken for them."""
    a, c = paired
    old_ack = restored(a, c, tmp_path)
    exchange.import_file(a.db, old_ack)
    for name in ("白岩村", "三河村"):
        add_community(a, name)
        exchanged(a, c, tmp_path)
    assert {"白岩村", "三河村"} <= names(c) and names(a) <= names(c)


def test_a_format_1_bundle_is_not_said_not_to_follow(paired: tuple[Node, Node], tmp_path: Path) -> None:
    """Format 1's writer linked to the previous file's SHA-256 (or nothing); the chain is not checked then, while a
    format-2 bundle whose link is foreign still is."""
    a, c = paired
    add_community(a, "石门村")
    first = exchange.export_to_peer(a.db, c.node_id, tmp_path / "1.wsb", sensitive="included")
    exchange.import_file(c.db, first.path)
    add_community(a, "青山村")
    second = exchange.export_to_peer(a.db, c.node_id, tmp_path / "2.wsb", sensitive="included")
    with a.db.read() as session:
        key = signing_key(session)
    foreign = rezip(second.path, tmp_path / "2-foreign.wsb", manifest={"previous_hash": "ab" * 32}, sign_with=key)
    broken = exchange.import_file(c.db, foreign)
    assert broken.chain_broken and NOT_FOLLOWING in imported_lines(broken)
    for old_link in (file_sha256(first.path), ""):
        old = rezip(second.path, tmp_path / f"2-old{len(old_link)}.wsb", sign_with=key,
                    manifest={"format": "wushe-bundle/1", "previous_hash": old_link, "bundle_id": f"old-{old_link}"})
        done = exchange.import_file(c.db, old)
        assert done.sequence == 2 and not done.chain_broken and NOT_FOLLOWING not in imported_lines(done)
