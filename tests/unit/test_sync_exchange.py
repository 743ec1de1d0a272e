"""Export and import through bundle files: keys of new and upgraded nodes, peers, encrypted and plain
bundles, acknowledgements, sequence gaps, replays, attachments and resolving a conflict."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select

from desktop.domain.hlc import HybridClock, wall_ms
from desktop.errors import NotFoundError, ValidationError
from desktop.paths import attachments_dir
from desktop.services.attachments import keep_file, stored_file
from desktop.storage.migrate import upgrade
from desktop.storage.models import Attachment, ChangeLogEntry, Client, NodeIdentity, SyncConflict, SyncPeer
from desktop.sync import conflicts, exchange, peers
from desktop.sync.chain_link import manifest_link
from desktop.sync.refusals import BundleRefused
from desktop.services.id_numbers import blind_of
from sync_testing import (Node, add_client, add_community, client_secrets, community, edit_community, exchanged, make_node,
                          pair_by_keys)

NODE = "01900000-0000-7000-8000-000000000001"


@pytest.fixture
def a(tmp_path: Path) -> Node:
    return make_node(tmp_path / "a", "甲站")


@pytest.fixture
def b(tmp_path: Path) -> Node:
    node = make_node(tmp_path / "b", "乙站")
    return node


@pytest.fixture
def paired(a: Node, b: Node) -> tuple[Node, Node]:
    pair_by_keys(a, b)
    return a, b


def carry(source: Node, target: Node, folder: Path, **options: object) -> exchange.ImportResult:
    return exchanged(source, target, folder, **options)[1]


def changes_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("changes.jsonl").decode("utf-8")


def test_a_new_node_has_an_encryption_key_pair(a: Node) -> None:
    with a.db.read() as session:
        private, public = session.execute(select(NodeIdentity.encryption_private, NodeIdentity.encryption_public)).one()
    assert X25519PrivateKey.from_private_bytes(private).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) \
        == public


def test_an_upgraded_node_gets_its_encryption_key_pair(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    upgrade(path, target="0014")
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("INSERT INTO node_identity (node_id, kind, signing_public, signing_private, created_at)"
                     " VALUES (?, 'station', ?, ?, '2025-05-01 08:30:00.000000')", (NODE, b"\x01" * 32, b"\x02" * 32))
        conn.commit()
    upgrade(path)
    with closing(sqlite3.connect(path)) as conn:
        [(public, private, signing)] = conn.execute(
            "SELECT encryption_public, encryption_private, signing_public FROM node_identity").fetchall()
    key = X25519PrivateKey.from_private_bytes(private)
    assert key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) == public and signing == b"\x01" * 32


def test_peers_are_added_from_keys_and_found_by_name_or_id(paired: tuple[Node, Node], a: Node, b: Node) -> None:
    with a.db.write() as session:
        [view] = peers.list_peers(session)
        assert (view.node_id, view.name, view.kind, len(view.fingerprint.split())) == (b.node_id, "乙站", "station", 16)
        assert peers.find_peer(session, "乙站").node_id == peers.find_peer(session, b.node_id[:13]).node_id
        with pytest.raises(NotFoundError):
            peers.find_peer(session, "丙站")
        with pytest.raises(ValidationError):
            peers.add_peer(session, peers.my_key(session))


def test_an_encrypted_bundle_carries_sealed_fields_and_is_acknowledged(paired: tuple[Node, Node], a: Node,
                                                                      b: Node, tmp_path: Path) -> None:
    place = add_community(a, "石门村", 800)
    client_id = add_client(a, place, "曾建华", "110101195001011237", "13800001111")
    out = tmp_path / "a-b.wsb"
    sent = exchange.export_to_peer(a.db, "乙站", out)
    assert sent.sequence == 1 and sent.sensitive == "encrypted" and sent.counts["client"] == 1
    assert b"110101195001011237" not in out.read_bytes() and "曾建华".encode() not in out.read_bytes()
    done = exchange.import_file(b.db, out, ack_out=tmp_path / "ack.wsb")
    assert done.inserted == sent.rows and done.missing_sequences == () and not done.skewed
    with b.db.read() as session:
        assert session.get(SyncPeer, a.node_id).applied_change_seq > 0  # type: ignore[union-attr]
    exchange.import_file(a.db, tmp_path / "ack.wsb")
    assert exchange.export_to_peer(a.db, "乙站", tmp_path / "nothing.wsb").rows == 0  # all acknowledged
    carry(b, a, tmp_path)
    assert a.dump() == b.dump()
    assert client_id in b.dump()


def test_a_plain_bundle_leaves_sealed_fields_out_unless_included(paired: tuple[Node, Node], a: Node,
                                                                 tmp_path: Path) -> None:
    place = add_community(a, "石门村", 800)
    add_client(a, place, "曾建华", "110101195001011237")
    left_out = exchange.export_to_peer(a.db, "乙站", tmp_path / "plain.wsb", sensitive="left_out")
    included = exchange.export_to_peer(a.db, "乙站", tmp_path / "included.wsb", sensitive="included")
    assert "曾建华" in changes_text(left_out.path) and "110101195001011237" not in changes_text(left_out.path)
    assert "110101195001011237" in changes_text(included.path)
    with zipfile.ZipFile(included.path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert (manifest["sensitive"], manifest["sequence"], manifest["encrypted"]) == ("included", 2, False)
    with zipfile.ZipFile(left_out.path) as archive:
        first = json.loads(archive.read("manifest.json"))
    assert manifest["previous_hash"] == manifest_link(first) and first["previous_hash"] == ""  # the signed content


def test_gaps_in_a_senders_sequence_are_reported(paired: tuple[Node, Node], a: Node, b: Node,
                                                  tmp_path: Path) -> None:
    bundles = []
    for number in range(3):
        add_community(a, f"村{number}")
        bundles.append(exchange.export_to_peer(a.db, "乙站", tmp_path / f"{number}.wsb").path)
    assert exchange.import_file(b.db, bundles[0]).missing_sequences == ()
    assert exchange.import_file(b.db, bundles[2]).missing_sequences == (2,)
    with b.db.read() as session:
        [view] = peers.list_peers(session)
        assert view.missing_sequences == (2,) and view.last_received_sequence == 3
    late = exchange.import_file(b.db, bundles[1])
    assert late.missing_sequences == () and late.inserted == late.updated == 0  # bundle 3 held its rows too


def test_a_replayed_bundle_is_refused_and_changes_nothing(paired: tuple[Node, Node], a: Node, b: Node,
                                                          tmp_path: Path) -> None:
    add_community(a, "石门村", 800)
    out = exchange.export_to_peer(a.db, "乙站", tmp_path / "a.wsb").path
    exchange.import_file(b.db, out)
    before = b.dump()
    with pytest.raises(BundleRefused) as refused:
        exchange.import_file(b.db, out)
    assert refused.value.reason == "replayed" and "already been imported" in refused.value.message
    assert b.dump() == before


def test_attachment_files_travel_with_their_rows(paired: tuple[Node, Node], a: Node, b: Node,
                                                 tmp_path: Path) -> None:
    content = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    digest = hashlib.sha256(content).hexdigest()
    assert a.db.path is not None and b.db.path is not None
    keep_file(attachments_dir(a.db.path), digest, content)
    with a.db.write() as session:
        session.add(Attachment(owner_table="project_activity", owner_id=NODE, filename="合影.png",
                               media_type="image/png", size=len(content), sha256=digest))
    assert carry(a, b, tmp_path).attachments == 1
    assert stored_file(attachments_dir(b.db.path), digest).read_bytes() == content


def test_a_person_takes_the_losing_version_back(paired: tuple[Node, Node], a: Node, b: Node,
                                                tmp_path: Path) -> None:
    row_id = add_community(a, "石门村", 800)
    carry(a, b, tmp_path)
    carry(b, a, tmp_path)
    edit_community(b, row_id, population=802, notes="乙站")
    edit_community(a, row_id, population=801, notes="甲站")  # later: a's wins
    carry(b, a, tmp_path)
    with a.db.read() as session:
        [found] = conflicts.list_conflicts(session)
    assert {d.field: (d.current, d.other) for d in found.differences} == {"population": (801, 802),
                                                                           "notes": ("甲站", "乙站")}
    with a.db.write() as session:
        resolved = conflicts.resolve(session, found.id[:12], conflicts.TAKE_OTHER)
        with pytest.raises(ValidationError):
            conflicts.resolve(session, found.id, conflicts.KEEP)
    assert resolved.resolution == "took_loser"
    assert (community(a, row_id).population, community(a, row_id).notes) == (802, "乙站")
    with a.db.read() as session:
        assert session.scalars(select(ChangeLogEntry.origin_node).where(ChangeLogEntry.row_id == row_id)
                               .order_by(ChangeLogEntry.seq.desc())).first() == a.node_id
        assert session.scalars(select(SyncConflict)).one().resolved_by == "甲站-clerk"
    carry(a, b, tmp_path)
    assert community(b, row_id).population == 802 and a.dump() == b.dump()


def test_damaged_bundles_are_refused_with_nothing_changed(paired: tuple[Node, Node], a: Node, b: Node,
                                                          tmp_path: Path) -> None:
    place = add_community(a, "石门村", 800)
    add_client(a, place, "曾建华", "110101195001011237")
    for sensitive in ("encrypted", "left_out"):
        bundle = exchange.export_to_peer(a.db, "乙站", tmp_path / f"{sensitive}.wsb", sensitive=sensitive).path
        content = bundle.read_bytes()
        before = b.dump()
        broken = tmp_path / "broken.wsb"
        reasons = set()
        for offset in range(0, len(content), max(1, len(content) // 25)):
            for damaged in (content[:offset], content[:offset] + bytes([content[offset] ^ 0x10]) + content[offset + 1:]):
                broken.write_bytes(damaged)
                try:
                    exchange.import_file(b.db, broken)
                except BundleRefused as refused:
                    reasons.add(refused.reason)
                    assert b.dump() == before
                    continue
                # A flip in the padding after a deflate stream's last block changes no member: the same
                # signed bundle, merged once, then refused as replayed.
                assert members(broken) == members(bundle)
                before = b.dump()
        assert reasons - {"replayed"} <= {"not_a_bundle", "truncated", "damaged", "bad_signature"}
        assert "truncated" in reasons and "damaged" in reasons


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("ahead_ms", [24 * 3600 * 1000, 366 * 24 * 3600 * 1000])
def test_a_sender_clock_far_ahead_is_flagged_and_still_converges(paired: tuple[Node, Node], a: Node, b: Node,
                                                                  tmp_path: Path, ahead_ms: int) -> None:
    row_id = add_community(b, "石门村", 800)
    carry(b, a, tmp_path)
    a.db.clock = HybridClock(a.db.clock.last, wall=lambda: wall_ms() + ahead_ms)
    edit_community(a, row_id, population=801)
    edit_community(b, row_id, population=802)  # later in truth, earlier by a's clock: a's edit wins
    done = carry(a, b, tmp_path)
    assert done.skewed and done.skew_ms > ahead_ms - 60_000
    with b.db.read() as session:
        [view] = peers.list_peers(session)
    assert view.clock_ahead_ms == done.skew_ms
    carry(b, a, tmp_path)
    assert community(b, row_id).population == community(a, row_id).population == 801
    assert a.dump() == b.dump()
    with b.db.read() as session:  # b's own edit lost to a stamp from the future: kept for a person
        [conflict] = conflicts.list_conflicts(session)
    assert {d.field: d.other for d in conflict.differences} == {"population": 802}


def test_an_import_cancelled_from_its_progress_writes_nothing(paired: tuple[Node, Node], a: Node, b: Node,
                                                              tmp_path: Path) -> None:
    for number in range(3):
        add_community(a, f"村{number}")
    out = exchange.export_to_peer(a.db, "乙站", tmp_path / "a.wsb").path
    before, heard = b.dump(), []

    def cancel(done: int, total: int, text: str) -> None:
        heard.append((done, total, text))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        exchange.import_file(b.db, out, progress=cancel)
    assert b.dump() == before and heard[0][1] == 4 and "of 4" in heard[0][2]
    assert exchange.import_file(b.db, out).inserted == 4  # not recorded as imported: it may come again


def set_id_number(node: Node, client_id: str, number: str) -> None:
    """What the client service does on a change of ID number: seal it and keep its blind index."""
    keys = node.db.vault
    assert keys is not None
    with node.db.write() as session:
        row = session.get(Client, client_id)
        assert row is not None
        row.id_number_sealed = keys.seal("client", client_id, "id_number", number)
        row.id_blind, row.id_tail = blind_of(keys, "resident_id", number), number[-4:]


def test_taking_a_losing_id_number_back_recomputes_its_blind_index(paired: tuple[Node, Node], a: Node, b: Node,
                                                                   tmp_path: Path) -> None:
    place = add_community(a, "石门村", 800)
    client_id = add_client(a, place, "曾建华", "110101195001011237")
    carry(a, b, tmp_path)
    carry(b, a, tmp_path)
    set_id_number(b, client_id, "11010119500101125X")
    set_id_number(a, client_id, "110101195001011261")  # later: a's wins
    carry(b, a, tmp_path)
    with a.db.write() as session:
        [found] = conflicts.list_conflicts(session)
        assert found.sealed_differ == ("id_number",)
        conflicts.resolve(session, found.id, conflicts.TAKE_OTHER)
    assert a.db.vault is not None
    number, _phone, blind = client_secrets(a, client_id)
    assert number == "11010119500101125X" and blind == blind_of(a.db.vault, "resident_id", number)
    carry(a, b, tmp_path)
    assert client_secrets(b, client_id)[0] == "11010119500101125X" and a.dump() == b.dump()
