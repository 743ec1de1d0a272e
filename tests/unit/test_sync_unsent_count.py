"""The per-peer count of what waits to be sent is what a bundle would carry now (issue 8): a county counted
every change of its own, also the rows the route keeps back from a station (its organisation in another
station's village) and each edit of a row, while the bundle sends a row once and withholds those."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from desktop.storage.models import ChangeLogEntry, SocialOrg, SocialOrgStatusChange, SyncPeer
from desktop.sync.routing import unsent_changes
from sync_testing import Node, a, add_community, b, bundle_rows, c, edit_community, send, trust

__all__ = ["a", "b", "c"]  # the fixtures


def unsent(source: Node, target: Node) -> int:
    """The count, with the peer's acknowledgement as far as the in-memory exchange has reached it."""
    with source.db.write() as session:
        peer = session.get(SyncPeer, target.node_id)
        assert peer is not None
        peer.acked_change_seq = source.acked.get(target.name, 0)
    with source.db.read() as session:
        peer = session.get(SyncPeer, target.node_id)
        assert peer is not None
        return unsent_changes(session, peer)


def own_entries(node: Node) -> int:
    """The node's own change-log entries: what the count was before."""
    with node.db.read() as session:
        return session.scalar(select(func.count()).select_from(ChangeLogEntry)
                              .where(ChangeLogEntry.origin_node == node.node_id)) or 0


def county_org_in(county: Node, village: str) -> None:
    """An organisation the county writes in a station's village, with a status change under it: they go
    down to that station alone (straight to the table, as the county's services refuse it)."""
    with county.db.write() as session:
        org = SocialOrg(name="县社工协会石门服务队", community_id=village, category="service", status="filed",
                        founded_on=date(2025, 1, 1))
        session.add(org)
        session.flush()
        session.add(SocialOrgStatusChange(org_id=org.id, status="filed", changed_on=date(2026, 1, 5)))


def test_the_count_is_the_rows_a_bundle_would_carry_in_a_county_with_two_stations(a: Node, b: Node,
                                                                                  c: Node) -> None:
    for station in (a, b):
        trust(c, station)
        trust(station, c)
    shimen = add_community(a, "石门村", 800)
    edit_community(a, shimen, population=820)
    add_community(b, "青山村", 300)
    for station in (a, b):
        assert unsent(station, c) == len(bundle_rows(station, c).changes)
        send(station, c)
    town = add_community(c, "县城社区", 5000)
    for population in (5100, 5200):
        edit_community(c, town, population=population)
    county_org_in(c, shimen)

    to_a, to_b = (len(bundle_rows(c, station).changes) for station in (a, b))
    assert to_b < to_a < own_entries(c)  # 乙站 is not sent 甲站's village's organisation
    assert (unsent(c, a), unsent(c, b)) == (to_a, to_b)
    assert (unsent(a, c), unsent(b, c)) == (len(bundle_rows(a, c).changes), len(bundle_rows(b, c).changes))
