"""The county's view of one station counts each record under the station it belongs to, its first writer
(issue 8 trial: 青山镇's village, edited by 白岩镇 or settled at the county, was listed under 白岩镇 or
under neither)."""

from __future__ import annotations

from sqlalchemy import select

from desktop.storage.models import Community
from desktop.sync import conflicts
from desktop.sync.station_view import station_records, station_view
from sync_testing import Node, a, add_community, b, c, delete_community, edit_community, send, trust

__all__ = ["a", "b", "c"]  # the fixtures


def villages(county: Node, station: Node) -> tuple[int, list[str]]:
    """The station's village count and names, as the county shows them."""
    with county.db.read() as session:
        view = station_view(session, station.node_id)
        return ({r.table: r.count for r in view.registers}["community"],
                station_records(session, station.name, "community"))


def test_a_village_counts_for_its_station_whoever_changed_it_last(a: Node, b: Node, c: Node) -> None:
    for node in (a, b, c):
        trust(node, *(other for other in (a, b, c) if other is not node))
    baiyun, shiqiao = add_community(a, "白云村", 1200), add_community(a, "石桥村", 900)
    add_community(a, "旧村", 5)
    delete_community(a, add_community(a, "已撤并村", 1))
    add_community(b, "白岩村", 1200)
    send(a, b)
    send(b, a)
    for station in (a, b):
        send(station, c)
    for station in (a, b):  # each station learns what the county holds: later edits are not concurrent
        send(c, station)
    own = (3, ["白云村", "旧村", "石桥村"])  # in pinyin order; the village 甲站 deleted is not among them
    assert villages(c, a) == own and villages(c, b) == (1, ["白岩村"])

    edit_community(b, baiyun, population=1450)  # 乙站 edits 甲站's village: the current version is 乙站's
    edit_community(a, shiqiao, population=950)
    edit_community(b, shiqiao, population=960)
    for station in (b, a):
        send(station, c)
    with c.db.write() as session:  # settled at the county: the current version is the county's
        [found] = conflicts.list_conflicts(session)
        conflicts.resolve(session, found.id, conflicts.TAKE_OTHER)

    with c.db.read() as session:
        assert {r.origin_node for r in session.scalars(select(Community).where(Community.id.in_([baiyun, shiqiao])))} \
            == {b.node_id, c.node_id}
    assert villages(c, a) == own and villages(c, b) == (1, ["白岩村"])
