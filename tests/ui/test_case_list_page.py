"""The case list shows its first window at once and is counted on the database worker: until the count
arrives the status line says how many are listed so far. A column it cannot be sorted by (the community)
leaves the list and its sort indicator as they were."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop.services import case_list, signin
from desktop.services.case_list import CaseQuery
from desktop.ui import table_model
from desktop.ui.cases.cases_tab import OPENED
from desktop.ui.cases.page import CasesPage
from register_testing import pick
from wushe_testing import DEMO_PASSWORD, shown

WINDOW = 10  # the demo's 25 cases are three windows of this; the first fills the page shown


@pytest.fixture
def held(qtbot, demo, make_ctx, monkeypatch):
    """The head's case page over windows of WINDOW, opened while the database worker is busy: its count
    waits until ``release`` is set."""
    monkeypatch.setattr(table_model, "BATCH", WINDOW)
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    ctx = make_ctx(demo)
    release = threading.Event()
    ctx.tasks.run(lambda _progress: release.wait(5), show_progress=False)
    page = shown(qtbot, CasesPage(ctx), (1280, 360))
    yield page.cases, release
    release.set()


def test_the_list_says_how_many_it_shows_until_the_worker_has_counted(qtbot, held):
    tab, release = held
    assert tab.model.rowCount() == WINDOW and not tab.model.is_counted()
    assert tab.count.text() == "10+ cases"
    release.set()
    qtbot.waitUntil(lambda: tab.count.text() == "25 cases")
    assert tab.model.is_counted() and tab.model.total() == 25 and tab.model.rowCount() == WINDOW


def test_a_count_of_the_list_before_a_filter_never_shows(qtbot, held):
    tab, release = held
    arrived: list[int] = []
    tab.model.counted.connect(lambda: arrived.append(tab.model.total()))
    pick(tab.filters.combos["stage"], "open")  # while the whole list's count waits for the worker
    open_cases = tab._ctx.gateway.read(case_list.count, CaseQuery(stage="open"))
    assert WINDOW < open_cases < 25 and tab.count.text() == "10+ cases"
    release.set()
    qtbot.waitUntil(lambda: tab.model.is_counted())
    tab._ctx.tasks.wait()
    qtbot.wait(20)  # anything else the worker sent back has arrived by now
    assert arrived == [open_cases] and tab.count.text() == f"{open_cases} cases"


def test_a_click_on_the_community_column_leaves_the_list_as_sorted(qtbot, demo, make_ctx):
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    page = shown(qtbot, CasesPage(make_ctx(demo)), (1280, 700))
    tab, header = page.cases, page.cases.view.horizontalHeader()
    titles = [tab.model.headerData(n, Qt.Orientation.Horizontal) for n in range(header.count())]
    community = titles.index("Community")
    listed = [tab.model.row_object(tab.model.index(n, 0)).id for n in range(tab.model.rowCount())]
    reloads: list[int] = []
    tab.model.modelReset.connect(lambda: reloads.append(1))
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(community) + 5, header.height() // 2))
    qtbot.waitUntil(lambda: header.sortIndicatorSection() == OPENED)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder and reloads == []
    assert [tab.model.row_object(tab.model.index(n, 0)).id for n in range(tab.model.rowCount())] == listed
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(titles.index("Client")) + 5, header.height() // 2))
    assert reloads == [1] and header.sortIndicatorSection() == titles.index("Client")
