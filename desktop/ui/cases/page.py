"""服务对象与个案: the case list and the client register, as two tabs.

Clients and cases are sensitive personal information (PIPL): a role that may not see them (finance,
viewers) gets the page with the services' own words for why, and no data.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.domain.permissions import Action, head_title
from desktop.i18n import _
from desktop.services.clients import ClientView
from desktop.ui.cases.cases_tab import CasesTab
from desktop.ui.cases.clients_tab import ClientsTab
from desktop.ui.context import AppContext
from desktop.ui.layouts import tabbed_page

TAB_KEY = "ui/cases/tab"


class CasesPage(QWidget):
    """``cases`` and ``clients`` are the tabs, or None (with ``tabs``) for a role that may not see them,
    who sees ``refusal`` instead."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.tabs: QTabWidget | None = None
        self.cases: CasesTab | None = None
        self.clients: ClientsTab | None = None
        self.refusal: QLabel | None = None
        if not ctx.gateway.may(Action.VIEW_CASES):
            # Worded for the role at hand: the permission's own label ("their own cases") speaks of a social worker.
            self.refusal = refusal = QLabel(_(
                "As {role} you do not see clients or cases.\n\nClients and their cases are sensitive personal "
                "information: a social worker sees the cases they are responsible for, the {head} every "
                "case.").format(role=ctx.gateway.role_label(ctx.gateway.principal.role),
                                head=head_title(ctx.gateway.node_kind)))  # 县级管理员 at a county
            refusal.setAlignment(Qt.AlignmentFlag.AlignCenter)
            refusal.setWordWrap(True)
            refusal.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            QVBoxLayout(self).addWidget(refusal)
            return
        self.cases = CasesTab(ctx)
        self.clients = ClientsTab(ctx)
        self.clients.case_requested.connect(self.open_case_for)
        self.tabs = tabbed_page(self, ctx.settings, TAB_KEY, [(self.cases, _("Cases")), (self.clients, _("Clients"))])

    def open_case_for(self, client: ClientView) -> None:
        """The case form for ``client``, over the case list, where the new case is then selected."""
        assert self.tabs is not None and self.cases is not None
        self.tabs.setCurrentWidget(self.cases)
        self.cases.new_case(client)
