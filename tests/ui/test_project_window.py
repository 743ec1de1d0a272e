"""A project's window, driven as an applicant and the station head would: the proposal read into its
tabs, edited with the keyboard and saved whole with Ctrl+S, the round's budget rules checked as a line
is typed (the problem marked at its cell and gone once fixed), mistakes shown at their field on their
tab, submitted through its step's button (the service's refusal shown in the step's dialog), the
status history, the papers, and a viewer who may only read."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from desktop.domain.project_budget import BudgetLine
from desktop.domain.project_workflow import Status
from desktop.services import project_detail, projects, reviews
from desktop.ui import pdf_preview
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.projects.move_dialog import ProjectMoveDialog
from desktop.ui.projects.project_window import ProjectWindow, open_project_window
from desktop.ui.projects.table_editor import MARKED
from project_testing import acting, budget, make_proposal, make_round, review, walk_project
from table_testing import pick_cell, type_cell
from wushe_testing import shown

CAP_WORDS = "above the round's cap of 350.00 yuan"  # training is capped at 350 yuan per person-day


@pytest.fixture
def draft(ctx):
    """A round open today (reviewed by chenjun and zhaolei) and a draft proposal in it that passes its rules."""
    with ctx.gateway.db.write() as session:
        found = make_round(session)
        return make_proposal(session, found.id, title="长者助餐计划")


@pytest.fixture
def open_window(ctx) -> Iterator[Callable[[str], ProjectWindow]]:
    """Opens project windows, shown at 1280×720; at the end of the test they close without asking about
    edits left unsaved (closing one the test left edited would ask, and wait for an answer)."""
    made: list[ProjectWindow] = []

    def open_it(project_id: str) -> ProjectWindow:
        window = open_project_window(ctx, project_id)
        window.resize(1280, 720)
        made.append(window)
        return window

    yield open_it
    for window in made:
        if shiboken6.isValid(window):
            window.dirty = False
            window.close()


@pytest.fixture
def window(open_window, draft) -> ProjectWindow:
    return open_window(draft.id)


def active(qtbot, widget: QWidget) -> None:
    """Make ``widget``'s window the active one, as a click on it would: its shortcuts work from then on."""
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def errors(widget: QWidget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel, "fieldError") if not label.isHidden()]


def stored(window: ProjectWindow):  # type: ignore[no-untyped-def]
    return window.ctx.gateway.read(project_detail.detail, window.project.id)


def add_training_line(qtbot, type_text, window: ProjectWindow, price: str) -> None:
    """A training line of 10 person-days at ``price`` yuan, typed cell by cell."""
    editor = window.budget.editor
    window.tabs.setCurrentWidget(window.budget)
    editor.add_button.click()
    row = editor.model.rowCount() - 1
    pick_cell(qtbot, editor, row, "category", "training")
    index = editor.model.index(row, editor.model.column_of("item"))
    assert editor.view.currentIndex() == index  # Tab went on to the item
    editor.view.edit(index)
    type_text(editor.view.indexWidget(index), "志愿者培训")
    qtbot.keyClick(editor.view.indexWidget(index), Qt.Key.Key_Tab)
    type_cell(qtbot, editor, row, "unit", "person-day")  # the cap is per person-day: a price per day is not
    type_cell(qtbot, editor, row, "unit_price", price)
    type_cell(qtbot, editor, row, "quantity", "10")


# --- showing ------------------------------------------------------------------------------

def test_the_window_shows_the_proposal_in_its_tabs(window, draft):
    assert [window.tabs.tabText(n) for n in range(window.tabs.count())] == [
        "Basic information", "Project design", "Team", "Activity plan", "Budget", "Status history"]
    heading = window.heading.text()
    assert draft.number in heading and "长者助餐计划" in heading and "Draft (草稿)" in heading
    assert "Requested 20,000.00 yuan" in heading
    assert window.head.title.text() == "长者助餐计划" and window.head.org.currentText() == draft.org_name
    assert window.head.leader_phone.text() == "13996231108"  # the head may read the phones it edits
    assert window.narrative.counter.text() == f"{len('为独居老人提供助餐与探访。')}/500"
    assert [row["name"] for row in window.team.editor.rows()] == ["刘桂芳", "何明德"]
    assert [row["name"] for row in window.plan.editor.rows()] == ["需求调研", "助餐服务"]
    model = window.budget.editor.model
    assert model.rowCount() == 3
    assert model.data(model.index(2, model.column_of("amount"))) == "2,000.00"  # 2.00 × 1000
    assert "20,000.00" in window.budget.totals.text()
    assert window.budget.problems.text() == "The budget passes the round's rules."
    assert "maximum grant 30,000.00 yuan" in window.budget.rules.text()
    assert window.history.model.data(window.history.model.index(0, 1)) == "Proposal created"
    assert list(window.move_buttons) == ["submit"] and window.save_button.isVisible()
    assert not window.final_button.isVisible()  # not funded


def test_one_window_per_project(qtbot, ctx, window, draft):
    assert open_project_window(ctx, draft.id) is window
    ctx.session.user_changed.emit()  # someone else at the keyboard: closed without asking
    qtbot.waitUntil(lambda: not shiboken6.isValid(window))


# --- the budget ---------------------------------------------------------------------------

def test_a_line_over_the_rounds_cap_is_marked_at_its_cell_until_it_is_fixed(qtbot, type_text, window):
    add_training_line(qtbot, type_text, window, "400")
    budget_tab, model = window.budget, window.budget.editor.model
    price = model.index(3, model.column_of("unit_price"))
    assert model.data(price) == "400.00" and model.data(model.index(3, model.column_of("amount"))) == "4,000.00"
    assert CAP_WORDS in budget_tab.problems.text() and "Line 4" in budget_tab.problems.text()
    assert model.data(price, Qt.ItemDataRole.BackgroundRole) == MARKED
    assert CAP_WORDS in model.data(price, Qt.ItemDataRole.ToolTipRole)
    assert "24,000.00" in budget_tab.totals.text()  # the total with the new line

    type_cell(qtbot, budget_tab.editor, 3, "unit_price", "300")
    assert budget_tab.problems.text() == "The budget passes the round's rules."
    assert model.data(price, Qt.ItemDataRole.BackgroundRole) is None
    assert window.dirty and "Unsaved changes" in window.note.text()


def test_a_figure_that_is_not_one_is_marked_and_keeps_the_proposal_from_saving(qtbot, window, ctx):
    editor = window.budget.editor
    window.tabs.setCurrentWidget(window.budget)
    type_cell(qtbot, editor, 0, "quantity", "abc")
    assert "Line 1: Enter a quantity, e.g. 12 or 1.5." in window.budget.problems.text()
    assert (0, "quantity") in editor.model.marks()
    window.tabs.setCurrentWidget(window.head)
    window.save()
    assert window.tabs.currentWidget() is window.budget  # where the problem is
    assert editor.view.currentIndex() == editor.model.index(0, editor.model.column_of("quantity"))
    assert len(stored(window).budget) == 3 and stored(window).budget[0].quantity == 1  # nothing written


# --- saving -------------------------------------------------------------------------------

def test_ctrl_s_saves_the_whole_proposal_in_one_write(qtbot, type_text, window, settle):
    head = window.head
    head.title.clear()
    type_text(head.title, "长者助餐与探访计划")
    head.title.textEdited.emit(head.title.text())
    window.tabs.setCurrentWidget(window.narrative)
    window.narrative.summary.setPlainText("为 40 户独居老人提供每周两次助餐。")
    assert window.narrative.counter.text() == "19/500"
    window.tabs.setCurrentWidget(window.team)
    window.team.editor.add_button.click()
    type_text(window.team.editor.view.indexWidget(window.team.editor.view.currentIndex()), "王小红")
    qtbot.keyClick(window.team.editor.view.focusWidget(), Qt.Key.Key_Tab)
    add_training_line(qtbot, type_text, window, "300")
    active(qtbot, window)
    qtbot.keyClick(window.budget.editor.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(window.ctx)

    saved = stored(window)
    assert saved.project.title == "长者助餐与探访计划" and saved.summary == "为 40 户独居老人提供每周两次助餐。"
    assert [m.name for m in saved.team] == ["刘桂芳", "何明德", "王小红"]
    # The line typed last is kept, as on paper, among its category: training comes before printing.
    assert [line.category for line in saved.budget] == ["service", "labour", "training", "printing"]
    assert saved.budget[2].item == "志愿者培训"
    assert [line.item for line in window.budget.lines()] == [line.item for line in saved.budget]  # the table too
    assert saved.project.requested_fen == 2_300_000  # 20,000 + 10 days × 300 yuan
    assert not window.dirty and "长者助餐与探访计划" in window.heading.text()
    assert "Requested 23,000.00 yuan" in window.heading.text()


def test_a_mistake_is_shown_at_its_field_on_its_tab(qtbot, type_text, window):
    window.tabs.setCurrentWidget(window.narrative)
    window.narrative.summary.setPlainText("长" * 501)
    assert window.narrative.counter.text() == "501/500"
    assert ERROR_COLOR in window.narrative.counter.styleSheet()
    assert errors(window.narrative) == ["At most 500 characters."]  # as it is typed
    window.narrative.summary.setPlainText("长" * 20)
    assert errors(window.narrative) == []
    window.head.contact_email.setText("not-an-address")
    window.save()
    assert window.tabs.currentWidget() is window.head
    assert errors(window.head) == ["Enter an e-mail address like name@example.com."]
    assert stored(window).summary != "长" * 20  # nothing written


def test_closing_with_unsaved_changes_asks_and_may_discard(qtbot, ctx, window, monkeypatch):
    window.head.title.setText("改过的标题")
    window.head.title.textEdited.emit("改过的标题")
    asked: list[str] = []

    def cancel(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel)
    window.reject()
    assert asked == ["Save the changes to the proposal before closing?"] and window.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kw: QMessageBox.StandardButton.Discard)
    project_id = window.project.id
    window.reject()
    qtbot.waitUntil(lambda: not shiboken6.isValid(window))
    assert ctx.gateway.read(projects.get, project_id).title == "长者助餐计划"


# --- steps --------------------------------------------------------------------------------

def test_submitting_through_the_step_button_locks_the_proposal_and_is_in_the_history(qtbot, window, when_shown,
                                                                                     settle, ctx):
    when_shown(ProjectMoveDialog, lambda dialog: dialog.ok_button.click())
    window.move_buttons["submit"].click()
    settle(ctx)
    qtbot.waitUntil(lambda: window.project.status == Status.SUBMITTED)
    assert "Submitted (已申报)" in window.heading.text() and "Submitted on" in window.heading.text()
    assert [window.history.model.data(window.history.model.index(n, 1)) for n in range(2)] == [
        "Submit the proposal (申报)", "Proposal created"]
    assert window.head.title.isReadOnly() and not window.head.round.isEnabled()
    assert not window.save_button.isVisible() and not window.budget.editor.add_button.isVisible()
    assert not window.budget.editor.model.flags(window.budget.editor.model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert "once submitted" in window.note.text()
    assert set(window.move_buttons) == {"withdraw", "start_review"}  # the head runs the round too


def test_a_refused_step_says_why_in_its_dialog(qtbot, ctx, draft, open_window, when_shown, settle):
    with ctx.gateway.db.write() as session:  # a draft may break the rules; submitting it may not
        data = project_detail.detail(session, draft.id).as_input()
        projects.update(session, draft.id, replace(data, budget=(
            *data.budget, BudgetLine("training", "志愿者培训", "人·天", 40_000, Decimal(10)))))
    window = open_window(draft.id)
    assert CAP_WORDS in window.budget.problems.text()  # seen before submitting
    said: list[list[str]] = []

    def submit(dialog: ProjectMoveDialog) -> None:
        dialog.ok_button.click()
        settle(ctx)
        said.append(errors(dialog))
        dialog.reject()

    when_shown(ProjectMoveDialog, submit)
    window.move_buttons["submit"].click()
    settle(ctx)
    qtbot.waitUntil(lambda: bool(said))
    assert len(said[0]) == 1 and CAP_WORDS in said[0][0] and said[0][0].startswith("Line 3:")  # before printing
    assert window.project.status == Status.DRAFT


def test_a_funded_project_prints_its_proposal_and_final_report(qtbot, ctx, draft, open_window, monkeypatch, settle):
    walk_project(ctx.gateway.db, draft.id, Status.RUNNING)
    window = open_window(draft.id)
    assert window.final_button.isVisible() and "Running (实施中)" in window.heading.text()
    assert [window.tabs.tabText(n) for n in range(4, window.tabs.count())] == [
        "Budget", "Activities", "Spending", "Milestones", "Evaluations", "Status history"]  # the running tabs
    opened: list[str] = []
    monkeypatch.setattr(pdf_preview, "can_preview", lambda: False)
    monkeypatch.setattr(pdf_preview.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    window.proposal_button.click()
    settle(ctx)
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    window.final_button.click()
    settle(ctx)
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=10000)
    proposal, final = (Path(path) for path in opened)
    assert "wushe-proposal-" in str(proposal) and "wushe-final-" in str(final)
    assert proposal.name == final.name == f"{draft.number}.pdf"
    assert proposal.read_bytes()[:5] == final.read_bytes()[:5] == b"%PDF-"


def test_approving_waits_for_an_approved_amount(qtbot, ctx, draft, settle):
    walk_project(ctx.gateway.db, draft.id, Status.IN_REVIEW)
    review(ctx.gateway.db, draft.id)
    view = ctx.gateway.read(projects.get, draft.id)
    dialog = shown(qtbot, ProjectMoveDialog(ctx, view, "approve"))
    lacking = "No approved amount is set yet: the round's secretary sets it on the Review tab."
    assert not dialog.ok_button.isEnabled() and dialog.ok_button.toolTip() == lacking
    qtbot.keyClicks(dialog.reason, "ok")  # typing a note does not turn it on
    assert not dialog.ok_button.isEnabled()
    dialog.save()  # nor does Ctrl+S take the step
    settle(ctx)
    assert ctx.gateway.read(projects.get, draft.id).status == Status.IN_REVIEW
    dialog.reject()
    with ctx.gateway.db.write() as session:
        reviews.set_approved(session, draft.id, view.requested_fen)
    dialog = shown(qtbot, ProjectMoveDialog(ctx, ctx.gateway.read(projects.get, draft.id), "approve"))
    assert dialog.ok_button.isEnabled() and dialog.ok_button.toolTip() == ""
    dialog.reject()


def background(widget: QWidget) -> QColor:
    """The colour a text field is painted in, just inside its frame at the right, away from its text."""
    image = widget.grab().toImage()
    return image.pixelColor(image.width() - 8, image.height() // 2)


def test_fields_look_read_only_once_the_proposal_is_sent(ctx, draft, open_window):
    window = open_window(draft.id)
    window.show()
    fields = [window.head.title, window.narrative.summary]
    base, fixed = window.palette().color(QPalette.ColorRole.Base), window.palette().color(QPalette.ColorRole.Window)
    assert base != fixed and all(background(field) == base for field in fields)  # to type in
    walk_project(ctx.gateway.db, draft.id, Status.RUNNING)
    window.reload()
    # On the window's colour, as fixed as the greyed-out choices beside them; still readable.
    assert all(field.isReadOnly() and background(field) == fixed for field in fields)


# --- a viewer -----------------------------------------------------------------------------

def test_a_viewer_reads_the_proposal_and_changes_nothing(ctx, draft, open_window):
    with acting(ctx.gateway.db, "zhaolei"):
        window = open_window(draft.id)
        assert window.move_buttons == {} and not window.save_button.isVisible()
        assert window.head.title.isReadOnly() and not window.head.org.isEnabled()
        assert window.narrative.summary.isReadOnly()
        model = window.budget.editor.model
        assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
        assert not window.team.editor.add_button.isVisible()
        assert "may not" in window.note.text()
        window.save()  # Ctrl+S does nothing
        assert QApplication.activeModalWidget() is None
