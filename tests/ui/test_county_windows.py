"""At a county office a station's case window and fund window are read there: every button that would write
is off and says whose the record is, also after a row is selected; papers stay open. The county's own case
and fund keep their buttons."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QPushButton

from county_testing import TODAY, Work, county_with_two_stations
from desktop.i18n import set_locale
from desktop.services import case_followups
from desktop.ui.cases.case_window import CaseWindow
from desktop.ui.cases.clients_tab import ClientsTab
from desktop.ui.ledger.fund_window import FundWindow
from sync_testing import Node, a, b, c, send
from wushe_testing import shown

__all__ = ["a", "b", "c"]  # the fixtures

CASE_REASON = "This record (Cases) belongs to 甲站 and is read-only here."
FUND_REASON = "This record (Community funds) belongs to 甲站 and is read-only here."


@pytest.fixture(autouse=True)
def english() -> None:
    set_locale("en")


@pytest.fixture
def county(a: Node, b: Node, c: Node) -> tuple[Node, Work, Work]:
    """The county, 甲站's work there (its case with a follow-up planned) and the county's own."""
    station, own = county_with_two_stations(a, b, c)
    with a.db.write() as session:
        case_followups.add_follow_up(session, station.case, TODAY + timedelta(days=7), "电话回访")
    send(a, c)
    return c, station, own


def held_off(buttons: list[QPushButton], reason: str) -> None:
    for button in buttons:
        assert not button.isEnabled() and button.toolTip() == reason, button.text()


def test_a_stations_case_window_at_the_county_has_its_actions_off(qtbot, make_ctx, county) -> None:
    node, station, own = county
    window = shown(qtbot, CaseWindow(make_ctx(node.db), station.case), (1100, 680))
    edits = [button for tab in window.tab_widgets() for button in tab.edit_buttons]
    assert len(edits) == 11 and window.move_buttons  # every tab's, and the steps open at intake
    held_off([*edits, *window.move_buttons.values()], CASE_REASON)
    assert window.read_only.isVisible() and window.read_only.text() == CASE_REASON
    window.tabs.setCurrentWidget(window.follow_ups)
    window.follow_ups.view.selectRow(0)  # the tab would enable "Mark done…"/"Cancel…" for the follow-up selected
    held_off([window.follow_ups.done_button, window.follow_ups.cancel_button], CASE_REASON)
    window.reload()  # the steps are made again
    held_off(list(window.move_buttons.values()), CASE_REASON)
    assert window.record_button.isEnabled() and window.sheet_button.isEnabled()  # the papers

    mine = shown(qtbot, CaseWindow(make_ctx(node.db), own.case), (1100, 680))
    assert not mine.read_only.isVisible() and mine.records.add_button.isEnabled()
    assert all(button.isEnabled() and button.toolTip() == "" for button in mine.move_buttons.values())


def test_a_stations_fund_window_at_the_county_has_its_actions_off(qtbot, make_ctx, county) -> None:
    node, station, own = county
    window = shown(qtbot, FundWindow(make_ctx(node.db), station.fund), (1200, 720))
    held_off(window.edit_buttons(), FUND_REASON)
    assert window.read_only.isVisible() and window.read_only.text() == FUND_REASON
    window.tabs.setCurrentWidget(window.journal)
    window.journal.view.selectRow(0)  # the donation, which the tab would let one reverse
    held_off([window.journal.reverse_button], FUND_REASON)
    window.reload()
    held_off(window.edit_buttons(), FUND_REASON)
    assert window.receipts.print_button not in window.edit_buttons()
    assert window.statement_button.isEnabled() and window.notice_button.isEnabled()

    mine = shown(qtbot, FundWindow(make_ctx(node.db), own.fund), (1200, 720))
    assert not mine.read_only.isVisible()
    assert mine.journal.post_button.isEnabled() and mine.overview.committee.add_button.isEnabled()


def test_no_case_is_opened_for_a_stations_client_at_the_county(qtbot, make_ctx, county) -> None:
    node, _station, _own = county
    page = shown(qtbot, ClientsTab(make_ctx(node.db)), (1280, 700))
    names = [page.model.row_object(page.model.index(row, 0)).name for row in range(page.model.rowCount())]
    page.view.selectRow(names.index("张秀英"))
    assert not page.case_button.isEnabled()
    assert page.case_button.toolTip() == "This record (Clients) belongs to 甲站 and is read-only here."
    page.view.selectRow(names.index("李桂兰"))  # the county's own
    assert page.case_button.isEnabled() and page.case_button.toolTip() == "Open a case (接案) for the selected client"
