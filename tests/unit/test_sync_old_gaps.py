"""A gap before a bundle received before the "full" flag was recorded closes by the rule of new ones: such a
bundle counts as covering the numbers before it (issue 8, T8a)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from desktop.storage.models import SyncBundleLog
from desktop.sync import exchange, peers
from sync_testing import add_community, make_node, pair_by_keys


def test_a_bundle_received_before_the_full_flag_closes_the_gaps_before_it(tmp_path: Path) -> None:
    a, c = make_node(tmp_path / "a", "甲站"), make_node(tmp_path / "c", "县民政局", kind="county")
    pair_by_keys(a, c)
    bundles = []
    for number in range(5):
        add_community(a, f"村{number}")
        bundles.append(exchange.export_to_peer(a.db, c.node_id, tmp_path / f"{number}.wsb").path)
    for number in (0, 2):
        exchange.import_file(c.db, bundles[number])

    def gaps() -> tuple[int, ...]:
        with c.db.read() as session:
            return peers.gaps(session, a.node_id)

    assert gaps() == (2,)  # bundle 3 was not full
    with c.db.write() as session:  # as a version before the flag recorded bundle 3
        row = session.scalars(select(SyncBundleLog).where(SyncBundleLog.sequence == 3,
                                                          SyncBundleLog.direction == peers.RECEIVED)).one()
        detail = json.loads(row.detail)
        del detail["full"]
        row.detail = json.dumps(detail, ensure_ascii=False, sort_keys=True)
    assert gaps() == ()
    done = exchange.import_file(c.db, bundles[4])  # a new bundle after another lost one: its gap stays
    assert done.missing_sequences == (4,) == gaps()
    with c.db.read() as session:
        assert next(p for p in peers.list_peers(session) if p.node_id == a.node_id).missing_sequences == (4,)
