"""评估: the project's mid-term and final evaluations in the order recorded (the latest of a kind counts);
a mid-term one is recorded while the project runs, a final one at mid-term. Double-click or Enter shows
an evaluation whole, with the figures as they stood on its date."""

from __future__ import annotations

from desktop.domain.codes import EVALUATION_CONCLUSIONS, PROJECT_EVALUATION_KINDS, label
from desktop.domain.permissions import Action
from desktop.i18n import N_, _
from desktop.services import project_evaluations
from desktop.services.project_evaluations import RECORDED_AT, EvaluationView
from desktop.ui.context import AppContext
from desktop.ui.projects.evaluation_dialog import EvaluationDialog
from desktop.ui.projects.money_field import yuan
from desktop.ui.projects.project_fields import published
from desktop.ui.projects.running_tab import RunningTab
from desktop.ui.table_model import RIGHT, Column

COLUMNS: list[Column[EvaluationView]] = [
    Column(N_("Kind"), None, lambda e: label(PROJECT_EVALUATION_KINDS, e.kind)),
    Column(N_("Evaluation date"), None, lambda e: e.evaluated_on.isoformat()),
    Column(N_("Evaluated by"), None, lambda e: e.evaluator),
    Column(N_("Conclusion"), None, lambda e: label(EVALUATION_CONCLUSIONS, e.conclusion)),
    Column(N_("Funds received (yuan)"), None,
           lambda e: "" if e.funds_received_fen is None else yuan(e.funds_received_fen), RIGHT),
    Column(N_("Progress"), None, lambda e: e.progress),
    Column(N_("Recorded by"), None, lambda e: e.by_name),
]


class EvaluationsTab(RunningTab[EvaluationView]):
    def __init__(self, ctx: AppContext, project_id: str) -> None:
        super().__init__(ctx, project_id, COLUMNS, lambda p: ctx.gateway.read(project_evaluations.evaluations, p),
                         Action.EDIT_PROJECTS, frozenset(RECORDED_AT.values()))
        self.add_button = self.action(_("Record an evaluation…"), self.record)
        self.view.activated.connect(lambda _index: self.open_selected())
        self.totals.show()
        self.load()

    def load(self) -> None:
        super().load()
        self.totals.setText(_("Double-click an evaluation to read it whole.") if self.model.rowCount() else
                            _("No evaluation yet. A mid-term evaluation is recorded while the project runs, the "
                              "final one at mid-term."))

    def update_actions(self) -> None:
        self.allow(self.add_button, True)

    def record(self) -> None:
        if self.may_edit and self.takes_entries():
            published(self._ctx, EvaluationDialog(self._ctx, self.project, None, self))

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            dialog = EvaluationDialog(self._ctx, self.project, row, self)
            dialog.show_read_only()
            dialog.exec()
            dialog.deleteLater()
