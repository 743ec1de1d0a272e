"""A county office sees each station's records read-only (issue 8 trial: a county user could edit and
delete the communities and organisations stations had sent); its own records stay editable there, and a
station is not held back."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from desktop.services import communities, orgs
from desktop.services.communities import CommunityInput
from desktop.sync import conflicts
from desktop.sync.home_node import ReadOnlyHere, read_only_reason
from sync_testing import (Node, a, add_community, add_org_with_status, b, c, community, edit_community, send,
                          trust)
from wushe_testing import run_wushe

__all__ = ["a", "b", "c"]  # the fixtures


def county_with_two_stations(a: Node, b: Node, c: Node) -> dict[str, str]:
    """甲站 and 乙站 each send their communities (and 甲站 an organisation) up to the county, which has a
    community of its own that went down to both."""
    trust(c, a, b)
    trust(a, c)
    trust(b, c)
    ids = {"shimen": add_community(a, "石门村", 800), "qingshan": add_community(b, "青山村", 300)}
    ids["org"], _change = add_org_with_status(a, ids["shimen"], "石门村老年协会", "registered")
    with c.db.write() as session:
        ids["county"] = communities.add(session, CommunityInput("县城社区", "urban", 5000)).id
    for station in (a, b):
        send(station, c)
        send(c, station)
    return ids


def test_the_county_may_not_change_a_stations_records(a: Node, b: Node, c: Node) -> None:
    ids = county_with_two_stations(a, b, c)
    before = c.dump()
    with pytest.raises(ReadOnlyHere, match="甲站") as refused:
        with c.db.write() as session:
            current = communities.get(session, ids["shimen"])
            communities.update(session, ids["shimen"], replace(current.as_input(), population=900))
    assert refused.value.owner == a.node_id and "read-only here" in refused.value.message
    with pytest.raises(ReadOnlyHere, match="乙站"):
        with c.db.write() as session:
            communities.delete(session, ids["qingshan"])
    with pytest.raises(ReadOnlyHere, match="甲站"):
        with c.db.write() as session:
            orgs.delete(session, ids["org"])
    assert c.dump() == before  # nothing changed, not even a stamp
    assert community(c, ids["shimen"]).population == 800 and community(c, ids["qingshan"]).deleted_at is None
    with c.db.read() as session:
        assert "甲站" in read_only_reason(session, "community", ids["shimen"])
        assert read_only_reason(session, "community", ids["county"]) == ""


def test_the_county_edits_its_own_records_even_after_a_station_did(a: Node, b: Node, c: Node) -> None:
    ids = county_with_two_stations(a, b, c)
    with a.db.write() as session:  # a station is not held back: it edits the county's record locally
        communities.update(session, ids["county"], CommunityInput("县城社区", "urban", 5100, notes="甲站核实"))
    send(a, c)
    assert community(c, ids["county"]).population == 5100
    with c.db.write() as session:
        communities.update(session, ids["county"], CommunityInput("县城社区", "urban", 5200))
        communities.delete(session, ids["county"])
        communities.restore(session, ids["county"])
    assert community(c, ids["county"]).population == 5200
    with a.db.write() as session:  # at a station nothing is read-only: its own and the county's rows alike
        assert read_only_reason(session, "community", ids["county"]) == ""
        communities.delete(session, ids["shimen"])
    assert community(a, ids["shimen"]).deleted_at is not None


def test_a_conflict_about_a_stations_record_is_still_settled_at_the_county(a: Node, b: Node, c: Node) -> None:
    """The sync layer's own writes are not refused: a version written at the county before this rule
    (here a raw edit) competes, and the person settles the conflict there."""
    ids = county_with_two_stations(a, b, c)
    edit_community(a, ids["shimen"], population=810)
    edit_community(c, ids["shimen"], population=820)
    send(a, c)
    with c.db.write() as session:
        [found] = conflicts.list_conflicts(session)
        conflicts.resolve(session, found.id, conflicts.TAKE_OTHER)
    assert community(c, ids["shimen"]).population == 810
    with c.db.read() as session:  # still 甲站's record
        assert "甲站" in read_only_reason(session, "community", ids["shimen"])


def test_the_command_line_refuses_in_one_line_naming_the_station(a: Node, b: Node, c: Node) -> None:
    county_with_two_stations(a, b, c)
    path = c.db.path
    assert path is not None
    c.db.close()
    refused = run_wushe(path, "communities", "set", "石门村", "--population", "900", check=False)
    assert refused.returncode != 0 and refused.stdout == ""
    assert refused.stderr.strip().splitlines() == [
        "Error: This record (Villages and communities) belongs to 甲站 and is read-only here."]
    zh = run_wushe(path, "communities", "set", "青山村", "--population", "1", check=False, locale="zh_CN")
    assert zh.returncode != 0 and "乙站" in zh.stderr
    done = run_wushe(path, "communities", "set", "县城社区", "--population", "5300")
    assert "县城社区" in done.stdout
    listed = {row["name"]: row["population"] for row in json.loads(
        run_wushe(path, "communities", "list", "--json").stdout)}
    assert listed == {"石门村": 800, "青山村": 300, "县城社区": 5300}
