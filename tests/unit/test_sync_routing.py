"""A county passes down its own records and a station's own, never another station's (issue 8 trial:
station B held station A's clients, cases and communities after one exchange through the county)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.storage.models import ChangeLogEntry, Client, Community, PolicyProfileDoc, ProjectRound, SocialOrg, \
    SocialOrgStatusChange, SyncConflict
from desktop.sync import conflicts, exchange, peers, pruning
from sync_testing import (
    Node, a, add_client, add_community, add_org_with_status, b, c, carry, community, edit_community, pair_by_keys, send,
    station_share, trust,
)

__all__ = ["a", "b", "c"]  # the fixtures


def county_work(county: Node) -> tuple[str, str]:
    """A policy profile and a micro-venture round made at the county."""
    with county.db.write() as session:
        profile = PolicyProfileDoc(profile_id="qinghe-2026", body='{"id": "qinghe-2026"}')
        round_ = ProjectRound(name="2026年清河县微创投", year=2026, organiser="清河县民政局",
                              funding_kind="lottery", pool_fen=50_000_000, opens_on=date(2026, 3, 1),
                              closes_on=date(2026, 4, 30))
        session.add_all([profile, round_])
        session.flush()
        return profile.id, round_.id


def count(node: Node, model: type, *where: object) -> int:
    with node.db.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def trust_star(county: Node, *stations: Node) -> None:
    trust(county, *stations)
    for station in stations:
        trust(station, county)


def star(county: Node, *stations: Node) -> None:
    """Each station up to the county and the county down to each, twice: what the trial did."""
    for _round in range(2):
        for station in stations:
            send(station, county)
        for station in stations:
            send(county, station)


def test_a_station_never_receives_another_stations_records(a: Node, b: Node, c: Node) -> None:
    trust_star(c, a, b)
    shimen = add_community(a, "石门村", 800)
    clients = [add_client(a, shimen, f"客{n}", f"11010119500101{n:04d}", f"1380000{n:04d}") for n in range(3)]
    qingshan = add_community(b, "青山村", 300)
    profile, round_ = county_work(c)
    star(c, a, b)

    assert count(b, Client) == 0 and count(b, Community, Community.id == shimen) == 0
    assert "13800000001" not in b.dump() and a.node_id not in b.dump()
    assert count(a, Community, Community.id == qingshan) == 0 and b.node_id not in a.dump()
    for station in (a, b):  # the county's own records reach both
        assert count(station, PolicyProfileDoc, PolicyProfileDoc.id == profile) == 1
        assert count(station, ProjectRound, ProjectRound.id == round_) == 1
    # The county holds the union; each station its own rows and the county's.
    assert count(c, Client, Client.id.in_(clients)) == 3 and count(c, Community, Community.id == qingshan) == 1
    assert set(c.dump().splitlines()) == set(a.dump().splitlines()) | set(b.dump().splitlines())
    for station in (a, b):
        assert station.dump() == station_share(c.db, station.node_id)


def test_a_stations_row_settled_at_the_county_goes_back_to_it_alone(a: Node, b: Node, c: Node) -> None:
    trust_star(c, a, b)
    shimen = add_community(a, "石门村", 800)
    star(c, a, b)
    edit_community(a, shimen, population=810)
    edit_community(c, shimen, population=820)  # later: it wins, and a's version is kept as a conflict
    send(a, c)
    with c.db.write() as session:
        [found] = conflicts.list_conflicts(session)
        conflicts.resolve(session, found.id, conflicts.TAKE_OTHER)
    star(c, a, b)

    with a.db.read() as session:
        assert session.get(Community, shimen).population == 810  # type: ignore[union-attr]
        assert session.get(SyncConflict, found.id).resolution == conflicts.TAKE_OTHER  # type: ignore[union-attr]
    assert count(b, SyncConflict) == 0
    assert a.dump() == station_share(c.db, a.node_id)
    assert b.dump() == station_share(c.db, b.node_id)


def trust_both_ways(county: Node, *stations: Node) -> None:
    for station in stations:
        pair_by_keys(county, station)


def test_bundles_from_the_county_carry_only_its_rows_and_the_recipients(a: Node, b: Node, c: Node,
                                                                        tmp_path: Path) -> None:
    trust_both_ways(c, a, b)
    shimen = add_community(a, "石门村", 800)
    add_client(a, shimen, "曾建华", "110101195001011237", "13800001111")
    _profile, round_ = county_work(c)
    exchange.export_to_peer(a.db, c.node_id, tmp_path / "up.wsb")
    exchange.import_file(c.db, tmp_path / "up.wsb")
    for full in (False, True):
        down = exchange.export_to_peer(c.db, b.node_id, tmp_path / f"down-{full}.wsb", full=full)
        assert "client" not in down.counts and "community" not in down.counts and down.counts["project_round"] == 1
    exchange.import_file(b.db, tmp_path / "down-True.wsb")
    assert count(b, Client) == 0 and count(b, ProjectRound, ProjectRound.id == round_) == 1
    with c.db.read() as session:  # a's rows are not waiting for b: only the county's own are
        waiting = peers.waiting_counts(session, [b.node_id])[b.node_id]
        assert waiting == count(c, ChangeLogEntry, ChangeLogEntry.origin_node == c.node_id) > 0


def test_the_script_hypothesis_found_leaves_each_station_its_share(a: Node, b: Node, c: Node) -> None:
    """tests/slow/test_sync_convergence.py once failed on count=2, script=[('add',0,26), ('full',2,0),
    ('add',0,184), ('send',0,1), ('add',0,2), ('full',3,2)]: b's station row, which reached the county in
    a full bundle, went on to a. The property test's own exchanges were not routed; a county's are."""
    trust_star(c, a, b)
    add_community(c, "村26", 26)
    send(b, c, full=True)
    add_community(c, "村184", 184)
    send(c, a)
    add_community(c, "村2", 2)
    send(c, b, full=True)
    star(c, a, b)

    assert b.node_id not in a.dump() and a.node_id not in b.dump()
    for station in (a, b):
        assert station.dump() == station_share(c.db, station.node_id)


def writers_in_log(node: Node, row_id: str) -> list[str]:
    with node.db.read() as session:
        return list(session.scalars(select(ChangeLogEntry.origin_node).where(ChangeLogEntry.row_id == row_id)
                                    .order_by(ChangeLogEntry.seq)))


def test_a_pruned_county_still_sends_a_stations_row_it_corrected_to_that_station_alone(
        a: Node, b: Node, c: Node, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pruning, "KEEP_DAYS", 0)  # as after 30 days: every acknowledged entry may go
    trust_both_ways(c, a, b)
    shimen = add_community(a, "石门村", 800)
    for station in (a, b):
        carry(station, c, tmp_path)
    for population in (801, 802):
        edit_community(a, shimen, population=population)
        carry(a, c, tmp_path)
    county_work(c)  # the county's newest entries, which pruning always keeps, are not a's
    for station in (a, b):
        carry(c, station, tmp_path)  # both acknowledged everything: the county prunes its log
    with c.db.read() as session:
        assert pruning.pruned_through(session) > 0
    assert writers_in_log(c, shimen) == [a.node_id]  # of a's three versions one entry stays: who wrote the row

    edit_community(c, shimen, population=820)  # the county corrects a's row long after
    for station in (a, b):
        carry(c, station, tmp_path)
    assert community(a, shimen).population == 820
    assert community(b, shimen) is None and a.node_id not in b.dump()
    down = exchange.export_to_peer(c.db, b.node_id, tmp_path / "full.wsb", full=True)
    assert "community" not in down.counts
    for station in (a, b):
        assert station.dump() == station_share(c.db, station.node_id)


def test_a_pruned_county_log_keeps_who_wrote_each_row_first_and_who_else(
        a: Node, b: Node, c: Node, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What routing and a record's owner (the node that first wrote it) are read from."""
    monkeypatch.setattr(pruning, "KEEP_DAYS", 0)
    trust_both_ways(c, a, b)
    town = add_community(c, "县城社区")  # the county's row, which a station may edit (not a round: the county's own)
    carry(c, a, tmp_path)
    for writer, population in ((a, 801), (c, 802), (a, 803), (c, 804)):
        edit_community(writer, town, population=population)
        carry(writer, a if writer is c else c, tmp_path)
    assert writers_in_log(c, town) == [c.node_id, a.node_id, c.node_id, a.node_id, c.node_id]
    add_community(c, "县直社区")  # the newest entry, always kept
    for station in (a, b):
        carry(c, station, tmp_path)
        carry(station, c, tmp_path)
    with c.db.read() as session:
        assert pruning.pruned_through(session) > 0
    assert writers_in_log(c, town) == [c.node_id, a.node_id]
    assert writers_in_log(a, town) == []  # a station routes nothing: its log sheds them all


def county_org(county: Node, village: str, name: str, federation: str | None) -> tuple[str, str]:
    """An organisation the county writes (straight to the table, as its services would refuse one under a
    station's record) in ``federation``, with a status change under it."""
    with county.db.write() as session:
        org = SocialOrg(name=name, community_id=village, category="service", status="filed",
                        federation_id=federation, founded_on=date(2025, 1, 1))
        session.add(org)
        session.flush()
        change = SocialOrgStatusChange(org_id=org.id, status="filed", changed_on=date(2026, 1, 5))
        session.add(change)
        session.flush()
        return org.id, change.id


def test_a_county_row_under_a_stations_row_goes_down_with_it_along_a_chain(a: Node, b: Node, c: Node,
                                                                          tmp_path: Path) -> None:
    """The county's organisation in 甲站's federation, its status change and an organisation in that one in
    turn (the same table again) go down to 甲站 alone; 乙站, which has no such federation, takes its
    bundles, incremental and forced full, without them. The county's organisation in no station's
    federation reaches both."""
    trust_both_ways(c, a, b)
    shimen = add_community(a, "石门村", 800)
    federation, _status = add_org_with_status(a, shimen, "石门村社会组织联合会", "registered")
    for station in (a, b):
        carry(station, c, tmp_path)
    town = add_community(c, "县城社区")
    child, grandchild = county_org(c, town, "县社工协会", federation)
    nested, nested_status = county_org(c, town, "县社工协会志愿队", child)
    own, own_status = county_org(c, town, "县慈善会", None)
    under_station = {federation, child, grandchild, nested, nested_status}

    carry(c, b, tmp_path)
    full = exchange.export_to_peer(c.db, b.node_id, tmp_path / "full.wsb", full=True)
    assert full.counts["social_org"] == 1 and full.counts["social_org_status"] == 1
    exchange.import_file(b.db, full.path)
    carry(c, a, tmp_path)

    b_rows = {json.loads(line)["id"] for line in b.dump().splitlines()}
    assert not b_rows & under_station and {own, own_status, town} <= b_rows
    assert count(a, SocialOrg) == 4 and count(a, SocialOrgStatusChange, SocialOrgStatusChange.org_id == nested) == 1
    assert count(b, SocialOrg) == 1 and count(b, SocialOrgStatusChange) == 1
