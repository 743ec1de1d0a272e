"""供需对接: the three lists of 五社联动 as tabs — 需求清单 (needs found in the villages and communities),
资源清单 (what donors, organisations, volunteers and others offer) and 项目清单 (projects and the needs
they answer) — and the matching of a need to a resource or project from the needs list."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.ui.context import AppContext
from desktop.ui.layouts import tabbed_page
from desktop.ui.needs.needs_tab import NeedsTab
from desktop.ui.needs.projects_tab import ProjectsTab
from desktop.ui.needs.resources_tab import ResourcesTab

TAB_KEY = "ui/needs/tab"


class NeedsPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.needs = NeedsTab(ctx)
        self.resources = ResourcesTab(ctx)
        self.projects = ProjectsTab(ctx)
        self.tabs = tabbed_page(self, ctx.settings, TAB_KEY, [
            (self.needs, _("Needs list")), (self.resources, _("Resources list")), (self.projects, _("Projects list"))])

    def show_community(self, community_id: str) -> None:
        """The needs tab, showing the needs of one village or community that wait for a match."""
        self.tabs.setCurrentWidget(self.needs)
        self.needs.show_community(community_id)
