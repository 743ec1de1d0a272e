"""The case window and pages after the fifth trial of the case files: the closing dialog says which
follow-ups stay open, a follow-up is cancelled with its reason, a correction asks why, a referral is
completed only after it was accepted and with feedback; the viewer's page speaks to a viewer; the case
list's search hint fits; the 工作台's follow-ups are all in sight beside a short list of milestones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QLabel

from case_testing import OPENED, RECEIVER, as_user, open_case, walk
from desktop.domain.case_workflow import Stage
from desktop.i18n import format_date, set_locale
from desktop.services import case_followups, case_referrals, case_service_records
from desktop.services.case_referrals import ReferralInput
from desktop.services.case_service_records import RecordInput
from desktop.ui.cases.case_window import CaseWindow, open_case_window
from desktop.ui.cases.followups_tab import FollowUpCancelDialog
from desktop.ui.cases.move_dialog import MoveDialog
from desktop.ui.cases.page import CasesPage
from desktop.ui.cases.records_tab import RecordDialog
from desktop.ui.cases.referrals_tab import ReferralStatusDialog
from desktop.ui.fonts import register_font
from desktop.ui.home.page import HomePage
from desktop.ui.main_window import open_main_window
from dialog_testing import run_dialog
from wushe_testing import shown

TODAY = date.today()


@pytest.fixture
def ctx(demo, make_ctx):
    return make_ctx(as_user(demo, "lixia"))


@pytest.fixture
def window(qtbot, ctx) -> Callable[[Stage], CaseWindow]:
    def make(stage: Stage) -> CaseWindow:
        case = walk(ctx.gateway.db, open_case(ctx.gateway.db).id, stage)
        return shown(qtbot, open_case_window(ctx, case.id), size=(1100, 700))
    return make


def test_closing_says_the_follow_ups_that_stay_open(window, when_shown, settle):
    case_window = window(Stage.EVALUATION)
    with case_window.ctx.gateway.db.write() as session:
        case_followups.add_follow_up(session, case_window.case.id, TODAY, "结案回访")
    case_window.reload()
    intro: list[str] = []
    when_shown(MoveDialog, lambda d: (intro.extend(label.text() for label in d.findChildren(QLabel)), d.reject()))
    case_window.move_buttons["close"].click()
    settle(case_window.ctx)
    assert ("1 follow-up of this case is still open: it stays due on the worker's Home page until it is done or "
            "cancelled.") in "\n".join(intro)


def test_a_follow_up_is_cancelled_with_its_reason(window, when_shown, settle):
    case_window = window(Stage.SERVICE)
    ctx, tab = case_window.ctx, case_window.follow_ups
    with ctx.gateway.db.write() as session:
        case_followups.add_follow_up(session, case_window.case.id, TODAY, "电话回访")
    case_window.reload()
    tab.view.selectRow(0)
    assert tab.cancel_button.isEnabled()
    assert run_dialog(when_shown, settle, ctx, FollowUpCancelDialog, lambda d: None, tab.cancel_button.click) == [
        "This field is required."]
    assert run_dialog(when_shown, settle, ctx, FollowUpCancelDialog, lambda d: d.reason.setText("已迁居外地"),
                 tab.cancel_button.click) == []
    assert [tab.model.data(tab.model.index(0, column)) for column in (2, 3)] == [
        f"Cancelled {format_date(TODAY)}", "已迁居外地"]
    tab.view.selectRow(0)
    assert tab.model.rows()[0].cancelled and not tab.cancel_button.isEnabled() and not tab.done_button.isEnabled()
    assert "follow_up_cancelled" in {e.kind for e in case_window.timeline.model.rows()}


def test_a_correction_asks_why(window, when_shown, settle):
    case_window = window(Stage.SERVICE)
    ctx, tab = case_window.ctx, case_window.records
    with ctx.gateway.db.write() as session:
        case_service_records.add_service_record(session, case_window.case.id,
                                                RecordInput(TODAY, "phone", 20, "电话问候"))
    case_window.reload()
    tab.view.selectRow(0)

    def minutes(dialog: RecordDialog) -> None:
        dialog.minutes.setText("25")

    assert run_dialog(when_shown, settle, ctx, RecordDialog, minutes, tab.correct_button.click) == ["This field is required."]
    assert run_dialog(when_shown, settle, ctx, RecordDialog, lambda d: (minutes(d), d.reason.setText("时长记错")),
                 tab.correct_button.click) == []
    correction = next(r for r in tab.model.rows() if r.corrects_id)
    assert (correction.minutes, correction.correction_reason) == (25, "时长记错")
    note = tab.model.data(tab.model.index(tab.model.rows().index(correction), 7))
    assert note.endswith(": 时长记错")


def test_a_referral_is_completed_after_acceptance_with_feedback(window, when_shown, settle):
    case_window = window(Stage.SERVICE)
    ctx, tab = case_window.ctx, case_window.referrals
    with ctx.gateway.db.write() as session:
        case_referrals.add_referral(session, case_window.case.id, ReferralInput(RECEIVER, OPENED + timedelta(days=5)))
    case_window.reload()

    def offered(dialog: ReferralStatusDialog) -> None:
        assert [dialog.status.itemData(i) for i in range(dialog.status.count())] == ["accepted", "failed"]
        dialog.status.setCurrentIndex(0)

    assert run_dialog(when_shown, settle, ctx, ReferralStatusDialog, offered, tab.status_button.click) == []
    tab.view.selectRow(0)

    def complete(dialog: ReferralStatusDialog) -> None:
        assert dialog.feedback.toPlainText() == ""  # what the receiver says now, not last time's words
        dialog.status.setCurrentIndex(dialog.status.findData("completed"))
        dialog.status.activated.emit(dialog.status.currentIndex())

    assert run_dialog(when_shown, settle, ctx, ReferralStatusDialog, complete, tab.status_button.click) == [
        "Say what came of the referral (the receiving side's feedback)."]
    assert run_dialog(when_shown, settle, ctx, ReferralStatusDialog,
                 lambda d: (complete(d), d.feedback.setPlainText("已办理低保")), tab.status_button.click) == []
    assert [(r.status, r.feedback) for r in tab.model.rows()] == [("completed", "已办理低保")]


def test_a_viewer_is_told_in_a_viewers_words(demo, make_ctx, qtbot):
    page = shown(qtbot, CasesPage(make_ctx(as_user(demo, "zhaolei"))), size=(900, 600))
    assert page.refusal is not None and page.refusal.text().startswith(
        "As Viewer (read only) you do not see clients or cases.")
    assert "their own" not in page.refusal.text()


@pytest.mark.parametrize("width", [1024, 1280])
def test_the_case_search_hint_fits_in_chinese(qapp, demo, make_ctx, qtbot, width):
    set_locale("zh_CN")
    register_font(qapp)
    for user in ("lixia", "admin"):  # the head's bar has the worker's drop-down too
        window = shown(qtbot, open_main_window(make_ctx(as_user(demo, user)), page="cases"), size=(width, 700))
        search = window.page_widget("cases").cases.filters.search
        text_room = search.width() - 16  # the frame and the text margins
        assert search.fontMetrics().horizontalAdvance(search.placeholderText()) <= text_room, (user, width)
        assert "Ctrl+F" in search.toolTip()
        window.close()


def test_the_follow_ups_are_all_in_sight_beside_short_milestones(qapp, demo, make_ctx, qtbot):
    set_locale("zh_CN")
    register_font(qapp)
    window = shown(qtbot, open_main_window(make_ctx(as_user(demo, "lixia"))), (1280, 900))
    home = window.page_widget("home")
    assert isinstance(home, HomePage) and home.follow_ups is not None
    follow_ups, milestones = home.follow_ups, home.milestones
    qtbot.wait(50)
    assert follow_ups.model.rowCount() >= 5 and 0 < milestones.model.rowCount() < follow_ups.model.rowCount()
    for panel in (follow_ups, milestones):
        assert panel.view.verticalScrollBar().maximum() == 0  # every row in sight
        assert panel.view.height() == panel.view.maximumHeight()  # and no empty rows under them
