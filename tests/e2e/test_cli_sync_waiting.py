"""``wushe sync status`` counts what waits for each peer with the service the 节点 tab counts with on its worker
(``peers.waiting_counts``), so the command line and the screen give the same numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_testing import as_json, sign_in_env, wushe
from desktop.sync import exchange, peers
from sync_testing import add_community, make_node, pair_by_keys


def test_the_status_counts_what_waits_for_each_peer(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    county, station = make_node(tmp_path / "c", "县民政局", "county"), make_node(tmp_path / "a", "甲站")
    pair_by_keys(county, station)
    add_community(station, "石门村", 800)
    exchange.export_to_peer(station.db, county.node_id, tmp_path / "up.wsb")
    exchange.import_file(county.db, tmp_path / "up.wsb")
    add_community(county, "县城社区")
    add_community(county, "河东社区")
    with county.db.read() as session:
        assert peers.waiting_counts(session) == {station.node_id: 3}  # the county's profile and communities
    path = county.db.path
    county.db.close()
    station.db.close()

    sign_in_env(monkeypatch, "admin")
    [peer] = as_json(capsys, path, "sync", "status")["peers"]
    assert (peer["name"], peer["unacked_changes"]) == ("甲站", 3)
    assert as_json(capsys, path, "sync", "status", "--station", "甲站")["peer"]["unacked_changes"] == 3
    table = [line.split() for line in wushe(capsys, path, "sync", "status").splitlines()]
    assert next(row for row in table if row[:1] == ["甲站"])[-3:-1] == ["3", "0"]  # not acknowledged, conflicts
    assert ["Not", "acknowledged", "3"] in [line.split() for line in
                                            wushe(capsys, path, "sync", "status", "--station", "甲站").splitlines()]
