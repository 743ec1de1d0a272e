"""What every paged list page shares (the registers and the case list): a filter bar over a paged table,
or over what to do while nothing is listed; double-click or Enter opens the selected row; reloading
keeps the selection; the count beside the buttons (how many are listed so far while a long list is
being counted); Ctrl+F goes to the search. Columns fit their content up to a share of the list's width,
so one long title cannot push the others off screen; the user may drag any of them wider or narrower,
and a cell cut short shows its whole text as a tooltip."""

from __future__ import annotations

from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QKeySequence, QPalette, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QBoxLayout, QHeaderView, QLabel, QStackedWidget, QStyle, QStyledItemDelegate,
    QStyleOptionViewItem, QTableView, QToolTip, QVBoxLayout, QWidget,
)

from desktop.ui.context import DataEvents
from desktop.ui.list_view import list_view
from desktop.ui.registers.filter_bar import FilterBar
from desktop.ui.table_model import BATCH, PagedTableModel


class Row(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=Row)

# A column fits its content up to this share of the list's width (but never below MIN_CAP pixels).
WIDTH_SHARE = 0.4
MIN_CAP = 160


def shortcut(widget: QWidget, key: QKeySequence | QKeySequence.StandardKey | Qt.Key,
             context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetShortcut) -> QShortcut:
    made = QShortcut(QKeySequence(key), widget)
    made.setContext(context)
    return made


class FullTextTips(QStyledItemDelegate):
    """A cell cut short by its column shows its whole text as a tooltip; a model's own tooltip wins."""

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.isValid() and index.data(Qt.ItemDataRole.ToolTipRole) is None:
            text = index.data(Qt.ItemDataRole.DisplayRole)
            margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
            if isinstance(text, str) and option.fontMetrics.horizontalAdvance(text) > option.rect.width() - margin:
                QToolTip.showText(event.globalPos(), text, view, option.rect)
                return True
        return super().helpEvent(event, view, option, index)


class PagedListPage(QWidget, Generic[T]):
    """Built in two steps, around the subclass's own filters and buttons: ``_init_list`` after the
    filter bar, ``_lay_out`` once the status line is ready. Subclasses say what opening a row does,
    how the total reads (and, if their model counts on the worker, how it reads meanwhile), what the
    empty list says and which buttons a selection enables."""

    filters: FilterBar

    def _init_list(self, model: PagedTableModel[T], sort_column: int, order: Qt.SortOrder) -> None:
        self.filters.changed.connect(self.reload)
        self.model = model
        model.modelReset.connect(self._update_status)
        model.counted.connect(self._update_status)
        model.rowsInserted.connect(self._update_status)  # "400+" as windows arrive before the count
        self.view = self._table(sort_column, order)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._body = QStackedWidget()
        self._body.addWidget(self.view)
        self._body.addWidget(self.empty)
        self.count = QLabel()

    def _lay_out(self, status_line: QBoxLayout, events: DataEvents, refresh_on: tuple[str, ...]) -> None:
        """Place the filters, the list and ``status_line``; reload when ``events`` name a topic of
        ``refresh_on``; then load the first batch."""
        self._refresh_on = refresh_on
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.filters)
        layout.addWidget(self._body, 1)
        layout.addLayout(status_line)
        shortcut(self, QKeySequence.StandardKey.Find, Qt.ShortcutContext.WidgetWithChildrenShortcut).activated.connect(
            self.filters.focus_search)
        events.changed.connect(self._on_data_changed)
        self.view.setSortingEnabled(True)  # sorts once, which loads the first batch
        self._update_buttons()

    def _table(self, sort_column: int, order: Qt.SortOrder) -> QTableView:
        view = list_view(self.model)
        view.setItemDelegate(FullTextTips(view))
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # the user may drag any column
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(BATCH)  # fit columns to a batch, not to every row fetched
        view.verticalHeader().setResizeContentsPrecision(BATCH)  # the rows sizeHintForColumn reads
        self._fitting = False
        self._dragged: set[int] = set()  # columns the user sized: kept as they are
        header.sectionResized.connect(self._on_section_resized)
        self.model.modelReset.connect(self._fit_columns)
        self.model.rowsInserted.connect(self._fit_columns)
        header.setSortIndicator(sort_column, order)
        self._sorted = (sort_column, order)
        header.sortIndicatorChanged.connect(self._keep_sort_indicator)
        # Not ``activated``: some desktops activate on a single click, which would open the row.
        view.doubleClicked.connect(lambda _index: self._open_selected())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut(view, key).activated.connect(self._open_selected)
        view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        return view

    def _fit_columns(self) -> None:
        """Each column not sized by the user as wide as its content (in the rows fetched so far, a
        batch at most), capped at a share of the list's width."""
        header = self.view.horizontalHeader()
        cap = max(MIN_CAP, int(self.view.viewport().width() * WIDTH_SHARE))
        self._fitting = True
        try:
            for column in range(self.model.columnCount() - 1):  # the last one stretches to the edge
                if column not in self._dragged and not header.isSectionHidden(column):
                    wanted = max(self.view.sizeHintForColumn(column), header.sectionSizeHint(column))
                    header.resizeSection(column, min(wanted, cap))
        finally:
            self._fitting = False

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column != self.model.columnCount() - 1:
            self._dragged.add(column)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if hasattr(self, "view"):
            self._fit_columns()  # the cap follows the width of the list

    def _keep_sort_indicator(self, column: int, order: Qt.SortOrder) -> None:
        """A click on a column the list cannot be sorted by leaves the indicator on the one it is sorted by
        (once the view is done with the click, which sets the indicator where it was clicked)."""
        if self.model.sortable(column):
            self._sorted = (column, order)
        else:
            QTimer.singleShot(0, self, self._show_sort_indicator)

    def _show_sort_indicator(self) -> None:
        header = self.view.horizontalHeader()
        blocked = header.blockSignals(True)
        header.setSortIndicator(*self._sorted)
        header.blockSignals(blocked)

    def reload(self) -> None:
        """Query again; keep the selected row selected when it still matches."""
        current = self.selected()
        self.model.reload()
        if current is not None:
            self.select(current.id)
        self._update_buttons()

    def select(self, row_id: str) -> None:
        row = self.model.row_of(row_id)
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def selected(self) -> T | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0]) if rows else None

    def _on_data_changed(self, topic: str) -> None:
        if topic in self._refresh_on:
            self.filters.refill()
            self.reload()

    def _update_status(self) -> None:
        total = self.model.total()
        self.count.setText(self._counted(total) if self.model.is_counted() else self._listed_so_far(total))
        if total == 0:
            self.empty.setText(self._empty_text())
        self._body.setCurrentWidget(self.view if total else self.empty)

    # --- what each page says and does -----------------------------------------------------
    def _open_selected(self) -> None:
        raise NotImplementedError

    def _counted(self, total: int) -> str:
        raise NotImplementedError

    def _listed_so_far(self, listed: int) -> str:
        """How the total reads while a list with a ``Counting`` is being counted: at least ``listed``."""
        raise NotImplementedError

    def _empty_text(self) -> str:
        raise NotImplementedError

    def _update_buttons(self) -> None:
        raise NotImplementedError
