"""数据同步 → 节点 at a county with two stations: the tab and a station's window show at once, with what waits
for each station counted on the database worker in one job, and a count of data changed meanwhile dropped."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.i18n import set_locale
from desktop.sync import exchange, peers
from desktop.ui.context import AppContext
from desktop.ui.sync import TOPIC
from desktop.ui.sync.peers_tab import PeersTab
from desktop.ui.sync.station_window import StationWindow
from desktop.ui.sync.waiting_counts import PENDING
from sync_testing import Node, add_community, make_node, pair_by_keys

WAITING = 5  # the column of what waits for each peer


@pytest.fixture(autouse=True)
def english() -> None:
    set_locale("en")


@pytest.fixture
def county(tmp_path: Path) -> Iterator[tuple[Node, Node, Node]]:
    """The county has two stations; 甲站 sent it two villages, 乙站 acknowledged what the county had, then the
    county added a community of its own."""
    c, a, b = make_node(tmp_path / "c", "县民政局", "county"), make_node(tmp_path / "a", "甲站"), \
        make_node(tmp_path / "b", "乙站")
    for station in (a, b):
        pair_by_keys(c, station)
    add_community(a, "石门村", 800)
    add_community(a, "青山村", 300)
    exchange.export_to_peer(a.db, c.node_id, tmp_path / "up.wsb")
    exchange.import_file(c.db, tmp_path / "up.wsb")
    exchange.export_to_peer(c.db, b.node_id, tmp_path / "down.wsb")
    exchange.import_file(b.db, tmp_path / "down.wsb", ack_out=tmp_path / "ack.wsb")
    exchange.import_file(c.db, tmp_path / "ack.wsb")
    add_community(c, "县城社区")
    yield c, a, b
    for node in (c, a, b):
        node.db.close()


def hold_worker(ctx: AppContext) -> threading.Event:
    """Keeps the database worker busy until the event is set: the jobs queued meanwhile wait behind it."""
    gate = threading.Event()
    ctx.tasks.run(lambda _progress: gate.wait(10), show_progress=False)
    return gate


def column(tab: PeersTab) -> dict[str, str]:
    model = tab.model
    return {model.row_object(model.index(n, 0)).name: model.index(n, WAITING).data()  # type: ignore[union-attr]
            for n in range(model.rowCount())}


def test_the_tab_shows_at_once_and_the_counts_when_the_worker_has_them(qtbot, make_ctx, county, settle) -> None:
    c, a, b = county
    with c.db.read() as session:
        expected = peers.waiting_counts(session)
    # 甲站 waits for the county's profile and community (its villages are its own), 乙站 for the community
    assert expected == {a.node_id: 2, b.node_id: 1}
    ctx = make_ctx(c.db)
    gate = hold_worker(ctx)
    tab = PeersTab(ctx)
    qtbot.addWidget(tab)
    assert column(tab) == {"甲站": PENDING, "乙站": PENDING}  # the rest of each row is there already
    assert [tab.model.index(n, 1).data() for n in range(2)] == ["Township social-work station"] * 2
    tab.view.setCurrentIndex(tab.model.index(tab.model.row_of(a.node_id), 0))
    gate.set()
    settle(ctx)
    assert column(tab) == {"甲站": "2", "乙站": "1"}
    assert tab.selected() is not None and tab.selected().name == "甲站"  # the arriving counts keep the choice
    assert {p.node_id: p.unacked_changes for p in tab.state.peers} == expected


def test_a_count_of_data_changed_meanwhile_is_dropped(qtbot, make_ctx, county, settle, qapp) -> None:
    c, _a, _b = county
    ctx = make_ctx(c.db)
    tab = PeersTab(ctx)
    qtbot.addWidget(tab)
    ctx.tasks.wait()  # counted; the counts wait in the GUI thread's queue
    gate = hold_worker(ctx)
    add_community(c, "河东社区")  # one more record for each station
    ctx.events.publish(TOPIC)
    qapp.processEvents()  # the counts of before the change arrive now, and must not be shown
    assert column(tab) == {"甲站": PENDING, "乙站": PENDING}
    gate.set()
    settle(ctx)
    assert column(tab) == {"甲站": "3", "乙站": "2"}


def test_a_station_window_counts_on_the_worker(qtbot, make_ctx, county, settle) -> None:
    c, a, _b = county
    ctx = make_ctx(c.db)
    gate = hold_worker(ctx)
    window = StationWindow(ctx, a.node_id)
    qtbot.addWidget(window)
    assert window.pending.text() == "Counting…" and window.conflicts.text() == "0"
    gate.set()
    settle(ctx)
    assert window.pending.text() == "2"
