"""服务计划: the version of the plan in force on a day (today unless another is chosen) with its goals;
a goal's status changes as the work goes on; a new version starts from the goals of the latest."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from desktop.domain.codes import GOAL_STATUSES, label
from desktop.i18n import N_, _, format_date
from desktop.services import case_record
from desktop.services.case_record import GoalInput, GoalView, PlanInput, PlanView
from desktop.services.cases import CaseView
from desktop.services.forms import optional_text
from desktop.ui.cases.case_fields import CaseTab, adding, case_day_edit, is_open, saved, text_edit
from desktop.ui.cases.goals_editor import FIELD as GOALS, GoalsEditor
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.registers.choices import labelled
from desktop.ui.registers.date_field import DateEdit
from desktop.ui.table_model import Column
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day

COLUMNS: list[Column[GoalView]] = [
    Column(N_("No."), None, lambda g: str(g.position)),
    Column(N_("Goal"), None, lambda g: g.goal),
    Column(N_("Indicator"), None, lambda g: g.indicator),
    Column(N_("Target date"), None, lambda g: format_date(g.target_on) if g.target_on else ""),
    Column(N_("Status"), None, lambda g: label(GOAL_STATUSES, g.status)),
]


def _achieved_in_bold(goal: GoalView, column: int, role: int) -> Any:
    if column == 4 and role == Qt.ItemDataRole.FontRole and goal.status == "achieved":
        font = QFont()
        font.setBold(True)
        return font
    return None


def plan_text(plan: PlanView | None, on: date) -> str:
    if plan is None:
        return _("No version of the plan is in force on {date}.").format(date=format_date(on))
    facts = [_("Version {version}, in force from {date}").format(version=plan.version,
                                                                  date=format_date(plan.effective_on)),
             _("agreed by the client") if plan.client_agreed else _("not yet agreed by the client"),
             _("drawn up by {name}").format(name=plan.by_name)]
    text = " · ".join(facts)
    return text + "\n" + _("Strategies: {text}").format(text=plan.strategies) if plan.strategies else text


class PlanTab(CaseTab[GoalView]):
    def __init__(self, ctx: AppContext, case: CaseView) -> None:
        super().__init__(ctx, case, COLUMNS, self._goals, _achieved_in_bold)
        self.plan: PlanView | None = None
        self.on = DateEdit()
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        caption = QLabel(_("In force on"))
        caption.setBuddy(self.on)
        top = QHBoxLayout()
        top.addWidget(caption)
        top.addWidget(self.on)
        top.addWidget(self.heading, 1)
        self.column.insertLayout(0, top)
        self.on.dateChanged.connect(lambda _day: self.load())
        self.new_button = self.action(_("New version of the plan…"), adding(ctx, self._new_version))
        self.status_button = self.action(_("Change the goal's status…"), self.change_status)
        self.totals.show()

    def on_day(self) -> date:
        return day(self.on)

    def _goals(self, case: CaseView) -> tuple[GoalView, ...]:
        self.plan = self._ctx.gateway.read(case_record.plan_in_force, case.id, self.on_day())
        return self.plan.goals if self.plan else ()

    def load(self) -> None:
        super().load()
        self.heading.setText(plan_text(self.plan, self.on_day()))
        versions = self._ctx.gateway.read(case_record.plans, self.case.id)
        self.totals.setText(_("Versions on file: {versions}").format(versions=_(", ").join(
            _("{version} from {date}").format(version=p.version, date=format_date(p.effective_on))
            for p in reversed(versions))) if versions else _("No service plan yet."))

    def update_actions(self) -> None:
        self.new_button.setEnabled(is_open(self.case))
        self.status_button.setEnabled(is_open(self.case) and self.selected() is not None)

    def _new_version(self) -> PlanDialog:
        latest = next(iter(self._ctx.gateway.read(case_record.plans, self.case.id)), None)
        return PlanDialog(self._ctx, self.case, latest, self)

    def change_status(self) -> None:
        goal = self.selected()
        if goal is not None:
            saved(self._ctx, GoalStatusDialog(self._ctx, goal, self))


class PlanDialog(FormDialog):
    """A new version of the plan, starting from the goals and strategies of ``latest``."""

    def __init__(self, ctx: AppContext, case: CaseView, latest: PlanView | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Service plan (服务计划)"), ok_text=_("Save"), parent=parent,
                         intro=_("Version {version} of the plan. Earlier versions stay on file.").format(
                             version=latest.version + 1 if latest else 1))
        self._case_id = case.id
        self.effective_on = case_day_edit(case)
        if latest is not None:
            self.effective_on.setMinimumDate(QDate(max(latest.effective_on, case.opened_on)))
        self.goals = GoalsEditor([GoalInput(g.goal, g.target_on, g.indicator)
                                  for g in (latest.goals if latest else ())])
        self.strategies = text_edit(latest.strategies if latest else "")
        self.client_agreed = QCheckBox(_("The client agreed to this version and signed it"))
        self.form.add_row("effective_on", _("In force from"), self.effective_on)
        self.form.add_row(GOALS, _("Goals"), self.goals)
        self.form.add_row("strategies", _("Strategies and activities"), self.strategies)
        self.form.add_row("client_agreed", "", self.client_agreed)
        # A later start may leave a copied goal's target date before it: say so at the goals.
        self.form.watch(GOALS, self.goals.edited, self.effective_on.dateChanged)
        self.setMinimumWidth(760)
        self.update_button()
        (self.goals.rows()[0].goal if self.goals.rows() else self.effective_on).setFocus()

    def checked(self) -> PlanInput:
        effective = day(self.effective_on)
        return PlanInput(effective, self.goals.values(effective),
                         optional_text(self.strategies.toPlainText(), "strategies", 1000),
                         self.client_agreed.isChecked())

    def job(self, values: PlanInput) -> Job:
        gateway, case_id = self._ctx.gateway, self._case_id
        return lambda _progress: gateway.write(case_record.add_plan, case_id, values)


class GoalStatusDialog(FormDialog):
    def __init__(self, ctx: AppContext, goal: GoalView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Change the goal's status"), ok_text=_("Save"), parent=parent, intro=goal.goal)
        self._goal_id = goal.id
        self.status = QComboBox()
        fill_combo(self.status, labelled(GOAL_STATUSES), goal.status)
        self.form.add_row("status", _("Status"), self.status)
        self.update_button()
        self.status.setFocus()

    def checked(self) -> str:
        return combo_value(self.status)

    def job(self, values: str) -> Job:
        gateway, goal_id = self._ctx.gateway, self._goal_id
        return lambda _progress: gateway.write(case_record.set_goal_status, goal_id, values)
