"""数据同步: the peers (节点), export and import of bundles, and the conflicts (冲突) they left.
Roles without the right to exchange see the peers and conflicts, but none of the actions."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.domain.permissions import Action
from desktop.i18n import _
from desktop.ui.context import AppContext
from desktop.ui.layouts import remember_tab
from desktop.ui.sync.conflicts_tab import ConflictsTab
from desktop.ui.sync.exchange_tab import ExchangeTab
from desktop.ui.sync.peers_tab import PeersTab

TAB_KEY = "ui/sync/tab"


class SyncPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.peers = PeersTab(ctx)
        self.exchange = ExchangeTab(ctx) if ctx.gateway.may(Action.SYNC) else None
        self.conflicts = ConflictsTab(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.peers, _("Stations") if self.peers.county else _("Peers"))
        if self.exchange is not None:
            self.tabs.addTab(self.exchange, _("Export and import"))
        self.tabs.addTab(self.conflicts, _("Conflicts"))
        remember_tab(self.tabs, ctx.settings, TAB_KEY)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.tabs)
