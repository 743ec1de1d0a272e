"""``wushe sync peer add FILE`` for a node trusted already: the same key is said to be trusted; another
key is refused with both fingerprints, and replaces the trusted one only with ``--replace-key``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.sync.peer_keys import fingerprint, read_key_file, write_key_file
from sync_testing import other_keys
from wushe_testing import DEMO_PASSWORD, run_wushe


@pytest.mark.slow  # two nodes set up with argon2 accounts
def test_a_known_node_with_another_key_is_refused_unless_replaced(tmp_path: Path) -> None:
    db = {name: tmp_path / name / "wushe.db" for name in ("a", "county")}
    for name, kind in (("a", "station"), ("county", "county")):
        run_wushe(db[name], "init", "--name", f"{name}-node", "--kind", kind, "--division", "510104",
                  "--admin-password", DEMO_PASSWORD)
    key_file = tmp_path / "a.key"
    run_wushe(db["a"], "sync", "key", "--out", str(key_file))
    run_wushe(db["county"], "sync", "peer", "add", str(key_file))
    again = run_wushe(db["county"], "sync", "peer", "add", str(key_file)).stdout
    assert "already a trusted peer with this key" in again

    key = read_key_file(key_file)
    new = other_keys(key)
    forged = write_key_file(tmp_path / "a-new.key", new)
    old_fp, new_fp = fingerprint(key.signing_public), fingerprint(new.signing_public)
    refused = run_wushe(db["county"], "sync", "peer", "add", str(forged), check=False)
    assert refused.returncode == 2
    assert old_fp in refused.stderr and new_fp in refused.stderr and "--replace-key" in refused.stderr
    [listed] = json.loads(run_wushe(db["county"], "sync", "peer", "list", "--json").stdout)
    assert listed["fingerprint"] == old_fp

    replaced = run_wushe(db["county"], "sync", "peer", "add", str(forged), "--replace-key", "--json").stdout
    assert json.loads(replaced)["fingerprint"] == new_fp
    log = run_wushe(db["county"], "audit", "list", "--action", "sync.peer.rekey", "--json").stdout
    assert old_fp in log and new_fp in log
