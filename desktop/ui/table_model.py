"""A table over an ordered list of ids from a service query, with rows fetched lazily in batches.

Filtering and sorting happen in SQL (the query returns ids in display order); the model holds
the ids and a cache of the rows fetched so far, so 200,000 records cost a list of strings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop.i18n import _

R = TypeVar("R")
BATCH = 200
Index = QModelIndex | QPersistentModelIndex

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column(Generic[R]):
    header: str  # marked with N_, translated when shown
    sort_key: str | None  # the service's order_by name; None: not sortable
    value: Callable[[R], str]
    alignment: Qt.AlignmentFlag = LEFT


class PagedTableModel(QAbstractTableModel, Generic[R]):
    """``fetch_ids(order_by, descending)`` gives ids in display order; ``fetch_rows(ids)`` the rows."""

    def __init__(self, columns: Sequence[Column[R]], fetch_ids: Callable[[str, bool], list[str]],
                 fetch_rows: Callable[[list[str]], list[R]], *, row_id: Callable[[R], str],
                 dimmed: Callable[[R], bool] | None = None, dimmed_tip: str = "") -> None:
        super().__init__()
        self._columns = list(columns)
        self._fetch_ids, self._fetch_rows, self._row_id = fetch_ids, fetch_rows, row_id
        self._dimmed, self._dimmed_tip = dimmed, dimmed_tip
        first_sortable = next((c.sort_key for c in self._columns if c.sort_key), "")
        self._order: tuple[str, bool] = (first_sortable or "", False)
        self._ids: list[str] = []
        self._rows: dict[str, R] = {}
        self._loaded = 0  # rows exposed to views; the rest wait for fetchMore

    # --- what views ask -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self._columns[section].header)
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            return self._columns[section].alignment
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_object(index)
        if row is None:
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.value(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.alignment
        if self._dimmed is not None and self._dimmed(row):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            if role == Qt.ItemDataRole.ToolTipRole and self._dimmed_tip:
                return _(self._dimmed_tip)
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._loaded < len(self._ids)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        start, end = self._loaded, min(self._loaded + BATCH, len(self._ids))
        if start >= end:
            return
        self._cache(self._ids[start:end])
        self.beginInsertRows(QModelIndex(), start, end - 1)
        self._loaded = end
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self._columns[column].sort_key if 0 <= column < len(self._columns) else None
        if key:
            self._order = (key, order == Qt.SortOrder.DescendingOrder)
            self.reload()

    # --- what the page asks ---------------------------------------------------------------
    def reload(self) -> None:
        """Query the ids again (after a change or a new filter) and drop the cached rows."""
        self.beginResetModel()
        self._ids = self._fetch_ids(*self._order)
        self._rows = {}
        self._loaded = 0
        self.endResetModel()
        self.fetchMore()

    def total(self) -> int:
        """How many records match, fetched or not."""
        return len(self._ids)

    def row_object(self, index: Index) -> R | None:
        if not index.isValid() or index.row() >= self._loaded:
            return None
        return self._rows.get(self._ids[index.row()])

    def row_of(self, record_id: str) -> int:
        """The row showing ``record_id``, fetching batches until it is loaded; -1 if it is filtered out."""
        try:
            position = self._ids.index(record_id)
        except ValueError:
            return -1
        while self._loaded <= position:
            self.fetchMore()
        return position

    def _cache(self, ids: list[str]) -> None:
        for row in self._fetch_rows(ids):
            self._rows[self._row_id(row)] = row
