"""The read-only table view every list uses: whole rows, one at a time, striped, no row numbers; and the
stack that shows, in place of a list with no rows, a line saying so and what to do first."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel, QStackedWidget, QTableView


def list_view(model: QAbstractItemModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)  # Tab leaves a list for the next field; arrows move between its rows
    view.verticalHeader().hide()
    return view


class ListOrEmpty(QStackedWidget):
    """``view``, or, while it has no rows, a centred line in the placeholder colour instead of headers
    squeezed over nothing."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__()
        self.view = view
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.addWidget(view)
        self.addWidget(self.empty)

    def show_rows(self, count: int, empty_text: str) -> None:
        """The list when it has rows; ``empty_text`` when it has none."""
        if not count:
            self.empty.setText(empty_text)
        self.setCurrentWidget(self.view if count else self.empty)
