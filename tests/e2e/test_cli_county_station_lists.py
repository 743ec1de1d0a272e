"""A county office tells its stations' cases, proposals and funds apart (issue 8 trial #3): `wushe cases list`,
`projects list` and `ledger funds` carry a Station column (and `station` in the JSON) at a county, `--station`
keeps one station's by a unique part of its name and refuses an ambiguous part naming the stations, and `cases
show` / `projects show` take `--station` for a number two stations both gave. At a station, no column."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_testing import as_json, wushe
from county_testing import own_work, sign_in_account
from desktop.cli.station_column import by_station
from desktop.services import projects, rounds
from project_testing import proposal_input, round_input
from sync_testing import Node, add_org_with_status, make_node, send, trust


@pytest.fixture
def county(tmp_path: Path) -> tuple[Node, Node, Node]:
    """石门镇站 and 石桥镇站 each open a case (both 个案-…-0001), a fund and a proposal (both 创投-…-0001) in
    the county's round, and send them up to the county (which has no accounts: the command line runs there
    unsigned)."""
    a, b = make_node(tmp_path / "a", "石门镇站"), make_node(tmp_path / "b", "石桥镇站")
    c = make_node(tmp_path / "c", "清河县民政局", kind="county")
    trust(c, a, b)
    for station in (a, b):
        trust(station, c)
    with c.db.write() as session:
        round_id = rounds.add(session, round_input()).id
    for station, village, client, id_number in ((a, "石门村", "张秀英", "500110194803120027"),
                                                (b, "石桥村", "李桂兰", "500110195207150021")):
        send(c, station)
        sign_in_account(station, "head", f"{station.name}站长")
        work = own_work(station, village, client, id_number)
        add_org_with_status(station, work.community, f"{village}老年协会", "registered")
        with station.db.write() as session:
            projects.create(session, proposal_input(session, round_id))
        send(station, c)
    return a, b, c


def _closed(node: Node) -> Path:
    path = node.db.path
    assert path is not None
    node.db.close()
    return path


def test_the_county_lists_cases_projects_and_funds_by_station(county: tuple[Node, Node, Node],
                                                               capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, c = county
    monkeypatch.setenv("WUSHE_LOCALE", "en")
    here = _closed(c)
    header, *lines = wushe(capsys, here, "cases", "list").splitlines()
    assert header.split()[:2] == ["Station", "Number"]
    assert sorted(line.split()[0] for line in lines) == ["石桥镇站", "石门镇站"]
    cases = as_json(capsys, here, "cases", "list", "--station", "石门")
    assert [row["station"] for row in cases] == ["石门镇站"] and cases[0]["station_id"] == a.node_id
    number = cases[0]["number"]
    assert {row["station"] for row in as_json(capsys, here, "projects", "list")} == {"石门镇站", "石桥镇站"}
    assert [row["station"] for row in as_json(capsys, here, "projects", "list", "--station", "石桥")] == ["石桥镇站"]
    funds = as_json(capsys, here, "ledger", "funds", "--station", "石桥")
    assert [(row["station"], row["name"]) for row in funds] == [("石桥镇站", "清河县慈善会石桥村社区慈善基金")]
    assert wushe(capsys, here, "ledger", "funds").splitlines()[0].split()[0] == "Station"

    # "石" is part of both stations' names: refused, naming them.
    refused = wushe(capsys, here, "cases", "list", "--station", "石", expect=2)
    assert "石门镇站" in refused and "石桥镇站" in refused

    # Two stations gave the same number: refused with the candidates, then shown with --station.
    refused = wushe(capsys, here, "cases", "show", number, expect=2)
    assert "of 石桥镇站, 石门镇站: name one with --station" in refused
    shown = as_json(capsys, here, "cases", "show", number, "--station", "石桥镇")
    assert shown["case"]["client_name"] == "李桂兰"
    proposal = as_json(capsys, here, "projects", "list", "--station", "石门")[0]["number"]
    assert "石桥镇站, 石门镇站" in wushe(capsys, here, "projects", "show", proposal, expect=2)
    assert as_json(capsys, here, "projects", "show", proposal, "--station", "石门")["project"]["id"] == \
        as_json(capsys, here, "projects", "list", "--station", "石门")[0]["id"]

    # A station lists as before: no column.
    with b.db.read() as session:
        rows, column = by_station(session, "project", projects.list_all(session), "")
    assert len(rows) == 1 and column.header() == [] and column.fields(rows[0].id) == {}
