"""``wushe sync conflicts`` names fields as the register forms do, in the language asked for, and
``wushe sync status --station`` shows what one station has sent, register by register."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.sync import exchange
from sync_testing import Node, add_community, edit_community, make_node, pair_by_keys
from wushe_testing import run_wushe


def carry(source: Node, target: Node, path: Path) -> None:
    exchange.export_to_peer(source.db, target.node_id, path)
    exchange.import_file(target.db, path)


def test_conflicts_by_label_and_a_station_at_the_county(tmp_path: Path) -> None:
    a, b, county = (make_node(tmp_path / "a", "甲站"), make_node(tmp_path / "b", "乙站"),
                    make_node(tmp_path / "c", "县民政局", kind="county"))
    pair_by_keys(a, b)
    pair_by_keys(a, county)
    row_id = add_community(a, "石门村", 800)
    add_community(a, "青山村", 300)
    carry(a, b, tmp_path / "1.wsb")
    carry(b, a, tmp_path / "2.wsb")
    edit_community(b, row_id, population=802, notes="乙站")
    edit_community(a, row_id, population=801, notes="甲站")
    carry(b, a, tmp_path / "3.wsb")  # a's later edit wins at a; b's is kept as a conflict
    carry(a, county, tmp_path / "4.wsb")
    paths = {node.name: node.db.path for node in (a, b, county)}
    for node in (a, b, county):
        node.db.close()

    listed = run_wushe(paths["甲站"], "sync", "conflicts", "list").stdout
    assert "Villages and communities" in listed and "Resident population, Notes" in listed  # the form's order
    [conflict] = json.loads(run_wushe(paths["甲站"], "sync", "conflicts", "list", "--json").stdout)
    assert {d["field"] for d in conflict["differences"]} == {"notes", "population"}  # JSON keeps the columns
    shown = run_wushe(paths["甲站"], "sync", "conflicts", "show", conflict["id"], locale="zh_CN").stdout
    lines = [line.split() for line in shown.splitlines()]
    assert ["常住人口", "801", "802"] in lines and ["备注", "甲站", "乙站"] in lines

    status = run_wushe(paths["县民政局"], "sync", "status", "--station", "甲站").stdout
    assert ["Villages", "and", "communities", "2"] in [line.split() for line in status.splitlines()]
    view = json.loads(run_wushe(paths["县民政局"], "sync", "status", "--station", "甲站", "--json").stdout)
    assert view["peer"]["name"] == "甲站" and view["last_bundle_rows"] > 0
    assert {r["table"]: r["count"] for r in view["registers"]}["community"] == 2
    refused = run_wushe(paths["县民政局"], "sync", "status", "--station", "丙站", check=False)
    assert refused.returncode != 0 and "丙站" in refused.stderr
