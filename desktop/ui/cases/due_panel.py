"""待办回访 on the 工作台: the signed-in worker's follow-ups due today or overdue (overdue in red);
Enter or a double-click opens the case."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QGroupBox, QHeaderView, QLabel, QVBoxLayout

from desktop.i18n import N_, _, ngettext
from desktop.services import case_followups
from desktop.services.case_followups import FollowUpView
from desktop.ui.cases.followups_tab import overdue_in_red
from desktop.ui.context import AppContext
from desktop.ui.list_view import list_view
from desktop.ui.table_model import Column
from desktop.ui.volunteers.rows_model import RowsModel

COLUMNS: list[Column[FollowUpView]] = [
    Column(N_("Due on"), None, lambda f: f.due_on.isoformat()),
    Column(N_("Case no."), None, lambda f: f.case_number),
    Column(N_("Client"), None, lambda f: f.client_name),
    Column(N_("Purpose"), None, lambda f: f.purpose),
]
ROWS_SHOWN = 6  # the panel's height in rows; more scroll


class DueFollowUpsPanel(QGroupBox):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(_("Follow-ups due"))
        self._ctx = ctx
        self.model: RowsModel[FollowUpView] = RowsModel(COLUMNS, overdue_in_red)
        self.view = list_view(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.setMinimumHeight(self.view.verticalHeader().defaultSectionSize() * ROWS_SHOWN
                                   + header.sizeHint().height() + 2 * self.view.frameWidth())
        self.view.activated.connect(self.open_case)  # Enter, or a double-click
        self.note = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)

    def refresh(self) -> None:
        rows = self._ctx.gateway.read(case_followups.due_follow_ups)
        self.model.set_rows(rows)
        overdue = sum(1 for row in rows if row.overdue)
        self.view.setVisible(bool(rows))
        self.note.setText(ngettext("{n} follow-up of your cases is due ({overdue} overdue). Double-click to open "
                                   "the case.", "{n} follow-ups of your cases are due ({overdue} overdue). "
                                   "Double-click to open the case.", len(rows)).format(n=len(rows), overdue=overdue)
                          if rows else _("No follow-up of your cases is due today."))

    def open_case(self, index: QModelIndex) -> None:
        from desktop.ui.cases.case_window import open_case_window  # the window's modules load when first needed

        row = self.model.row_object(index)
        if row is not None:
            open_case_window(self._ctx, row.case_id, self.window())
