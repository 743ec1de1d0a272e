"""The tabs of a running demo project, driven as the station's staff would: an activity recorded with two
volunteers through its dialog (the outputs and each volunteer's record change), an activity removed with
a reason (its hours reversed), photos attached, an expense recorded past what its line has left and then
reversed (budget against actual follows, the line red while overspent), a milestone marked done (and gone
from the Home page), a mid-term evaluation recorded with the figures shown for reference, and roles that
may only look."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox

from case_testing import as_user
from desktop.domain.money import from_fen
from desktop.domain.project_workflow import Status
from desktop.services import (project_activities, project_evaluations, project_spending, projects, volunteer_hours,
                              volunteers)
from desktop.services.projects import ProjectQuery
from desktop.services.volunteers import VolunteerQuery
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.home.page import HomePage
from desktop.ui.projects.activities_tab import ActivitiesTab
from desktop.ui.projects.activity_dialog import ActivityDialog
from desktop.ui.projects.evaluation_dialog import EvaluationDialog
from desktop.ui.projects.evaluations_tab import EvaluationsTab
from desktop.ui.projects.expense_dialog import ExpenseDialog
from desktop.ui.projects.milestones_tab import MilestoneDoneDialog, MilestonesTab
from desktop.ui.projects.project_window import ProjectWindow, open_project_window
from desktop.ui.projects.spending_tab import SpendingTab
from desktop.ui.volunteers.fields import ReasonDialog
from dialog_testing import errors
from wushe_testing import shown

TODAY = date.today()


def running_ids(ctx) -> list[str]:  # type: ignore[no-untyped-def]
    """The demo's running projects, the first with its mid-term evaluation on file, the second without."""
    ids = ctx.gateway.read(projects.list_page, ProjectQuery(status=Status.RUNNING), 0, 10, False).ids
    return sorted(ids, key=lambda i: -len(ctx.gateway.read(project_evaluations.evaluations, i)))


@pytest.fixture
def window(qtbot, ctx) -> Callable[[int], ProjectWindow]:
    def open_it(which: int = 0) -> ProjectWindow:
        return shown(qtbot, open_project_window(ctx, running_ids(ctx)[which]), size=(1306, 708))

    return open_it


def tab_of(window: ProjectWindow, kind: type):  # type: ignore[no-untyped-def]
    tab = next(t for t in window.running if isinstance(t, kind))
    window.tabs.setCurrentWidget(tab)
    return tab


def run_dialog(qtbot, when_shown, settle, ctx, kind: type, fill: Callable,  # type: ignore[type-arg]
               open_it: Callable) -> list[str] | None:  # type: ignore[type-arg]
    """Open a dialog with ``open_it``, fill it (ending with Ctrl+S or ``save``); None when it saved and
    closed, else the errors it showed (then it is cancelled)."""
    seen: list[list[str]] = []

    def act(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.activateWindow()  # as a click on it would: its shortcuts work from then on
        qtbot.waitUntil(dialog.isActiveWindow)
        fill(dialog)
        settle(ctx)
        if dialog.isVisible():
            seen.append(errors(dialog))
            dialog.reject()

    when_shown(kind, act)
    open_it()
    settle(ctx)
    return seen[0] if seen else None


def minutes_of(ctx, volunteer_id: str) -> int:  # type: ignore[no-untyped-def]
    return ctx.gateway.read(volunteer_hours.summary, volunteer_id).minutes


def test_an_activity_with_two_volunteers_counts_in_the_outputs_and_on_their_records(window, when_shown, settle,
                                                                                   type_text, qtbot):
    win = window()
    ctx = win.ctx
    tab = tab_of(win, ActivitiesTab)
    before = ctx.gateway.read(project_activities.outputs, win.project.id)
    ids = ctx.gateway.read(volunteers.list_ids, VolunteerQuery(status="active"))
    pair = ctx.gateway.read(volunteers.get_many, ids[-2:])
    hours_before = {v.id: minutes_of(ctx, v.id) for v in pair}

    def fill(dialog: ActivityDialog) -> None:
        assert not dialog.ok_button.isEnabled()
        type_text(dialog.title_edit, "长者手工课")
        dialog.kind.setCurrentIndex(dialog.kind.findData("group"))
        type_text(dialog.place, "活动室")
        qtbot.keyClicks(dialog.attendance, "20")
        qtbot.keyClicks(dialog.person_times, "22")
        for volunteer in pair:
            dialog.picker.search.setFocus()
            dialog.picker.search.selectAll()
            qtbot.keyClicks(dialog.picker.search, volunteer.number)
            qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)  # adds them; does not save the dialog
            assert dialog.isVisible() and dialog.served[-1].volunteer_id == volunteer.id
            if volunteer is pair[0]:
                assert not dialog.ok_button.isEnabled()  # no hours yet
                qtbot.keyClicks(dialog.served[0].hours, "2")
        assert dialog.served[1].minutes == 120  # the hours of the one added before
        dialog.served[1].hours.selectAll()
        qtbot.keyClicks(dialog.served[1].hours, "1.5")
        assert "2 volunteers, 3.5 h in all" in dialog.served_total.text()
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert run_dialog(qtbot, when_shown, settle, ctx, ActivityDialog, fill, tab.add_button.click) is None
    after = ctx.gateway.read(project_activities.outputs, win.project.id)
    assert after.sessions.achieved == before.sessions.achieved + 1
    assert after.person_times.achieved == before.person_times.achieved + 22
    assert after.volunteer_times.achieved == before.volunteer_times.achieved + 2
    assert after.volunteer_minutes.achieved == before.volunteer_minutes.achieved + 210
    figures, _bar = tab.outputs.rows["sessions"]
    assert f"<b>{after.sessions.achieved}</b>" in figures.text()
    assert minutes_of(ctx, pair[0].id) == hours_before[pair[0].id] + 120
    assert minutes_of(ctx, pair[1].id) == hours_before[pair[1].id] + 90
    chosen = tab.selected()  # the new activity is selected, ready for its photos
    assert chosen is not None and chosen.title == "长者手工课" and len(chosen.volunteers) == 2


def test_removing_an_activity_asks_why_and_reverses_its_hours(window, when_shown, settle, type_text, qtbot):
    win = window()
    ctx = win.ctx
    tab = tab_of(win, ActivitiesTab)
    activity = next(a for a in tab.model.rows() if a.volunteers)
    served = activity.volunteers[0]
    before = minutes_of(ctx, served.volunteer_id)
    tab.select(activity.id)

    def fill(dialog: ReasonDialog) -> None:
        assert not dialog.ok_button.isEnabled()
        type_text(dialog.reason, "重复录入")
        qtbot.keyClick(dialog.reason, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert run_dialog(qtbot, when_shown, settle, ctx, ReasonDialog, fill, tab.remove_button.click) is None
    assert activity.id not in {a.id for a in tab.model.rows()}
    assert minutes_of(ctx, served.volunteer_id) == before - served.minutes


def test_photos_are_attached_to_the_activity_selected_and_a_file_not_a_photo_is_named(window, when_shown, settle,
                                                                                      tmp_path: Path):
    win = window()
    ctx = win.ctx
    tab = tab_of(win, ActivitiesTab)
    activity = tab.model.rows()[0]
    tab.select(activity.id)
    settle(ctx)
    assert tab.photos.activity_id == activity.id and tab.photos.strip.count() == 0
    photo = tmp_path / "合影.png"
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    assert image.save(str(photo))
    note = tmp_path / "签到表.txt"
    note.write_text("not a photo", encoding="utf-8")
    told: list[str] = []
    when_shown(QMessageBox, lambda box: (told.append(box.text()), box.accept()))
    tab.photos.attach([photo, note])
    settle(ctx)
    settle(ctx)  # the thumbnails of the reloaded list
    assert "签到表.txt: Only photos in JPEG or PNG format can be attached." in told[0]
    assert tab.selected().id == activity.id and tab.selected().photos == 1
    assert tab.photos.strip.count() == 1 and not tab.photos.strip.item(0).icon().isNull()
    assert tab.photos.strip.item(0).text() == "合影.png"


def test_an_overspent_expense_shows_red_until_it_is_reversed(window, when_shown, settle, type_text, qtbot):
    win = window()
    ctx = win.ctx
    tab = tab_of(win, SpendingTab)
    line = tab.budget.lines[0]
    spent_before = line.spending.spent_fen
    over = line.spending.left_fen + 10_000  # 100 yuan more than the line has left

    def fill(dialog: ExpenseDialog) -> None:
        dialog.line.setCurrentIndex(dialog.line.findData(line.line_id))
        qtbot.keyClicks(dialog.amount, str(from_fen(over)))
        assert dialog.over.isVisibleTo(dialog) and "100.00 yuan more than the line has left" in dialog.over.text()
        qtbot.keyClicks(dialog.voucher_no, "J-2026-099")
        type_text(dialog.payee, "青山镇便民超市")
        qtbot.keyClick(dialog.payee, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert run_dialog(qtbot, when_shown, settle, ctx, ExpenseDialog, fill, tab.add_button.click) is None
    found = ctx.gateway.read(project_spending.budget_vs_actual, win.project.id)
    assert found.lines[0].spending.spent_fen == spent_before + over and found.lines[0].spending.overspent
    line_row = next(n for n, r in enumerate(tab.budget_model.rows()) if r.number == "1")
    assert tab.budget_model.index(line_row, 4).data(Qt.ItemDataRole.ForegroundRole).name() == ERROR_COLOR
    assert tab.warnings.isVisibleTo(tab) and "overspent by 100.00 yuan" in tab.warnings.text()
    total = tab.budget_model.rows()[-1]
    assert total.summed and total.spending == found.total

    expense = next(e for e in tab.model.rows() if e.voucher_no == "J-2026-099")
    tab.select(expense.id)

    def reverse(dialog: ReasonDialog) -> None:
        type_text(dialog.reason, "金额录错")
        dialog.save()

    assert run_dialog(qtbot, when_shown, settle, ctx, ReasonDialog, reverse, tab.reverse_button.click) is None
    found = ctx.gateway.read(project_spending.budget_vs_actual, win.project.id)
    assert found.lines[0].spending.spent_fen == spent_before and not found.lines[0].spending.overspent
    assert tab.budget_model.index(line_row, 4).data(Qt.ItemDataRole.ForegroundRole) is None
    rows = [r for r in tab.model.rows() if r.voucher_no == "J-2026-099"]
    assert sorted(r.amount_fen for r in rows) == [-over, over]
    reversed_row = next(n for n, r in enumerate(tab.model.rows()) if r.id == expense.id)
    assert tab.model.index(reversed_row, 0).data(Qt.ItemDataRole.FontRole).strikeOut()
    tab.select(expense.id)
    assert not tab.reverse_button.isEnabled()  # append-only: once is all


def test_a_milestone_marked_done_leaves_the_home_page(window, when_shown, settle, qtbot, ctx):
    home = shown(qtbot, HomePage(ctx))
    due_before = home.milestones.model.rows()
    win = window()
    tab = tab_of(win, MilestonesTab)
    overdue = next(m for m in tab.model.rows() if m.overdue)
    assert overdue.id in {m.id for m in due_before}
    row = next(n for n, m in enumerate(tab.model.rows()) if m.id == overdue.id)
    assert tab.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole).name() == ERROR_COLOR
    tab.select(overdue.id)

    def fill(dialog: MilestoneDoneDialog) -> None:
        qtbot.keyClick(dialog.done_on, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert run_dialog(qtbot, when_shown, settle, ctx, MilestoneDoneDialog, fill, tab.done_button.click) is None
    done = next(m for m in tab.model.rows() if m.id == overdue.id)
    assert done.done_on == TODAY and not done.overdue
    assert tab.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert not tab.done_button.isEnabled()
    assert overdue.id not in {m.id for m in home.milestones.model.rows()}
    assert len(home.milestones.model.rows()) == len(due_before) - 1


def test_a_mid_term_evaluation_is_recorded_with_the_figures_for_reference(window, when_shown, settle, type_text,
                                                                         qtbot):
    win = window(1)
    ctx = win.ctx
    tab = tab_of(win, EvaluationsTab)
    assert tab.model.rowCount() == 0
    outputs = ctx.gateway.read(project_activities.outputs, win.project.id)

    def fill(dialog: EvaluationDialog) -> None:
        assert dialog.kind.count() == 1 and dialog.kind.currentData() == "midterm"
        figures, _bar = dialog.outputs.rows["person_times"]
        assert f"<b>{outputs.person_times.achieved:,}</b>" in figures.text()
        type_text(dialog.evaluator, "清河县社会工作指导中心")
        dialog.conclusion.setCurrentIndex(dialog.conclusion.findData("good"))
        qtbot.keyClicks(dialog.funds_received, "12000")
        dialog.save()
        assert errors(dialog) == ["This field is required."]  # the progress section
        type_text(dialog.sections["progress"], "活动按计划开展")
        qtbot.keyClick(dialog.evaluator, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert run_dialog(qtbot, when_shown, settle, ctx, EvaluationDialog, fill, tab.add_button.click) is None
    [recorded] = tab.model.rows()
    assert (recorded.kind, recorded.conclusion, recorded.funds_received_fen) == ("midterm", "good", 1_200_000)
    assert recorded.outputs == outputs and recorded.progress == "活动按计划开展"


@pytest.mark.parametrize(("username", "shown_buttons"), [("wangfang", {"spending"}), ("zhaolei", set())])
def test_roles_see_only_the_buttons_they_may_use(demo_db, make_ctx, qtbot, username, shown_buttons):
    ctx = make_ctx(as_user(demo_db, username))
    win = shown(qtbot, open_project_window(ctx, running_ids(ctx)[0]))
    buttons = {"activities": tab_of(win, ActivitiesTab).add_button, "spending": tab_of(win, SpendingTab).add_button,
               "milestones": tab_of(win, MilestonesTab).add_button,
               "evaluations": tab_of(win, EvaluationsTab).add_button}
    assert {name for name, button in buttons.items() if not button.isHidden()} == shown_buttons
    assert tab_of(win, ActivitiesTab).photos.attach_button.isHidden()
