"""The case window, driven as a social worker would: the workflow from intake to closing with the
services' refusals shown in the step's dialog, the assessment, plan versions in force on a day, service
records and their corrections, referrals, follow-ups, the timeline, the papers, and the 工作台's
follow-ups due."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

from case_testing import OPENED, as_user, open_case, user_id, walk
from desktop.domain.case_workflow import HAND_OVER, Stage
from desktop.i18n import format_date
from desktop.services import case_followups, case_service_records, orgs
from desktop.services.case_service_records import RecordInput
from desktop.ui import pdf_preview
from desktop.ui.cases.assessment_tab import AssessmentDialog
from desktop.ui.cases.case_window import CaseWindow, open_case_window
from desktop.ui.cases.evaluations_tab import EvaluationDialog
from desktop.ui.cases.followups_tab import FollowUpDialog, FollowUpDoneDialog
from desktop.ui.cases.handover_dialog import HandoverDialog
from desktop.ui.cases.move_dialog import MoveDialog
from desktop.ui.cases.plan_tab import GoalStatusDialog, PlanDialog
from desktop.ui.cases.records_tab import RecordDialog
from desktop.ui.cases.referrals_tab import ReferralDialog, ReferralStatusDialog
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.home.page import HomePage
from desktop.ui.pdf_preview import PdfPreviewDialog
from dialog_testing import errors, run_dialog
from wushe_testing import shown

TODAY = date.today()


@pytest.fixture
def ctx(demo, make_ctx):
    """The demo station with the social worker 李霞 (lixia) signed in."""
    return make_ctx(as_user(demo, "lixia"))


@pytest.fixture
def case_window(qtbot, ctx):
    """Opens the window of a case of lixia's, taken to ``stage`` with what leaving it needs on file."""
    def make(stage: Stage = Stage.INTAKE, ready: bool = False) -> CaseWindow:
        case = open_case(ctx.gateway.db)
        if stage is not Stage.INTAKE or ready:
            walk(ctx.gateway.db, case.id, stage, ready=ready)
        return shown(qtbot, open_case_window(ctx, case.id), size=(1100, 700))

    return make


def step(window: CaseWindow, when_shown, settle, action: str, fill: Callable[[MoveDialog], object] = lambda d: None):
    return run_dialog(when_shown, settle, window.ctx, MoveDialog, fill, window.move_buttons[action].click)


def choose(combo, code: str) -> None:
    combo.setCurrentIndex(combo.findData(code))


def active(qtbot, window: QWidget) -> None:
    """Make ``window`` the active one, as a click on it would: its shortcuts work from then on."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_a_case_goes_from_intake_to_closed_and_each_step_asks_only_what_it_needs(case_window, when_shown, settle):
    window = case_window()
    ctx = window.ctx
    assert set(window.move_buttons) == {"assess", "decline", "refer"}
    assert step(window, when_shown, settle, "assess") == []
    assert window.case.stage == Stage.ASSESSMENT

    def look_at_plan_step(dialog: MoveDialog) -> None:  # it needs the assessment on file, nothing typed
        assert dialog.receiver is None and dialog.summary is None and dialog.ok_button.isEnabled()

    refused = step(window, when_shown, settle, "plan", look_at_plan_step)
    assert refused == ["Record the needs assessment first."]
    assert window.case.stage == Stage.ASSESSMENT

    def assess(dialog: AssessmentDialog) -> None:
        assert not dialog.ok_button.isEnabled()  # no area given a level yet
        choose(dialog.levels["daily_care"], "severe")
        dialog.notes["daily_care"].setText("无法自己做饭")
        choose(dialog.levels["mental"], "mild")
        dialog.update_button()

    assert run_dialog(when_shown, settle, ctx, AssessmentDialog, assess, window.assessments.add_button.click) == []
    assert window.assessments.model.rowCount() == 1
    assert [(a.area, a.level) for a in window.assessments.areas.rows()] == [("daily_care", "severe"),
                                                                         ("mental", "mild")]
    assert step(window, when_shown, settle, "plan") == []

    def plan(dialog: PlanDialog) -> None:
        dialog.goals.rows()[0].goal.setText("每周助餐两次")
        dialog.goals.add_goal(None)
        dialog.goals.rows()[1].goal.setText("情绪稳定")
        dialog.client_agreed.setChecked(True)

    assert run_dialog(when_shown, settle, ctx, PlanDialog, plan, window.plan.new_button.click) == []
    assert [g.goal for g in window.plan.model.rows()] == ["每周助餐两次", "情绪稳定"]
    for action in ("serve", "evaluate"):
        assert step(window, when_shown, settle, action) == []
    assert set(window.move_buttons) == {"close", "reassess", "revise_plan", "resume", "refer"}

    def close(dialog: MoveDialog) -> None:
        assert not dialog.ok_button.isEnabled()  # the closing summary is missing
        assert dialog.summary is not None
        dialog.summary.setPlainText("目标达成，\n同意结案")
        dialog.update_button()
        assert dialog.ok_button.isEnabled()

    assert step(window, when_shown, settle, "close", close) == [
        "Record the evaluation of the service before closing."]

    def evaluate(dialog: EvaluationDialog) -> None:
        choose(dialog.goals_met, "most")
        dialog.client_feedback.setPlainText("挺好的")

    assert run_dialog(when_shown, settle, ctx, EvaluationDialog, evaluate, window.evaluations.add_button.click) == []
    assert step(window, when_shown, settle, "close", close) == []
    assert window.case.stage == Stage.CLOSED and window.case.closing_summary == "目标达成，\n同意结案"
    assert set(window.move_buttons) == {"reopen"}
    assert not window.records.add_button.isEnabled() and not window.assessments.add_button.isEnabled()
    kinds = [event.kind for event in window.timeline.model.rows()]
    assert kinds[0] == "step" and kinds[-1] == "opened"
    assert {"assessment", "plan", "evaluation"} <= set(kinds) and kinds.count("step") == 5


def test_reopening_and_referring_out_ask_for_the_reason_and_the_receiver(case_window, when_shown, settle):
    window = case_window(Stage.SERVICE)

    def refer(dialog: MoveDialog) -> None:
        assert dialog.receiver is not None and not dialog.ok_button.isEnabled()
        dialog.receiver.choose("department", "清河县民政局")
        dialog.reason.setText("需要低保复核")

    assert step(window, when_shown, settle, "refer", refer) == []
    assert window.case.stage == Stage.REFERRED and window.case.referred_to == "清河县民政局"
    assert [r.target_name for r in window.referrals.model.rows()] == ["清河县民政局"]

    def reopen_without_reason(dialog: MoveDialog) -> None:
        dialog.form.touch_all()
        dialog.update_button()
        assert errors(dialog) == ["This field is required."] and not dialog.ok_button.isEnabled()
        dialog.reason.setText("民政局退回")

    assert step(window, when_shown, settle, "reopen", reopen_without_reason) == []
    assert window.case.stage == Stage.ASSESSMENT and "民政局退回" in window.timeline.model.rows()[0].summary


def test_declining_at_intake_closes_the_case_with_the_reason(case_window, when_shown, settle, tmp_path):
    window = case_window()

    def decline(dialog: MoveDialog) -> None:
        assert "“Closed (结案)”" in dialog.findChild(QLabel).text()  # the intro says where the step leads
        assert not dialog.ok_button.isEnabled()  # the reason is required
        dialog.reason.setText("本人表示暂不需要服务")

    assert step(window, when_shown, settle, "decline", decline) == []
    assert (window.case.stage, window.case.closed_on) == (Stage.CLOSED, TODAY)
    assert set(window.move_buttons) == {"reopen"}
    assert "Not taken on: 本人表示暂不需要服务" in window.heading.text()
    assert f"Closed on {format_date(TODAY)}" in window.heading.text()
    first = window.timeline.model.rows()[0]
    assert (first.kind, first.summary) == ("step", "Do not take on (不接案): 本人表示暂不需要服务")
    assert window.timeline.model.data(window.timeline.model.index(0, 0)) == format_date(TODAY)


def test_the_head_hands_a_case_over_to_another_worker_with_the_reason(demo, make_ctx, when_shown, settle, qtbot):
    case = walk(demo, open_case(as_user(demo, "lixia")).id, Stage.SERVICE)
    window = shown(qtbot, open_case_window(make_ctx(as_user(demo, "admin")), case.id), size=(1100, 700))
    assert HAND_OVER in window.move_buttons

    def hand_over(dialog: HandoverDialog) -> None:
        assert dialog.worker.findData(case.worker_user_id) == -1  # not to the worker who has it
        choose(dialog.worker, user_id(demo, "chenjun"))
        dialog.form.touch_all()
        dialog.update_button()
        assert errors(dialog) == ["This field is required."] and not dialog.ok_button.isEnabled()
        dialog.reason.setText("李霞调岗，由陈俊接手")

    assert run_dialog(when_shown, settle, window.ctx, HandoverDialog, hand_over,
                      window.move_buttons[HAND_OVER].click) == []
    assert (window.case.worker_name, window.case.stage) == ("陈俊", Stage.SERVICE)
    first = window.timeline.model.rows()[0]
    assert (first.kind, first.who, first.summary) == ("handover", "周建国", "From 李霞 to 陈俊: 李霞调岗，由陈俊接手")
    assert "Social worker: 陈俊" in window.heading.text()
    window.close()


def test_a_social_worker_has_no_handover_button(case_window):
    assert HAND_OVER not in case_window(Stage.SERVICE).move_buttons


def test_reopening_is_refused_while_the_client_has_another_open_case(case_window, when_shown, settle):
    window = case_window(Stage.REFERRED)
    other = open_case(window.ctx.gateway.db, window.case.client_id)

    def reopen(dialog: MoveDialog) -> None:
        dialog.reason.setText("民政局退回")

    shown_errors = step(window, when_shown, settle, "reopen", reopen)
    assert shown_errors == [f"{window.case.client_name} already has an open case ({other.number})."]
    assert window.case.stage == Stage.REFERRED


def test_a_record_is_corrected_by_a_new_one_and_the_original_is_shown_struck_through(case_window, when_shown,
                                                                                    settle):
    window = case_window(Stage.SERVICE)
    ctx, tab = window.ctx, window.records

    def add(dialog: RecordDialog) -> None:
        choose(dialog.kind, "home_visit")
        dialog.minutes.setText("45")
        dialog.content_text.setPlainText("入户了解起居情况")
        dialog.next_step.setText("联系助餐点")

    assert run_dialog(when_shown, settle, ctx, RecordDialog, add, tab.add_button.click) == []
    assert [(r.minutes, r.corrected) for r in tab.model.rows()] == [(45, False)]
    tab.view.selectRow(0)

    def correct(dialog: RecordDialog) -> None:
        assert dialog.minutes.text() == "45" and dialog.content_text.toPlainText() == "入户了解起居情况"
        dialog.minutes.setText("75")
        dialog.reason.setText("时长记错")

    assert run_dialog(when_shown, settle, ctx, RecordDialog, correct, tab.correct_button.click) == []
    rows = tab.model.rows()
    assert sorted((r.minutes, r.corrected, r.corrects_id is not None) for r in rows) == [(45, True, False),
                                                                                       (75, False, True)]
    old = next(n for n, r in enumerate(rows) if r.corrected)
    assert tab.model.index(old, 0).data(Qt.ItemDataRole.FontRole).strikeOut()
    new = 1 - old
    assert tab.model.index(new, 0).data(Qt.ItemDataRole.FontRole) is None
    assert tab.model.index(new, 7).data() == f"In place of the record of {format_date(rows[old].served_on)}: 时长记错"
    assert "75 min" in tab.totals.text() or "1.25 h" in tab.totals.text()
    tab.view.selectRow(old)
    assert not tab.correct_button.isEnabled()  # the correction is what gets corrected next
    assert [e.kind for e in window.timeline.model.rows()].count("correction") == 1


def test_the_plan_shows_the_version_in_force_on_the_day_chosen_and_goal_statuses_change(case_window, when_shown,
                                                                                       settle):
    window = case_window(Stage.SERVICE)  # version 1 in force from OPENED + 2
    ctx, tab = window.ctx, window.plan
    assert "Version 1" in tab.heading.text()

    def new_version(dialog: PlanDialog) -> None:
        first, second = dialog.goals.rows()
        assert [first.goal.text(), second.goal.text()] == ["每周助餐两次", "情绪稳定"]  # copied from version 1
        dialog.effective_on.setDate(QDate(TODAY - timedelta(days=10)))
        assert errors(dialog) == ["A goal's target date is before the plan takes effect."]
        first.target.setDate(QDate(TODAY))
        second.goal.setText("每周参加一次小组活动")
        assert dialog.ok_button.isEnabled()

    assert run_dialog(when_shown, settle, ctx, PlanDialog, new_version, tab.new_button.click) == []
    assert "Version 2" in tab.heading.text()
    assert [g.goal for g in tab.model.rows()] == ["每周助餐两次", "每周参加一次小组活动"]
    tab.on.setDate(QDate(OPENED + timedelta(days=5)))
    assert "Version 1" in tab.heading.text() and [g.goal for g in tab.model.rows()][1] == "情绪稳定"
    tab.on.setDate(QDate(OPENED))
    assert "No version of the plan is in force" in tab.heading.text() and tab.model.rowCount() == 0
    tab.on.setDate(QDate(TODAY))
    tab.view.selectRow(0)
    assert run_dialog(when_shown, settle, ctx, GoalStatusDialog, lambda d: choose(d.status, "achieved"),
               tab.status_button.click) == []
    assert [g.status for g in tab.model.rows()] == ["achieved", "pending"]
    assert tab.model.index(0, 4).data() == "Achieved"


def test_a_referral_to_an_organisation_of_the_register_gets_its_status_and_feedback(case_window, when_shown,
                                                                                    settle):
    window = case_window(Stage.SERVICE)
    ctx, tab = window.ctx, window.referrals
    org = ctx.gateway.read(orgs.list_all)[0]

    def refer(dialog: ReferralDialog) -> None:
        dialog.receiver.choose("social_org", org.name)
        dialog.reason.setText("链接志愿者陪伴")

    assert run_dialog(when_shown, settle, ctx, ReferralDialog, refer, tab.add_button.click) == []
    assert [(r.target_id, r.target_name, r.status) for r in tab.model.rows()] == [(org.id, org.name, "referred")]
    tab.view.selectRow(0)

    def accept(dialog: ReferralStatusDialog) -> None:
        choose(dialog.status, "accepted")
        dialog.feedback.setPlainText("已安排志愿者每周上门")

    assert run_dialog(when_shown, settle, ctx, ReferralStatusDialog, accept, tab.status_button.click) == []
    tab.view.selectRow(0)

    def fail_without_why(dialog: ReferralStatusDialog) -> None:
        assert dialog.status.findData("accepted") < 0  # only the statuses that may come next
        dialog.feedback.setPlainText("")
        choose(dialog.status, "failed")
        dialog.status.activated.emit(dialog.status.currentIndex())
        assert errors(dialog) == ["Say why the referral did not succeed."] and not dialog.ok_button.isEnabled()
        dialog.feedback.setPlainText("志愿者队伍解散")

    assert run_dialog(when_shown, settle, ctx, ReferralStatusDialog, fail_without_why, tab.status_button.click) == []
    assert [(r.status, r.feedback) for r in tab.model.rows()] == [("failed", "志愿者队伍解散")]
    tab.view.selectRow(0)
    assert not tab.status_button.isEnabled()  # "not successful" is where a referral ends
    assert {"referral", "referral_status"} <= {e.kind for e in window.timeline.model.rows()}


def test_a_follow_up_is_planned_then_marked_done_with_its_outcome(case_window, when_shown, settle):
    window = case_window(Stage.SERVICE)
    ctx, tab = window.ctx, window.follow_ups

    def plan(dialog: FollowUpDialog) -> None:
        assert dialog.due_on.date().toPython() == TODAY + timedelta(days=7)
        dialog.due_on.setDate(QDate(TODAY))
        dialog.purpose.setText("电话回访送餐情况")

    assert run_dialog(when_shown, settle, ctx, FollowUpDialog, plan, tab.add_button.click) == []
    assert [(f.purpose, f.done_on) for f in tab.model.rows()] == [("电话回访送餐情况", None)]
    tab.view.selectRow(0)
    assert run_dialog(when_shown, settle, ctx, FollowUpDoneDialog, lambda d: d.outcome.setPlainText("送餐正常"),
               tab.done_button.click) == []
    assert [(f.done_on, f.outcome) for f in tab.model.rows()] == [(TODAY, "送餐正常")]
    assert not tab.done_button.isEnabled()
    assert {"follow_up", "follow_up_done"} <= {e.kind for e in window.timeline.model.rows()}


def test_the_timeline_shows_everything_and_ctrl_f_finds_in_it(case_window, qtbot):
    window = case_window(Stage.EVALUATION, ready=True)
    db, case_id = window.ctx.gateway.db, window.case.id
    with db.write() as session:
        record = case_service_records.add_service_record(session, case_id, RecordInput(TODAY, "phone", 20, "电话问候"))
        case_service_records.correct_service_record(session, record.id, RecordInput(TODAY, "phone", 25, "电话问候"),
                                                    "时长记错")
        case_followups.add_follow_up(session, case_id, TODAY, "结案前回访")
    window.reload()
    kinds = {e.kind for e in window.timeline.model.rows()}
    assert {"opened", "step", "assessment", "plan", "record", "correction", "evaluation", "follow_up"} <= kinds
    window.tabs.setCurrentWidget(window.records)
    active(qtbot, window)
    qtbot.keyClick(window.records.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.timeline and window.focusWidget() is window.timeline.search
    window.timeline.search.setText("电话问候")
    assert {e.kind for e in window.timeline.model.rows()} == {"record", "correction"}
    assert "2 of" in window.timeline.totals.text()


def test_ctrl_s_saves_a_case_dialog_and_escape_cancels_one(case_window, qtbot, settle):
    window = case_window(Stage.SERVICE)
    dialog = shown(qtbot, FollowUpDialog(window.ctx, window.case, window))
    dialog.purpose.setText("入户回访")
    active(qtbot, dialog)
    qtbot.keyClick(dialog.purpose, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(window.ctx)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert [f.purpose for f in window.ctx.gateway.read(case_followups.follow_ups, window.case.id)] == ["入户回访"]
    other = shown(qtbot, EvaluationDialog(window.ctx, window.case, window))
    qtbot.keyClick(other.goals_met, Qt.Key.Key_Escape)
    assert other.result() == QDialog.DialogCode.Rejected and not other.isVisible()


def test_one_window_per_case(ctx, qtbot):
    first, second = open_case(ctx.gateway.db), open_case(ctx.gateway.db)
    window = shown(qtbot, open_case_window(ctx, first.id))
    assert open_case_window(ctx, first.id) is window
    other = shown(qtbot, open_case_window(ctx, second.id))
    assert other is not window and other.case.id == second.id


def test_the_window_closes_when_another_user_signs_in(ctx, qtbot):
    window = open_case_window(ctx, open_case(ctx.gateway.db).id)
    ctx.session.user_changed.emit()
    qtbot.waitUntil(lambda: not shiboken6.isValid(window))  # closed, and gone with it
    ctx.session.signed_out.emit()  # nothing left to close


def test_the_case_record_is_written_off_the_gui_thread_and_previewed_page_by_page(case_window, when_shown, settle,
                                                                                 qtbot):
    window = case_window(Stage.SERVICE)
    seen: list[tuple[int, int, str]] = []

    def look(dialog: PdfPreviewDialog) -> None:
        dialog.preview.updatePreview()
        seen.append((dialog.preview.pageCount(), page_count(dialog.path), dialog.path.name))
        dialog.reject()

    when_shown(PdfPreviewDialog, look)
    window.record_button.click()
    settle(window.ctx)
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    previewed, pages, name = seen[0]
    assert previewed == pages >= 1 and name == f"{window.case.number}.pdf"


def test_without_pdfium_the_client_sheet_opens_in_the_system_viewer(case_window, settle, monkeypatch, qtbot):
    window = case_window()
    opened: list[str] = []
    monkeypatch.setattr(pdf_preview, "can_preview", lambda: False)
    monkeypatch.setattr(pdf_preview.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    window.sheet_button.click()
    settle(window.ctx)
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    assert opened[0].endswith(f"{window.case.client_name}.pdf")
    with open(opened[0], "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_home_lists_the_workers_follow_ups_due_and_not_another_workers(demo, make_ctx, qtbot):
    lixia, chenjun = user_id(demo, "lixia"), user_id(demo, "chenjun")
    page = shown(qtbot, HomePage(make_ctx(as_user(demo, "lixia"))))
    panel = page.follow_ups
    rows = panel.model.rows()
    assert rows and {r.worker_user_id for r in rows} == {lixia} and all(r.due_on <= TODAY for r in rows)
    overdue = next(n for n, r in enumerate(rows) if r.overdue)
    assert panel.model.index(overdue, 0).data(Qt.ItemDataRole.ForegroundRole).name() == ERROR_COLOR
    assert any(panel.model.index(n, 0).data(Qt.ItemDataRole.ForegroundRole) is None
               for n, r in enumerate(rows) if not r.overdue)  # due today, not yet overdue
    assert "overdue" in panel.note.text()
    other_page = shown(qtbot, HomePage(make_ctx(as_user(demo, "chenjun"))))
    theirs = other_page.follow_ups.model.rows()
    assert theirs and {r.worker_user_id for r in theirs} == {chenjun} and any(r.overdue for r in theirs)
    assert not {r.id for r in theirs} & {r.id for r in rows}


def test_a_double_click_on_a_follow_up_due_opens_its_case(demo, make_ctx, qtbot):
    page = shown(qtbot, HomePage(make_ctx(as_user(demo, "lixia"))))
    panel = page.follow_ups
    row = panel.model.rows()[0]
    panel.view.activated.emit(panel.model.index(0, 1))
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, CaseWindow) and w.isVisible()]
    assert [w.case.id for w in windows] == [row.case_id]
    windows[0].close()


def test_home_has_no_follow_ups_for_a_role_without_cases(demo, make_ctx, qtbot):
    assert shown(qtbot, HomePage(make_ctx(as_user(demo, "zhaolei")))).follow_ups is None
