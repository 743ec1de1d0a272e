"""A known node's key file with other keys (set up again, or someone pretending to be it) does not
silently replace the trusted key: refused with both fingerprints unless asked for, then audited."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.storage.models import AuditEntry, SyncPeer
from desktop.sync import peers
from desktop.sync.peer_keys import fingerprint
from sync_testing import Node, a, b, other_keys

__all__ = ["a", "b"]  # the fixtures


def audited(node: Node, action: str) -> list[dict[str, str]]:
    with node.db.read() as session:
        return [json.loads(d) for d in session.scalars(select(AuditEntry.detail).where(AuditEntry.action == action))]


def test_other_keys_for_a_known_node_are_refused_unless_replaced(a: Node, b: Node, tmp_path: Path) -> None:
    with a.db.read() as session:
        key = peers.my_key(session)
    with b.db.write() as session:
        assert not peers.already_trusted(session, key)
        peers.add_peer(session, key)
        assert peers.already_trusted(session, key)
        peers.add_peer(session, key)  # the same key again: nothing changes
    new = other_keys(key)
    old_fp, new_fp = fingerprint(key.signing_public), fingerprint(new.signing_public)
    with pytest.raises(peers.KeyChanged) as refused, b.db.write() as session:
        peers.add_peer(session, new)
    assert (refused.value.old, refused.value.new) == (old_fp, new_fp)
    assert old_fp in refused.value.message and new_fp in refused.value.message
    with b.db.read() as session:
        assert session.get(SyncPeer, key.node_id).signing_public == key.signing_public  # type: ignore[union-attr]
    assert audited(b, "sync.peer.rekey") == [] and len(audited(b, "sync.peer.add")) == 1

    with b.db.write() as session:
        view = peers.add_peer(session, new, replace_key=True)
    assert view.fingerprint == new_fp
    [entry] = audited(b, "sync.peer.rekey")
    assert (entry["old_fingerprint"], entry["fingerprint"]) == (old_fp, new_fp)


def test_a_new_name_with_the_same_keys_is_taken_and_audited(a: Node, b: Node) -> None:
    with a.db.read() as session:
        key = peers.my_key(session)
    with b.db.write() as session:
        peers.add_peer(session, key)
        assert peers.add_peer(session, replace(key, name="甲站（新）")).name == "甲站（新）"
    assert [e["name"] for e in audited(b, "sync.peer.rename")] == ["甲站（新）"]
