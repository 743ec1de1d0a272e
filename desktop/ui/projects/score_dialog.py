"""One reviewer's score sheet of a proposal (评分表): the proposal beside the round's criteria, a score and
a comment for each, the weighted total as it stands, and the opinion (评审意见).

Save keeps the draft; Submit hands the sheet in for good, once every criterion is scored. The other
reviewers' sheets show once the service lets this reviewer see them (after their own is in); before
that the dialog says why, in the service's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (QDialogButtonBox, QDoubleSpinBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QMessageBox, QPlainTextEdit, QPushButton, QTableView, QVBoxLayout, QWidget)
from sqlalchemy.orm import Session

from desktop.domain.project_scoring import MAX_SCORE, Criterion, sheet_score
from desktop.errors import WusheError
from desktop.i18n import N_, _, format_date, ngettext
from desktop.services import reviews
from desktop.services.cell_parsers import listing
from desktop.services.guard import PermissionDenied
from desktop.services.project_detail import ProposalDetail, detail
from desktop.services.reviews import SheetView
from desktop.ui.cases.case_fields import line_edit, text_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.gateway import Gateway
from desktop.ui.layouts import button_row
from desktop.ui.list_view import list_view
from desktop.ui.projects.money_field import yuan
from desktop.ui.projects.project_fields import published
from desktop.ui.projects.project_print import print_proposal
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.tasks import Job
from desktop.ui.volunteers.rows_model import RowsModel

UNSCORED = -1.0  # one step below 0 on a score box: the criterion has no score yet
COMMENT_LENGTH = 300  # as the service keeps them
SUMMARY_LINES = 8
WIDTH = 1080  # the proposal beside the sheet, within a 1366-pixel screen
OTHERS_HEIGHT = 160  # pixels of the other reviewers' sheets before they scroll

OTHERS: list[Column[SheetView]] = [
    Column(N_("Reviewer"), None, lambda s: s.reviewer_name),
    Column(N_("Score"), None, lambda s: "" if s.score is None else str(s.score), RIGHT),
    Column(N_("Opinion"), None, lambda s: s.opinion),
]


class ScoreBox(QDoubleSpinBox):
    """A criterion's score, 0–100 with one decimal place, or none yet (shown as such, one step below 0)."""

    def __init__(self, score: Decimal | None) -> None:
        super().__init__()
        self.setRange(UNSCORED, MAX_SCORE)
        self.setDecimals(1)
        self.setSpecialValueText(_("Not scored"))
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(110)
        self.setValue(UNSCORED if score is None else float(score))
        self.valueChanged.connect(self._snap)

    def score(self) -> Decimal | None:
        value = self.value()
        return None if value < 0 else Decimal(f"{value:.1f}")  # the box keeps one place: exact as text

    def _snap(self, value: float) -> None:
        if UNSCORED < value < 0:  # a negative score typed: no score, shown as such
            self.setValue(UNSCORED)


@dataclass(frozen=True)
class SheetInput:
    scores: dict[str, Decimal]  # criterion id → score, the scored ones only
    comments: dict[str, str]  # criterion id → comment, the ones written
    opinion: str


@dataclass(frozen=True)
class OpenedSheet:
    sheet: SheetView  # the signed-in reviewer's
    proposal: ProposalDetail
    others: tuple[SheetView, ...]  # the other reviewers' submitted sheets, when the service shows them
    hidden_why: str  # the service's reason for not showing them; "" when it does


def opened_sheet(gateway: Gateway, project_id: str) -> OpenedSheet:
    """The reviewer's sheet (made on first opening, so written), the proposal, and the others' sheets
    or why they are hidden."""
    sheet = gateway.write(reviews.my_sheet, project_id)
    proposal = gateway.read(detail, project_id)
    try:
        others = tuple(s for s in gateway.read(reviews.sheets, project_id) if s.id != sheet.id)
    except PermissionDenied as exc:
        return OpenedSheet(sheet, proposal, (), exc.message)
    return OpenedSheet(sheet, proposal, others, "")


def keep_sheet(session: Session, project_id: str, values: SheetInput, submit: bool) -> SheetView:
    """Save the draft and, when submitting, hand it in, in one unit of work: a refused submission
    leaves the sheet as it was."""
    sheet = reviews.save_scores(session, project_id, values.scores, values.comments, values.opinion)
    return reviews.submit_sheet(session, project_id) if submit else sheet


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class ScoreDialog(FormDialog):
    """``outcome`` is the sheet as saved or submitted. A submitted sheet opens to be read only."""

    def __init__(self, ctx: AppContext, opened: OpenedSheet, parent: QWidget | None = None) -> None:
        project = opened.proposal.project
        super().__init__(ctx, title=_("Score sheet: {number} {title}").format(number=project.number,
                                                                              title=project.title),
                         ok_text=_("Save draft"), parent=parent)
        self._sheet, self._project_id = opened.sheet, project.id
        self._submitting = False
        self._criteria = [Criterion(c.criterion_id, c.name, c.weight) for c in opened.sheet.criteria]
        self.boxes: dict[str, ScoreBox] = {}
        self.comments: dict[str, QLineEdit] = {}
        for criterion in opened.sheet.criteria:
            self.boxes[criterion.criterion_id] = ScoreBox(criterion.score)
            self.comments[criterion.criterion_id] = line_edit(COMMENT_LENGTH, criterion.comment)
            self.form.add_row(criterion.criterion_id, _("{criterion} ({weight})").format(
                criterion=criterion.name, weight=criterion.weight), self._criterion_row(criterion.criterion_id,
                                                                                      criterion.guidance))
        self.total = QLabel()
        font = QFont(self.total.font())
        font.setBold(True)
        self.total.setFont(font)
        self.form.layout.addRow(self.total)
        self.opinion = text_edit(opened.sheet.opinion)
        self.opinion.setPlaceholderText(_("What the proposal does well, what it lacks, what to change"))
        self.form.add_row("opinion", _("Opinion (评审意见)"), self.opinion)
        self.submit_button = self.buttons.addButton(_("Submit…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.submit_button.clicked.connect(self.submit)
        self._lay_out(opened)
        for criterion_id, box in self.boxes.items():  # watched once filled: filling is not the user's edit
            self.form.watch(criterion_id, box.valueChanged, self.comments[criterion_id].textEdited)
        self._chain_tabs()
        self.resize(WIDTH, self.sizeHint().height())
        if opened.sheet.submitted_at is not None:
            self.show_read_only()
            self.submit_button.hide()
        self.update_button()
        if self.boxes:
            next(iter(self.boxes.values())).setFocus()

    # --- building -------------------------------------------------------------------------
    def _criterion_row(self, criterion_id: str, guidance: str) -> QWidget:
        """The score and the comment side by side, the criterion's guidance under them."""
        row = QWidget()
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        inputs = QHBoxLayout()
        comment = self.comments[criterion_id]
        comment.setPlaceholderText(_("Comment (optional)"))
        inputs.addWidget(self.boxes[criterion_id])
        inputs.addWidget(comment, 1)
        layout.addLayout(inputs)
        if guidance:
            layout.addWidget(_muted(guidance))
        return row

    def _lay_out(self, opened: OpenedSheet) -> None:
        """The proposal and the others' sheets on the left, the sheet on the right."""
        index = self.content.indexOf(self.form.layout)
        self.content.removeItem(self.form.layout)
        self.form.layout.setParent(None)  # a layout moves into another only once it has no parent
        sheet = QVBoxLayout()
        if opened.sheet.submitted_at is not None:
            sheet.addWidget(_muted(_("Submitted on {day}: the sheet is final.").format(
                day=format_date(opened.sheet.submitted_at.date()))))
        sheet.addLayout(self.form.layout)
        sheet.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(self._proposal(opened.proposal), 2)
        columns.addSpacing(16)
        columns.addLayout(sheet, 3)
        self.content.insertLayout(index, columns, 1)
        self.content.insertWidget(index + 1, self._others(opened))

    def _proposal(self, proposal: ProposalDetail) -> QVBoxLayout:
        project = proposal.project
        column = QVBoxLayout()
        heading = QLabel(f"{project.number}  {project.title}")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        heading.setFont(font)
        heading.setWordWrap(True)
        column.addWidget(heading)
        column.addWidget(_muted(_("{applicant} · {community} · asks {requested} yuan · {starts} – {ends}").format(
            applicant=project.org_name, community=project.community, requested=yuan(project.requested_fen),
            starts=format_date(project.starts_on), ends=format_date(project.ends_on))))
        column.addWidget(QLabel(_("Summary (项目简介)")))
        self.summary = QPlainTextEdit(proposal.summary or _("The proposal has no summary."))
        self.summary.setReadOnly(True)
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(self.summary.fontMetrics().lineSpacing() * SUMMARY_LINES + 12)
        column.addWidget(self.summary)
        self.preview_button = QPushButton(_("Preview the proposal (申报书)…"))
        self.preview_button.setToolTip(_("The whole proposal as it prints: plan, team and budget"))
        self.preview_button.clicked.connect(lambda: print_proposal(self._ctx, project, self))
        column.addLayout(button_row(self.preview_button))
        column.addStretch(1)
        return column

    def _others(self, opened: OpenedSheet) -> QGroupBox:
        """The other reviewers' sheets, or why they are not shown yet."""
        box = QGroupBox(_("The other reviewers"))
        layout = QVBoxLayout(box)
        self.others_table: QTableView | None = None
        if opened.hidden_why:
            self.others_note = _muted(opened.hidden_why)
        elif not opened.others:
            self.others_note = _muted(_("No other reviewer has submitted a sheet yet."))
        else:
            self.others_note = _muted(ngettext("{n} sheet is in.", "{n} sheets are in.", len(opened.others))
                                      .format(n=len(opened.others)))
            model: RowsModel[SheetView] = RowsModel(OTHERS)
            model.set_rows(opened.others)
            self.others_table = list_view(model)
            self.others_table.horizontalHeader().setStretchLastSection(True)
            self.others_table.resizeColumnsToContents()
            self.others_table.setFixedHeight(min(  # the sheets in, up to a handful before it scrolls
                self.others_table.horizontalHeader().sizeHint().height()
                + self.others_table.verticalHeader().length() + 2 * self.others_table.frameWidth(), OTHERS_HEIGHT))
            layout.addWidget(self.others_table)
        layout.insertWidget(0, self.others_note)
        return box

    def _chain_tabs(self) -> None:
        """Tab goes score, comment, next score … then the opinion and the buttons."""
        chain: list[QWidget] = []
        for criterion_id, box in self.boxes.items():
            chain += [box, self.comments[criterion_id]]
        chain += [self.opinion, self.ok_button, self.submit_button, self.cancel_button, self.preview_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # --- what the sheet says --------------------------------------------------------------
    def scores(self) -> dict[str, Decimal | None]:
        return {criterion_id: box.score() for criterion_id, box in self.boxes.items()}

    def missing(self) -> list[str]:
        """The names of the criteria not scored yet, in the rubric's order."""
        scores = self.scores()
        return [c.name for c in self._sheet.criteria if scores[c.criterion_id] is None]

    def weighted_total(self) -> Decimal:
        """The sheet's score with the criteria not scored yet counting 0: what it comes to so far."""
        return sheet_score(self._criteria, {key: score or Decimal(0) for key, score in self.scores().items()})

    def checked(self) -> SheetInput:
        scores = {key: score for key, score in self.scores().items() if score is not None}
        comments = {key: edit.text().strip() for key, edit in self.comments.items() if edit.text().strip()}
        return SheetInput(scores, comments, self.opinion.toPlainText())

    def update_button(self) -> None:
        super().update_button()
        missing = self.missing()
        scored = len(self._criteria) - len(missing)
        self.total.setText(_("Weighted total: {total}").format(total=self.weighted_total()) + "    " + ngettext(
            "{scored} of {count} criterion scored", "{scored} of {count} criteria scored", len(self._criteria))
            .format(scored=scored, count=len(self._criteria)))
        self.submit_button.setEnabled(self.ok_button.isEnabled() and not missing)
        self.submit_button.setToolTip(_("Still to score: {criteria}").format(criteria=listing(missing))
                                      if missing else _("Hand the sheet in; it can no longer change after"))

    # --- saving ---------------------------------------------------------------------------
    def submit(self) -> None:
        """Ask, then save and hand the sheet in."""
        if self.missing():
            return
        asked = QMessageBox.question(
            self, _("Submit the score sheet"),
            _("Submit your sheet with a weighted score of {total}?\n\nA submitted sheet is final: it can no "
              "longer change. The other reviewers' scores show after that.").format(total=self.weighted_total()))
        if asked != QMessageBox.StandardButton.Yes:
            return
        self._submitting = True
        self.save()

    def job(self, values: SheetInput) -> Job:
        gateway, project_id, submit = self._ctx.gateway, self._project_id, self._submitting
        return lambda _progress: gateway.write(keep_sheet, project_id, values, submit)

    def progress_text(self) -> str:
        return _("Submitting the score sheet…") if self._submitting else _("Saving the draft…")

    def show_failure(self, error: WusheError) -> None:
        self._submitting = False
        super().show_failure(error)


def open_score_sheet(ctx: AppContext, project_id: str, parent: QWidget) -> None:
    """The signed-in reviewer's sheet of the proposal, read (and made, the first time) on the
    database worker, then shown; a saved sheet is told to every view of projects."""
    def show(opened: OpenedSheet) -> None:
        published(ctx, ScoreDialog(ctx, opened, parent))

    ctx.tasks.run(lambda _progress: opened_sheet(ctx.gateway, project_id), parent=parent,
                  label=_("Opening the score sheet…"), on_success=show)
