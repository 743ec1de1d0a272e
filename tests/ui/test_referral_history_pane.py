"""The Referrals tab of the case window shows, under the list, every status the chosen referral took: its
making, then each change with the day, who recorded it and the receiver's feedback, in the order made
(two on one day too); Alt+H reaches it and Tab leaves it; the referral chosen stays chosen when the case
is read again after a change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from case_testing import OPENED, as_user, open_case, walk
from desktop.domain.case_workflow import Stage
from desktop.i18n import format_date
from desktop.services import case_referrals
from desktop.services.case_referrals import Receiver, ReferralInput
from desktop.ui.cases.case_window import CaseWindow, open_case_window
from desktop.ui.cases.referral_history import ReferralHistory
from wushe_testing import shown

MADE = OPENED + timedelta(days=10)
ANSWERED = MADE + timedelta(days=3)  # accepted and completed on this one day


@pytest.fixture
def window(demo, make_ctx, qtbot) -> CaseWindow:
    """lixia's case in service with two referrals: to the 镇卫生院, accepted then completed on one day, and
    a later one to the 民政办, still as made; its window open at the Referrals tab."""
    lixia = as_user(demo, "lixia")
    case_id = walk(lixia, open_case(lixia).id, Stage.SERVICE).id
    with lixia.write() as session:
        clinic = case_referrals.add_referral(session, case_id, ReferralInput(Receiver("镇卫生院", "service"), MADE,
                                                                             "需要定期量血压"))
        case_referrals.update_referral_status(session, clinic.id, "accepted", "已安排家庭医生", ANSWERED)
        case_referrals.update_referral_status(session, clinic.id, "completed", "已签约，每月上门一次", ANSWERED)
        case_referrals.add_referral(session, case_id, ReferralInput(Receiver("镇民政办", "department"),
                                                                    ANSWERED + timedelta(days=1), "申请临时救助"))
    found = shown(qtbot, open_case_window(make_ctx(lixia), case_id), size=(1100, 700))
    found.tabs.setCurrentWidget(found.referrals)
    return found


def lines(history: ReferralHistory) -> list[list[str]]:
    model = history.model
    return [[model.index(row, column).data() for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def test_the_chosen_referral_shows_each_status_in_order_with_who_and_feedback(window):
    tab = window.referrals
    assert [r.target_name for r in tab.model.rows()] == ["镇民政办", "镇卫生院"]  # the latest first
    assert tab.selected().target_name == "镇民政办"  # chosen when the tab loads
    assert lines(tab.history) == [[format_date(MADE + timedelta(days=4)), "Referred (已转介)", "李霞", ""]]
    tab.view.selectRow(1)
    assert tab.history.title.text() == "&History of the referral to 镇卫生院"
    assert lines(tab.history) == [
        [format_date(MADE), "Referred (已转介)", "李霞", ""],
        [format_date(ANSWERED), "Accepted (已接收)", "李霞", "已安排家庭医生"],
        [format_date(ANSWERED), "Completed (已完成)", "李霞", "已签约，每月上门一次"],
    ]
    assert tab.history.rows.currentWidget() is tab.history.view and tab.history.view.isVisible()


def test_the_chosen_referral_stays_chosen_and_its_new_status_shows_after_a_change(window):
    tab = window.referrals
    tab.view.selectRow(0)  # 镇民政办
    referral = tab.selected()
    with window.ctx.gateway.db.write() as session:
        case_referrals.update_referral_status(session, referral.id, "failed", "不符合救助条件", ANSWERED + timedelta(days=2))
    window.reload()
    assert tab.selected().id == referral.id
    assert [line[1:] for line in lines(tab.history)] == [["Referred (已转介)", "李霞", ""],
                                                         ["Not successful (未成功)", "李霞", "不符合救助条件"]]


def test_alt_h_reaches_the_history_and_tab_leaves_it(window, qtbot):
    tab = window.referrals
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tab.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is tab.history.view
    qtbot.keyClick(tab.history.view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tab.add_button


def test_a_case_without_referrals_shows_no_history(demo, make_ctx, qtbot):
    lixia = as_user(demo, "lixia")
    window = shown(qtbot, open_case_window(make_ctx(lixia), open_case(lixia).id), size=(1100, 700))
    window.tabs.setCurrentWidget(window.referrals)
    assert window.referrals.model.rowCount() == 0 and not window.referrals.history.isVisible()
