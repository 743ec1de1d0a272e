"""Lists of what is due on the 工作台, overdue rows in red; Enter or a double-click opens the record. 待办回访
is the signed-in worker's follow-ups due today or overdue; other areas add their own (the projects'
milestones)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QGroupBox, QHeaderView, QLabel, QSizePolicy, QVBoxLayout

from desktop.i18n import N_, _, format_date, ngettext
from desktop.services import case_followups
from desktop.services.case_followups import FollowUpView
from desktop.ui.cases.followups_tab import overdue_in_red
from desktop.ui.context import AppContext
from desktop.ui.list_view import list_view
from desktop.ui.registers.paged_list import FullTextTips
from desktop.ui.table_model import Column, R
from desktop.ui.volunteers.rows_model import RowsModel

COLUMNS: list[Column[FollowUpView]] = [
    Column(N_("Due on"), None, lambda f: format_date(f.due_on)),
    Column(N_("Case no."), None, lambda f: f.case_number),
    Column(N_("Client"), None, lambda f: f.client_name),
    Column(N_("Purpose"), None, lambda f: f.purpose),
]
ROWS_SHOWN = 3  # the table's least height in rows: it grows with the page, and more scroll
DATE_AND_NUMBER = 2  # the first columns of every panel


class DuePanel(QGroupBox, Generic[R]):
    """Rows with ``due_on`` and ``overdue``; subclasses say which (``due``), what the line above them
    says (``note``) and what opening one does (``open``)."""

    def __init__(self, ctx: AppContext, title: str, columns: Sequence[Column[R]]) -> None:
        super().__init__(title)
        self._ctx = ctx
        self.model: RowsModel[R] = RowsModel(columns, overdue_in_red)
        self.view = list_view(self.model)
        header = self.view.horizontalHeader()
        # The date and number whole; the texts after them share the rest, cut short with their whole text
        # as a tooltip, so no column hides past the panel's edge.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in range(DATE_AND_NUMBER, len(columns)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.view.setItemDelegate(FullTextTips(self.view))
        # ROWS_SHOWN rows tall at least (fewer when it has fewer) and no taller than its rows (``_fit_rows``):
        # the home page grows it to fill, and it scrolls only when shorter than that; not Qt's default height.
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.view.setMinimumHeight(self._height_of(ROWS_SHOWN))
        self.view.activated.connect(self._activated)  # Enter, or a double-click
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        layout.addStretch(0)  # the note on top while nothing is due (a panel beside this one may be taller)

    def due(self) -> list[R]:
        raise NotImplementedError

    def note_for(self, rows: Sequence[R]) -> str:
        raise NotImplementedError

    def open(self, row: R) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        rows = self.due()
        self.model.set_rows(rows)
        self.view.setVisible(bool(rows))
        # Nothing due: only as tall as its note, leaving the room to the lists beside and below it.
        self.setSizePolicy(QSizePolicy.Policy.Preferred,
                           QSizePolicy.Policy.Preferred if rows else QSizePolicy.Policy.Maximum)
        self.note.setText(self.note_for(rows))
        self._fit_rows(len(rows))

    def _height_of(self, rows: int) -> int:
        """The table's height showing ``rows`` rows under its header."""
        return (self.view.verticalHeader().defaultSectionSize() * rows
                + self.view.horizontalHeader().sizeHint().height() + 2 * self.view.frameWidth())

    def _fit_rows(self, rows: int) -> None:
        """No taller than its rows, so that two lists stacked on the 工作台 share the height by what they
        hold: six follow-ups do not hide behind a scroll bar while two milestones leave rows empty."""
        whole = self._height_of(max(rows, 1))
        self.view.setMinimumHeight(min(whole, self._height_of(ROWS_SHOWN)))
        self.view.setMaximumHeight(whole)
        layout = self.layout()
        assert layout is not None
        layout.activate()
        # The box's height with the table at its least, plus what the table may grow by.
        self.setMaximumHeight(self.minimumSizeHint().height() + whole - self.view.minimumHeight())

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row_object(index)
        if row is not None:
            self.open(row)


class DueFollowUpsPanel(DuePanel[FollowUpView]):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, _("Follow-ups due"), COLUMNS)

    def due(self) -> list[FollowUpView]:
        return self._ctx.gateway.read(case_followups.due_follow_ups)

    def note_for(self, rows: Sequence[FollowUpView]) -> str:
        overdue = sum(1 for row in rows if row.overdue)
        return (ngettext("{n} follow-up of your cases is due ({overdue} overdue). Double-click to open the case.",
                         "{n} follow-ups of your cases are due ({overdue} overdue). Double-click to open the case.",
                         len(rows)).format(n=len(rows), overdue=overdue)
                if rows else _("No follow-up of your cases is due today."))

    def open(self, row: FollowUpView) -> None:
        from desktop.ui.cases.case_window import open_case_window  # the window's modules load when first needed

        open_case_window(self._ctx, row.case_id, self.window())
