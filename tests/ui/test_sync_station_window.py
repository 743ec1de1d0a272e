"""At a county office, a station's row on 数据同步 opens what that station has sent, read-only: its last
bundle, what it has not acknowledged, counts per register and the records of the registers listed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.i18n import set_locale
from desktop.sync import exchange, peers
from desktop.ui.sync.page import SyncPage
from desktop.ui.sync.station_window import StationWindow
from sync_testing import Node, add_client, add_community, make_node
from wushe_testing import shown


@pytest.fixture(autouse=True)
def english() -> None:
    set_locale("en")


@pytest.fixture
def county_and_station(tmp_path: Path) -> Iterator[tuple[Node, Node]]:
    county, station = make_node(tmp_path / "c", "县民政局", "county"), make_node(tmp_path / "a", "甲站")
    for one, other in ((county, station), (station, county)):
        with other.db.read() as session:
            key = peers.my_key(session)
        with one.db.write() as session:
            peers.add_peer(session, key)
    yield county, station
    county.db.close()
    station.db.close()


def test_a_station_row_opens_its_data(qtbot, make_ctx, county_and_station, tmp_path, qapp) -> None:
    county, station = county_and_station
    village = add_community(station, "石门村", 800)
    add_community(station, "青山村", 300)
    add_client(station, village, "曾建华", "110101195001011237")
    exchange.export_to_peer(station.db, county.node_id, tmp_path / "up.wsb")
    exchange.import_file(county.db, tmp_path / "up.wsb")

    page = shown(qtbot, SyncPage(make_ctx(county.db)), (1200, 700))
    tab = page.peers
    assert tab.station_button.isVisible() and not tab.station_button.isEnabled()  # nothing selected yet
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    assert tab.station_button.isEnabled()
    tab.station_button.click()
    [window] = [w for w in qapp.topLevelWidgets() if isinstance(w, StationWindow) and w.isVisible()]
    qtbot.addWidget(window)
    assert window.windowTitle() == "甲站: data received"
    qtbot.waitUntil(lambda: window.pending.text() == "1")  # the county's profile, counted on the worker: the
    # station has not acknowledged it
    assert window.last_bundle.text().endswith(", 4 records")  # the station's profile, two villages, a client
    counts = {window.registers.item(n, 0).text(): window.registers.item(n, 1).text()
              for n in range(window.registers.rowCount())}
    assert counts["Villages and communities"] == "2" and counts["Clients"] == "1" and counts["Cases"] == "0"
    assert window.detail.currentWidget() is window.records
    assert [window.records.item(n).text() for n in range(window.records.count())] == ["青山村", "石门村"]
    window.registers.setCurrentCell(4, 0)  # clients: a number, never names
    assert window.detail.currentWidget() is window.counts_only
    assert [b.text() for b in window.findChildren(type(tab.add_button))] == ["Close"]  # nothing here changes data
    tab.open_selected()  # again: the same window comes forward
    assert [w for w in qapp.topLevelWidgets() if isinstance(w, StationWindow) and w.isVisible()] == [window]


def test_a_station_does_not_offer_the_view(qtbot, make_ctx, county_and_station) -> None:
    _county, station = county_and_station
    page = shown(qtbot, SyncPage(make_ctx(station.db)), (1200, 700))
    assert page.peers.station_button.isHidden()
