"""微创投项目: the proposals and projects, the rounds they are made in, and their review, as tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.ui.context import AppContext
from desktop.ui.layouts import remember_tab
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
        self.tabs = QTabWidget()
        self.tabs.addTab(self.projects, _("Project list"))
        self.tabs.addTab(self.rounds, _("Rounds"))
        self.tabs.addTab(self.review, _("Review"))
        remember_tab(self.tabs, ctx.settings, TAB_KEY)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.tabs)
