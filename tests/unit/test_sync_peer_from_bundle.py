"""Adding a peer by typing its fingerprint, from a bundle it sent: the sender the manifest introduces,
trusted only when the typed fingerprint is its key's; a bundle that introduces no sender, or whose
introduction was altered, is refused."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from desktop.domain.fingerprints import fingerprint, short_fingerprint
from desktop.errors import ValidationError
from desktop.sync import exchange, peers
from desktop.sync.bundle import SENDER_KEY
from desktop.sync.bundle_manifest import peek_sender
from desktop.sync.refusals import BundleRefused
from sync_testing import a, b  # noqa: F401 (fixtures)
from sync_testing import Node, add_community


@pytest.fixture
def bundle(a: Node, b: Node, tmp_path: Path) -> Path:
    """A bundle from a to b, where a trusts b but b does not know a yet."""
    with b.db.read() as session:
        key = peers.my_key(session)
    with a.db.write() as session:
        peers.add_peer(session, key)
    add_community(a, "石门村", 800)
    return exchange.export_to_peer(a.db, "乙站", tmp_path / "a-b.wsb").path


def rewritten(path: Path, out: Path, change: "dict[str, object] | None") -> Path:
    """The bundle with its manifest's sender introduction replaced (None: taken out), not signed again."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "manifest.json":
                manifest = json.loads(content)
                if change is None:
                    del manifest[SENDER_KEY]
                else:
                    manifest[SENDER_KEY] = {**manifest[SENDER_KEY], **change}
                content = json.dumps(manifest).encode()
            target.writestr(info, content)
    return out


def test_a_bundle_introduces_its_sender(a: Node, bundle: Path) -> None:
    with a.db.read() as session:
        assert peek_sender(bundle) == peers.my_key(session)


def test_the_sender_is_trusted_once_the_typed_fingerprint_matches(a: Node, b: Node, bundle: Path) -> None:
    with pytest.raises(BundleRefused) as refused:
        exchange.import_file(b.db, bundle)
    assert refused.value.reason == "unknown_sender"
    key = peek_sender(bundle)
    with b.db.write() as session, pytest.raises(ValidationError) as wrong:
        peers.add_peer_by_fingerprint(session, key, fingerprint(b"\x01" * 32))
    assert wrong.value.field == "fingerprint" and fingerprint(key.signing_public) in str(wrong.value)
    with b.db.read() as session:
        assert peers.list_peers(session) == []
    with b.db.write() as session:  # the short form the other node's home page shows is enough
        view = peers.add_peer_by_fingerprint(session, key, short_fingerprint(key.signing_public).lower())
    assert (view.node_id, view.name, view.kind) == (a.node_id, "甲站", "station")
    assert exchange.import_file(b.db, bundle).inserted == 2  # a's station profile and its community


def test_an_altered_introduction_is_refused(bundle: Path, tmp_path: Path) -> None:
    with pytest.raises(BundleRefused) as refused:
        peek_sender(rewritten(bundle, tmp_path / "renamed.wsb", {"name": "假站"}))
    assert refused.value.reason == "bad_signature"
    with pytest.raises(BundleRefused) as refused:
        peek_sender(rewritten(bundle, tmp_path / "other-key.wsb", {"signing_public": "ab" * 32}))
    assert refused.value.reason == "bad_signature"


def test_a_bundle_without_an_introduction_is_refused(bundle: Path, tmp_path: Path) -> None:
    with pytest.raises(BundleRefused) as refused:
        peek_sender(rewritten(bundle, tmp_path / "bare.wsb", None))
    assert refused.value.reason == "unknown_sender" and "public-key file" in str(refused.value)
    with pytest.raises(BundleRefused) as refused:
        peek_sender(rewritten(bundle, tmp_path / "kind.wsb", {"kind": "bank"}))
    assert refused.value.reason == "unknown_sender"
