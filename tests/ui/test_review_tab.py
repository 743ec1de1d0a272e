"""The 评审 tab, driven as its users would: a reviewer scores a proposal on its sheet with the keyboard,
keeps a draft and submits it; the station head watches the ranking fill, draws up the approval list
against the pool, sees the service refuse an amount above a request or the pool, saves a valid one
and exports the round summary."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QLabel, QLineEdit, QMessageBox, QWidget
from python_calamine import CalamineWorkbook

from desktop.domain.project_workflow import Status
from desktop.services import projects, reviews, signin
from desktop.services.projects import ProjectView
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.pdf_preview import PdfPreviewDialog
from desktop.ui.projects.project_fields import TOPIC
from desktop.ui.projects.review_results import APPROVED
from desktop.ui.projects.review_tab import ReviewTab
from desktop.ui.projects.score_dialog import ScoreBox, ScoreDialog
from project_testing import acting, make_proposal, make_round, review, walk_project
from wushe_testing import DEMO_PASSWORD, shown

POOL_FEN = 3_000_000  # 30,000 yuan: room for one 20,000 yuan request, not two


@dataclass(frozen=True)
class Round:
    id: str
    first: ProjectView  # both in review, asking 20,000 yuan each
    second: ProjectView


@pytest.fixture
def in_review(demo) -> Round:
    """A round reviewed by chenjun and zhaolei with two proposals in review; the head signed in."""
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    with demo.write() as session:
        found = make_round(session, pool_fen=POOL_FEN)
        made = [make_proposal(session, found.id, title=title) for title in ("长者助餐计划", "儿童四点半课堂")]
    first, second = (walk_project(demo, project.id, Status.IN_REVIEW) for project in made)
    return Round(found.id, first, second)


@pytest.fixture
def reviewer(demo, in_review) -> Iterator[None]:
    """chenjun, a reviewer of the round, at the keyboard."""
    with acting(demo, "chenjun"):
        yield


def open_tab(qtbot, ctx) -> ReviewTab:
    tab = shown(qtbot, ReviewTab(ctx), size=(1366, 768))
    active(qtbot, tab)
    return tab


def active(qtbot, window: QWidget) -> None:
    """Make ``window`` the active one, as a click on it would: its keys and shortcuts work from then on."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def states(tab: ReviewTab) -> list[str]:
    return [tab.mine.model.index(row, 5).data() for row in range(tab.mine.model.rowCount())]


def errors(dialog: ScoreDialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel, "fieldError") if not label.isHidden()]


def score_by_keyboard(qtbot, box: ScoreBox, text: str) -> None:
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, text)


def sheet_of(db, project_id: str):
    with db.read() as session:
        return reviews.my_sheet(session, project_id)


def on_sheet(qtbot, when_shown, settle, ctx, tab: ReviewTab, row: int, act) -> None:
    """Open the sheet of the list's ``row`` with Enter and run ``act`` on it, the sheet the active window."""
    def acting_on(dialog: ScoreDialog) -> None:
        active(qtbot, dialog)
        act(dialog)

    when_shown(ScoreDialog, acting_on)
    active(qtbot, tab)
    tab.mine.view.selectRow(row)
    tab.mine.view.setFocus()
    qtbot.keyClick(tab.mine.view, Qt.Key.Key_Return)
    settle(ctx)


# --- the reviewer ---------------------------------------------------------------------------
def test_a_reviewer_sees_only_their_list_and_keeps_a_draft_typed_with_the_keyboard(
        qtbot, demo, in_review, reviewer, make_ctx, when_shown, settle, type_text):
    ctx = make_ctx(demo)
    tab = open_tab(qtbot, ctx)
    assert tab.mine_box.isVisibleTo(tab) and not tab.results_box.isVisibleTo(tab)
    assert states(tab) == ["Not started", "Not started"]
    seen: dict[str, object] = {}

    def draft(dialog: ScoreDialog) -> None:
        seen["others"] = dialog.others_note.text()
        first, second = list(dialog.boxes.values())[:2]
        assert dialog.focusWidget() is first
        score_by_keyboard(qtbot, first, "85")
        qtbot.keyClick(first, Qt.Key.Key_Tab)
        type_text(dialog.focusWidget(), "需求调研扎实")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        assert dialog.focusWidget() is second
        qtbot.keyClicks(second, "90.5")
        seen["total"] = dialog.total.text()
        seen["may submit"] = dialog.submit_button.isEnabled()
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        settle(ctx)

    on_sheet(qtbot, when_shown, settle, ctx, tab, 0, draft)
    assert seen["others"] == "Submit your own score sheet first: the others' scores show after that."
    assert seen["total"] == "Weighted total: 39.63    2 of 6 criteria scored"  # 17 + 22.625, half up
    assert seen["may submit"] is False
    sheet = sheet_of(demo, in_review.first.id)
    assert sheet.submitted_at is None
    assert [(c.score, c.comment) for c in sheet.criteria[:3]] == [
        (Decimal("85.0"), "需求调研扎实"), (Decimal("90.5"), ""), (None, "")]
    assert states(tab) == ["Draft", "Not started"]


def test_a_comment_without_a_score_is_refused_at_its_criterion(qtbot, demo, in_review, reviewer, make_ctx,
                                                                when_shown, settle, type_text):
    ctx = make_ctx(demo)
    tab = open_tab(qtbot, ctx)
    seen: list[list[str]] = []

    def comment_only(dialog: ScoreDialog) -> None:
        type_text(list(dialog.comments.values())[2], "进度安排偏紧")
        dialog.ok_button.click()
        settle(ctx)
        seen.append(errors(dialog))
        assert dialog.isVisible()  # refused: it stays open with what was typed
        dialog.reject()

    on_sheet(qtbot, when_shown, settle, ctx, tab, 1, comment_only)
    assert seen == [["Give a score with the comment."]]


def test_submitting_needs_every_criterion_asks_first_and_then_shows_the_others(
        qtbot, demo, in_review, reviewer, make_ctx, when_shown, settle, monkeypatch):
    ctx = make_ctx(demo)
    tab = open_tab(qtbot, ctx)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _parent, _title, text: asked.append(text) or QMessageBox.StandardButton.Yes)

    def submit(dialog: ScoreDialog) -> None:
        boxes = list(dialog.boxes.values())
        for box in boxes[:-1]:
            score_by_keyboard(qtbot, box, "80")
        assert not dialog.submit_button.isEnabled()
        assert "Innovation and sustainability" in dialog.submit_button.toolTip()
        score_by_keyboard(qtbot, boxes[-1], "70")
        assert dialog.submit_button.isEnabled()
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
        settle(ctx)

    on_sheet(qtbot, when_shown, settle, ctx, tab, 0, submit)
    assert asked and "weighted score of 79.00" in asked[0]
    sheet = sheet_of(demo, in_review.first.id)
    assert sheet.submitted_at is not None and sheet.score == Decimal("79.00")
    assert states(tab) == ["Submitted: 79.00", "Not started"]

    review(demo, in_review.first.id, usernames=("zhaolei",), score="60")  # the other reviewer's sheet comes in
    ctx.events.publish(TOPIC)
    seen: dict[str, object] = {}

    def read_only(dialog: ScoreDialog) -> None:
        seen["editable"] = [box.isEnabled() for box in dialog.boxes.values()]
        seen["buttons"] = (dialog.ok_button.isVisibleTo(dialog), dialog.submit_button.isVisibleTo(dialog))
        assert dialog.others_table is not None
        model = dialog.others_table.model()
        seen["others"] = [(model.index(0, 0).data(), model.index(0, 1).data())]
        dialog.reject()

    on_sheet(qtbot, when_shown, settle, ctx, tab, 0, read_only)
    assert seen == {"editable": [False] * 6, "buttons": (False, False), "others": [("赵磊", "60.00")]}


def test_the_sheet_previews_the_proposal_as_it_prints(qtbot, demo, in_review, reviewer, make_ctx, when_shown,
                                                        settle):
    ctx = make_ctx(demo)
    tab = open_tab(qtbot, ctx)
    previewed: list[str] = []

    def preview(dialog: ScoreDialog) -> None:
        when_shown(PdfPreviewDialog, lambda pdf: (previewed.append(pdf.path.name), pdf.reject()))
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
        settle(ctx)
        dialog.reject()

    on_sheet(qtbot, when_shown, settle, ctx, tab, 1, preview)
    assert previewed == [f"{in_review.second.number}.pdf"]


# --- the station head -----------------------------------------------------------------------
def ranking(tab: ReviewTab) -> list[tuple[str, str, str, str, str]]:
    model = tab.results.model
    return [tuple(model.index(row, column).data() for column in (0, 1, 5, 6, 8)) for row in range(model.rowCount())]


def type_amount(qtbot, tab: ReviewTab, row: int, text: str) -> None:
    """F2 on the approved cell of ``row``, the amount typed, Enter."""
    view = tab.results.view
    view.setFocus()
    cell = tab.results.model.index(row, APPROVED)
    view.setCurrentIndex(cell)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(cell)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)  # the view commits queued


def approved(db, project: ProjectView) -> int | None:
    with db.read() as session:
        return projects.get(session, project.id).approved_fen


def test_the_head_sees_the_ranking_fill_as_sheets_come_in(qtbot, demo, in_review, make_ctx):
    ctx = make_ctx(demo)
    tab = open_tab(qtbot, ctx)
    assert tab.results_box.isVisibleTo(tab) and not tab.mine_box.isVisibleTo(tab)
    first, second = in_review.first.number, in_review.second.number
    assert ranking(tab) == [("", first, "", "0/2", ""), ("", second, "", "0/2", "")]
    review(demo, in_review.first.id, usernames=("chenjun",), score="70")
    review(demo, in_review.second.id, score="88")
    ctx.events.publish(TOPIC)
    assert ranking(tab) == [("1", second, "88.00", "2/2", ""), ("2", first, "70.00", "1/2", "")]


def test_the_head_is_refused_an_amount_above_the_request_and_saves_a_valid_one(qtbot, demo, in_review, make_ctx,
                                                                                settle):
    review(demo, in_review.first.id)
    ctx = make_ctx(demo)
    tab = open_tab(qtbot, ctx)
    panel = tab.results
    type_amount(qtbot, tab, 0, "25000")
    assert panel.model.index(0, APPROVED).data(Qt.ItemDataRole.ForegroundRole).name() == ERROR_COLOR
    assert "approved 25,000.00 yuan · left 5,000.00 yuan" in panel.pool.text()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    settle(ctx)
    assert panel.refusal.isVisibleTo(tab)
    assert panel.refusal.text() == (f"Project {in_review.first.number}: the approved amount, 25000.00 yuan, is above "
                                    "the request of 20000.00 yuan.")
    assert approved(demo, in_review.first) is None

    type_amount(qtbot, tab, 0, "15000")
    assert not panel.refusal.isVisibleTo(tab)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    settle(ctx)
    assert approved(demo, in_review.first) == 1_500_000
    assert panel.pool.text() == "Pool 30,000.00 yuan · approved 15,000.00 yuan · left 15,000.00 yuan"
    assert not panel.save_button.isEnabled()


def test_amounts_over_the_pool_show_red_and_are_refused_and_the_suggestion_fits_the_pool(
        qtbot, demo, in_review, make_ctx, settle):
    review(demo, in_review.first.id, score="90")
    review(demo, in_review.second.id, score="75")
    ctx = make_ctx(demo)
    tab = open_tab(qtbot, ctx)
    panel = tab.results
    type_amount(qtbot, tab, 0, "20000")
    type_amount(qtbot, tab, 1, "20000")
    assert "left -10,000.00 yuan" in panel.pool.text() and ERROR_COLOR in panel.pool.styleSheet()
    qtbot.keyClick(panel.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(ctx)
    assert panel.refusal.text() == "The approved amounts come to 40000.00 yuan, more than the pool of 30000.00 yuan."
    assert (approved(demo, in_review.first), approved(demo, in_review.second)) == (None, None)

    qtbot.mouseClick(panel.suggest_button, Qt.MouseButton.LeftButton)  # the first in full; the second no longer fits
    assert [row[4] for row in ranking(tab)] == ["20,000.00", ""]
    assert panel.pool.text().endswith("left 10,000.00 yuan    (not saved)")
    assert ERROR_COLOR not in panel.pool.styleSheet()
    assert approved(demo, in_review.first) is None  # nothing kept before Save
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    settle(ctx)
    assert (approved(demo, in_review.first), approved(demo, in_review.second)) == (2_000_000, None)


def test_the_head_exports_the_round_summary(qtbot, demo, in_review, make_ctx, settle, tmp_path: Path, monkeypatch):
    review(demo, in_review.second.id, score="82.5")
    ctx = make_ctx(demo)
    tab = open_tab(qtbot, ctx)
    chosen = tmp_path / "评审汇总"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(chosen), ""))
    told: list[str] = []
    ctx.events.notice.connect(told.append)
    qtbot.mouseClick(tab.results.export_button, Qt.MouseButton.LeftButton)
    settle(ctx)
    written = chosen.with_suffix(".xlsx")
    assert told == ["The round summary is saved as 评审汇总.xlsx."]
    rows = CalamineWorkbook.from_path(str(written)).get_sheet_by_name("Ranking").to_python()
    assert rows[0][:3] == ["Rank", "Number", "Title"]
    assert rows[1][1:3] == [in_review.second.number, "儿童四点半课堂"]


# --- who sees what ---------------------------------------------------------------------------
def test_someone_neither_reviewing_nor_heading_is_told_who_does_what(qtbot, demo, in_review, make_ctx):
    with acting(demo, "lixia"):
        tab = open_tab(qtbot, make_ctx(demo))
        assert not tab.sections.isVisibleTo(tab)
        assert tab.hint.text().startswith("You are not a reviewer of ")


def test_a_head_who_reviews_the_round_sees_both_lists(qtbot, demo, make_ctx):
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    with demo.write() as session:
        make_round(session, reviewers=("admin", "chenjun"))
    tab = open_tab(qtbot, make_ctx(demo))
    assert tab.mine_box.isVisibleTo(tab) and tab.results_box.isVisibleTo(tab)
    assert tab.about.text().endswith("2 reviewers, you among them")
    assert tab.mine.empty.isVisibleTo(tab) and tab.results.empty.isVisibleTo(tab)


def test_a_head_who_reviews_sees_the_results_only_after_their_own_sheets_and_is_told_why(qtbot, demo, make_ctx):
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    with demo.write() as session:
        found = make_round(session, reviewers=("admin", "chenjun"))
        made = make_proposal(session, found.id)
    project = walk_project(demo, made.id, Status.IN_REVIEW)
    review(demo, project.id, usernames=("chenjun",), score="90")
    ctx = make_ctx(demo)
    tab = open_tab(qtbot, ctx)
    assert tab.results_box.isVisibleTo(tab) and not tab.results.isVisibleTo(tab)
    assert tab.withheld.isVisibleTo(tab) and project.number in tab.withheld.text()
    assert "submitted your own sheet of" in tab.withheld.text()
    review(demo, project.id, usernames=("admin",), score="70")
    ctx.events.publish(TOPIC)
    assert tab.results.isVisibleTo(tab) and not tab.withheld.isVisibleTo(tab)
    assert ranking(tab) == [("1", project.number, "80.00", "2/2", "")]


def test_a_terminated_grant_paid_nothing_leaves_the_pool_whole_on_screen(qtbot, demo, in_review, make_ctx):
    with demo.write() as session:
        ended = make_proposal(session, in_review.id, title="中途终止的项目")
    walk_project(demo, ended.id, Status.TERMINATED)
    tab = open_tab(qtbot, make_ctx(demo))
    assert tab.results.pool.text() == ("Pool 30,000.00 yuan · approved 20,000.00 yuan · returned by terminated "
                                       "projects 20,000.00 yuan · left 30,000.00 yuan")
