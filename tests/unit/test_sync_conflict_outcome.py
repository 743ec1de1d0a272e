"""A conflict settled at one node ends the same on every node (issue 8 trial: a county's resolution never
reached the station whose version lost), and a delete of the very version another node holds is no
conflict (a station's draft deleted by another station after a direct exchange showed one at the county)."""

from __future__ import annotations

import time

import pytest

from desktop.i18n import set_locale
from desktop.sync import conflicts
from desktop.sync.conflict_text import conflict_text, deletion_text
from sync_testing import (
    Node, a, add_community, b, c, community, delete_community, edit_community, send, trust,
)

__all__ = ["a", "b", "c"]  # the fixtures


def stations_and_county(a: Node, b: Node, c: Node) -> str:
    """Each node trusts the others; 甲站's village reaches 乙站 by a direct exchange and the county from
    both; the id of the village."""
    for node in (a, b, c):
        trust(node, *(other for other in (a, b, c) if other is not node))
    village = add_community(a, "白云村", 1200)
    send(a, b)
    for station in (a, b):
        send(station, c)
    send(c, a)
    send(c, b)
    return village


def open_conflicts(node: Node) -> list[conflicts.ConflictView]:
    with node.db.read() as session:
        return conflicts.list_conflicts(session)


def every_way(a: Node, b: Node, c: Node) -> None:
    """Each station up to the county, the county down to each, and the stations with each other."""
    for source, target in ((a, c), (b, c), (c, a), (c, b), (a, b), (b, a)):
        send(source, target)


def found_at_the_county(a: Node, b: Node, c: Node, village: str) -> conflicts.ConflictView:
    """Both stations edit the village before hearing of the other's edit; the county meets both."""
    edit_community(a, village, population=1500, setting="rural")
    edit_community(b, village, population=1450, setting="urban")  # later: it wins
    for station in (a, b):
        send(station, c)
    [found] = open_conflicts(c)
    assert (found.winner_origin, found.loser_origin) == (b.node_id, a.node_id)
    return found


@pytest.mark.parametrize(("choice", "population"), [(conflicts.TAKE_OTHER, 1500), (conflicts.KEEP, 1450)])
def test_a_conflict_settled_at_the_county_reaches_both_stations(a: Node, b: Node, c: Node, choice: str,
                                                                population: int) -> None:
    village = stations_and_county(a, b, c)
    found = found_at_the_county(a, b, c, village)
    with c.db.write() as session:  # a station's record, read-only at the county but for this
        conflicts.resolve(session, found.id, choice)
    send(c, a)
    send(c, b)

    settled = community(c, village)
    assert (settled.population, settled.origin_node) == (population, c.node_id)
    for station in (a, b):  # the county's version itself, stamps and all, on every node
        assert community(station, village) == settled
        assert open_conflicts(station) == []
    every_way(a, b, c)
    assert a.dump() == b.dump() == c.dump() and community(a, village) == settled


def test_stations_exchanging_before_the_countys_resolution_arrives_end_on_it(a: Node, b: Node, c: Node) -> None:
    """The trial's 石桥村: settled at the county, then 甲站 and 乙站 exchange directly and agree on 乙站's
    later edit; the county's resolution, newer than both, still wins on both, and a full bundle changes
    nothing more."""
    village = stations_and_county(a, b, c)
    found = found_at_the_county(a, b, c, village)
    with c.db.write() as session:
        conflicts.resolve(session, found.id, conflicts.TAKE_OTHER)
    send(a, b)
    send(b, a)
    assert community(a, village).population == community(b, village).population == 1450
    every_way(a, b, c)
    for station in (a, b):
        assert send(c, station, full=True).applied == 0
    every_way(a, b, c)
    assert a.dump() == b.dump() == c.dump()
    assert community(a, village).population == 1500 and community(a, village).origin_node == c.node_id


def test_a_delete_of_the_version_the_county_holds_is_no_conflict(a: Node, b: Node, c: Node) -> None:
    """乙站 deletes 甲站's village, which it got from 甲站 directly and 甲站 never touched again; the
    county holds the same version from 甲站 but had not told 乙站 of it: no conflict anywhere."""
    for node in (a, b, c):
        trust(node, *(other for other in (a, b, c) if other is not node))
    village = add_community(a, "临时村", 10)
    send(a, b)
    send(a, c)
    delete_community(b, village)
    send(b, c)  # the county's first bundle from 乙站: it has acknowledged nothing of the county's

    assert open_conflicts(c) == [] and community(c, village).deleted_at is not None
    every_way(a, b, c)
    assert a.dump() == b.dump() == c.dump()
    for node in (a, b, c):
        assert open_conflicts(node) == [] and community(node, village).deleted_at is not None


def test_a_delete_against_an_edit_it_had_not_seen_still_conflicts_and_reads_as_such(
        a: Node, b: Node, c: Node, monkeypatch: pytest.MonkeyPatch) -> None:
    village = stations_and_county(a, b, c)
    edit_community(a, village, population=1300)
    delete_community(b, village)  # later: the delete wins, 甲站's edit is kept
    for station in (a, b):
        send(station, c)
    [found] = open_conflicts(c)
    assert {d.field for d in found.differences} == {"population", "deleted_at"}
    deleted = next(d.current for d in found.differences if d.field == "deleted_at")

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        with c.db.read() as session:
            text = {f.field: (f.label, f.current, f.other) for f in conflict_text(session, found).fields}
        assert text["deleted_at"][1:] == (deletion_text(deleted), "Not deleted")
        assert deletion_text("2026-12-02T05:29:35.745608+00:00") == "Deleted (December 2, 2026 1:29\u202fPM)"
        set_locale("zh_CN")
        assert deletion_text(None) == "未删除"
    finally:
        set_locale("en")
        monkeypatch.undo()
        time.tzset()
    every_way(a, b, c)
    assert a.dump() == b.dump() == c.dump()
