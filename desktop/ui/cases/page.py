"""服务对象与个案: the case list and the client register, as two tabs.

Clients and cases are sensitive personal information (PIPL): a role that may not see them (finance,
viewers) gets the page with the services' own words for why, and no data.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.domain.permissions import Action
from desktop.i18n import _
from desktop.services.clients import ClientView
from desktop.ui.cases.cases_tab import CasesTab
from desktop.ui.cases.clients_tab import ClientsTab
from desktop.ui.context import AppContext
from desktop.ui.layouts import remember_tab

TAB_KEY = "ui/cases/tab"


class CasesPage(QWidget):
    """``cases`` and ``clients`` are the tabs, or None (with ``tabs``) for a role that may not see them,
    who sees ``refusal`` instead."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.tabs: QTabWidget | None = None
        self.cases: CasesTab | None = None
        self.clients: ClientsTab | None = None
        self.refusal: QLabel | None = None
        if not ctx.gateway.may(Action.VIEW_CASES):
            self.refusal = refusal = QLabel(_(
                "{refusal}\n\nClients and their cases are sensitive personal information: only social workers and the "
                "station head see them.").format(refusal=ctx.gateway.refusal(Action.VIEW_CASES)))
            refusal.setAlignment(Qt.AlignmentFlag.AlignCenter)
            refusal.setWordWrap(True)
            refusal.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            layout.addWidget(refusal)
            return
        self.cases = CasesTab(ctx)
        self.clients = ClientsTab(ctx)
        self.clients.case_requested.connect(self.open_case_for)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.cases, _("Cases"))
        self.tabs.addTab(self.clients, _("Clients"))
        remember_tab(self.tabs, ctx.settings, TAB_KEY)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.tabs)

    def open_case_for(self, client: ClientView) -> None:
        """The case form for ``client``, over the case list, where the new case is then selected."""
        assert self.tabs is not None and self.cases is not None
        self.tabs.setCurrentWidget(self.cases)
        self.cases.new_case(client)
