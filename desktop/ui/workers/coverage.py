"""The villages and communities a social worker covers: every one of the station's, each with a tick box."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem

VISIBLE_ROWS = 4  # a township's dozen communities fit without scrolling; more scroll


class CoverageList(QListWidget):
    """Names flow in columns, as a form's tick boxes would; Space ticks the current one."""

    edited = Signal()

    def __init__(self, names: dict[str, str]) -> None:  # id → name
        super().__init__()
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        for community_id, name in names.items():
            item = QListWidgetItem(name, self)
            item.setData(Qt.ItemDataRole.UserRole, community_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        row = max(self.sizeHintForRow(0), self.fontMetrics().height()) + 2 * self.spacing()
        self.setFixedHeight(row * VISIBLE_ROWS + 2 * self.frameWidth())
        self.itemChanged.connect(lambda _item: self.edited.emit())

    def _items(self) -> list[QListWidgetItem]:
        return [self.item(row) for row in range(self.count())]

    def checked_ids(self) -> tuple[str, ...]:
        return tuple(item.data(Qt.ItemDataRole.UserRole) for item in self._items()
                     if item.checkState() == Qt.CheckState.Checked)

    def set_checked(self, community_ids: Iterable[str]) -> None:
        chosen = set(community_ids)
        self.blockSignals(True)  # filling the form is not an edit
        for item in self._items():
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.blockSignals(False)
