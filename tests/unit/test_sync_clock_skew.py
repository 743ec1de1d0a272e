"""A bundle stamped far ahead of this computer's clock names the node whose clock is ahead: the sender's,
or this node's own when records it wrote with its clock set ahead come back through a peer (issue 8
trial: the warning blamed the peer for this computer's own wrong date)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.domain.hlc import HybridClock, wall_ms
from desktop.sync import exchange, peers
from desktop.sync.clock_skew import clock_warning
from sync_testing import Node, add_community, community, edit_community, exchanged, make_node, pair_by_keys

AHEAD_MS = (24 * 60 + 30) * 60 * 1000  # a day and half an hour: "24 hours" however long the test takes


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Node, Node]:
    a, b = make_node(tmp_path / "a", "甲站"), make_node(tmp_path / "b", "乙站")
    pair_by_keys(a, b)
    return a, b


def carry(source: Node, target: Node, folder: Path) -> exchange.ImportResult:
    return exchanged(source, target, folder)[1]


def set_clock(node: Node, ahead_ms: int) -> None:
    node.db.clock = HybridClock(node.db.clock.last, wall=lambda: wall_ms() + ahead_ms)


def clock_column(node: Node, peer: Node) -> int:
    """The peers list's "clock ahead" of ``peer``, at ``node``."""
    with node.db.read() as session:
        return next(view.clock_ahead_ms for view in peers.list_peers(session) if view.node_id == peer.node_id)


def test_the_senders_clock_ahead_names_the_sender(pair: tuple[Node, Node], tmp_path: Path) -> None:
    a, b = pair
    row_id = add_community(b, "石门村", 800)
    carry(b, a, tmp_path)
    set_clock(a, AHEAD_MS)
    edit_community(a, row_id, population=801)
    done = carry(a, b, tmp_path)
    assert done.skewed
    assert (done.clock_ahead, done.clock_ahead_name, done.clock_ahead_here) == (a.node_id, "甲站", False)
    assert clock_warning(done.clock_ahead_here, done.clock_ahead_name, done.skew_ms) == \
        "Warning: 甲站's clock is 24 hours ahead of this computer's; check the date on both."
    assert clock_column(b, a) == done.skew_ms


def test_this_nodes_own_clock_ahead_names_this_node(pair: tuple[Node, Node], tmp_path: Path) -> None:
    a, b = pair
    row_id = add_community(b, "石门村", 800)
    set_clock(b, AHEAD_MS)  # b's date is wrong: a day ahead
    edit_community(b, row_id, population=801)
    first = carry(b, a, tmp_path)
    assert first.skewed and first.clock_ahead == b.node_id  # at a: b's clock is ahead, rightly
    edit_community(a, row_id, population=802)  # a's stamp follows b's: a day ahead, though a's clock is right
    set_clock(b, 0)  # b's date is set right
    done = carry(a, b, tmp_path)
    assert community(b, row_id).population == 802
    assert done.skewed and (done.clock_ahead, done.clock_ahead_here) == (b.node_id, True)
    assert clock_warning(done.clock_ahead_here, done.clock_ahead_name, done.skew_ms) == (
        "Warning: this computer's clock was 24 hours ahead when it wrote records that came back in this bundle; "
        "check its date.")
    assert clock_column(b, a) == 0  # a is not blamed in the peers list
