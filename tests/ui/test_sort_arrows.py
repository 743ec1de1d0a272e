"""The lists that show the newest first (projects, cases, a fund's journal) draw ▼ over the column they are
sorted by, and ▲ once a click sorts it from the lowest. The arrow is read from what the header paints."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHeaderView, QWidget

from desktop.services import funds
from desktop.services.demo_ledger import DEMO_FUND
from desktop.ui.cases.cases_tab import CasesTab
from desktop.ui.context import AppContext
from desktop.ui.ledger.journal_tab import JournalTab
from desktop.ui.projects.projects_tab import ProjectsTab
from desktop.ui.registers.paged_list import PagedListPage
from wushe_testing import shown


def _ink_height(image: QImage, left: int, top: int, right: int, bottom: int) -> float:
    """The mean row of the dark paint in the box, weighted by how dark it is."""
    weight = total = 0.0
    for y in range(top, bottom + 1):
        for x in range(left, right + 1):
            darkness = 255 - image.pixelColor(x, y).lightness()
            weight += darkness
            total += darkness * y
    return total / weight


def arrow_of(header: QHeaderView) -> str:
    """▼ or ▲, as ``header`` paints its sort arrow: told from the same header painted in the other order
    (only the arrow differs), by where the arrow's ink sits in the box the two paintings differ in."""
    column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
    other = (Qt.SortOrder.AscendingOrder if order == Qt.SortOrder.DescendingOrder
             else Qt.SortOrder.DescendingOrder)
    blocked = header.blockSignals(True)  # a repaint, not a new sort
    try:
        shown_now = header.grab().toImage()
        header.setSortIndicator(column, other)
        reversed_ = header.grab().toImage()
        header.setSortIndicator(column, order)
    finally:
        header.blockSignals(blocked)
    changed = [(x, y) for y in range(shown_now.height()) for x in range(shown_now.width())
               if shown_now.pixel(x, y) != reversed_.pixel(x, y)]
    assert changed, "no sort arrow painted"
    box = (min(x for x, _ in changed), min(y for _, y in changed),
           max(x for x, _ in changed), max(y for _, y in changed))
    return "▼" if _ink_height(shown_now, *box) < _ink_height(reversed_, *box) else "▲"


def _projects(ctx: AppContext) -> QWidget:
    return ProjectsTab(ctx)


def _cases(ctx: AppContext) -> QWidget:
    return CasesTab(ctx)


def _journal(ctx: AppContext) -> QWidget:
    fund_id = next(f.id for f in ctx.gateway.read(funds.list_all) if f.name == DEMO_FUND)
    return JournalTab(ctx, ctx.gateway.read(funds.get, fund_id))


@pytest.mark.parametrize("make", [_projects, _cases, _journal], ids=["projects", "cases", "journal"])
def test_a_newest_first_list_points_its_arrow_down_and_up_once_sorted_from_the_lowest(
        qtbot, ctx, make: Callable[[AppContext], PagedListPage]):
    tab = shown(qtbot, make(ctx), (1280, 600))
    header = tab.view.horizontalHeader()
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert arrow_of(header) == "▼"
    header.setSortIndicator(header.sortIndicatorSection(), Qt.SortOrder.AscendingOrder)  # as a click on it does
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0)
    assert arrow_of(header) == "▲"
