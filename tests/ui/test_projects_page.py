"""微创投项目 on the demo station: the station head opens a round through its dialog with the keyboard (the
rubric's weights summed as they are typed, the budget rules each with "no limit"), a social worker starts
a proposal from the project list and finds it in its window, the list filters and searches, and a viewer
sees the rounds read-only and adds nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QApplication, QComboBox, QDialog, QHeaderView, QMessageBox, QStyle, QStyleOptionComboBox,
    QStyleOptionViewItem, QToolTip, QWidget,
)

from desktop.domain.project_workflow import Status
from desktop.services import rounds
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.projects.new_proposal_dialog import NewProposalDialog
from desktop.ui.projects.page import ProjectsPage
from desktop.ui.projects.projects_tab import COLUMNS
from desktop.ui.projects.project_window import ProjectWindow
from desktop.ui.projects.round_dialog import RoundDialog
from project_testing import acting, make_proposal, make_round, walk_project
from register_testing import column, pick, pick_text
from table_testing import type_cell
from wushe_testing import shown

TODAY = date.today()


@pytest.fixture
def open_page(qtbot, ctx) -> Callable[..., ProjectsPage]:
    """The page as the signed-in user (the head, unless the test acts as someone else) sees it."""
    def open_it() -> ProjectsPage:
        return shown(qtbot, ProjectsPage(ctx), (1366, 768))

    return open_it


def active(qtbot, widget: QWidget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)  # shortcuts go to the active window


def tab_to(qtbot, widget: QWidget) -> QWidget:
    """Press Tab in ``widget``; the widget that has the focus then."""
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not None
    return focused


# --- rounds -------------------------------------------------------------------------------

def test_the_head_opens_a_round_through_its_dialog_with_the_keyboard(qtbot, ctx, open_page, type_text, settle):
    page = open_page()
    assert [page.tabs.tabText(n) for n in range(page.tabs.count())] == ["Project list", "Rounds", "Review"]
    page.tabs.setCurrentWidget(page.rounds)
    assert page.rounds.new_button.isVisible()
    dialog = shown(qtbot, RoundDialog(ctx))
    active(qtbot, dialog)
    type_text(dialog.name, "2026年青山镇公益创投")
    dialog.name.textEdited.emit(dialog.name.text())
    assert tab_to(qtbot, dialog.name) is dialog.year  # Tab goes down the form
    type_text(dialog.organiser, "青山镇人民政府")
    dialog.organiser.textEdited.emit(dialog.organiser.text())
    pick(dialog.funding_kind, "foundation")
    qtbot.keyClicks(dialog.pool, "200000")
    dialog.areas["elderly"].setChecked(True)
    assert dialog.max_grant.none.isChecked() and not dialog.max_grant.amount.isEnabled()  # none until one is set
    dialog.max_grant.none.setChecked(False)
    qtbot.keyClicks(dialog.max_grant.amount, "30000")
    assert dialog.caps["expert"].none.isChecked() and not dialog.caps["expert"].amount.isEnabled()  # no limit
    dialog.caps["training"].none.setChecked(True)

    assert dialog.rubric.total.text() == "Weights sum to 100 / 100" and dialog.ok_button.isEnabled()
    type_cell(qtbot, dialog.rubric.editor, 0, "weight", "30")
    assert dialog.rubric.total.text() == "Weights sum to 110 / 100"
    assert ERROR_COLOR in dialog.rubric.total.styleSheet() and not dialog.ok_button.isEnabled()
    dialog.rubric.editor.view.setCurrentIndex(dialog.rubric.editor.model.index(5, 0))
    dialog.rubric.editor.up_button.click()  # Innovation and sustainability goes fifth
    type_cell(qtbot, dialog.rubric.editor, 0, "weight", "20")
    assert ERROR_COLOR not in dialog.rubric.total.styleSheet() and dialog.ok_button.isEnabled()
    for box in dialog.reviewers.boxes.values():
        if box.text().startswith("陈俊"):
            box.setChecked(True)

    active(qtbot, dialog)
    qtbot.keyClick(dialog.pool, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(ctx)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    saved = dialog.outcome
    assert (saved.name, saved.pool_fen, saved.areas) == ("2026年青山镇公益创投", 20_000_000, ("elderly",))
    assert (saved.rules.max_grant_fen, saved.rules.training_cap_fen, saved.rules.meeting_cap_fen,
            saved.rules.expert_cap_fen) == (3_000_000, None, 40_000, None)
    assert [(c.name, c.weight) for c in saved.criteria] == [
        ("Need and necessity", 20), ("Design and goals", 25), ("Feasibility and schedule", 15),
        ("Budget soundness", 15), ("Innovation and sustainability", 10), ("Team capacity", 15)]
    assert [r.name for r in saved.reviewers] == ["陈俊"]
    listed = column(page.rounds, "Round")  # the list reloaded, with the new round selected
    assert page.rounds.selected() is None or page.rounds.selected().id == saved.id
    row = listed.index("2026年青山镇公益创投")
    assert column(page.rounds, "Pool left (yuan)")[row] == "200,000.00" and column(page.rounds, "Proposals")[row] == "0"


def test_a_viewer_sees_a_round_read_only_and_adds_nothing(qtbot, ctx, open_page):
    with ctx.gateway.db.write() as session:
        found = make_round(session)
    with acting(ctx.gateway.db, "zhaolei"):
        page = open_page()
        assert not page.rounds.new_button.isVisible() and not page.projects.new_button.isVisible()
        dialog = shown(qtbot, RoundDialog(ctx, ctx.gateway.read(rounds.get, found.id)))
        assert not dialog.ok_button.isVisible() and dialog.name.isReadOnly() and not dialog.year.isEnabled()
        model = dialog.rubric.editor.model
        assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
        assert not dialog.rubric.editor.add_button.isVisible()
        assert not any(box.isEnabled() for box in dialog.reviewers.boxes.values())


def test_a_rubric_is_fixed_once_sheets_are_submitted(qtbot, ctx, open_page):
    with ctx.gateway.db.write() as session:
        found = make_round(session)
        project = make_proposal(session, found.id)
    walk_project(ctx.gateway.db, project.id, Status.APPROVED)  # both reviewers submitted their sheets
    dialog = shown(qtbot, RoundDialog(ctx, ctx.gateway.read(rounds.get, found.id)))
    assert dialog.locked.isVisibleTo(dialog) and dialog.ok_button.isVisible()
    model = dialog.rubric.editor.model
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert dialog.name.isReadOnly() is False  # the rest of the round may still change


# --- the project list ---------------------------------------------------------------------

def test_the_list_filters_by_round_and_status_and_searches(qtbot, ctx, open_page, type_text):
    with ctx.gateway.db.write() as session:
        first, second = make_round(session), make_round(session)
        meals = make_proposal(session, first.id, title="银龄助餐试点")
        make_proposal(session, first.id, title="彩虹课堂试点")
        make_proposal(session, second.id, title="绿色家园试点")
    walk_project(ctx.gateway.db, meals.id, Status.SUBMITTED)
    page = open_page()  # held: the tabs are the page's
    tab = page.projects
    assert column(tab, "Title")[:3] == ["绿色家园试点", "彩虹课堂试点", "银龄助餐试点"]  # newest number first
    assert tab.count.text() == f"{tab.model.total()} projects" and tab.model.total() > 3  # the demo's as well
    pick_text(tab.filters.combos["round"], f"{first.name} ({TODAY.year})")
    assert column(tab, "Title") == ["彩虹课堂试点", "银龄助餐试点"]
    assert column(tab, "Requested (yuan)") == ["20,000.00"] * 2 and column(tab, "Round") == [first.name] * 2
    pick(tab.filters.combos["status"], "submitted")
    assert column(tab, "Title") == ["银龄助餐试点"] and column(tab, "Status") == ["Submitted (已申报)"]
    pick(tab.filters.combos["status"], "")
    pick(tab.filters.combos["round"], "")
    type_text(tab.filters.search, "彩虹课堂")
    qtbot.waitUntil(lambda: column(tab, "Title") == ["彩虹课堂试点"])
    tab.filters.search.clear()
    type_text(tab.filters.search, "没有这个项目")
    qtbot.waitUntil(lambda: tab.model.total() == 0)
    assert tab.empty.isVisible() and "Nothing matches" in tab.empty.text()


def shows_whole(combo: QComboBox) -> bool:
    """Whether the drop-down's text fits in the field it is drawn in, beside the arrow."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    return combo.fontMetrics().horizontalAdvance(combo.currentText()) <= field.width()


def test_the_filters_show_their_whole_labels(qtbot, ctx, open_page):
    with ctx.gateway.db.write() as session:
        found = make_round(session, name="二〇二六年青山镇社区公益微创投第二批次")
    page = open_page()  # held: the tabs are the page's
    tab = page.projects
    assert [combo.currentText() for combo in tab.filters.combos.values()] == [
        "All rounds", "All statuses", "All villages and communities"]
    assert all(shows_whole(combo) for combo in tab.filters.combos.values())
    rounds_filter = tab.filters.combos["round"]
    pick_text(rounds_filter, f"{found.name} ({TODAY.year})")  # a longer choice widens its drop-down
    qtbot.waitUntil(lambda: shows_whole(rounds_filter))


def test_a_social_worker_starts_a_proposal_and_finds_it_in_its_window(qtbot, ctx, open_page, when_shown, settle,
                                                                      type_text):
    with ctx.gateway.db.write() as session:
        make_round(session, opens_on=TODAY - timedelta(days=90), closes_on=TODAY - timedelta(days=60),
                   name="已截止批次")
        found = make_round(session)
    with acting(ctx.gateway.db, "lixia"):
        page = open_page()
        tab = page.projects
        closed = ctx.gateway.read(rounds.find, "已截止批次")

        def fill(dialog: NewProposalDialog) -> None:
            offered = [dialog.round.itemData(n) for n in range(dialog.round.count())]
            assert offered.index(found.id) < offered.index(closed.id)  # rounds open today come first
            assert ctx.gateway.read(rounds.get, dialog.round.currentData()).is_open(TODAY)
            pick(dialog.round, found.id)
            assert not dialog.ok_button.isEnabled()
            pick_text(dialog.org, dialog.org.itemText(0))  # the register's first organisation
            assert dialog.community.currentData()  # its own community, chosen with it
            type_text(dialog.title_edit, "邻里互助站")
            dialog.title_edit.textEdited.emit(dialog.title_edit.text())
            dialog.ok_button.click()

        when_shown(NewProposalDialog, fill)
        tab.new_button.click()
        settle(ctx)
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, ProjectWindow) and w.isVisible()]
        assert [w.project.title for w in windows] == ["邻里互助站"]
        window = windows[0]
        assert window.project.status == Status.DRAFT and window.save_button.isVisible()
        assert column(tab, "Title")[0] == "邻里互助站" and tab.selected().id == window.project.id
        assert column(tab, "Status")[0] == "Draft (草稿)" and window.project.round_id == found.id
        window.close()


def test_the_head_deletes_a_draft_after_a_question_and_never_a_submitted_proposal(qtbot, ctx, open_page, settle,
                                                                                 monkeypatch):
    with ctx.gateway.db.write() as session:
        found = make_round(session)
        draft = make_proposal(session, found.id, title="误建的草稿")
        sent = make_proposal(session, found.id, title="已申报的项目")
    walk_project(ctx.gateway.db, sent.id, Status.SUBMITTED)
    asked: list[str] = []

    def confirm(_parent, title, text, *_args):
        asked.append(f"{title}|{text}")
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", confirm)
    page = open_page()  # held: the tabs are the page's
    tab = page.projects
    pick_text(tab.filters.combos["round"], f"{found.name} ({TODAY.year})")
    tab.select(sent.id)
    assert not tab.delete_button.isEnabled() and "withdrawn or terminated" in tab.delete_button.toolTip()
    tab.select(draft.id)
    assert tab.delete_button.isEnabled()
    tab.delete_button.click()
    settle(ctx)
    assert asked == [f"Delete draft {draft.number}?|The draft “误建的草稿” and its budget, plan and team will no "
                     "longer be listed.\n\nOnly a draft can be deleted: once submitted, a proposal is withdrawn or "
                     "terminated instead."]
    qtbot.waitUntil(lambda: column(tab, "Title") == ["已申报的项目"])


def test_the_head_deletes_a_round_with_drafts_only_and_is_told_why_not_otherwise(qtbot, ctx, open_page, settle,
                                                                                monkeypatch):
    with ctx.gateway.db.write() as session:
        empty, taken = make_round(session, name="误开的批次"), make_round(session, name="已有申报的批次")
        make_proposal(session, empty.id)
        sent = make_proposal(session, taken.id)
    walk_project(ctx.gateway.db, sent.id, Status.SUBMITTED)
    asked: list[str] = []
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _parent, _title, text, *_args: asked.append(text) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *_args: warned.append(text))
    page = open_page()
    tab = page.rounds
    tab.select(taken.id)
    tab.delete_button.click()
    settle(ctx)
    assert warned == ["1 proposal has been submitted to round 已有申报的批次: the round stays on record."]
    tab.select(empty.id)
    tab.delete_button.click()
    settle(ctx)
    assert "Its 1 draft proposal goes with it." in asked[-1]
    qtbot.waitUntil(lambda: empty.id not in {r.id for r in tab.model.rows()})
    assert taken.id in {r.id for r in tab.model.rows()}


def test_a_long_title_leaves_the_other_columns_on_screen_and_shows_whole_as_a_tooltip(qtbot, ctx, open_page):
    title = "长" * 100
    with ctx.gateway.db.write() as session:
        make_proposal(session, make_round(session).id, title=title)
    page = open_page()
    tab = page.projects
    view, header = tab.view, tab.view.horizontalHeader()
    titles, status = ([c.header for c in COLUMNS].index(name) for name in ("Title", "Status"))
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0)
    assert tab.model.index(0, titles).data() == title
    assert header.sectionSize(titles) <= view.viewport().width() * 0.4
    assert header.sectionViewportPosition(status) + header.sectionSize(status) <= view.viewport().width()
    # The whole title as a tooltip over the cell cut short, none over a cell shown whole.
    delegate = view.itemDelegate()
    for column, tip in ((titles, title), (0, "")):
        QToolTip.hideText()
        index = tab.model.index(0, column)
        rect = view.visualRect(index)
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect = rect
        event = QHelpEvent(QEvent.Type.ToolTip, rect.center(), view.viewport().mapToGlobal(rect.center()))
        assert delegate.helpEvent(event, view, option, index) is bool(tip)
        if tip:
            assert QToolTip.text() == tip
    # The user may drag a column narrower; a reload keeps it so.
    header.resizeSection(titles, 80)
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0)
    assert header.sectionSize(titles) == 80
    assert header.sectionResizeMode(titles) == QHeaderView.ResizeMode.Interactive
