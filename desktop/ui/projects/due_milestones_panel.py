"""待办里程碑 on the 工作台: the milestones of the projects under way that are overdue or due within two
weeks (overdue in red); Enter or a double-click opens the project."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.i18n import N_, _, format_date, ngettext
from desktop.services import project_milestones
from desktop.services.project_milestones import MilestoneView
from desktop.ui.cases.due_panel import DuePanel
from desktop.ui.context import AppContext
from desktop.ui.table_model import Column

COLUMNS: list[Column[MilestoneView]] = [
    Column(N_("Due by"), None, lambda m: format_date(m.due_on)),
    Column(N_("Project no."), None, lambda m: m.project_number),
    Column(N_("Project"), None, lambda m: m.project_title),
    Column(N_("Milestone"), None, lambda m: m.name),
]


class DueMilestonesPanel(DuePanel[MilestoneView]):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, _("Project milestones due"), COLUMNS)

    def due(self) -> list[MilestoneView]:
        return self._ctx.gateway.read(project_milestones.due)

    def note_for(self, rows: Sequence[MilestoneView]) -> str:
        overdue = sum(1 for row in rows if row.overdue)
        return (ngettext("{n} milestone of the projects under way is due within two weeks ({overdue} overdue). "
                         "Double-click to open the project.",
                         "{n} milestones of the projects under way are due within two weeks ({overdue} overdue). "
                         "Double-click to open the project.", len(rows)).format(n=len(rows), overdue=overdue)
                if rows else _("No milestone of the projects under way is due within two weeks."))

    def open(self, row: MilestoneView) -> None:
        from desktop.ui.projects.project_window import open_project_window  # loaded when first needed

        open_project_window(self._ctx, row.project_id, self.window())
