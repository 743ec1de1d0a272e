"""A table over an ordered list of ids from a service query, fetched a window at a time with its rows.

Filtering and sorting happen in SQL (the query returns ids in display order). A reload asks for the
first window; scrolling asks for the next window at the offset reached, for as long as the last one was
full. A long list is counted on the database worker while its first window is already on screen (a
``Counting``), a short one with its first window; so the first page of 400,000 records costs one window
and its rows, never every id, and the person never waits for the count.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop.i18n import _
from desktop.services.listing import IdPage
from desktop.ui.tasks import Operation, Progress, TaskRunner

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
    gives the whole list; it is called for the first window (each reload) and sliced for the windows after,
    so the windows of one reload come from one list, each with its length for the count."""
    ids: list[str] = []

    def fetch_page(order_by: str, descending: bool, offset: int, limit: int, _with_total: bool) -> IdPage[str]:
        nonlocal ids
        if offset == 0:
            ids = fetch_ids(order_by, descending)
        return IdPage(ids[offset:offset + limit], len(ids))

    return fetch_page


@dataclass(frozen=True)
class Counting:
    """How a model counts a list too long to count on the GUI thread. ``job()`` is called on the GUI thread
    at each reload, so it reads the filters of that moment, and gives the count ``tasks`` runs on the
    database worker (through the gateway, which opens the worker a session of its own)."""

    tasks: TaskRunner
    job: Callable[[], Callable[[], int]]


class PagedTableModel(QAbstractTableModel, Generic[R]):
    """``fetch_page`` gives windows of ids in display order (see ``FetchPage``); ``fetch_rows(ids)`` the rows.
    With ``counting`` the first window comes without the count, which ``counted`` announces when it arrives;
    without it the count comes with the first window (lists small by nature, and tests)."""

    counted = Signal()  # ``total()`` is the count of the list since the last reset

    def __init__(self, columns: Sequence[Column[R]], fetch_page: FetchPage,
                 fetch_rows: Callable[[list[str]], list[R]], *, row_id: Callable[[R], str],
                 dimmed: Callable[[R], bool] | None = None, dimmed_tip: str = "",
                 counting: Counting | None = None) -> None:
        super().__init__()
        self._columns = list(columns)
        self._fetch_page, self._fetch_rows, self._row_id = fetch_page, fetch_rows, row_id
        self._dimmed, self._dimmed_tip = dimmed, dimmed_tip
        self._counting = counting
        first_sortable = next((c.sort_key for c in self._columns if c.sort_key), "")
        self._order: tuple[str, bool] = (first_sortable or "", False)
        self._ids: list[str] = []  # the windows fetched so far, each id a row of the views
        self._rows: dict[str, R] = {}
        self._total: int | None = 0  # None while the list is being counted
        self._reloads = 0  # tells a count of this reload from one of an earlier filter
        self._count: Operation | None = None

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
        return not parent.isValid() and (self._total is None or len(self._ids) < self._total)

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
        if self.sortable(column):
            self._order = (self._columns[column].sort_key or "", order == Qt.SortOrder.DescendingOrder)
            self.reload()

    def sortable(self, column: int) -> bool:
        return 0 <= column < len(self._columns) and bool(self._columns[column].sort_key)

    # --- what the page asks ---------------------------------------------------------------
    def reload(self) -> None:
        """Query again from the first window (after a change or a new filter) and drop the cached rows.
        Without ``counting``, ``total()`` is known by the time ``modelReset`` is emitted; with it, when the
        first window was full, the list is counted on the database worker and ``counted`` follows."""
        self.beginResetModel()
        self._rows, self._total, self._reloads = {}, None, self._reloads + 1
        self._ids = list(self._window(0, with_total=self._counting is None))  # grows as windows arrive
        self.endResetModel()
        if self._total is None:
            self._count_on_worker()

    def total(self) -> int:
        """How many records match, fetched or not: the count, or until it arrives the rows fetched so far."""
        return len(self._ids) if self._total is None else self._total

    def is_counted(self) -> bool:
        """Whether ``total()`` is the count of the whole list rather than the rows fetched so far."""
        return self._total is not None

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

    def _count_on_worker(self) -> None:
        """Count the list as filtered now; a count still waiting for the worker is not needed any more, and
        one that comes back after another reload is of another list, so it is dropped."""
        assert self._counting is not None
        if self._count is not None:
            self._count.cancel()
        reload, count = self._reloads, self._counting.job()

        def job(progress: Progress) -> int:
            progress(0, 0, "")  # raises Cancelled when a later reload came before the worker got here
            return count()

        def arrived(total: int) -> None:
            if shiboken6.isValid(self) and reload == self._reloads and self._total is None:
                self._total = max(total, len(self._ids))  # never fewer than the rows on screen
                self.counted.emit()

        # A count refused (signed out meanwhile, say) leaves the list saying how many it holds so far.
        self._count = self._counting.tasks.run(job, label=_("Counting…"), show_progress=False, on_success=arrived,
                                               on_failure=lambda _error: None)

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
