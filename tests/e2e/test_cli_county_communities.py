"""`wushe communities list` at a county office names, for each village, the station it counts for (its first
writer, as the per-station view counts it), in the table and the JSON, and `--station NAME` keeps one station's;
at a station the list is as before. One test: three nodes set up by the command line take a while."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_testing import as_json, sign_in_env, wushe
from desktop.cli.main import main
from wushe_testing import DEMO_PASSWORD

A, B, COUNTY = "石门镇社会工作服务站", "青山镇社会工作服务站", "清河县民政局"
NODES = ((A, "station", "510104005", "石门社区,urban,5200"), (B, "station", "510104006", "青山村,rural,900"),
         (COUNTY, "county", "510104", "县城社区,urban,20000"))


@pytest.fixture
def county(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:
    """Two stations and the county, set up by `wushe init`, each station's bundle imported at the county."""
    sign_in_env(monkeypatch, "admin")
    db = {name: tmp_path / str(n) / "wushe.db" for n, (name, *_rest) in enumerate(NODES)}
    for name, kind, division, community in NODES:
        db[name].parent.mkdir()
        assert main(["--db", str(db[name]), "init", "--name", name, "--kind", kind, "--division", division,
                     "--community", community, "--admin-password", DEMO_PASSWORD]) == 0
    for station in (A, B):
        for here, there in ((station, COUNTY), (COUNTY, station)):
            wushe(capsys, db[there], "sync", "key", "--out", str(tmp_path / "there.key"))
            wushe(capsys, db[here], "sync", "peer", "add", str(tmp_path / "there.key"))
        bundle = tmp_path / f"{station}.wsb"
        wushe(capsys, db[station], "sync", "export", "--to", COUNTY, "--out", str(bundle))
        wushe(capsys, db[COUNTY], "sync", "import", str(bundle))
    capsys.readouterr()
    return db


def test_the_county_lists_each_village_with_its_station(county: dict[str, Path],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    header, *lines = wushe(capsys, county[COUNTY], "communities", "list").splitlines()
    assert header.split()[:2] == ["Station", "Name"]
    assert sorted(line.split()[:2] for line in lines) == sorted([[A, "石门社区"], [B, "青山村"], [COUNTY, "县城社区"]])

    listed = as_json(capsys, county[COUNTY], "communities", "list")
    assert {row["name"]: row["station"] for row in listed} == {"石门社区": A, "青山村": B, "县城社区": COUNTY}
    stations = {row["station"]: row["station_id"] for row in listed}
    assert len(set(stations.values())) == 3 and all(len(node) == 36 for node in stations.values())

    only = wushe(capsys, county[COUNTY], "communities", "list", "--station", B).splitlines()
    assert len(only) == 2 and only[1].split()[:2] == [B, "青山村"]
    assert [row["name"] for row in as_json(capsys, county[COUNTY], "communities", "list", "--station", COUNTY)] \
        == ["县城社区"]
    assert "No trusted peer 白岩镇" in wushe(capsys, county[COUNTY], "communities", "list", "--station", "白岩镇",
                                             expect=2)

    # Its view of one station says how many data bundles came from it and the last one's number.
    status = [line.split() for line in wushe(capsys, county[COUNTY], "sync", "status", "--station", A).splitlines()]
    assert ["Bundles", "received", "1"] in status and ["Last", "bundle", "number", "1"] in status

    # A station lists its villages as before.
    header, line = wushe(capsys, county[A], "communities", "list").splitlines()
    assert header.split()[0] == "Name" and line.split()[0] == "石门社区"
    assert "station" not in as_json(capsys, county[A], "communities", "list")[0]
