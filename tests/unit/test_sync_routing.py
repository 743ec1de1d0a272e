"""A county passes down its own records and a station's own, never another station's (issue 8 trial:
station B held station A's clients, cases and communities after one exchange through the county)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from desktop.storage.models import ChangeLogEntry, Client, Community, PolicyProfileDoc, ProjectRound, SyncConflict, \
    SyncPeer
from desktop.sync import conflicts, exchange, peers
from sync_testing import Node, a, add_client, add_community, b, c, edit_community, send, station_share, trust

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
    for one, other in [(county, s) for s in stations] + [(s, county) for s in stations]:
        with other.db.read() as session:
            key = peers.my_key(session)
        with one.db.write() as session:
            peers.add_peer(session, key)


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
        waiting = peers.peer_view(session, session.get(SyncPeer, b.node_id)).unacked_changes  # type: ignore[arg-type]
        assert waiting == count(c, ChangeLogEntry, ChangeLogEntry.origin_node == c.node_id) > 0
