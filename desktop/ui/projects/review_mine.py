"""我的评分: the proposals of a round in review that the signed-in reviewer scores, and whether their sheet
is in. Enter, a double-click or Score… opens the sheet (``score_dialog``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHeaderView, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from desktop.domain.project_workflow import Status
from desktop.i18n import N_, _, ngettext
from desktop.services import projects, reviews
from desktop.services.projects import ProjectQuery, ProjectView
from desktop.services.reviews import MySheetState
from desktop.services.rounds import RoundView
from desktop.ui.context import AppContext
from desktop.ui.layouts import button_row
from desktop.ui.list_view import list_view
from desktop.ui.projects.money_field import yuan
from desktop.ui.projects.score_dialog import open_score_sheet
from desktop.ui.registers.paged_list import shortcut
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.volunteers.rows_model import RowsModel

DONE_COLOR = QColor("#2e7d32")


@dataclass(frozen=True)
class ToScore:
    project: ProjectView
    sheet: MySheetState | None  # None: the reviewer has not opened a sheet for it yet

    @property
    def submitted(self) -> bool:
        return self.sheet is not None and self.sheet.submitted

    @property
    def state(self) -> str:
        if self.sheet is None:
            return _("Not started")
        if not self.sheet.submitted:
            return _("Draft")
        return _("Submitted: {score}").format(score=self.sheet.score)


COLUMNS: list[Column[ToScore]] = [
    Column(N_("Number"), None, lambda r: r.project.number),
    Column(N_("Title"), None, lambda r: r.project.title),
    Column(N_("Applicant"), None, lambda r: r.project.org_name),
    Column(N_("Community"), None, lambda r: r.project.community),
    Column(N_("Requested (yuan)"), None, lambda r: yuan(r.project.requested_fen), RIGHT),
    Column(N_("My sheet"), None, lambda r: r.state),
]
STATE = len(COLUMNS) - 1


def to_score(session: Session, round_id: str) -> list[ToScore]:
    """The round's proposals in review by number, each with where the signed-in reviewer's sheet stands."""
    views = list(reversed(projects.list_all(session, ProjectQuery(round_id=round_id, status=Status.IN_REVIEW))))
    states = reviews.my_sheet_states(session, [view.id for view in views])
    return [ToScore(view, states.get(view.id)) for view in views]


def _look(row: ToScore, column: int, role: int) -> Any:
    if column == STATE and role == Qt.ItemDataRole.ForegroundRole and row.submitted:
        return DONE_COLOR
    return None


class MySheetsPanel(QWidget):
    """The list for one round at a time (``show_round``)."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._round: RoundView | None = None
        self.model: RowsModel[ToScore] = RowsModel(COLUMNS, _look)
        self.view = list_view(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the title takes the room left
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut(self.view, key).activated.connect(self.open_selected)
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.empty = QLabel(_("No proposal of this round is in review."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._body = QStackedWidget()
        self._body.addWidget(self.view)
        self._body.addWidget(self.empty)
        self.score_button = QPushButton(_("Score…"))
        self.score_button.clicked.connect(self.open_selected)
        self.count = QLabel()
        status_line = button_row(self.score_button)
        status_line.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._body, 1)
        layout.addLayout(status_line)
        self._update_buttons()

    def show_round(self, found: RoundView) -> None:
        self._round = found
        self.load()

    def load(self) -> None:
        if self._round is None:
            return
        current = self.selected()
        gateway = self._ctx.gateway
        rows = gateway.read(to_score, self._round.id)
        self.model.set_rows(rows)
        done = sum(1 for row in rows if row.submitted)
        self.count.setText(ngettext("{done} of {n} sheet submitted", "{done} of {n} sheets submitted", len(rows))
                           .format(done=done, n=len(rows)))
        self._body.setCurrentWidget(self.view if rows else self.empty)
        ids = [row.project.id for row in rows]
        if current is not None and current.project.id in ids:
            self.view.selectRow(ids.index(current.project.id))
        elif rows:  # the first still to score, so Enter opens it
            self.view.selectRow(next((n for n, row in enumerate(rows) if not row.submitted), 0))
        self._update_buttons()

    def selected(self) -> ToScore | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0]) if rows else None

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            open_score_sheet(self._ctx, row.project.id, self)

    def _update_buttons(self) -> None:
        row = self.selected()
        self.score_button.setEnabled(row is not None)
        self.score_button.setText(_("My sheet…") if row is not None and row.submitted else _("Score…"))
