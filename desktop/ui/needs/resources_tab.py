"""资源清单: what donors, organisations, volunteers, venues and departments offer, the categories of needs
each serves and how much of it is in use and from when until when, filtered by kind, category, community and
status. Paused or ended resources, and those past their last day (已过期), are dimmed; a full one shows its
use in amber. Matches… lists the needs a resource was put to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox, QPushButton

from desktop.domain.codes import NEED_CATEGORIES, RESOURCE_KINDS, RESOURCE_STATUSES
from desktop.domain.permissions import Action
from desktop.i18n import N_, _, format_number, ngettext
from desktop.services import resources
from desktop.services.listing import IdPage
from desktop.services.resources import ResourceQuery, ResourceRow, dates_label, expired
from desktop.ui.context import AppContext
from desktop.ui.layouts import button_row
from desktop.ui.needs.need_fields import REFRESH_ON, TOPIC, WARNING_COLOR
from desktop.ui.projects.project_fields import published
from desktop.ui.registers.choices import community_filter
from desktop.ui.registers.filter_bar import FilterBar
from desktop.ui.registers.paged_list import PagedListPage
from desktop.ui.registers.spec import Choice
from desktop.ui.table_model import RIGHT, Column, Counting, PagedTableModel


def _use(row: ResourceRow) -> str:
    if row.capacity is None:
        return format_number(row.in_use) if row.in_use else ""
    return _("{used} of {capacity}").format(used=format_number(row.in_use), capacity=format_number(row.capacity))


def _dimmed(row: ResourceRow) -> bool:
    return row.status != "available" or expired(row.available_until, date.today())


def _full(row: ResourceRow) -> bool:
    return row.capacity is not None and row.in_use >= row.capacity


COLUMNS: list[Column[ResourceRow]] = [
    Column(N_("Name"), "name", attrgetter("name")),
    Column(N_("Kind"), "kind", attrgetter("kind_label")),
    Column(N_("Serves"), None, attrgetter("categories_label")),
    Column(N_("Provided by"), "provider", attrgetter("provider")),
    Column(N_("Serves where"), "community", attrgetter("community")),
    Column(N_("In use"), None, _use, RIGHT),
    Column(N_("Capacity note"), None, attrgetter("capacity_note")),
    Column(N_("Available when"), None, attrgetter("availability")),
    Column(N_("From – until"), None, dates_label),
    Column(N_("Status"), "status", attrgetter("status_label")),
]
IN_USE = 5


class ResourceRows(PagedTableModel[ResourceRow]):
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.column() == IN_USE and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole):
            row = self.row_object(index)
            if row is not None and _full(row):
                return WARNING_COLOR if role == Qt.ItemDataRole.ForegroundRole else _("Full: no room for another need")
        return super().data(index, role)


class ResourcesTab(PagedListPage[ResourceRow]):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._may_edit = ctx.gateway.may(Action.EDIT_NEEDS)
        self.filters = FilterBar(ctx.gateway, [
            Choice.of_codes("kind", RESOURCE_KINDS, N_("All kinds")),
            Choice.of_codes("category", NEED_CATEGORIES, N_("All categories")), community_filter(),
            Choice.of_codes("status", RESOURCE_STATUSES, N_("All statuses"))],
            N_("Name, provider or notes (Ctrl+F)"))
        self.filters.show_deleted.hide()
        self._init_list(ResourceRows(COLUMNS, self._fetch_page, self._fetch_rows, row_id=attrgetter("id"),
                                     dimmed=_dimmed,
                                     counting=Counting(ctx.tasks, self._count_job)), 0, Qt.SortOrder.AscendingOrder)
        self.add_button = QPushButton(_("New resource…"))
        self.add_button.setShortcut(QKeySequence.StandardKey.New)
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.clicked.connect(self._open_selected)
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setToolTip(_("Only a resource with no match under way; one no longer offered is "
                                        "better set to “No longer offered”, so its history stays"))
        self.delete_button.clicked.connect(self.delete)
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setVisible(self._may_edit)
        self.matches_button = QPushButton(_("Matches…"))
        self.matches_button.setToolTip(_("The needs this resource was put to, and how each went"))
        self.matches_button.clicked.connect(self.show_matches)
        status_line = button_row(self.add_button, self.edit_button, self.matches_button, self.delete_button)
        status_line.addWidget(self.count)
        self._lay_out(status_line, ctx.events, REFRESH_ON)

    # --- the query: a window at a time, sorted and filtered in SQL, counted on the database worker -------
    def query(self) -> ResourceQuery:
        filters = self.filters.value()
        choices = filters.choices
        return ResourceQuery(filters.text, choices["kind"], choices["category"], choices["community"],
                             choices["status"])

    def _fetch_page(self, order_by: str, descending: bool, offset: int, limit: int, with_total: bool) -> IdPage[str]:
        query = replace(self.query(), order_by=order_by, descending=descending)
        return self._ctx.gateway.read(resources.list_page, query, offset, limit, with_total)

    def _fetch_rows(self, ids: list[str]) -> list[ResourceRow]:
        return self._ctx.gateway.read(resources.get_many, ids)

    def _count_job(self) -> Callable[[], int]:
        query, gateway = self.query(), self._ctx.gateway
        return lambda: gateway.read(resources.count, query)

    def _counted(self, total: int) -> str:
        return ngettext("{n} resource", "{n} resources", total).format(n=format_number(total))

    def _listed_so_far(self, listed: int) -> str:
        return ngettext("{n}+ resource", "{n}+ resources", listed).format(n=format_number(listed))

    def _empty_text(self) -> str:
        if self.filters.narrowed():
            return _("No resource matches the search and filters.")
        if self._may_edit:
            return _("No resources on the list yet.\n\nChoose New resource… to record what a donor, an organisation, "
                     "volunteers, a venue or a department offers.")
        return _("No resources on the list yet.")

    def _update_buttons(self) -> None:
        row = self.selected()
        self.edit_button.setEnabled(row is not None)
        self.matches_button.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None and row.in_use == 0)

    def add(self) -> None:
        from desktop.ui.needs.resource_dialog import ResourceDialog

        if self._may_edit:
            dialog = ResourceDialog(self._ctx, None, self)
            if published(self._ctx, dialog, TOPIC) and isinstance(dialog.outcome, str):
                self.select(dialog.outcome)

    def _open_selected(self) -> None:
        """Edit the resource; a role that may only look sees it read-only."""
        from desktop.ui.needs.resource_dialog import ResourceDialog

        row = self.selected()
        if row is None:
            return
        dialog = ResourceDialog(self._ctx, row, self)
        if not self._may_edit:
            dialog.show_read_only()
        if published(self._ctx, dialog, TOPIC):
            self.select(row.id)

    def show_matches(self) -> None:
        from desktop.ui.needs.resource_matches import ResourceMatchesWindow

        row = self.selected()
        if row is not None:
            window = ResourceMatchesWindow(self._ctx, row, self)
            window.exec()
            window.deleteLater()

    def delete(self) -> None:
        row = self.selected() if self._may_edit else None
        if row is None or row.in_use:
            return
        answer = QMessageBox.question(
            self, _("Delete {name}?").format(name=row.name),
            _("{name} will no longer be listed or offered in matching. Its past matches keep its name.").format(
                name=row.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._ctx.tasks.run(lambda _p: self._ctx.gateway.write(resources.delete_resource, row.id), parent=self,
                                label=_("Deleting…"), on_success=lambda _result: self._ctx.events.publish(TOPIC))
