"""Record a mid-term or final evaluation (中期评估, 结项评估): who evaluated, when, the conclusion, the funds
received so far, and the sections of the evaluation. The outputs planned against achieved and the budget
against spending on the evaluation's date are shown above the form, read-only, for reference while writing.

An evaluation is kept as recorded; one done again is a new record, and the latest of its kind counts. The
same dialog shows a recorded one, read-only, with the figures as they stood on its date.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop.domain.codes import EVALUATION_CONCLUSIONS, PROJECT_EVALUATION_KINDS
from desktop.i18n import N_, _
from desktop.services import project_activities, project_evaluations, project_spending
from desktop.services.project_activities import Outputs
from desktop.services.project_evaluations import NARRATIVES, EvaluationInput, EvaluationView
from desktop.services.project_spending import Spending
from desktop.services.projects import ProjectView
from desktop.ui.cases.case_fields import line_edit, text_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.projects.money_field import money_edit, optional_fen
from desktop.ui.projects.project_fields import scrolled
from desktop.ui.projects.running_figures import OutputsBox, spending_summary
from desktop.ui.projects.running_tab import project_day_edit
from desktop.ui.registers.choices import choice_combo, labelled
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day

SECTION_LABELS = dict(zip(NARRATIVES, (N_("Progress (执行情况)"), N_("Outcomes and social benefit (目标达成与社会效益)"),
                                       N_("Management (组织管理)"), N_("Use of funds and variances (经费使用)"),
                                       N_("Problems and next steps (问题与下一步)")), strict=True))
NEXT_STEP = {"midterm": N_("Once recorded, the project can take its step to the mid-term (中期评估)."),
             "final": N_("Once recorded, the project can be closed (结项).")}


def kinds_at(status: str) -> dict[str, str]:
    """The kinds of evaluation recorded at ``status`` (a mid-term one while running, a final one at mid-term)."""
    return {kind: _(text) for kind, text in PROJECT_EVALUATION_KINDS.items()
            if project_evaluations.RECORDED_AT[kind] == status}


class EvaluationDialog(FormDialog):
    """A new evaluation of the kind the project's status takes, or ``shows`` as recorded (read-only)."""

    def __init__(self, ctx: AppContext, project: ProjectView, shows: EvaluationView | None = None,
                 parent: QWidget | None = None) -> None:
        kinds = kinds_at(project.status) if shows is None else labelled(PROJECT_EVALUATION_KINDS)
        kind = shows.kind if shows is not None else next(iter(kinds), "")
        super().__init__(ctx, title=_("Record an evaluation") if shows is None else _("Evaluation of {date}").format(
            date=shows.evaluated_on.isoformat()), ok_text=_("Record"), parent=parent,
            intro=_(NEXT_STEP[kind]) if shows is None and kind in NEXT_STEP else "")
        self._project_id = project.id
        self.kind = QComboBox()
        fill_combo(self.kind, kinds, kind)
        self.evaluated_on = project_day_edit(project, shows.evaluated_on if shows else None)
        self.evaluator = line_edit(100, shows.evaluator if shows else "")
        self.evaluator.setPlaceholderText(_("Who evaluated: the county's office, a third party"))
        self.conclusion: QComboBox = choice_combo(labelled(EVALUATION_CONCLUSIONS))
        if shows is not None:
            fill_combo(self.conclusion, labelled(EVALUATION_CONCLUSIONS), shows.conclusion)
        self.funds_received = money_edit(shows.funds_received_fen if shows else None,
                                         _("Yuan; empty when not stated"))
        self.sections = {key: text_edit(getattr(shows, key) if shows else "") for key in NARRATIVES}
        self.outputs = OutputsBox()
        self.spending = QLabel()
        self.spending.setWordWrap(True)
        form = self.form
        form.add_row("kind", _("Kind"), self.kind)
        form.add_row("evaluated_on", _("Evaluation date"), self.evaluated_on)
        form.add_row("evaluator", _("Evaluated by"), self.evaluator)
        form.add_row("conclusion", _("Conclusion"), self.conclusion)
        form.add_row("funds_received", _("Funds received (到位资金)"), self.funds_received)
        for key, box in self.sections.items():
            form.add_row(key, _(SECTION_LABELS[key]), box)
        self._lay_out()
        if shows is None:
            self.evaluated_on.dateChanged.connect(lambda _day: self._figures_on(day(self.evaluated_on)))
            self._figures_on(day(self.evaluated_on))
        else:
            self._show_figures(shows.evaluated_on, shows.outputs, shows.budget)
        self.resize(900, 700)
        self.update_button()
        self.evaluator.setFocus()

    def _lay_out(self) -> None:
        """The figures for reference on top, the form under them scrolling when the screen is short."""
        reference = QGroupBox(_("For reference"))
        column = QVBoxLayout(reference)
        column.addWidget(self.outputs)
        column.addWidget(self.spending)
        self.content.removeItem(self.form.layout)
        self.form.layout.setParent(None)  # a layout taken out of one layout may be given to a widget
        self.content.insertWidget(self.content.count() - 1, reference)
        self.content.insertWidget(self.content.count() - 1, scrolled(self.form.layout), 1)

    def _figures_on(self, day_: date) -> None:
        gateway, project_id = self._ctx.gateway, self._project_id
        self._show_figures(day_, gateway.read(project_activities.outputs, project_id, as_of=day_),
                           gateway.read(project_spending.budget_vs_actual, project_id, as_of=day_).total)

    def _show_figures(self, day_: date, outputs: Outputs, budget: Spending) -> None:
        self.outputs.setTitle(_("Outputs on {date}: achieved of planned").format(date=day_.isoformat()))
        self.outputs.fill(outputs)
        self.spending.setText(spending_summary(budget))

    def checked(self) -> EvaluationInput:
        texts: Sequence[str] = [self.sections[key].toPlainText() for key in NARRATIVES]
        return EvaluationInput(combo_value(self.kind), day(self.evaluated_on), self.evaluator.text(),
                               combo_value(self.conclusion), optional_fen(self.funds_received.text(), "funds_received"),
                               *texts).validated()

    def job(self, values: EvaluationInput) -> Job:
        gateway, project_id = self._ctx.gateway, self._project_id
        return lambda _progress: gateway.write(project_evaluations.add_evaluation, project_id, values)
