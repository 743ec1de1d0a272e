"""Sync on the command line, as the clerks of two stations and the county office would run it, each
node in a folder of its own: keys, peers, encrypted and plain bundles, acknowledgements, what the county
passes down (its own records, never one station's to another), a concurrent edit resolved as a conflict,
refusals, and at the end the union at the county and each station's share of it at the station."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.services import communities, signin
from desktop.services.communities import CommunityInput
from desktop.sync.home_node import ReadOnlyHere
from desktop.storage.database import Database
from desktop.storage.opening import open_database
from desktop.sync.collect import canonical_dump
from sync_testing import station_share
from wushe_testing import DEMO_PASSWORD, run_wushe

def signed_in(db_path: Path) -> Database:
    db = open_database(db_path)
    signin.sign_in(db, "admin", DEMO_PASSWORD)
    return db


def dump(db_path: Path) -> str:
    db = signed_in(db_path)
    try:
        with db.read() as session:
            return canonical_dump(session)
    finally:
        db.close()


def rename_community(db_path: Path, name: str, new_name: str, population: int) -> None:
    """An edit made in the app (the CLI has no command for it)."""
    db = signed_in(db_path)
    try:
        with db.write() as session:
            [found] = [c for c in communities.list_all(session, communities.CommunityQuery(text=name))]
            communities.update(session, found.id, CommunityInput(new_name, found.setting, population))
    finally:
        db.close()


class Nodes:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.db = {name: root / name / "wushe.db" for name in ("a", "b", "county")}
        self.files = 0

    def run(self, node: str, *args: str, check: bool = True):  # type: ignore[no-untyped-def]
        return run_wushe(self.db[node], *args, check=check)

    def carry(self, source: str, target: str, *flags: str) -> dict:
        """Export from ``source`` to ``target``, import there with an acknowledgement, and carry the
        acknowledgement back: what a clerk does with a USB stick. Nothing new for the target: no file, {}."""
        self.files += 1
        bundle, ack = self.root / f"{self.files:02d}-{source}-{target}.wsb", self.root / f"{self.files:02d}-ack.wsb"
        self.run(source, "sync", "export", "--to", NAMES[target], "--out", str(bundle), *flags)
        if not bundle.exists():
            return {}
        done = json.loads(self.run(target, "sync", "import", str(bundle), "--ack-out", str(ack), "--json").stdout)
        self.run(source, "sync", "import", str(ack))
        return done


NAMES = {"a": "石门镇社会工作服务站", "b": "青山镇社会工作服务站", "county": "清河县民政局"}


@pytest.mark.slow  # three nodes, the demo, argon2 sign-ins and some sixty processes
def test_two_stations_and_a_county_exchange_through_it(tmp_path: Path) -> None:
    nodes = Nodes(tmp_path)
    nodes.run("a", "init", "--name", NAMES["a"], "--kind", "station", "--division", "510104005",
              "--community", "石门社区,urban,5200", "--admin-password", DEMO_PASSWORD)
    nodes.run("b", "init", "--name", NAMES["b"], "--kind", "station", "--division", "510104006",
              "--community", "青山村,rural,900", "--admin-password", DEMO_PASSWORD)
    nodes.run("county", "init", "--name", NAMES["county"], "--kind", "county", "--division", "510104",
              "--admin-password", DEMO_PASSWORD)
    for name in nodes.db:
        nodes.run(name, "sync", "key", "--out", str(tmp_path / f"{name}.key"))
    for station in ("a", "b"):
        nodes.run("county", "sync", "peer", "add", str(tmp_path / f"{station}.key"))
        nodes.run(station, "sync", "peer", "add", str(tmp_path / "county.key"))
    listed = json.loads(nodes.run("county", "sync", "peer", "list", "--json").stdout)
    assert {p["name"] for p in listed} == {NAMES["a"], NAMES["b"]}
    assert all(len(p["fingerprint"].split()) == 16 for p in listed)

    nodes.run("a", "demo")  # clients with sealed fields, ledgers, append-only records
    first = nodes.carry("a", "county")
    assert first["inserted"] > 1000 and first["missing_sequences"] == []
    # A plain bundle leaves the sensitive fields out and is not acknowledged for them: the next one,
    # encrypted, carries the same rows again with them.
    plain = nodes.carry("b", "county", "--plain")
    assert plain["inserted"] >= 2
    again = nodes.carry("b", "county")
    assert again["inserted"] == 0 and again["unchanged"] >= 2
    for station in ("a", "b"):  # the county passes down its own records, never one station's to another
        nodes.carry("county", station)
    nodes.carry("a", "county")
    nodes.carry("county", "b")
    assert '"table":"client"' not in dump(nodes.db["b"]) and "石门社区" not in dump(nodes.db["b"])

    # The county sees a station's records read-only: its edit is refused there, and the station's own edit
    # goes up without a conflict (conflicts between nodes are tested in tests/unit/test_sync_merge.py).
    rename_community(nodes.db["a"], "石门社区", "石门社区（东）", 5300)
    with pytest.raises(ReadOnlyHere):
        rename_community(nodes.db["county"], "石门社区", "石门社区（西）", 5400)
    nodes.carry("a", "county")
    assert json.loads(nodes.run("county", "sync", "conflicts", "list", "--json").stdout) == []
    for station in ("a", "b"):
        nodes.carry("county", station)

    down = json.loads(nodes.run("county", "sync", "export", "--to", "all", "--out", str(tmp_path / "down"),
                                "--json").stdout)
    assert down == []  # each station has acknowledged everything: no empty bundle, no sequence number taken
    down = json.loads(nodes.run("county", "sync", "export", "--to", "all", "--out", str(tmp_path / "down"),
                                "--full", "--json").stdout)
    assert sorted(b["peer_name"] for b in down) == sorted([NAMES["a"], NAMES["b"]])
    for bundle in down:
        station = "a" if bundle["peer_name"] == NAMES["a"] else "b"
        nodes.run(station, "sync", "import", bundle["path"])
    status = json.loads(nodes.run("county", "sync", "status", "--json").stdout)
    assert {p["name"]: p["missing_sequences"] for p in status["peers"]} == {NAMES["a"]: [], NAMES["b"]: []}
    # The county holds the union; each station its own records and the county's.
    dumps = {name: dump(path) for name, path in nodes.db.items()}
    assert set(dumps["county"].splitlines()) == set(dumps["a"].splitlines()) | set(dumps["b"].splitlines())
    county = signed_in(nodes.db["county"])
    try:
        for station in ("a", "b"):
            station_id = json.loads(nodes.run(station, "sync", "status", "--json").stdout)["node_id"]
            assert dumps[station] == station_share(county, station_id)
    finally:
        county.close()
    communities_now = [line for line in dumps["a"].splitlines() if '"table":"community"' in line]
    assert any("石门社区（东）" in line for line in communities_now)
    assert not any("石门社区（西）" in line for line in communities_now)
    assert "石门社区" not in dumps["b"]
    for name in nodes.db:  # the county could not make a concurrent edit of a station's record
        assert json.loads(nodes.run(name, "sync", "conflicts", "list", "--all", "--json").stdout) == []
    for name in nodes.db:
        assert json.loads(nodes.run(name, "check", "--json").stdout)["ok"]


def test_refused_bundles_change_nothing_and_say_why(tmp_path: Path) -> None:
    nodes = Nodes(tmp_path)
    for name, kind in (("a", "station"), ("b", "station"), ("county", "county")):
        nodes.run(name, "init", "--name", NAMES[name], "--kind", kind, "--division", "510104",
                  "--admin-password", DEMO_PASSWORD)
        nodes.run(name, "sync", "key", "--out", str(tmp_path / f"{name}.key"))
    key_of_b = json.loads((tmp_path / "b.key").read_text(encoding="utf-8"))["fingerprint"]
    wrong = nodes.run("county", "sync", "peer", "add", str(tmp_path / "a.key"), "--fingerprint", key_of_b[:39],
                      check=False)
    assert wrong.returncode == 2 and "--fingerprint" in wrong.stderr and "another fingerprint" in wrong.stderr
    key_of_a = json.loads((tmp_path / "a.key").read_text(encoding="utf-8"))["fingerprint"]
    nodes.run("county", "sync", "peer", "add", str(tmp_path / "a.key"), "--fingerprint", key_of_a[:39].lower())
    nodes.run("a", "sync", "peer", "add", str(tmp_path / "county.key"))
    nodes.run("b", "sync", "peer", "add", str(tmp_path / "a.key"))
    bundle = tmp_path / "a-county.wsb"
    nodes.run("a", "sync", "export", "--to", NAMES["county"], "--out", str(bundle))
    cut = tmp_path / "cut.wsb"
    cut.write_bytes(bundle.read_bytes()[:-300])
    before = {name: dump(path) for name, path in nodes.db.items()}
    refusals = [("county", cut, "incomplete"), ("b", bundle, "addressed to another node"),
                ("a", bundle, "written by this node")]  # its own: import it where it is addressed
    for node, file, message in refusals:
        result = nodes.run(node, "sync", "import", str(file), check=False)
        assert result.returncode == 2 and message in result.stderr and len(result.stderr.splitlines()) == 1
    nodes.run("county", "sync", "import", str(bundle))
    replay = nodes.run("county", "sync", "import", str(bundle), check=False)
    assert replay.returncode == 2 and "already been imported" in replay.stderr
    unknown = nodes.run("a", "sync", "export", "--to", "nobody", "--out", str(tmp_path / "x.wsb"), check=False)
    assert unknown.returncode == 2 and "No trusted peer nobody" in unknown.stderr
    assert dump(nodes.db["a"]) == before["a"] and dump(nodes.db["b"]) == before["b"]
