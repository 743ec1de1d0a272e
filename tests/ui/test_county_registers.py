"""At a county office the registers list every station's records, but a station's record cannot be edited,
deleted or restored there: its buttons are off and say whose it is; the county's own stay editable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from desktop.i18n import set_locale
from desktop.ui.orgs.page import OrgsPage
from desktop.ui.settings.communities_tab import CommunitiesTab
from sync_testing import Node, add_community, add_org_with_status, make_node, send, trust
from wushe_testing import shown


@pytest.fixture(autouse=True)
def english() -> None:
    set_locale("en")


@pytest.fixture
def county(tmp_path: Path) -> Iterator[Node]:
    """A county office holding 甲站's village and organisation, and one organisation of its own."""
    county, station = make_node(tmp_path / "c", "县民政局", "county"), make_node(tmp_path / "a", "甲站")
    trust(county, station)
    trust(station, county)
    village = add_community(station, "石门村", 800)
    add_org_with_status(station, village, "石门村老年协会", "registered")
    send(station, county)
    add_org_with_status(county, village, "县社工协会", "registered")
    yield county
    county.db.close()
    station.db.close()


def select(page: OrgsPage | CommunitiesTab, name: str) -> None:
    model = page.model
    names = [model.row_object(model.index(row, 0)).name for row in range(model.rowCount())]
    page.view.selectRow(names.index(name))


def test_a_stations_record_is_read_only_at_the_county(qtbot, make_ctx, county, monkeypatch) -> None:
    page = shown(qtbot, OrgsPage(make_ctx(county.db)), (1280, 700))
    select(page, "石门村老年协会")
    for button in (page.edit_button, page.delete_button, page.restore_button):
        assert button.isVisible() and not button.isEnabled()
        assert button.toolTip() == \
            "This record (Community social organisations) belongs to 甲站 and is read-only here."
    assert page.read_only.isVisible() and page.read_only.text() == page.edit_button.toolTip()
    opened: list[bool] = []  # a double-click shows the record, read-only
    monkeypatch.setattr(QDialog, "exec", lambda dialog: opened.append(dialog.ok_button.isHidden()) or 0)
    page._open_selected()
    assert opened == [True]

    select(page, "县社工协会")  # the county's own
    assert page.edit_button.isEnabled() and page.delete_button.isEnabled()
    assert page.edit_button.toolTip() == "" and not page.read_only.isVisible()

    communities = shown(qtbot, CommunitiesTab(make_ctx(county.db)), (1280, 700))
    select(communities, "石门村")
    assert not communities.edit_button.isEnabled() and "甲站" in communities.delete_button.toolTip()
