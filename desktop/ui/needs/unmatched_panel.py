"""村社区待对接需求 on the 工作台: for each village or community, its needs still waiting for a match and how
many of them are urgent (those rows red). Enter or a double-click opens the needs list at that community.
The panel is hidden while no need waits; it is counted on the database worker."""

from __future__ import annotations

from typing import Any, NamedTuple

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGroupBox, QHeaderView, QLabel, QSizePolicy, QVBoxLayout

from desktop.i18n import N_, _, format_number, ngettext
from desktop.services import needs
from desktop.ui.context import AppContext
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.list_view import list_view
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.volunteers.rows_model import RowsModel

ROWS_SHOWN = 4  # the table's least height in rows: it grows with the page, and more scroll
PAGE = "needs"


class Unmatched(NamedTuple):
    community_id: str
    community: str
    waiting: int
    urgent: int


COLUMNS: list[Column[Unmatched]] = [
    Column(N_("Village or community"), None, lambda r: r.community),
    Column(N_("Waiting for a match"), None, lambda r: format_number(r.waiting), RIGHT),
    Column(N_("Of them urgent"), None, lambda r: format_number(r.urgent) if r.urgent else "", RIGHT),
]


def _urgent_in_red(row: Unmatched, _column: int, role: int) -> Any:
    return QColor(ERROR_COLOR) if row.urgent and role == Qt.ItemDataRole.ForegroundRole else None


class UnmatchedNeedsPanel(QGroupBox):
    counted = Signal()  # the counts arrived and are shown (or the panel hidden: none waits)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(_("Unmatched needs by community"))
        self._ctx = ctx
        self.model: RowsModel[Unmatched] = RowsModel(COLUMNS, _urgent_in_red)
        self.view = list_view(self.model)
        header = self.view.horizontalHeader()
        # The names take the width the figures leave: the table spans the panel.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # ROWS_SHOWN rows tall at least and as wanted (the home page grows it to fill, and scrolls only when
        # shorter than that), not Qt's default table height.
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.view.setMinimumHeight(self.view.verticalHeader().defaultSectionSize() * ROWS_SHOWN
                                   + header.sizeHint().height() + 2 * self.view.frameWidth())
        self.view.activated.connect(self._activated)  # Enter, or a double-click
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        self._asked = 0  # tells the latest refresh from one overtaken by it
        self.hide()  # until the counts arrive

    def refresh(self) -> None:
        """Count on the database worker (a county's hundreds of thousands of needs); the panel shows the counts
        when they arrive, unless a later refresh was asked for meanwhile."""
        self._asked += 1
        asked, gateway = self._asked, self._ctx.gateway
        self._ctx.tasks.run(lambda _progress: gateway.read(needs.unmatched_by_community), parent=self,
                            label=_("Counting…"), show_progress=False, on_failure=lambda _error: None,
                            on_success=lambda found: self._show(found) if self._wanted(asked) else None)

    def _wanted(self, asked: int) -> bool:
        return shiboken6.isValid(self) and asked == self._asked

    def _show(self, found: list[tuple[str, str, int, int]]) -> None:
        rows = [Unmatched(*row) for row in found]
        self.model.set_rows(rows)
        waiting, urgent = sum(r.waiting for r in rows), sum(r.urgent for r in rows)
        self.note.setText(ngettext(
            "{n} need waits for a match ({urgent} urgent). Double-click a village or community to see its needs.",
            "{n} needs wait for a match ({urgent} urgent). Double-click a village or community to see its needs.",
            waiting).format(n=format_number(waiting), urgent=format_number(urgent)))
        self.setVisible(bool(rows))
        self.counted.emit()

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row_object(index)
        if row is None:
            return
        from desktop.ui.main_window import MainWindow
        from desktop.ui.needs.page import NeedsPage

        window = self.window()
        if isinstance(window, MainWindow):
            window.show_page(PAGE)  # builds the page on its first visit
            page = window.page_widget(PAGE)
            if isinstance(page, NeedsPage):
                page.show_community(row.community_id)
