"""评估: evaluations of the service, once it has started; closing the case needs one since the service
last (re)started."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.domain.case_workflow import Stage
from desktop.domain.codes import GOALS_MET, label
from desktop.i18n import N_, _, format_date
from desktop.services import case_record
from desktop.services.case_record import EvaluationInput, EvaluationView
from desktop.services.cases import CaseView
from desktop.services.forms import one_of, optional_text
from desktop.ui.cases.case_fields import CaseTab, adding, case_day_edit, text_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value
from desktop.ui.registers.choices import choice_combo, labelled
from desktop.ui.table_model import Column
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day

EVALUATED_STAGES = (Stage.SERVICE, Stage.EVALUATION)  # the service has started and the case is open

COLUMNS: list[Column[EvaluationView]] = [
    Column(N_("Evaluated on"), None, lambda e: format_date(e.evaluated_on)),
    Column(N_("Goals"), None, lambda e: label(GOALS_MET, e.goals_met)),
    Column(N_("Client's feedback"), None, lambda e: e.client_feedback),
    Column(N_("Social worker's view"), None, lambda e: e.worker_view),
    Column(N_("Evaluated by"), None, lambda e: e.by_name),
]


class EvaluationsTab(CaseTab[EvaluationView]):
    def __init__(self, ctx: AppContext, case: CaseView) -> None:
        super().__init__(ctx, case, COLUMNS, lambda c: ctx.gateway.read(case_record.evaluations, c.id))
        self.add_button = self.action(_("Evaluate the service…"),
                                      adding(ctx, lambda: EvaluationDialog(ctx, self.case, self)))

    def update_actions(self) -> None:
        self.add_button.setEnabled(self.case.stage in EVALUATED_STAGES)
        self.add_button.setToolTip("" if self.case.stage in EVALUATED_STAGES else
                                   _("Evaluate the service once it has started."))


class EvaluationDialog(FormDialog):
    def __init__(self, ctx: AppContext, case: CaseView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Evaluate the service"), ok_text=_("Save"), parent=parent)
        self._case_id = case.id
        self.evaluated_on = case_day_edit(case)
        self.goals_met = choice_combo(labelled(GOALS_MET))
        self.client_feedback = text_edit()
        self.worker_view = text_edit()
        self.form.add_row("evaluated_on", _("Evaluated on"), self.evaluated_on)
        self.form.add_row("goals_met", _("Goals"), self.goals_met)
        self.form.add_row("client_feedback", _("Client's feedback"), self.client_feedback)
        self.form.add_row("worker_view", _("Social worker's view"), self.worker_view)
        self.update_button()
        self.goals_met.setFocus()

    def checked(self) -> EvaluationInput:
        return EvaluationInput(day(self.evaluated_on), one_of(combo_value(self.goals_met), GOALS_MET, "goals_met"),
                               optional_text(self.client_feedback.toPlainText(), "client_feedback", 1000),
                               optional_text(self.worker_view.toPlainText(), "worker_view", 1000))

    def job(self, values: EvaluationInput) -> Job:
        gateway, case_id = self._ctx.gateway, self._case_id
        return lambda _progress: gateway.write(case_record.add_evaluation, case_id, values)
