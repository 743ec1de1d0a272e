"""What a trial of the micro-venture screens found, as a person meets it: a rubric change that would lose
reviewers' draft scores asks first; a weight of 33.5 is said to be no whole number; a closed project's
window says it is read-only; the list's sort arrow points the way the list runs (newest first: down); the
home page's 待办里程碑 give dates as dates are written elsewhere."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QDialog, QMessageBox, QStyle, QStyleOptionHeader

from desktop.domain.project_workflow import Status
from desktop.errors import ValidationError
from desktop.i18n import format_date
from desktop.services import reviews, rounds
from desktop.services.project_milestones import MilestoneView
from desktop.ui.projects.due_milestones_panel import COLUMNS as MILESTONE_COLUMNS
from desktop.ui.projects.page import ProjectsPage
from desktop.ui.projects.project_window import open_project_window
from desktop.ui.projects.round_dialog import RoundDialog
from project_testing import acting, make_proposal, make_round, walk_project
from wushe_testing import shown


def _round_with_a_draft_score(ctx) -> rounds.RoundView:
    """A round in review where 陈俊 has scored its first criterion in a draft sheet."""
    db = ctx.gateway.db
    with db.write() as session:
        found = make_round(session)
        project = make_proposal(session, found.id)
    walk_project(db, project.id, Status.IN_REVIEW)
    with acting(db, "chenjun"), db.write() as session:
        reviews.save_scores(session, project.id, {found.criteria[0].id: Decimal(90)})
    return ctx.gateway.read(rounds.get, found.id)


@pytest.mark.parametrize("agreed", [False, True])
def test_dropping_a_criterion_with_draft_scores_asks_first(qtbot, ctx, settle, monkeypatch, agreed: bool) -> None:
    found = _round_with_a_draft_score(ctx)
    asked: list[str] = []

    def answer(_parent, _title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes if agreed else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    dialog = shown(qtbot, RoundDialog(ctx, found))
    first, second, *rest = found.criteria  # the first goes; its weight to the second
    dialog.rubric.fill([replace(second, weight=second.weight + first.weight), *rest])
    dialog.save()
    settle(ctx)
    assert len(asked) == 1 and asked[0].startswith("陈俊 scored criteria this rubric drops")
    if agreed:
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
        assert [c.name for c in dialog.outcome.criteria] == [c.name for c in (second, *rest)]
    else:
        assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
        assert [c.name for c in ctx.gateway.read(rounds.get, found.id).criteria] == [c.name for c in found.criteria]


def test_a_weight_with_a_fraction_is_said_to_be_no_whole_number(qtbot, ctx) -> None:
    dialog = shown(qtbot, RoundDialog(ctx))
    model = dialog.rubric.editor.model
    assert model.setData(model.index(0, model.column_of("weight")), "33.5")
    with pytest.raises(ValidationError, match="“Need and necessity” must be a whole number from 1 to 100"):
        dialog.rubric.criteria()


def test_a_closed_projects_window_says_it_is_read_only(qtbot, ctx) -> None:
    with ctx.gateway.db.write() as session:
        project = make_proposal(session, make_round(session).id)
    walk_project(ctx.gateway.db, project.id, Status.CLOSED)
    window = open_project_window(ctx, project.id)
    try:
        qtbot.waitUntil(lambda: bool(window.note.text()))
        assert "is closed (“Closed (结项)”): its record is read-only" in window.note.text()
        assert "once submitted" not in window.note.text()
    finally:
        window.close()


def _arrow(style: QStyle, indicator: QStyleOptionHeader.SortIndicator) -> list[int]:
    """Rows (top to bottom) of the dark pixels of a header arrow ``style`` draws, their widths."""
    image = QImage(24, 24, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    option = QStyleOptionHeader()
    option.rect, option.sortIndicator = QRect(0, 0, 24, 24), indicator
    painter = QPainter(image)
    style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorHeaderArrow, option, painter)
    painter.end()
    widths = [sum(QColor(image.pixel(x, y)).lightness() < 200 for x in range(24)) for y in range(24)]
    return [width for width in widths if width]


def test_the_sort_arrow_points_down_over_the_newest_first(qtbot, ctx) -> None:
    page = shown(qtbot, ProjectsPage(ctx), (1280, 720))
    header = page.projects.view.horizontalHeader()
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder and header.sortIndicatorSection() == 0
    # Qt sends a descending order as SortUp; the list's header draws it as a ▼, wide at the top.
    drawn = _arrow(header.style(), QStyleOptionHeader.SortIndicator.SortUp)
    assert len(drawn) > 2 and drawn[0] > drawn[-1]
    ascending = _arrow(header.style(), QStyleOptionHeader.SortIndicator.SortDown)
    assert ascending[0] < ascending[-1]


def test_due_milestones_give_dates_as_dates_are_written() -> None:
    day = date(2026, 12, 3)
    milestone = MilestoneView("m", "p", "创投-2026-0001", "长者助餐", "中期评估", day, None, "", False)
    assert MILESTONE_COLUMNS[0].value(milestone) == format_date(day) != day.isoformat()
