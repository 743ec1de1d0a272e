"""里程碑: the project's milestones (关键节点), soonest due first, overdue ones in the error colour; planned
from approval, changed and marked done while the project runs. The 工作台 lists those coming due."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

from desktop.domain.permissions import Action
from desktop.i18n import N_, _
from desktop.services import project_milestones
from desktop.services.project_milestones import PLANNED, MilestoneInput, MilestoneView
from desktop.services.projects import ProjectView
from desktop.ui.cases.case_fields import line_edit
from desktop.ui.cases.followups_tab import overdue_in_red
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.projects.project_fields import date_edit, published
from desktop.ui.projects.running_tab import RunningTab, project_day_edit
from desktop.ui.table_model import Column
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day

COLUMNS: list[Column[MilestoneView]] = [
    Column(N_("Milestone"), None, lambda m: m.name),
    Column(N_("Due by"), None, lambda m: m.due_on.isoformat()),
    Column(N_("Done on"), None, lambda m: m.done_on.isoformat() if m.done_on else ""),
    Column(N_("Note"), None, lambda m: m.note),
]


class MilestonesTab(RunningTab[MilestoneView]):
    def __init__(self, ctx: AppContext, project_id: str) -> None:
        super().__init__(ctx, project_id, COLUMNS,
                         lambda p: ctx.gateway.read(project_milestones.milestones, p), Action.EDIT_PROJECTS, PLANNED,
                         overdue_in_red)
        self.add_button = self.action(_("Add a milestone…"), self.add)
        self.edit_button = self.action(_("Change…"), self.edit)
        self.done_button = self.action(_("Mark as done…"), self.mark_done)
        self.view.activated.connect(lambda _index: self.edit())
        self.totals.show()
        self.load()

    def load(self) -> None:
        super().load()
        rows = self.model.rows()
        done, overdue = sum(1 for m in rows if m.done_on), sum(1 for m in rows if m.overdue)
        self.totals.setText(_("{done} of {n} done, {overdue} overdue.").format(done=done, n=len(rows), overdue=overdue)
                            if rows else _("No milestone yet. Add a milestone… plans the project's key dates; the "
                                           "Home page lists those coming due."))

    def update_actions(self) -> None:
        row = self.selected()
        self.allow(self.add_button, True)
        self.allow(self.edit_button, row is not None, _("Select a milestone first."))
        self.allow(self.done_button, row is not None and row.done_on is None,
                   _("Select a milestone not done yet."))

    def add(self) -> None:
        if self.may_edit and self.takes_entries():
            published(self._ctx, MilestoneDialog(self._ctx, self.project, None, self))

    def edit(self) -> None:
        row = self.selected()
        if row is not None and self.may_edit and self.takes_entries():
            published(self._ctx, MilestoneDialog(self._ctx, self.project, row, self))

    def mark_done(self) -> None:
        row = self.selected()
        if row is not None and row.done_on is None and self.may_edit and self.takes_entries():
            published(self._ctx, MilestoneDoneDialog(self._ctx, self.project, row, self))


class MilestoneDialog(FormDialog):
    """A new milestone, or a change to ``changes``; due within the project's period."""

    def __init__(self, ctx: AppContext, project: ProjectView, changes: MilestoneView | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Add a milestone") if changes is None else _("Change a milestone"),
                         ok_text=_("Add") if changes is None else _("Save"), parent=parent,
                         intro=_("Due between the project's start, {start}, and its end, {end}.").format(
                             start=project.starts_on.isoformat(), end=project.ends_on.isoformat()))
        self._project_id, self._changes = project.id, changes
        self.name = line_edit(100, changes.name if changes else "")
        self.due_on = date_edit(changes.due_on if changes else max(min(date.today(), project.ends_on),
                                                                   project.starts_on))
        self.due_on.setDateRange(QDate(project.starts_on), QDate(project.ends_on))
        self.note = line_edit(200, changes.note if changes else "")
        self.form.add_row("name", _("Milestone"), self.name)
        self.form.add_row("due_on", _("Due by"), self.due_on)
        self.form.add_row("note", _("Note"), self.note)
        self.update_button()
        self.name.setFocus()

    def checked(self) -> MilestoneInput:
        return MilestoneInput(self.name.text(), day(self.due_on), self.note.text()).validated()

    def job(self, values: MilestoneInput) -> Job:
        gateway = self._ctx.gateway
        if self._changes is None:
            project_id = self._project_id
            return lambda _progress: gateway.write(project_milestones.add_milestone, project_id, values)
        milestone_id = self._changes.id
        return lambda _progress: gateway.write(project_milestones.update_milestone, milestone_id, values)


class MilestoneDoneDialog(FormDialog):
    def __init__(self, ctx: AppContext, project: ProjectView, milestone: MilestoneView,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Milestone done"), ok_text=_("Mark done"), parent=parent,
                         intro=_("{name}, due on {date}.").format(name=milestone.name,
                                                                  date=milestone.due_on.isoformat()))
        self._milestone_id = milestone.id
        self.done_on = project_day_edit(project)
        self.form.add_row("done_on", _("Done on"), self.done_on)
        self.update_button()
        self.done_on.setFocus()

    def checked(self) -> date:
        return day(self.done_on)

    def job(self, values: date) -> Job:
        gateway, milestone_id = self._ctx.gateway, self._milestone_id
        return lambda _progress: gateway.write(project_milestones.mark_done, milestone_id, values)
