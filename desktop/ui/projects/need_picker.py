"""Choosing counts of clients' assessed needs for a proposal's need section: a table of communities and
assessment areas with how many clients have a need there (and how many a moderate or severe one), the
proposal's community ticked; what is ticked becomes a dated paragraph of figures, never names
(services.need_counts)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from desktop.i18n import N_, _
from desktop.services.need_counts import NeedCount, need_counts, need_text, shown_count
from desktop.ui.context import AppContext

COLUMNS = (N_("Community"), N_("Need area"), N_("Clients with the need"), N_("Moderate or severe"))


class NeedPicker(QDialog):
    """``text`` is the paragraph of the counts ticked, once accepted."""

    def __init__(self, ctx: AppContext, community_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Clients' assessed needs"))
        self.counts: list[NeedCount] = ctx.gateway.read(need_counts)
        self.text = ""
        intro = QLabel(_("Counts from the needs assessments of clients with an open case, by community and area. "
                         "Tick those the project answers: they are added to the need section as figures, dated, "
                         "without any name. Fewer than 3 clients are not counted exactly, so no one can be "
                         "recognised."))
        intro.setWordWrap(True)
        self.community = QComboBox()
        self.community.addItem(_("All communities"), "")
        for community_id_, name in dict.fromkeys((c.community_id, c.community) for c in self.counts):
            self.community.addItem(name, community_id_)
        self.community.setCurrentIndex(max(self.community.findData(community_id), 0))
        self.community.currentIndexChanged.connect(lambda _index: self._filter())
        self.table = QTableWidget(len(self.counts), len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(title) for title in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, count in enumerate(self.counts):
            first = QTableWidgetItem(count.community)
            first.setFlags(first.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            first.setCheckState(Qt.CheckState.Checked if count.community_id == community_id
                                else Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, first)
            self.table.setItem(row, 1, QTableWidgetItem(count.area_label))
            for column, value in ((2, count.clients), (3, count.pressing)):
                item = QTableWidgetItem(shown_count(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.itemChanged.connect(lambda _item: self._update_button())
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(_("No client with an open case has a needs assessment on file."))
        self.empty.setVisible(not self.counts)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = buttons.addButton(_("Add to the need section"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Community")))
        row.addWidget(self.community, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(760, 520)
        self._filter()
        self._update_button()

    def chosen(self) -> list[NeedCount]:
        return [count for row, count in enumerate(self.counts)
                if self.table.item(row, 0).checkState() == Qt.CheckState.Checked]

    def _filter(self) -> None:
        shown = self.community.currentData()
        for row, count in enumerate(self.counts):
            self.table.setRowHidden(row, bool(shown) and count.community_id != shown)

    def _update_button(self) -> None:
        self.add_button.setEnabled(bool(self.chosen()))

    def accept(self) -> None:
        chosen = self.chosen()
        if not chosen:
            return
        self.text = need_text(chosen, date.today())
        super().accept()
