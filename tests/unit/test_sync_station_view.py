"""The county's read-only view of one station: per register the records it first wrote,
its last bundle and what it has not acknowledged; clients and cases counted, never listed."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

from desktop.errors import NotFoundError, ValidationError
from desktop.sync import exchange, peers
from desktop.sync.station_view import station_records, station_view
from sync_testing import Node, a, add_client, add_community, add_org_with_status, c, delete_community, \
    edit_community, pair_by_keys

__all__ = ["a", "c"]  # the fixtures


def trust(*nodes: Node) -> None:
    for one, other in combinations(nodes, 2):
        pair_by_keys(one, other)


def counts(node: Node, station: str) -> dict[str, int]:
    with node.db.read() as session:
        return {r.table: r.count for r in station_view(session, station).registers}


def test_the_county_sees_what_each_station_sent(a: Node, c: Node, tmp_path: Path) -> None:
    trust(a, c)
    shimen = add_community(a, "石门村", 800)
    qingshan = add_community(a, "青山村", 300)
    gone = add_community(a, "旧村", 10)
    delete_community(a, gone)
    add_client(a, shimen, "曾建华", "110101195001011237")
    add_org_with_status(a, qingshan, "青山老年协会", "registered")
    assert counts(c, "甲站")["community"] == 0

    done = exchange.export_to_peer(a.db, c.node_id, tmp_path / "1.wsb")
    exchange.import_file(c.db, tmp_path / "1.wsb")
    assert counts(c, "甲站") == {"community": 2, "social_org": 1, "social_worker": 0, "volunteer": 0, "client": 1,
                                 "case_file": 0, "project": 0, "fund": 0}
    edit_community(c, shimen, population=801)  # corrected at the county: still 甲站's village
    add_community(c, "县城社区")
    with c.db.read() as session:
        view = station_view(session, a.node_id)
        assert station_records(session, "甲站", "community") == ["青山村", "石门村"]
        assert station_records(session, "甲站", "social_org") == ["青山老年协会"]
        with pytest.raises(ValidationError):
            station_records(session, "甲站", "client")
        with pytest.raises(NotFoundError):
            station_view(session, "丙站")
    assert view.peer.name == "甲站" and view.last_bundle_rows == done.rows and view.last_bundle_at is not None
    with c.db.read() as session:  # the county's profile and two changes: not yet acknowledged
        assert peers.waiting_counts(session) == {a.node_id: 3}
    assert [r.table for r in view.registers if r.counts_only] == ["client", "case_file"]
    assert [r.label for r in view.registers][:2] == ["Villages and communities", "Community social organisations"]


def test_an_acknowledgement_is_not_the_last_bundle(a: Node, c: Node, tmp_path: Path) -> None:
    trust(a, c)
    exchange.export_to_peer(c.db, a.node_id, tmp_path / "down.wsb")
    exchange.import_file(a.db, tmp_path / "down.wsb", ack_out=tmp_path / "ack.wsb")
    exchange.import_file(c.db, tmp_path / "ack.wsb")
    with c.db.read() as session:
        view = station_view(session, "甲站")
        assert peers.waiting_counts(session) == {a.node_id: 0}
    assert view.last_bundle_at is None
