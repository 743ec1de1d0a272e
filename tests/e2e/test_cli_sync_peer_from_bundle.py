"""``wushe sync peer add --from-bundle FILE --fingerprint TEXT``: a station imports a bundle from a node it
has never met, after its clerk typed the fingerprint the other node read out over the phone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wushe_testing import DEMO_PASSWORD, run_wushe


@pytest.mark.slow  # two nodes set up with argon2 accounts, a dozen processes
def test_a_peer_is_added_from_its_bundle_by_typed_fingerprint(tmp_path: Path) -> None:
    db = {name: tmp_path / name / "wushe.db" for name in ("a", "county")}
    for name, kind in (("a", "station"), ("county", "county")):
        run_wushe(db[name], "init", "--name", f"{name}-node", "--kind", kind, "--division", "510104",
                  "--admin-password", DEMO_PASSWORD)
    run_wushe(db["county"], "sync", "key", "--out", str(tmp_path / "county.key"))
    run_wushe(db["a"], "sync", "peer", "add", str(tmp_path / "county.key"))
    bundle = tmp_path / "a-county.wsb"
    run_wushe(db["a"], "sync", "export", "--to", "county-node", "--out", str(bundle))
    read_out = json.loads(run_wushe(db["a"], "sync", "status", "--json").stdout)["fingerprint"]

    unknown = run_wushe(db["county"], "sync", "import", str(bundle), check=False)
    assert unknown.returncode == 2 and "not among this node's trusted peers" in unknown.stderr
    untyped = run_wushe(db["county"], "sync", "peer", "add", "--from-bundle", str(bundle), check=False)
    assert untyped.returncode == 2 and "--fingerprint" in untyped.stderr
    wrong = run_wushe(db["county"], "sync", "peer", "add", "--from-bundle", str(bundle), "--fingerprint",
                      "0000 " * 7 + "0000", check=False)
    assert wrong.returncode == 2 and "another fingerprint" in wrong.stderr
    assert json.loads(run_wushe(db["county"], "sync", "peer", "list", "--json").stdout) == []

    added = json.loads(run_wushe(db["county"], "sync", "peer", "add", "--from-bundle", str(bundle),
                                 "--fingerprint", read_out[:39], "--json").stdout)
    assert (added["name"], added["kind"], added["fingerprint"]) == ("a-node", "station", read_out)
    done = json.loads(run_wushe(db["county"], "sync", "import", str(bundle), "--json").stdout)
    assert done["sender_name"] == "a-node" and done["inserted"] >= 1
