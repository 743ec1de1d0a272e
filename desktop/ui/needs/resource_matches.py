"""A resource's matches (from the resources list): each need it was put to, latest first, with why, how it is
going and how it ended, read on the database worker. Double-click or Enter opens the need with its matches."""

from __future__ import annotations

from operator import attrgetter

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QVBoxLayout, QWidget

from desktop.i18n import N_, _
from desktop.services import matching
from desktop.services.matching import MatchRow
from desktop.services.resources import ResourceRow
from desktop.ui.context import AppContext
from desktop.ui.list_view import list_view
from desktop.ui.needs.need_fields import TOPIC
from desktop.ui.needs.need_window import COLUMNS as NEED_COLUMNS
from desktop.ui.needs.need_window import WIDEST
from desktop.ui.registers.paged_list import FullTextTips
from desktop.ui.table_model import Column
from desktop.ui.volunteers.rows_model import RowsModel

# The need window's columns, the need in place of the resource.
COLUMNS: list[Column[MatchRow]] = [
    NEED_COLUMNS[0], Column(N_("Need"), None, attrgetter("need_title")), *NEED_COLUMNS[3:]]


class ResourceMatchesWindow(QDialog):
    def __init__(self, ctx: AppContext, resource: ResourceRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self.resource = ctx, resource
        self.setWindowTitle(_("Matches of {name}").format(name=resource.name))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.resize(900, 480)
        self.heading = QLabel(_("{name} · {kind} · {provider} · {where}").format(
            name=resource.name, kind=resource.kind_label, provider=resource.provider, where=resource.community))
        self.heading.setWordWrap(True)
        self.model: RowsModel[MatchRow] = RowsModel(COLUMNS)
        self.view = list_view(self.model)
        self.view.setItemDelegate(FullTextTips(self.view))
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setToolTip(_("Double-click or Enter: the need with its matches"))
        self.view.activated.connect(lambda _index: self.open_need())
        self.empty = QLabel(_("Reading the matches…"))
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        closing = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        closing.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addWidget(closing)
        ctx.events.changed.connect(self._on_changed)
        self._asked = 0  # tells the latest read from one overtaken by it
        self.view.hide()
        self.refresh()

    def _on_changed(self, topic: str) -> None:
        if topic in (TOPIC, "all"):
            self.refresh()

    def refresh(self) -> None:
        """Read the matches on the database worker: a resource used for years has thousands."""
        self._asked += 1
        asked, gateway, resource_id = self._asked, self._ctx.gateway, self.resource.id
        self._ctx.tasks.run(lambda _progress: gateway.read(matching.matches_of_resource, resource_id), parent=self,
                            show_progress=False,
                            on_success=lambda rows: self._show(rows) if self._wanted(asked) else None)

    def _wanted(self, asked: int) -> bool:
        return shiboken6.isValid(self) and asked == self._asked

    def _show(self, rows: list[MatchRow]) -> None:
        self.empty.setText(_("This resource has not been put to any need yet."))
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        for column in range(len(COLUMNS) - 1):  # a long note shows whole as a tooltip
            header.resizeSection(column, min(header.sectionSize(column), WIDEST))
        self.view.setVisible(bool(rows))
        self.empty.setVisible(not rows)

    def selected(self) -> MatchRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0]) if rows else None

    def open_need(self) -> None:
        from desktop.ui.needs.need_window import open_need_window

        row = self.selected()
        if row is not None and not open_need_window(self._ctx, row.need_id, self):
            self.refresh()
