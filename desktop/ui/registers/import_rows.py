"""The import dialog's lists of rows already in memory: the preview, and the problems with the whole of the
one chosen under them (a message may be longer than its column)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from desktop.i18n import N_
from desktop.services.imports import Problem
from desktop.services.listing import IdPage
from desktop.ui.list_view import list_view
from desktop.ui.table_model import RIGHT, Column, PagedTableModel

T = TypeVar("T")

PROBLEM_COLUMNS: list[Column[Problem]] = [
    Column(N_("Sheet"), None, lambda p: p.sheet),
    Column(N_("Row"), None, lambda p: str(p.row), RIGHT),
    Column(N_("Column"), None, lambda p: p.column),
    Column(N_("Problem"), None, lambda p: p.text),
]


class InMemoryRows(PagedTableModel[T]):
    """A table over rows already in memory (preview, problems), paged like every other list."""

    def __init__(self, columns: Sequence[Column[T]]) -> None:
        self._items: list[T] = []
        self._positions: dict[int, str] = {}  # id() of an item → its position: equal problems may repeat
        super().__init__(columns, self._positions_at, lambda ids: [self._items[int(i)] for i in ids],
                         row_id=lambda row: self._positions[id(row)])

    def _positions_at(self, _order_by: str, _descending: bool, offset: int, limit: int,
                      _with_total: bool) -> IdPage[str]:
        """Positions are the ids: a window is a range of them."""
        return IdPage([str(i) for i in range(offset, min(offset + limit, len(self._items)))], len(self._items))

    def show(self, items: list[T]) -> None:
        self._items = items
        self._positions = {id(item): str(i) for i, item in enumerate(items)}
        self.reload()

    def items(self) -> list[T]:
        return list(self._items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's whole text as its tooltip too: a long one is cut short in its column."""
        if role == Qt.ItemDataRole.ToolTipRole:
            role = Qt.ItemDataRole.DisplayRole
        return super().data(index, role)


class ProblemList(QWidget):
    """The problems, one a row, and under them the one chosen in full (its place, column and message), wrapped."""

    def __init__(self) -> None:
        super().__init__()
        self.model: InMemoryRows[Problem] = InMemoryRows(PROBLEM_COLUMNS)
        self.view = fitted(list_view(self.model))
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.hide()
        self.view.selectionModel().currentRowChanged.connect(lambda current, _previous: self._show(current))
        self.model.modelReset.connect(self._first)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail)

    def _first(self) -> None:
        first = self.model.index(0, 0)
        if first.isValid():
            self.view.setCurrentIndex(first)
        self._show(first)

    def _show(self, index: QModelIndex) -> None:
        problem = self.model.row_object(index)
        self.detail.setText(str(problem) if problem is not None else "")
        self.detail.setVisible(problem is not None)


def fitted(view: QTableView) -> QTableView:
    """Columns as wide as their text; the last one (the problem, the notes) takes the rest of the width."""
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view
