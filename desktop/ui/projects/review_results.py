"""评审结果 for the station head: a round's proposals ranked by their mean score, and the approval list
(立项金额) drawn up against the pool.

The approved amounts are typed in the table, in yuan, or filled from the service's suggestion; the
pool, what the amounts come to and what is left follow as they change, red when over. Nothing is
kept until Save approvals, which writes them all in one unit of work: the service checks each against
its request and the pool, and its refusal shows under the table. The summary workbook (.xlsx) is
written on the database worker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHeaderView, QLabel, QPushButton, QStackedWidget,
                               QVBoxLayout, QWidget)
from sqlalchemy.orm import Session

from desktop.domain.money import from_fen
from desktop.domain.project_workflow import STATUS_LABELS, Status
from desktop.errors import ValidationError, WusheError
from desktop.i18n import N_, _
from desktop.services import reviews, round_summary
from desktop.services.reviews import ResultRow, RoundResults
from desktop.services.rounds import RoundView
from desktop.ui.context import AppContext
from desktop.ui.forms import ERROR_COLOR, error_label
from desktop.ui.layouts import button_row
from desktop.ui.list_view import list_view
from desktop.ui.pdf_jobs import file_name
from desktop.ui.projects.money_field import optional_fen, yuan
from desktop.ui.projects.project_fields import TOPIC
from desktop.ui.registers.paged_list import shortcut
from desktop.ui.table_model import RIGHT, Column, Index
from desktop.ui.tasks import Progress
from desktop.ui.volunteers.rows_model import RowsModel

def set_approvals(session: Session, changes: Sequence[tuple[str, int | None]]) -> None:
    """The approval list's changes (project id, amount or None to take it off), in one unit of work."""
    for project_id, amount in changes:
        reviews.set_approved(session, project_id, amount)


def _status(row: ResultRow) -> str:
    return _(STATUS_LABELS[row.status]) if row.status in STATUS_LABELS else row.status


def _columns(model: ApprovalsModel) -> list[Column[ResultRow]]:
    def approved(row: ResultRow) -> str:
        amount = model.amount(row)
        return "" if amount is None else yuan(amount)

    return [
        Column(N_("Rank"), None, lambda r: "" if r.rank is None else str(r.rank), RIGHT),
        Column(N_("Number"), None, lambda r: r.number),
        Column(N_("Title"), None, lambda r: r.title),
        Column(N_("Applicant"), None, lambda r: r.applicant),
        Column(N_("Status"), None, _status),
        Column(N_("Mean score"), None, lambda r: "" if r.score is None else str(r.score), RIGHT),
        Column(N_("Sheets in"), None, lambda r: f"{r.sheets_in}/{model.reviewers}", RIGHT),
        Column(N_("Requested (yuan)"), None, lambda r: yuan(r.requested_fen), RIGHT),
        Column(N_("Approved (yuan)"), None, approved, RIGHT),
    ]


TITLE, APPROVED = 2, 8  # the columns of the title and the approved amount


class ApprovalsModel(RowsModel[ResultRow]):
    """The ranking, with the approved amounts being drawn up: a proposal in review takes a new amount
    (or none) typed in its cell; the others show what was granted."""

    edited = Signal()  # an amount changed, or the suggestion filled them
    refused = Signal(str)  # what was typed is not an amount

    def __init__(self) -> None:
        self._edits: dict[str, int | None] = {}  # project id → amount not saved yet
        self.reviewers = 0  # the round's, whose sheets each proposal waits for
        super().__init__(_columns(self))

    def amount(self, row: ResultRow) -> int | None:
        return self._edits[row.project_id] if row.project_id in self._edits else row.approved_fen

    def show_results(self, found: RoundResults, reviewers: int) -> None:
        """The rows as read; an amount not saved yet stays while its proposal is still in review."""
        in_review = {row.project_id for row in found.rows if row.status == Status.IN_REVIEW}
        self._edits = {key: value for key, value in self._edits.items() if key in in_review}
        self.reviewers = reviewers
        self.set_rows(found.rows)

    def unsaved(self, row: ResultRow) -> bool:
        return row.project_id in self._edits and self._edits[row.project_id] != row.approved_fen

    def changes(self) -> list[tuple[str, int | None]]:
        """The amounts that differ from the saved ones, those that go down first: a cut makes room in
        the pool for a rise."""
        changed = [(row, self._edits[row.project_id]) for row in self.rows() if self.unsaved(row)]
        changed.sort(key=lambda pair: (pair[1] or 0) - (pair[0].approved_fen or 0))
        return [(row.project_id, amount) for row, amount in changed]

    def edited_change(self) -> int:
        """What the amounts typed and not saved add to (or take from) the approvals as saved."""
        return sum((self.amount(row) or 0) - (row.approved_fen or 0) for row in self.rows()
                   if row.status == Status.IN_REVIEW)

    def fill(self, amounts: Mapping[str, int]) -> None:
        """Every proposal in review gets its amount from ``amounts``, or none."""
        for row in self.rows():
            if row.status == Status.IN_REVIEW:
                self._edits[row.project_id] = amounts.get(row.project_id)
        self._changed_all()

    def forget_edits(self) -> None:
        self._edits.clear()
        self._changed_all()

    def _changed_all(self) -> None:
        if self.rows():
            self.dataChanged.emit(self.index(0, APPROVED), self.index(len(self.rows()) - 1, APPROVED))
        self.edited.emit()

    @staticmethod
    def _can_edit(row: ResultRow | None) -> bool:
        return row is not None and row.status == Status.IN_REVIEW

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() == APPROVED and self._can_edit(self.row_object(index)):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_object(index)
        if row is None or index.column() not in (TITLE, APPROVED):
            return super().data(index, role)
        if index.column() == TITLE:
            return row.title if role == Qt.ItemDataRole.ToolTipRole else super().data(index, role)
        amount = self.amount(row)
        over = amount is not None and amount > row.requested_fen
        if role == Qt.ItemDataRole.EditRole:
            return "" if amount is None else str(from_fen(amount))
        if role == Qt.ItemDataRole.ForegroundRole and over:
            return QColor(ERROR_COLOR)
        if role == Qt.ItemDataRole.FontRole and self.unsaved(row):
            font = QFont()
            font.setBold(True)  # not saved yet
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if over:
                return _("Above the request of {requested} yuan.").format(requested=yuan(row.requested_fen))
            if self._can_edit(row):
                return _("Type the amount in yuan; leave it empty to take the proposal off the list.")
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row = self.row_object(index)
        if role != Qt.ItemDataRole.EditRole or index.column() != APPROVED or not self._can_edit(row):
            return False
        assert row is not None
        try:
            amount = optional_fen(str(value), "approved_fen")
        except ValidationError as exc:
            self.refused.emit(exc.message)
            return False
        self._edits[row.project_id] = amount
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True


class ResultsPanel(QWidget):
    """The ranking of one round at a time (``show_round``), for the station head."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._round: RoundView | None = None
        self._results: RoundResults | None = None
        self.pool = QLabel()
        self.refusal = error_label()
        self.model = ApprovalsModel()
        self.model.edited.connect(self._update)
        self.model.edited.connect(self.refusal.hide)
        self.model.refused.connect(self._refuse)
        self.view = list_view(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(_("No proposal of this round has been submitted yet."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._body = QStackedWidget()
        self._body.addWidget(self.view)
        self._body.addWidget(self.empty)
        self.suggest_button = QPushButton(_("Suggest amounts"))
        self.suggest_button.setToolTip(_("In rank order, each proposal in review gets its full request while the "
                                         "pool lasts; nothing is kept until you save"))
        self.suggest_button.clicked.connect(self.suggest)
        self.save_button = QPushButton(_("Save approvals"))
        self.save_button.setToolTip(_("Keep the approved amounts (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.export_button = QPushButton(_("Export summary (.xlsx)…"))
        self.export_button.setToolTip(_("The ranking, every reviewer's scores and the amounts as saved"))
        self.export_button.clicked.connect(self.export)
        shortcut(self, QKeySequence.StandardKey.Save, Qt.ShortcutContext.WidgetWithChildrenShortcut).activated.connect(
            self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pool)
        layout.addWidget(self._body, 1)
        layout.addWidget(self.refusal)
        layout.addLayout(button_row(self.suggest_button, self.save_button, self.export_button))

    def show_round(self, found: RoundView) -> None:
        """The round's results afresh; amounts typed for another round are dropped."""
        if self._round is not None and found.id != self._round.id:
            self.model.forget_edits()
        self._round = found
        self.load()

    def load(self) -> None:
        if self._round is None:
            return
        self._results = self._ctx.gateway.read(reviews.results, self._round.id)
        self.model.show_results(self._results, len(self._round.reviewers))
        self._body.setCurrentWidget(self.view if self._results.rows else self.empty)
        self._update()

    def _update(self) -> None:
        """The pool, what the amounts come to and what is left, as they stand on screen."""
        if self._results is None:
            return
        # As saved, and as typed since; what terminated projects were not paid is back in the pool.
        returned = self._results.returned_fen
        approved = self._results.approved_fen + returned + self.model.edited_change()
        left = self._results.pool_fen - approved + returned
        shown = _("Pool {pool} yuan · approved {approved} yuan · left {left} yuan")
        if returned:
            shown = _("Pool {pool} yuan · approved {approved} yuan · returned by terminated projects {returned} yuan · "
                      "left {left} yuan")
        text = shown.format(pool=yuan(self._results.pool_fen), approved=yuan(approved), returned=yuan(returned),
                            left=yuan(left))
        if self.model.changes():
            text += "    " + _("(not saved)")
        self.pool.setText(text)
        self.pool.setStyleSheet(f"color: {ERROR_COLOR};" if left < 0 else "")
        in_review = any(row.status == Status.IN_REVIEW for row in self.model.rows())
        self.suggest_button.setEnabled(in_review)
        self.save_button.setEnabled(bool(self.model.changes()))

    def _refuse(self, message: str) -> None:
        self.refusal.setText(message)
        self.refusal.show()

    # --- actions --------------------------------------------------------------------------
    def suggest(self) -> None:
        if self._round is not None:
            self.model.fill(self._ctx.gateway.read(reviews.suggest, self._round.id))

    def save(self) -> None:
        changes = self.model.changes()
        if not changes:
            return
        self.save_button.setEnabled(False)

        def saved(_result: object) -> None:
            self.model.forget_edits()
            self._ctx.events.publish(TOPIC)
            self._ctx.events.tell(_("The approved amounts are saved."))

        def failed(error: WusheError) -> None:
            self._update()
            self._refuse(error.message)

        gateway = self._ctx.gateway
        self._ctx.tasks.run(lambda _progress: gateway.write(set_approvals, changes), parent=self,
                            label=_("Saving the approved amounts…"), on_success=saved, on_failure=failed)

    def export(self) -> None:
        """Ask where, then write the round's summary workbook on the database worker."""
        if self._round is None:
            return
        found = self._round
        suggested = Path.home() / f"{file_name(found.name)}-{date.today().isoformat()}.xlsx"
        name, _filter = QFileDialog.getSaveFileName(self, _("Export the round summary"), str(suggested),
                                                    _("Excel workbooks (*.xlsx)"))
        if not name:
            return
        path = Path(name) if name.lower().endswith(".xlsx") else Path(f"{name}.xlsx")
        gateway = self._ctx.gateway

        def job(progress: Progress) -> Path:
            progress(0, 1, _("Writing {file}…").format(file=path.name))
            return gateway.read(round_summary.write_summary, found.id, path)

        self._ctx.tasks.run(job, parent=self, label=_("Exporting to {file}…").format(file=path.name),
                            on_success=lambda written: self._ctx.events.tell(
                                _("The round summary is saved as {file}.").format(file=written.name)))
