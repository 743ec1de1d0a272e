"""One block of a volunteer's record: a table over a short list, the block's actions, a line of totals."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic

from PySide6.QtWidgets import QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from desktop.domain.permissions import Action
from desktop.ui.context import AppContext
from desktop.ui.layouts import button_row
from desktop.ui.list_view import list_view
from desktop.ui.table_model import Column, R
from desktop.ui.volunteers.rows_model import Decoration, RowsModel


class RecordTab(QWidget, Generic[R]):
    """``load()`` reads the rows again; buttons from ``action()`` show only to roles that may edit."""

    def __init__(self, ctx: AppContext, columns: Sequence[Column[R]], load: Callable[[], Sequence[R]],
                 decoration: Decoration | None = None) -> None:
        super().__init__()
        self._ctx, self._load = ctx, load
        self.may_edit = ctx.gateway.may(Action.EDIT_REGISTERS)
        self.edit_buttons: list[QPushButton] = []  # those from ``action()``: what a read-only record holds off
        self.model: RowsModel[R] = RowsModel(columns, decoration)
        self.view: QTableView = list_view(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self.update_actions())
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.actions = button_row()
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.totals)
        layout.addLayout(self.actions)
        self.totals.hide()

    def action(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        button.setVisible(self.may_edit)
        self.actions.insertWidget(self.actions.count() - 1, button)  # before the stretch
        self.edit_buttons.append(button)
        return button

    def load(self) -> None:
        self.model.set_rows(self._load())
        self.update_actions()

    def selected(self) -> R | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0]) if rows else None

    def update_actions(self) -> None:
        """Enable what the selection allows; blocks with selection-bound actions override this."""
