"""At a county office the case, project and fund lists name each row's station in a column after the first
(issue 8 trial #3); at a station the lists have no such column."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from county_testing import stations_proposal_in_the_countys_round
from desktop.i18n import set_locale
from desktop.ui.cases.cases_tab import CasesTab
from desktop.ui.ledger.page import LedgerPage
from desktop.ui.projects.projects_tab import ProjectsTab
from sync_testing import Node, a, b, c
from wushe_testing import shown

__all__ = ["a", "b", "c"]  # the fixtures


@pytest.fixture(autouse=True)
def english() -> None:
    set_locale("en")


def headers(page: CasesTab | ProjectsTab | LedgerPage) -> list[str]:
    return [page.model.headerData(n, Qt.Orientation.Horizontal) for n in range(page.model.columnCount())]


def column(page: CasesTab | ProjectsTab | LedgerPage, header: str) -> list[str]:
    model, at = page.model, headers(page).index(header)
    return [model.index(row, at).data() for row in range(model.rowCount())]


def test_the_county_lists_show_each_rows_station(qtbot, make_ctx, a: Node, b: Node, c: Node) -> None:
    stations_proposal_in_the_countys_round(a, b, c)
    ctx = make_ctx(c.db)
    cases = shown(qtbot, CasesTab(ctx), (1200, 500))
    assert headers(cases)[:2] == ["Case number", "Station"]
    assert sorted(column(cases, "Station")) == ["县民政局", "甲站"]
    cases.grab().save("/tmp/c8_county_cases.png")
    assert column(shown(qtbot, ProjectsTab(ctx), (1200, 500)), "Station") == ["甲站"]
    assert sorted(column(shown(qtbot, LedgerPage(ctx), (1200, 500)), "Station")) == ["县民政局", "甲站"]

    at_station = shown(qtbot, CasesTab(make_ctx(a.db)), (1200, 500))
    assert "Station" not in headers(at_station) and at_station.model.rowCount()
