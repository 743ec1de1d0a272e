"""设置: the station profile, villages and communities, backups, users and the audit log (for the
roles that may see them); the language in the corner."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.domain.permissions import Action
from desktop.i18n import _
from desktop.ui.context import AppContext
from desktop.ui.layouts import tabbed_page
from desktop.ui.settings.audit_tab import AuditTab
from desktop.ui.settings.backups_tab import BackupsTab
from desktop.ui.settings.communities_tab import CommunitiesTab
from desktop.ui.settings.language_box import LanguageBox
from desktop.ui.settings.station_tab import StationTab
from desktop.ui.settings.users_tab import UsersTab

TAB_KEY = "ui/settings/tab"


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.station = StationTab(ctx)
        self.communities = CommunitiesTab(ctx)
        self.backups = BackupsTab(ctx)
        # Tabs the services would refuse to fill are not there at all.
        self.users = UsersTab(ctx) if ctx.gateway.may(Action.MANAGE_USERS) else None
        self.audit = AuditTab(ctx) if ctx.gateway.may(Action.VIEW_AUDIT) else None
        self.tabs = tabbed_page(self, ctx.settings, TAB_KEY, [
            (self.station, _("Station profile")), (self.communities, _("Villages and communities")),
            (self.backups, _("Backups")), (self.users, _("Users")), (self.audit, _("Audit log"))])
        self.tabs.setCornerWidget(LanguageBox(ctx))
