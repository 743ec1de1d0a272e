"""微创投项目: the proposals and projects, the rounds they are made in, and their review, as tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.ui.context import AppContext
from desktop.ui.layouts import tabbed_page
from desktop.ui.projects.projects_tab import ProjectsTab
from desktop.ui.projects.review_tab import ReviewTab
from desktop.ui.projects.rounds_tab import RoundsTab

TAB_KEY = "ui/projects/tab"


class ProjectsPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.projects = ProjectsTab(ctx)
        self.rounds = RoundsTab(ctx)
        self.review = ReviewTab(ctx)
        self.tabs = tabbed_page(self, ctx.settings, TAB_KEY, [
            (self.projects, _("Project list")), (self.rounds, _("Rounds")), (self.review, _("Review"))])
