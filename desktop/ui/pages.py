"""The areas of the main window, in sidebar order. A new area appends its entry here."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desktop.i18n import N_

if TYPE_CHECKING:  # the main window lists the areas before the data layer is imported
    from desktop.ui.context import AppContext


@dataclass(frozen=True)
class PageSpec:
    id: str  # stable: saved in the settings and used by the screenshot CLI
    title: str  # marked with N_, translated when shown
    widget: str  # "module:Class"; imported when the page is first opened, which keeps start-up short

    def factory(self, ctx: AppContext) -> QWidget:
        module, name = self.widget.split(":")
        page: QWidget = getattr(importlib.import_module(module), name)(ctx)
        return page


PAGES: list[PageSpec] = [
    PageSpec("home", N_("Home"), "desktop.ui.home.page:HomePage"),
    PageSpec("cases", N_("Clients and cases"), "desktop.ui.cases.page:CasesPage"),
    PageSpec("projects", N_("Micro-venture projects"), "desktop.ui.projects.page:ProjectsPage"),
    PageSpec("ledger", N_("Community funds"), "desktop.ui.ledger.page:LedgerPage"),
    PageSpec("orgs", N_("Social organisations"), "desktop.ui.orgs.page:OrgsPage"),
    PageSpec("workers", N_("Social workers"), "desktop.ui.workers.page:WorkersPage"),
    PageSpec("volunteers", N_("Volunteers"), "desktop.ui.volunteers.page:VolunteersPage"),
    PageSpec("donors", N_("Charity resources"), "desktop.ui.donors.page:DonorsPage"),
    PageSpec("needs", N_("Needs and resources"), "desktop.ui.needs.page:NeedsPage"),
    PageSpec("stats", N_("Statistics"), "desktop.ui.stats.page:StatsPage"),
    PageSpec("sync", N_("Data exchange"), "desktop.ui.sync.page:SyncPage"),
    PageSpec("settings", N_("Settings"), "desktop.ui.settings.page:SettingsPage"),
]


def page_ids() -> list[str]:
    return [spec.id for spec in PAGES]
