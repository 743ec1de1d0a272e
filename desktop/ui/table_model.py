"""A table over an ordered list of ids from a service query, fetched a window at a time with its rows.

Filtering and sorting happen in SQL (the query returns ids in display order). A reload asks for the
first window and the count of the whole list; scrolling asks for the next window at the offset reached.
So the first page of 400,000 records costs one window, one count and one window's rows, never every id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop.i18n import _
from desktop.services.listing import IdPage

R = TypeVar("R")
BATCH = 200  # ids per window, and rows fetched with them
ROW_OF_BOUND = 5_000  # row_of fetches windows up to this many rows looking for a record, then gives up
Index = QModelIndex | QPersistentModelIndex

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column(Generic[R]):
    header: str  # marked with N_, translated when shown
    sort_key: str | None  # the service's order_by name; None: not sortable
    value: Callable[[R], str]
    alignment: Qt.AlignmentFlag = LEFT


# fetch_page(order_by, descending, offset, limit, with_total): a window of ids in display order, with
# the count of the whole list when with_total (a service's ``list_page`` through the gateway).
FetchPage = Callable[[str, bool, int, int, bool], IdPage[str]]


def whole_list(fetch_ids: Callable[[str, bool], list[str]]) -> FetchPage:
    """A ``FetchPage`` for lists small by nature (accounts, backup files): ``fetch_ids(order_by, descending)``
    gives the whole list; it is called when the model counts (each reload) and sliced for the windows after,
    so the windows of one reload come from one list."""
    ids: list[str] = []

    def fetch_page(order_by: str, descending: bool, offset: int, limit: int, with_total: bool) -> IdPage[str]:
        nonlocal ids
        if with_total:
            ids = fetch_ids(order_by, descending)
        return IdPage(ids[offset:offset + limit], len(ids) if with_total else None)

    return fetch_page


class PagedTableModel(QAbstractTableModel, Generic[R]):
    """``fetch_page`` gives windows of ids in display order (see ``FetchPage``); ``fetch_rows(ids)`` the rows."""

    def __init__(self, columns: Sequence[Column[R]], fetch_page: FetchPage,
                 fetch_rows: Callable[[list[str]], list[R]], *, row_id: Callable[[R], str],
                 dimmed: Callable[[R], bool] | None = None, dimmed_tip: str = "") -> None:
        super().__init__()
        self._columns = list(columns)
        self._fetch_page, self._fetch_rows, self._row_id = fetch_page, fetch_rows, row_id
        self._dimmed, self._dimmed_tip = dimmed, dimmed_tip
        first_sortable = next((c.sort_key for c in self._columns if c.sort_key), "")
        self._order: tuple[str, bool] = (first_sortable or "", False)
        self._ids: list[str] = []  # the windows fetched so far, each id a row of the views
        self._rows: dict[str, R] = {}
        self._total = 0  # counted at the last reload

    # --- what views ask -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

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
        return not parent.isValid() and len(self._ids) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if not self.canFetchMore(parent):
            return
        start = len(self._ids)
        ids = self._window(start, with_total=False)
        if ids:
            self.beginInsertRows(QModelIndex(), start, start + len(ids) - 1)
            self._ids += ids
            self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self._columns[column].sort_key if 0 <= column < len(self._columns) else None
        if key:
            self._order = (key, order == Qt.SortOrder.DescendingOrder)
            self.reload()

    # --- what the page asks ---------------------------------------------------------------
    def reload(self) -> None:
        """Query again from the first window (after a change or a new filter), count the list, and drop
        the cached rows. ``total()`` is known by the time ``modelReset`` is emitted."""
        self.beginResetModel()
        self._rows, self._total = {}, 0
        self._ids = list(self._window(0, with_total=True))  # grows as windows arrive: a list of our own
        self.endResetModel()

    def total(self) -> int:
        """How many records match, fetched or not (counted at the last reload)."""
        return self._total

    def row_object(self, index: Index) -> R | None:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        return self._rows.get(self._ids[index.row()])

    def row_of(self, record_id: str) -> int:
        """The row showing ``record_id``, fetching further windows until it is loaded; -1 if it is filtered
        out, or not among the first ``ROW_OF_BOUND`` rows (or those already scrolled to): finding it further
        down would mean fetching every id before it, which is what windows avoid."""
        searched = 0
        while True:
            try:
                return self._ids.index(record_id, searched)
            except ValueError:
                searched = len(self._ids)
            if searched >= ROW_OF_BOUND or not self.canFetchMore():
                return -1
            self.fetchMore()

    def _window(self, offset: int, with_total: bool) -> list[str]:
        """The ids from ``offset``, their rows cached. A short window ends the list whatever the count said
        (records deleted since it was counted), so views never wait for rows that are not there."""
        page = self._fetch_page(*self._order, offset, BATCH, with_total)
        if page.total is not None:
            self._total = page.total
        if len(page.ids) < BATCH:
            self._total = offset + len(page.ids)
        for row in self._fetch_rows(page.ids):
            self._rows[self._row_id(row)] = row
        return page.ids
