"""数据同步: the peers (节点), export and import of bundles, and the conflicts (冲突) they left.
Roles without the right to exchange see the peers and conflicts, but none of the actions."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.domain.permissions import Action
from desktop.i18n import _
from desktop.ui.context import AppContext
from desktop.ui.layouts import tabbed_page
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
        self.tabs = tabbed_page(self, ctx.settings, TAB_KEY, [
            (self.peers, _("Stations") if self.peers.county else _("Peers")),
            (self.exchange, _("Export and import")), (self.conflicts, _("Conflicts"))])
