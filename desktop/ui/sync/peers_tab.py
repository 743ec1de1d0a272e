"""节点: this node's name, kind and key fingerprint, and the peers it trusts with how the exchange
with each stands. A county office sees its stations first: that list is its per-station status. What waits
for each peer is counted on the database worker after the rest is shown (``waiting_counts``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QFileDialog, QFormLayout, QGroupBox, QHeaderView, QLabel, QPushButton, QVBoxLayout, \
    QWidget
from PySide6.QtCore import Qt

from desktop.domain.codes import NODE_KINDS, label
from desktop.domain.permissions import Action
from desktop.errors import WusheError
from desktop.i18n import N_, _, format_number
from desktop.sync import peers
from desktop.sync.peer_keys import fingerprint, write_key_file
from desktop.sync.peers import PeerView, SyncStatus
from desktop.ui.context import AppContext
from desktop.ui.layouts import button_row
from desktop.ui.list_view import ListOrEmpty, list_view
from desktop.ui.sync import TOPIC
from desktop.ui.sync.add_peer_dialog import add_peer_from_file
from desktop.ui.sync.formatting import clock_ahead, numbers, when
from desktop.ui.sync.station_window import open_station
from desktop.ui.sync.waiting_counts import WaitingCounts, waiting_text
from desktop.ui.tasks import show_error
from desktop.ui.table_model import RIGHT, Column, PagedTableModel, whole_list

COUNTY = "county"
KEY_FILES = N_("Wushe Desk key files (*.wskey);;All files (*)")
# What a county office gathers from comes first: its stations, then village rooms, then other offices.
KIND_ORDER = {"station": 0, "room": 1, COUNTY: 2}


def short_fingerprint(full: str) -> str:
    """The first half of the fingerprint (8 groups): what the home page shows and a person may type."""
    return " ".join(full.split()[:8])


COLUMNS: list[Column[PeerView]] = [
    Column(N_("Name"), None, lambda p: p.name),
    Column(N_("Kind"), None, lambda p: p.kind_label),
    Column(N_("Last sent"), None, lambda p: when(p.last_sent_at)),
    Column(N_("Last received"), None, lambda p: when(p.last_received_at)),
    Column(N_("Missing bundles"), None, lambda p: numbers(p.missing_sequences)),
    Column(N_("Not acknowledged"), None, lambda p: waiting_text(p.unacked_changes), RIGHT),
    Column(N_("Conflicts"), None, lambda p: format_number(p.open_conflicts), RIGHT),
    Column(N_("Clock"), None, lambda p: clock_ahead(p.clock_ahead_ms)),
    Column(N_("Fingerprint"), None, lambda p: short_fingerprint(p.fingerprint)),
]


def monospace(label: QLabel) -> QLabel:
    label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class PeersTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.state: SyncStatus = ctx.gateway.read(peers.status)
        self._found: dict[str, PeerView] = {}
        self.name = QLabel()
        self.kind = QLabel()
        self.fingerprint = monospace(QLabel())
        self.save_key_button = QPushButton(_("Save my key file…"))
        self.save_key_button.clicked.connect(self.save_key_file)
        mine = QGroupBox(_("This node"))
        form = QFormLayout(mine)
        form.addRow(_("Name"), self.name)
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Key fingerprint"), self.fingerprint)
        form.addRow(button_row(self.save_key_button))
        self.county = self.state.kind == COUNTY
        heading = QLabel(_("Stations and other trusted nodes: bundles sent and received, gaps and conflicts")
                         if self.county else _("Trusted nodes: only their bundles are imported"))
        self.model: PagedTableModel[PeerView] = PagedTableModel(
            COLUMNS, whole_list(self._fetch_ids), self._fetch_rows, row_id=lambda p: p.node_id)
        self.view = list_view(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.add_button = QPushButton(_("Add a peer…"))
        self.add_button.clicked.connect(self.add_peer)
        self.detail = monospace(QLabel())  # the selected peer's whole fingerprint and node id
        self.view.selectionModel().currentRowChanged.connect(lambda current, _previous: self._show_detail())
        # A county office looks into each station's data from here (double-click a row, or the button).
        self.station_button = QPushButton(_("Data received…"))
        self.station_button.setToolTip(_("What the selected station has sent, register by register (read-only)"))
        self.station_button.clicked.connect(self.open_selected)
        self.station_button.setVisible(self.county)
        if self.county:
            self.view.doubleClicked.connect(lambda _index: self.open_selected())
        for button in (self.save_key_button, self.add_button):
            button.setVisible(ctx.gateway.may(Action.SYNC))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(mine)
        layout.addWidget(heading)
        self.body = ListOrEmpty(self.view)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.detail)
        layout.addLayout(button_row(self.station_button, self.add_button))
        self.waiting = WaitingCounts(ctx, self)
        self.waiting.arrived.connect(self._show_waiting)
        ctx.events.changed.connect(self._on_data_changed)
        self.reload()

    def reload(self) -> None:
        self.state = self._ctx.gateway.read(peers.status)
        self.name.setText(self.state.name)
        self.kind.setText(label(NODE_KINDS, self.state.kind))
        self.fingerprint.setText(self.state.fingerprint)
        self.model.reload()
        self.body.show_rows(self.model.rowCount(), self._empty_text())
        self._show_detail()
        self.waiting.start()

    def _empty_text(self) -> str:
        if self.county:
            return _("No station is known yet. Add each station from the key file it saves on its own Nodes "
                     "tab (\"Save my key file…\"), then import its bundles.")
        return _("No trusted node yet. To exchange data with the county office, save this node's key file "
                 "for it and add the county's key file here (\"Add a peer…\").")

    def _show_waiting(self, waiting: dict[str, int]) -> None:
        """The rows again with their counts, the selected peer still selected."""
        chosen = self.selected()
        self.state = peers.with_waiting(self.state, waiting)
        self.model.reload()
        row = self.model.row_of(chosen.node_id) if chosen is not None else -1
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
        self._show_detail()

    def _fetch_ids(self, _order_by: str, _descending: bool) -> list[str]:
        found = self.state.peers
        if self.county:
            found = sorted(found, key=lambda p: (KIND_ORDER.get(p.kind, len(KIND_ORDER)), p.name))
        self._found = {p.node_id: p for p in found}
        return list(self._found)

    def _fetch_rows(self, ids: list[str]) -> list[PeerView]:
        return [self._found[i] for i in ids if i in self._found]

    def selected(self) -> PeerView | None:
        index = self.view.currentIndex()
        return self.model.row_object(index) if index.isValid() else None

    def open_selected(self) -> None:
        peer = self.selected()
        if peer is not None:
            open_station(self._ctx, peer.node_id, self)

    def _show_detail(self) -> None:
        peer = self.selected()
        self.station_button.setEnabled(peer is not None)
        self.detail.setText(_("{name}: {fingerprint}").format(name=peer.name, fingerprint=peer.fingerprint)
                            if peer is not None else "")
        self.detail.setVisible(peer is not None)

    def _on_data_changed(self, topic: str) -> None:
        if topic in (TOPIC, "all"):
            self.reload()

    def save_key_file(self) -> None:
        key = self._ctx.gateway.read(peers.my_key)
        suggested = Path.home() / f"{key.name}.wskey"
        name, _filter = QFileDialog.getSaveFileName(self, _("Save this node's key file"), str(suggested),
                                                    _(KEY_FILES))
        if not name:
            return
        try:
            path = write_key_file(Path(name), key)
        except OSError as exc:
            show_error(self, WusheError(_("Cannot write {file}: {reason}").format(file=name,
                                                                                  reason=exc.strerror or exc)))
            return
        self._ctx.events.tell(_("Key file saved to {file}; its fingerprint is {fp}.").format(
            file=path.name, fp=fingerprint(key.signing_public)))

    def add_peer(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Choose the other node's key file"), str(Path.home()),
                                                    _(KEY_FILES))
        if name:
            add_peer_from_file(self._ctx, Path(name), self)
