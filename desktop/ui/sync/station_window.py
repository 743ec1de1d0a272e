"""A station's data at the county office, read-only: its name, how its bundles stand (how many came, the last
one's number and day, the gaps), and per register the records whose current version it wrote; the records of
a register listed by name, clients and cases only counted (``sync.station_view``); what waits for it is
counted on the database worker. Opened from the county's list of stations; one window per station."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView, \
    QLabel, QListWidget, QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop.i18n import _, format_number
from desktop.sync.station_view import StationView, station_records, station_view
from desktop.ui.context import AppContext
from desktop.ui.record_windows import RecordWindows
from desktop.ui.sync import TOPIC
from desktop.ui.sync.formatting import NONE, numbers, when
from desktop.ui.sync.waiting_counts import WaitingCounts, waiting_text

class StationWindow(QDialog):
    def __init__(self, ctx: AppContext, node_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._node_id = node_id
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumSize(760, 480)
        self.station = QLabel()  # the station's name, as its window title says it
        self.station.setTextFormat(Qt.TextFormat.PlainText)
        font = self.station.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.station.setFont(font)
        self.station.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind, self.bundles, self.last_sequence, self.last_bundle, self.missing, self.pending, self.conflicts = (
            QLabel() for _n in range(7))
        facts = QFormLayout()
        facts.addRow(_("Kind"), self.kind)
        facts.addRow(_("Bundles received"), self.bundles)
        facts.addRow(_("Last bundle number"), self.last_sequence)
        facts.addRow(_("Last bundle received"), self.last_bundle)
        facts.addRow(_("Missing bundles"), self.missing)
        facts.addRow(_("Changes here it has not acknowledged yet"), self.pending)
        facts.addRow(_("Open conflicts"), self.conflicts)
        self.registers = QTableWidget(0, 2)
        self.registers.setHorizontalHeaderLabels([_("Register"), _("Records")])
        self.registers.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.registers.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.registers.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.registers.verticalHeader().hide()
        self.registers.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.registers.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.registers.currentCellChanged.connect(lambda row, _c, _r, _p: self._show_register(row))
        self.records = QListWidget()
        self.counts_only = QLabel(_("Clients and cases are counted here, not listed: their records stay with the "
                                    "station that serves them."))
        self.counts_only.setWordWrap(True)
        self.counts_only.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.detail = QStackedWidget()
        self.detail.addWidget(self.records)
        self.detail.addWidget(self.counts_only)
        panes = QHBoxLayout()
        panes.addWidget(self.registers, 2)
        panes.addWidget(self.detail, 3)
        note = QLabel(_("A record counts for the station that first wrote it, whoever changed it since. "
                        "This view is read-only."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.station)
        layout.addLayout(facts)
        layout.addLayout(panes, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.waiting = WaitingCounts(ctx, self, [node_id])
        self.waiting.arrived.connect(self._show_waiting)
        ctx.events.changed.connect(self._on_data_changed)
        self.view: StationView | None = None
        self.reload()

    def reload(self) -> None:
        view = self.view = self.ctx.gateway.read(station_view, self._node_id)
        peer = view.peer
        self.setWindowTitle(_("{name}: data received").format(name=peer.name))
        self.station.setText(peer.name)
        self.kind.setText(peer.kind_label)
        self.bundles.setText(format_number(view.data_bundles))
        self.last_sequence.setText(format_number(view.last_sequence) if view.last_sequence else NONE)
        self.last_bundle.setText(_("{when}, {rows} records").format(when=when(view.last_bundle_at),
                                                                    rows=format_number(view.last_bundle_rows))
                                 if view.last_bundle_at else NONE)
        self.missing.setText(numbers(peer.missing_sequences))
        self.pending.setText(_("Counting…"))
        self.waiting.start()
        self.conflicts.setText(format_number(peer.open_conflicts))
        row = max(self.registers.currentRow(), 0)
        self.registers.setRowCount(len(view.registers))
        for n, register in enumerate(view.registers):
            count = QTableWidgetItem(format_number(register.count))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.registers.setItem(n, 0, QTableWidgetItem(register.label))
            self.registers.setItem(n, 1, count)
        self.registers.setCurrentCell(row, 0)
        self._show_register(row)

    def _show_waiting(self, waiting: dict[str, int]) -> None:
        self.pending.setText(waiting_text(waiting.get(self._node_id)))

    def _show_register(self, row: int) -> None:
        if self.view is None or not 0 <= row < len(self.view.registers):
            return
        register = self.view.registers[row]
        if register.counts_only:
            self.detail.setCurrentWidget(self.counts_only)
            return
        self.records.clear()
        self.records.addItems(self.ctx.gateway.read(station_records, self._node_id, register.table))
        self.detail.setCurrentWidget(self.records)

    def _on_data_changed(self, topic: str) -> None:
        if topic in (TOPIC, "all"):
            self.reload()


WINDOWS: RecordWindows[StationWindow] = RecordWindows()


def open_station(ctx: AppContext, node_id: str, parent: QWidget | None = None) -> StationWindow:
    return WINDOWS.show(ctx, node_id, lambda: StationWindow(ctx, node_id, parent))
